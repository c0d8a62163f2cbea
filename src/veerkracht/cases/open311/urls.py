# SPDX-License-Identifier: EUPL-1.2
"""URLs of Open311 GeoReport v2 (mounted at /open311/v2/): each resource as ``.json`` and as ``.xml``.

One name per resource and format (``open311-services-json``), so the permission matrix reaches each.
"""

from collections.abc import Callable
from typing import Any

from django.urls import URLPattern, path

from veerkracht.cases.open311 import views
from veerkracht.cases.open311.render import FORMATS


def _both(route: str, view: Callable[..., Any], name: str) -> list[URLPattern]:
    return [
        path(route.format(format=ext), view, {"file_format": ext}, name=f"{name}-{ext}") for ext in FORMATS
    ]


urlpatterns: list[URLPattern] = [
    *_both("discovery.{format}", views.discovery, "open311-discovery"),
    *_both("services.{format}", views.services, "open311-services"),
    *_both("services/<str:service_code>.{format}", views.service_definition, "open311-service"),
    *_both("requests.{format}", views.requests, "open311-requests"),
    *_both("requests/<str:service_request_id>.{format}", views.request_by_id, "open311-request"),
]
