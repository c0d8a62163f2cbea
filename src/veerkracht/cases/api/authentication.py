# SPDX-License-Identifier: EUPL-1.2
"""Who calls: a person through their session (the web app), or a system through its API key.

A system sends ``Authorization: Bearer vk_...``. The key's account then is ``request.user``: it has a role
in the key's organisation, so permissions and the visibility rule apply as to a person (ADR 0020).
A wrong or revoked key is refused outright (403), never treated as an anonymous call.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, get_authorization_header
from rest_framework.request import Request

from veerkracht.cases.services import api_keys

SCHEME = b"bearer"


class ApiKeyAuthentication(BaseAuthentication):
    """``Authorization: Bearer <key>`` with a key made by ``veerkracht cases api-key create``."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != SCHEME:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Geef de sleutel zo: Authorization: Bearer vk_..."))
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(
                _("Deze API-sleutel is ongeldig of ingetrokken.")
            ) from error
        key = api_keys.authenticate(secret)
        if key is None:
            raise exceptions.AuthenticationFailed(_("Deze API-sleutel is ongeldig of ingetrokken."))
        return key.user, key


# Session first: a refusal without credentials is then a 403, as everywhere else in the API; a system
# that sends a key is checked by the second.
AUTHENTICATION = [SessionAuthentication, ApiKeyAuthentication]


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """The API key in the OpenAPI schema, so clients know how to send it."""

    target_class = ApiKeyAuthentication
    name = "apiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "Een sleutel van `veerkracht cases api-key create`, als `Authorization: Bearer vk_...`."
            ),
        }
