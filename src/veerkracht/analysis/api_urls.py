# SPDX-License-Identifier: EUPL-1.2
"""URLs of the analysis API."""

from django.urls import path

from veerkracht.analysis import api

urlpatterns = [
    path("analyses/", api.RunListView.as_view(), name="api-analyses"),
    path("analyses/compare/", api.CompareView.as_view(), name="api-analyses-compare"),
    path("analyses/<int:run_id>/map/", api.RunMapView.as_view(), name="api-analysis-map"),
    path("analyses/<int:run_id>/classes/", api.RunClassesView.as_view(), name="api-analysis-classes"),
    path("analyses/<int:run_id>/series/", api.RunSeriesView.as_view(), name="api-analysis-series"),
    path("analyses/<int:run_id>/hotspots/", api.RunHotspotsView.as_view(), name="api-analysis-hotspots"),
    path(
        "analyses/<int:run_id>/classes/download/",
        api.RunClassesDownloadView.as_view(),
        name="api-analysis-classes-download",
    ),
    path("analyses/<int:run_id>/download/", api.RunDownloadView.as_view(), name="api-analysis-download"),
]
