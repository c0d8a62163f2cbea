# SPDX-License-Identifier: EUPL-1.2
"""The base of the meldingen endpoints: declared query parameters, JSON only, Dutch errors per field.

It mirrors ``veerkracht.core.api.ApiView`` (ADR 0017, being built beside this): an endpoint names its query
serializer in ``query_serializer`` and reads the validated values from ``self.query``; any other query
parameter, or a declared one given twice, is refused with a 400 that names it. When that module is on
the branch, :class:`ApiView` here becomes a subclass of it with only :func:`problems_response` and the
exceptions of the meldingen domain added.

Errors have one shape: ``{"detail": "..."}`` for refusals, not-found and conflicts, and
``{"<field>": ["...", ...]}`` for bad input, where a field is named as the domain names it
(``meldingen[3].category``, ``location.x``, ``reporter.email``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from veerkracht.cases.models import Melding
from veerkracht.cases.services.errors import ClockError, IntakeError, NotAllowed, WorkflowError
from veerkracht.cases.services.idempotency import KeyReused

NON_FIELD = "non_field_errors"
# A parameter name is echoed as the key of its message; a visitor can make it as long as they like.
_NAME_LIMIT = 64
_MULTIPLE = (serializers.ListField, serializers.MultipleChoiceField)


class ErrorSerializer(serializers.Serializer[dict[str, Any]]):
    """A refusal, a not-found or a conflict: one sentence, in Dutch unless the caller asked for English."""

    detail = serializers.CharField(help_text="What is wrong, in Dutch by default.")


# Bad input: per field (named as in the request: ``meldingen[3].location.x``) the list of what is wrong.
VALIDATION_ERRORS = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"meldingen[3].category": ["categorie 'afval' bestaat niet; kies uit burenruzie, ..."]},
}


class JsonOnlyNegotiation(DefaultContentNegotiation):
    """Answers in JSON only, whatever ``Accept`` or ``?format=`` say (no browsable HTML API)."""

    def select_renderer(
        self, request: Request, renderers: Sequence[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        return renderers[0], str(renderers[0].media_type)


def read_query(
    request: Request, serializer_class: type[serializers.Serializer[Any]] | None
) -> dict[str, Any]:
    """The validated query parameters, or a 400 naming each unknown, repeated or invalid one."""
    params = request.query_params
    fields = dict(serializer_class().fields) if serializer_class is not None else {}
    unknown = [name for name in params if name not in fields]
    if unknown:
        known = ", ".join(fields) if fields else _("geen")
        message = _("Onbekende parameter; deze vraag kent: %(known)s.") % {"known": known}
        raise exceptions.ValidationError({name[:_NAME_LIMIT]: [message] for name in unknown[:10]})
    repeated = [
        name
        for name, field in fields.items()
        if not isinstance(field, _MULTIPLE) and len(params.getlist(name)) > 1
    ]
    if repeated:
        raise exceptions.ValidationError({name: [_("Geef deze parameter één keer.")] for name in repeated})
    if serializer_class is None:
        return {}
    query = serializer_class(data=params)
    query.is_valid(raise_exception=True)
    return dict(query.validated_data)


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
    if isinstance(exc, Melding.DoesNotExist):
        # The same answer for "does not exist" and "may not read" (access.get_visible).
        exc = Http404()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        response.data = flatten(response.data)
    if response is not None and isinstance(exc, Http404):
        response.data = {"detail": _("Deze melding bestaat niet, of u mag hem niet zien.")}
    return response


class ApiView(APIView):
    """Base of every meldingen endpoint: see the module's docstring."""

    # The query parameters this endpoint reads; any other is refused with a 400.
    query_serializer: ClassVar[type[serializers.Serializer[Any]] | None] = None
    extra_errors: ClassVar[frozenset[int]] = frozenset()

    renderer_classes = [JSONRenderer]
    content_negotiation_class = JsonOnlyNegotiation
    query: dict[str, Any]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # authentication and permissions first
        self.query = read_query(request, self.query_serializer)

    def get_exception_handler(self) -> Any:
        return exception_handler
