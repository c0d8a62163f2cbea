# SPDX-License-Identifier: EUPL-1.2
"""The ``Idempotency-Key`` header: a retried submission gets the first answer, never a second melding.

Same key and same request: the stored answer again, with the same status code and the header
``Idempotent-Replayed: true``. Same key and another request: 409 with a Dutch message. No key: the
submission is simply done. See :mod:`veerkracht.cases.services.idempotency` for how the keys are kept.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import QueryDict
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from veerkracht.cases.services import idempotency
from veerkracht.core.models import Organisation

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"

PARAMETER = OpenApiParameter(
    HEADER,
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "A key you choose per submission (a UUID, at most 80 visible ASCII characters). Sending the same "
        "submission again with the same key returns the first answer (same status code, header "
        "Idempotent-Replayed: true) instead of doing it twice; the same key with another body gives 409. "
        "Keys are kept per client for 7 days."
    ),
)


def _body(data: Any) -> Any:
    if isinstance(data, QueryDict):
        return {key: data.getlist(key) for key in sorted(data)}
    return data


def json_ready(body: Any) -> Any:
    """A serializer's output as plain JSON values, as it is stored and replayed."""
    return json.loads(json.dumps(body, cls=DjangoJSONEncoder))


def respond(
    request: Request, work: Callable[[], tuple[int, Any]], *, organisation: Organisation | None = None
) -> Response:
    """Do ``work`` (which returns status and body) once per idempotency key, and answer."""
    key = request.headers.get(HEADER)
    if key is None:
        status_code, body = work()
        return Response(body, status=status_code)
    problem = idempotency.key_problem(key)
    if problem is not None:
        raise exceptions.ValidationError({HEADER: [problem]})
    fingerprint = idempotency.fingerprint(str(request.method), request.path, _body(request.data))
    outcome = idempotency.run(request.user, key, fingerprint, work, organisation=organisation)
    response = Response(outcome.body, status=outcome.status_code)
    if outcome.replayed:
        response[REPLAYED] = "true"
    return response
