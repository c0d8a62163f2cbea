# SPDX-License-Identifier: EUPL-1.2
"""URL configuration: each app's pages and API, the OpenAPI schema and the language switch.

Each app owns its URLs (ADR 0004); this file only mounts them.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

urlpatterns = [
    path("", include("veerkracht.core.urls")),
    path("", include("veerkracht.areas.urls")),
    path("", include("veerkracht.analysis.urls")),
    path("programma/", include("veerkracht.programme.urls")),
    path("meldingen/", include("veerkracht.cases.urls")),
    path("api/v1/", include("veerkracht.areas.api_urls")),
    path("api/v1/", include("veerkracht.analysis.api_urls")),
    path("api/v1/", include("veerkracht.cases.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularRedocView.as_view(url_name="schema"), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
]
