# SPDX-License-Identifier: EUPL-1.2
"""One melding through the API: read it (as far as the caller may), take a step of its workflow.

A melding the caller may not read answers exactly as one that does not exist: 404, the same body.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

from veerkracht.cases.access import can_edit, can_view_reporter_contact, get_visible
from veerkracht.cases.api import idempotency
from veerkracht.cases.api.authentication import AUTHENTICATION
from veerkracht.cases.api.base import CONFLICT, NOT_FOUND, REFUSED, UNSUPPORTED, VALIDATION_ERRORS, ApiView
from veerkracht.cases.api.incoming import TransitionIn
from veerkracht.cases.api.outgoing import MeldingOut, StatusChangeOut
from veerkracht.cases.api.permissions import MayEdit, MayFollow
from veerkracht.cases.api.present import full
from veerkracht.cases.models import Melding
from veerkracht.cases.queries.melding import status_label
from veerkracht.cases.services import transitions
from veerkracht.core.services import record_audit


def _melding(request: Request, reference: str) -> Melding:
    """The melding by reference if the caller may read it; otherwise the same 404 as for none at all."""
    found = get_visible(request.user, reference=reference)
    # Read once with what the answer shows, instead of a query per related row.
    return Melding.objects.select_related(
        "organisation", "received_by", "responsible_team", "duplicate_of"
    ).get(pk=found.pk)


class MeldingView(ApiView):
    """GET: a melding as the caller may see it."""

    authentication_classes = AUTHENTICATION
    permission_classes = [MayFollow]

    @extend_schema(
        operation_id="melding_read",
        summary="Read one melding",
        responses={200: MeldingOut, 403: REFUSED, 404: NOT_FOUND},
    )
    def get(self, request: Request, reference: str) -> Response:
        """A melding; the reporter's contact details only with cases.view_reporter_contact."""
        melding = _melding(request, reference)
        body = MeldingOut(full(request.user, melding)).data
        # Who read which melding, and whether that included who reported it (DESIGN.md §6).
        record_audit(
            "melding.read",
            actor=request.user,
            organisation=melding.organisation,
            object_type="melding",
            object_id=melding.pk,
            detail={"via": "api", "reporter_contact": can_view_reporter_contact(request.user, melding)},
        )
        return Response(body)


class TransitionView(ApiView):
    """POST: take a step of a melding's workflow (acknowledge, give feedback, close, reopen, ...)."""

    authentication_classes = AUTHENTICATION
    permission_classes = [MayEdit]

    @extend_schema(
        operation_id="melding_transition",
        summary="Take a workflow step on a melding",
        request=TransitionIn,
        parameters=[idempotency.PARAMETER],
        responses={
            201: OpenApiResponse(StatusChangeOut, description="The step is taken: the new status."),
            400: OpenApiResponse(
                VALIDATION_ERRORS, description="The step is not allowed now, or lacks a field."
            ),
            403: REFUSED,
            404: NOT_FOUND,
            409: CONFLICT,
            415: UNSUPPORTED,
        },
    )
    def post(self, request: Request, reference: str) -> Response:
        """Take a step; its reason and fields as the workflow file asks. A retry with the same
        Idempotency-Key gets the first answer instead of an error that the step is no longer allowed."""
        melding = _melding(request, reference)
        given = TransitionIn(data=request.data)
        given.is_valid(raise_exception=True)
        if not can_edit(request.user, melding):
            raise exceptions.PermissionDenied("u mag deze melding niet behandelen")
        values = given.validated_data

        def work() -> tuple[int, Any]:
            change = transitions.transition(
                melding,
                values["transition"],
                actor=request.user,
                reason=values["reason"],
                fields=values["fields"],
            )
            body = StatusChangeOut(
                {
                    "reference": melding.reference,
                    "transition": change.transition,
                    "from_status": change.from_status,
                    "to_status": change.to_status,
                    "status_label": status_label(melding),
                    "is_open": melding.is_open,
                    "at": change.at,
                }
            ).data
            return status.HTTP_201_CREATED, idempotency.json_ready(body)

        return idempotency.respond(request, work, organisation=melding.organisation)
