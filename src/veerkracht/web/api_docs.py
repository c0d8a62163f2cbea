# SPDX-License-Identifier: EUPL-1.2
"""The API documentation page: ReDoc from the app's own files, with nothing fetched from another site."""

from functools import cache

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from drf_spectacular.views import SpectacularRedocView

# ReDoc's "API docs by Redocly" badge always loads its logo from Redocly's CDN, whatever the options; the
# policy blocks that (a console error in every browser) and an offline server cannot reach it anyway.
REDOCLY_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"


@cache
def _bundle() -> bytes:
    """The pinned ReDoc bundle with the badge's logo taken from our own static files."""
    path = finders.find(BUNDLE)
    if not path:
        raise FileNotFoundError(f"ReDoc ontbreekt in de statische bestanden: {BUNDLE}")
    with open(path, "rb") as source:
        script = source.read()
    return script.replace(REDOCLY_LOGO.encode(), static("veerkracht/favicon.svg").encode())


@cache_control(public=True, max_age=86400)
def redoc_script(request: HttpRequest) -> HttpResponse:
    """Serve the ReDoc bundle (read once per process)."""
    return HttpResponse(_bundle(), content_type="text/javascript; charset=utf-8")


class ApiDocsView(SpectacularRedocView):
    """ReDoc with our own template and bundle."""

    url_name = "schema"
    template_name = "veerkracht/api_docs.html"


# ReDoc adds its styles as <style> elements at run time; this page alone allows inline styles (never
# inline scripts).
api_docs = csp_update({"style-src": [UNSAFE_INLINE]})(ApiDocsView.as_view())
