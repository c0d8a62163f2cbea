# SPDX-License-Identifier: EUPL-1.2
"""URLs of the meldingen API (mounted under /api/v1/)."""

from django.urls import URLPattern, URLResolver, path

from veerkracht.cases.api.categories import CategoriesView
from veerkracht.cases.api.intake import BatchView, MeldingenView
from veerkracht.cases.api.meldingen import MeldingView, TransitionView

urlpatterns: list[URLPattern | URLResolver] = [
    path("meldingen/", MeldingenView.as_view(), name="api-meldingen"),
    path("meldingen/batch/", BatchView.as_view(), name="api-meldingen-batch"),
    path("meldingen/categories/", CategoriesView.as_view(), name="api-meldingen-categories"),
    path("meldingen/<str:reference>/", MeldingView.as_view(), name="api-melding"),
    path("meldingen/<str:reference>/transitions/", TransitionView.as_view(), name="api-melding-transitions"),
]
