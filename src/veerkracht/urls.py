# SPDX-License-Identifier: EUPL-1.2
"""URL configuration: web pages, the REST API and its OpenAPI schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

urlpatterns = [
    path("", include("veerkracht.web.urls")),
    path("api/v1/", include("veerkracht.areas.api_urls")),
    path("api/v1/", include("veerkracht.analysis.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularRedocView.as_view(url_name="schema"), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
]
