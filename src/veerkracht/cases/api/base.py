# SPDX-License-Identifier: EUPL-1.2
"""The base of the meldingen endpoints: the project's :class:`veerkracht.core.api.ApiView` (ADR 0017), plus
the errors of the meldingen domain.

Declared query parameters, JSON only, the ``{"detail": "..."}`` shape of refusals and the error answers in
the schema all come from the core base. Added here: bad input is named per field as the domain names it
(``meldingen[3].category``, ``location.x``, ``reporter.email``), and the domain's exceptions (intake and
workflow problems, a reused idempotency key, a melding the caller may not read) become their answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from veerkracht.cases.models import Melding
from veerkracht.cases.services.errors import ClockError, IntakeError, NotAllowed, WorkflowError
from veerkracht.cases.services.idempotency import KeyReused
from veerkracht.core import api as core_api
from veerkracht.core.api import NON_FIELD, ErrorSerializer

__all__ = [
    "BAD_INPUT",
    "CONFLICT",
    "NOT_FOUND",
    "REFUSED",
    "UNSUPPORTED",
    "VALIDATION_ERRORS",
    "ApiView",
    "ErrorSerializer",
    "flatten",
    "problems_response",
]

# Bad input: per field (named as in the request: ``meldingen[3].location.x``) the list of what is wrong.
VALIDATION_ERRORS = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"meldingen[3].category": ["categorie 'afval' bestaat niet; kies uit burenruzie, ..."]},
}

# The error answers of the meldingen endpoints, in the shapes of the core base (``ErrorSerializer``).
BAD_INPUT = OpenApiResponse(
    VALIDATION_ERRORS,
    description="Bad input, per field (meldingen[3].category), or an unknown or repeated query parameter.",
)
REFUSED = OpenApiResponse(ErrorSerializer, description="Not logged in, no valid key, or no permission.")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such melding, or not one you may read.")
CONFLICT = OpenApiResponse(ErrorSerializer, description="The Idempotency-Key was used for another request.")
UNSUPPORTED = OpenApiResponse(
    ErrorSerializer, description="The body is in a media type this endpoint does not read (send JSON)."
)


def flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested errors as ``{"meldingen[3].location.x": [...]}``: one key per field, as the domain
    names fields.

    >>> flatten({"meldingen": [{}, {"location": {"x": ["Vereist."]}}]})
    {'meldingen[1].location.x': ['Vereist.']}
    >>> flatten(["Ongeldig."])
    {'non_field_errors': ['Ongeldig.']}
    """
    found: dict[str, list[str]] = {}
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            if isinstance(key, int):  # a ListField names its items by position
                found.update(flatten(value, f"{prefix}[{key}]"))
                continue
            name = str(key) if key != NON_FIELD or not prefix else ""
            inner = f"{prefix}.{name}" if prefix and name else (name or prefix)
            found.update(flatten(value, inner))
    elif isinstance(detail, list | tuple) and any(isinstance(item, Mapping | list) for item in detail):
        for index, value in enumerate(detail):
            if value:
                found.update(flatten(value, f"{prefix}[{index}]"))
    elif isinstance(detail, list | tuple):
        found[prefix or NON_FIELD] = [str(item) for item in detail]
    else:
        found[prefix or NON_FIELD] = [str(detail)]
    return found


def problems_response(problems: Mapping[str, str]) -> Response:
    """A 400 for problems the domain found, per field."""
    return Response({field: [text] for field, text in problems.items()}, status=status.HTTP_400_BAD_REQUEST)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus the errors of the meldingen domain, all in the one shape of this API."""
    if isinstance(exc, IntakeError):
        return problems_response(exc.problems)
    if isinstance(exc, WorkflowError | ClockError):
        return problems_response({"transition": str(exc)})
    if isinstance(exc, KeyReused):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, NotAllowed):
        exc = exceptions.PermissionDenied(str(exc))
    if isinstance(exc, exceptions.ParseError):
        # A body that is no JSON is bad input like any other, in the same shape (DRF says "detail").
        return problems_response({NON_FIELD: _("De inhoud van het verzoek is geen geldige JSON.")})
    if isinstance(exc, Melding.DoesNotExist):
        # The same answer for "does not exist" and "may not read" (access.get_visible).
        exc = Http404()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        response.data = flatten(response.data)
    if response is not None and isinstance(exc, Http404):
        response.data = {"detail": _("Deze melding bestaat niet, of u mag hem niet zien.")}
    return response


class ApiView(core_api.ApiView):
    """Base of every meldingen endpoint: the core base with the domain's errors (see the module)."""

    def get_exception_handler(self) -> Any:
        return exception_handler
