# SPDX-License-Identifier: EUPL-1.2
"""URL configuration: each app's pages and API, the OpenAPI schema and the language switch.

Each app owns its URLs (ADR 0004); this file only mounts them.
"""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

# ReDoc adds its styles as <style> elements at run time; this page alone allows inline styles (never
# inline scripts). Its script comes from the app's static files (drf-spectacular-sidecar).
api_docs = csp_update({"style-src": [UNSAFE_INLINE]})(
    SpectacularRedocView.as_view(url_name="schema", template_name="veerkracht/api_docs.html")
)

urlpatterns = [
    path("", include("veerkracht.core.urls")),
    path("", include("veerkracht.areas.urls")),
    path("", include("veerkracht.analysis.urls")),
    path("programma/", include("veerkracht.programme.urls")),
    path("meldingen/", include("veerkracht.cases.urls")),
    path("api/v1/", include("veerkracht.areas.api_urls")),
    path("api/v1/", include("veerkracht.analysis.api_urls")),
    path("api/v1/", include("veerkracht.cases.api_urls")),
    path("open311/v2/", include("veerkracht.cases.open311.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
]
