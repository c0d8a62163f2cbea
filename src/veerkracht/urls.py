# SPDX-License-Identifier: EUPL-1.2
"""URL configuration: web pages, the REST API and its OpenAPI schema."""

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
    path("", include("veerkracht.web.urls")),
    path("api/v1/", include("veerkracht.areas.api_urls")),
    path("api/v1/", include("veerkracht.analysis.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
]
