# SPDX-License-Identifier: EUPL-1.2
"""What every response passes through: private caching for logged-in people, and refusals in the audit log.

Both hold for every page and endpoint, including the ones still to come, without a line in their views.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control

from veerkracht.core.models import User
from veerkracht.core.services import record_audit

# Enough of a path to know what was asked for; a path can be as long as a visitor types it.
_PATH_LIMIT = 300


def _person(request: HttpRequest) -> User | None:
    user = getattr(request, "user", None)
    return user if isinstance(user, User) and user.is_authenticated else None


class PrivateCacheMiddleware:
    """A response to a logged-in person is theirs alone: no shared cache (a proxy, a CDN) may keep it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if _person(request) is not None:
            # Replaces a "public" the view may have set for anonymous visitors.
            patch_cache_control(response, private=True)
        return response


class RefusalAuditMiddleware:
    """Every refusal (403) leaves one audit row: who asked for which path, and how."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.status_code == 403:
            # The path, not the query string: a query may one day carry personal data.
            record_audit(
                "access.refused",
                actor=_person(request),
                object_type="url",
                detail={"path": request.path[:_PATH_LIMIT], "method": str(request.method)},
            )
        return response
