# SPDX-License-Identifier: EUPL-1.2
"""The base of every endpoint: query parameters declared once, the rest refused, every answer in the schema.

An endpoint subclasses :class:`ApiView`, names its query serializer in ``query_serializer`` and its
success body with ``@extend_schema(responses=...)``. The base then

- refuses, with a 400 and a Dutch message, a query parameter the serializer does not declare, a declared
  one given twice, and a value the serializer rejects (so a typo never answers 200 with nothing in it);
- hands the view the validated values as ``self.query``, after authentication and permission checks
  (a refusal never depends on the query);
- answers in JSON only, errors included: ``{"detail": "..."}`` for refusals and not-found, and
  ``{"parameter": ["...", ...]}`` for bad input;
- documents all of it through :class:`ApiSchema`: the query parameters from the serializer, and the
  400 (always), 403 (when a permission class can refuse) and 404 (when the path names an object)
  answers, plus any the view lists in ``extra_errors``.

ADR 0017 records why; the README's developer section shows a new endpoint.
"""

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

API_PREFIX = "/api/"
NON_FIELD = "non_field_errors"
# A parameter name is echoed as the key of its message; a visitor can make it as long as they like.
_NAME_LIMIT = 64


class ErrorSerializer(serializers.Serializer[dict[str, Any]]):
    """A refusal or a not-found answer: one sentence, in Dutch unless the visitor asked for English."""

    detail = serializers.CharField(help_text="What is wrong, in the visitor's language (Dutch by default).")


# Bad input: per parameter (or "non_field_errors") the list of what is wrong with it.
VALIDATION_ERRORS = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"level": ['"provincie" is een ongeldige keuze.']},
}

ERROR_RESPONSES: dict[int, OpenApiResponse] = {
    400: OpenApiResponse(
        VALIDATION_ERRORS,
        description="A query parameter is unknown, given twice, missing or has a value that is not allowed.",
    ),
    403: OpenApiResponse(
        ErrorSerializer, description="Not logged in, or logged in without the permission this needs."
    ),
    404: OpenApiResponse(ErrorSerializer, description="What the path or a query value names does not exist."),
}


class JsonOnlyNegotiation(DefaultContentNegotiation):
    """The API answers in JSON only: no ``?format=`` switch, no HTML browsable API, whatever ``Accept`` says.

    Request bodies are still parsed by their content type (JSON, forms, uploads).
    """

    def select_renderer(
        self, request: Request, renderers: Sequence[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        return renderers[0], str(renderers[0].media_type)


# Fields that take a parameter more than once (``?status=open&status=closed``).
_MULTIPLE = (serializers.ListField, serializers.MultipleChoiceField)


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
        raise ValidationError({name[:_NAME_LIMIT]: [message] for name in unknown[:10]})
    repeated = [
        name
        for name, field in fields.items()
        if not isinstance(field, _MULTIPLE) and len(params.getlist(name)) > 1
    ]
    if repeated:
        raise ValidationError({name: [_("Geef deze parameter één keer.")] for name in repeated})
    if serializer_class is None:
        return {}
    query = serializer_class(data=params)
    query.is_valid(raise_exception=True)
    return dict(query.validated_data)


def _as_lists(detail: Any) -> dict[str, list[str]]:
    """DRF's validation detail as ``{parameter: [message, ...]}``, whatever shape the raiser chose."""
    if not isinstance(detail, Mapping):
        detail = {NON_FIELD: detail}
    return {str(key): _messages(value) for key, value in detail.items()}


def _messages(value: Any) -> list[str]:
    if isinstance(value, Mapping):
        return [f"{key}: {text}" for key, inner in value.items() for text in _messages(inner)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _messages(item)]
    return [str(value)]


def exception_handler(exc: Exception, context: dict[str, Any]) -> HttpResponse | None:
    """DRF's handler, with validation errors always as lists of messages per parameter."""
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        response.data = _as_lists(response.data)
    return response


class ApiView(APIView):
    """Base of every endpoint: see the module's docstring."""

    # The query parameters this endpoint reads; any other is refused with a 400.
    query_serializer: ClassVar[type[serializers.Serializer[Any]] | None] = None
    # Error answers the schema cannot infer (a public endpoint that refuses some values, or says "not found"
    # for a query value rather than a path).
    extra_errors: ClassVar[frozenset[int]] = frozenset()

    renderer_classes = [JSONRenderer]
    content_negotiation_class = JsonOnlyNegotiation
    query: dict[str, Any]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # authentication, permissions, throttling first
        self.query = read_query(request, self.query_serializer)

    def get_exception_handler(self) -> Any:
        return exception_handler

    @classmethod
    def error_statuses(cls, *, names_an_object: bool) -> list[int]:
        """The error answers this endpoint can give, for its schema."""
        statuses = {400, *cls.extra_errors}
        if any(not issubclass(permission, AllowAny) for permission in cls.permission_classes):
            statuses.add(403)
        if names_an_object:
            statuses.add(404)
        return sorted(statuses)


class ApiSchema(AutoSchema):
    """drf-spectacular's schema, plus what an :class:`ApiView` declares: its query and its error answers."""

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        query = getattr(self.view, "query_serializer", None)
        return [query, *parameters] if query is not None else parameters

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        bodies: dict[str, Any] = super()._get_response_bodies(direction)
        if isinstance(self.view, ApiView) and direction == "response":
            path_names_object = "{" in self.path  # a path parameter names one object
            for status in self.view.error_statuses(names_an_object=path_names_object):
                if str(status) not in bodies:
                    bodies[str(status)] = self._get_response_for_code(
                        ERROR_RESPONSES[status], str(status), direction=direction
                    )
        return bodies


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 404 for a path no URL matches: JSON under /api/, the site's page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Niet gevonden.")}, status=404)
    return defaults.page_not_found(request, exception or Exception())


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500: JSON under /api/, the site's page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Er ging iets mis op de server.")}, status=500)
    return defaults.server_error(request)
