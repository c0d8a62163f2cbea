# SPDX-License-Identifier: EUPL-1.2
"""URLs of the programme's pages."""

from django.urls import URLPattern, URLResolver, path

from veerkracht.programme.views import agreements

urlpatterns: list[URLPattern | URLResolver] = []

# Performance agreements (issue 11, ADR 0013).
urlpatterns += [
    path("afspraken/", agreements.overview, name="programme-agreements"),
    path("afspraken/<slug:set_slug>/<str:code>/", agreements.agreement, name="programme-agreement"),
    path("werkgroepen/", agreements.workgroups, name="programme-workgroups"),
    path("werkgroepen/<slug:set_slug>/<slug:slug>/", agreements.workgroup, name="programme-workgroup"),
    path(
        "werkgroepen/<slug:set_slug>/<slug:slug>/acties/<int:pk>/",
        agreements.action_done,
        name="programme-workgroup-action",
    ),
    path("bestuurlijk-overleg/", agreements.stagnation, name="programme-stagnation"),
    path("evaluatie/", agreements.evaluations, name="programme-evaluations"),
    path(
        "evaluatie/<slug:set_slug>/<int:year>/thema-<int:number>/",
        agreements.evaluation,
        name="programme-evaluation",
    ),
    path(
        "evaluatie/<slug:set_slug>/<int:year>/thema-<int:number>/pdf/",
        agreements.evaluation_pdf,
        name="programme-evaluation-pdf",
    ),
]
