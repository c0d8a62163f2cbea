# SPDX-License-Identifier: EUPL-1.2
"""URLs of the areas API."""

from django.urls import path

from veerkracht.areas import api

urlpatterns = [
    path("areas/", api.AreaListView.as_view(), name="api-areas"),
    path("areas/geojson/", api.AreaGeoJSONView.as_view(), name="api-areas-geojson"),
    path("areas/locate/", api.LocateView.as_view(), name="api-areas-locate"),
]
