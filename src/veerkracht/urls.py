# SPDX-License-Identifier: EUPL-1.2
"""URL configuration: each app's pages and API, the OpenAPI schema and the language switch.

Each app owns its URLs (ADR 0004); this file only mounts them.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from veerkracht.web.api_docs import api_docs, redoc_script

urlpatterns = [
    path("", include("veerkracht.core.urls")),
    path("", include("veerkracht.areas.urls")),
    path("", include("veerkracht.analysis.urls")),
    path("programma/", include("veerkracht.programme.urls")),
    path("meldingen/", include("veerkracht.cases.urls")),
    path("dossiers/", include("veerkracht.cases.dossier_urls")),
    path("profiel/", include("veerkracht.profiles.urls")),
    path("api/v1/", include("veerkracht.areas.api_urls")),
    path("api/v1/", include("veerkracht.analysis.api_urls")),
    path("api/v1/", include("veerkracht.cases.api_urls")),
    path("api/v1/", include("veerkracht.programme.api_urls")),
    path("open311/v2/", include("veerkracht.cases.open311.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("api/docs/redoc.js", redoc_script, name="api-docs-script"),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Under /api/ a path that matches nothing, and a server error, answer in JSON like every endpoint does.
handler404 = "veerkracht.core.api.not_found"
handler500 = "veerkracht.core.api.server_error"
