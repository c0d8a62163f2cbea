# SPDX-License-Identifier: EUPL-1.2
"""Intake through the API: one melding, or a batch (all or nothing), each retry-safe with a key."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from veerkracht.cases.access import grants_of
from veerkracht.cases.api import idempotency
from veerkracht.cases.api.authentication import AUTHENTICATION
from veerkracht.cases.api.base import BAD_INPUT, CONFLICT, REFUSED, UNSUPPORTED, ApiView, flatten
from veerkracht.cases.api.incoming import MAX_BATCH, BatchIn, IntakeIn, MeldingIn, WorkListQuery
from veerkracht.cases.api.outgoing import BatchReceiptOut, ReceiptOut, WorkListOut
from veerkracht.cases.api.permissions import MayReport, MayView
from veerkracht.cases.api.present import receipts
from veerkracht.cases.api.worklist import work_list_page
from veerkracht.cases.models import ApiKey
from veerkracht.cases.services import intake
from veerkracht.cases.services.intake import NewMelding
from veerkracht.core.api import read_query
from veerkracht.core.api_fields import plain_output
from veerkracht.core.models import Organisation

ERRORS = {400: BAD_INPUT, 403: REFUSED, 409: CONFLICT, 415: UNSUPPORTED}


def receiving_organisation(request: Request, slug: str | None) -> Organisation:
    """The organisation a submission is for: named, the API key's own, or the person's only one."""
    if slug:
        found = Organisation.objects.filter(slug=slug).first()
        if found is None:
            raise exceptions.ValidationError(
                {"organisation": [_("organisatie '%(slug)s' bestaat niet") % {"slug": slug}]}
            )
        return found
    if isinstance(request.auth, ApiKey):
        return request.auth.organisation
    reporting = sorted(grants_of(request.user).report)
    if len(reporting) == 1:
        return Organisation.objects.get(pk=reporting[0])
    names = ", ".join(Organisation.objects.filter(pk__in=reporting).values_list("slug", flat=True))
    raise exceptions.ValidationError(
        {
            "organisation": [
                _("u meldt voor meer dan één organisatie; kies er een: %(names)s") % {"names": names}
            ]
        }
    )


def batch_items(data: Any) -> list[NewMelding]:
    """The meldingen of a batch; a 400 naming every problem of every melding (``meldingen[i].field``).

    Each melding's shape is checked on its own, and those with a good shape are checked by intake too,
    so one answer names all that is wrong instead of the first kind of problem only.
    """
    outer = BatchIn(data=data)
    outer.fields["meldingen"] = serializers.ListField(
        child=serializers.DictField(), min_length=1, max_length=MAX_BATCH
    )
    outer.is_valid(raise_exception=True)
    problems: dict[str, list[str]] = {}
    items: list[NewMelding | None] = []
    for position, raw in enumerate(outer.validated_data["meldingen"]):
        one = MeldingIn(data=raw)
        if one.is_valid():
            items.append(MeldingIn.to_new(one.validated_data))
        else:
            problems.update(flatten(one.errors, f"meldingen[{position}]"))
            items.append(None)
    if not problems:
        return [item for item in items if item is not None]
    for position, item in enumerate(items):
        if item is not None:
            _checked, found = intake.check([item], prefix="")
            problems.update({f"meldingen[{position}].{name}": [text] for name, text in found.items()})
    raise exceptions.ValidationError(problems)


class MeldingenView(ApiView):
    """GET: the caller's work list. POST: submit one melding."""

    authentication_classes = AUTHENTICATION
    permission_classes = [MayView]  # the work list's; a submission asks MayReport instead

    def get_permissions(self) -> list[Any]:
        return [MayReport()] if self.request.method == "POST" else super().get_permissions()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # The work list's query is declared; a submission takes none. The core base reads one serializer
        # for every method, so this view reads its own after the same checks.
        APIView.initial(self, request, *args, **kwargs)
        self.query = read_query(request, WorkListQuery if request.method == "GET" else None)

    @extend_schema(
        operation_id="meldingen_work_list",
        summary="Work list: the open meldingen you handle",
        parameters=[WorkListQuery],
        responses={200: WorkListOut, 403: REFUSED},  # the base declares the 400 of a bad query
    )
    def get(self, request: Request) -> Response:
        """The open meldingen you handle, overdue and nearly overdue first, a page at a time."""
        return Response(WorkListOut(work_list_page(request.user, self.query)).data)

    @extend_schema(
        operation_id="meldingen_submit",
        summary="Submit one melding",
        request=IntakeIn,
        parameters=[idempotency.PARAMETER],
        responses={
            201: OpenApiResponse(ReceiptOut, description="Taken in: the melding's receipt."),
            200: OpenApiResponse(
                ReceiptOut, description="An earlier submission with this Idempotency-Key made it."
            ),
            **ERRORS,
        },
    )
    def post(self, request: Request) -> Response:
        """Submit one melding. 201 with its receipt; 200 when an earlier submission with the same
        Idempotency-Key made it (after that key's stored answer expired)."""
        given = IntakeIn(data=request.data)
        given.is_valid(raise_exception=True)
        organisation = receiving_organisation(request, given.validated_data.get("organisation"))
        key = request.headers.get(idempotency.HEADER, "")

        def work() -> tuple[int, Any]:
            new = MeldingIn.to_new(given.validated_data, idempotency_key=key)
            received = intake.receive(new, organisation=organisation, actor=request.user)
            body = plain_output(ReceiptOut, receipts([received.melding])[0])
            code = status.HTTP_201_CREATED if received.created else status.HTTP_200_OK
            return code, idempotency.json_ready(body)

        return idempotency.respond(request, work, organisation=organisation)


class BatchView(ApiView):
    """POST: submit several meldingen at once; all are taken in, or none."""

    authentication_classes = AUTHENTICATION
    permission_classes = [MayReport]

    @extend_schema(
        operation_id="meldingen_submit_batch",
        summary="Submit a round of meldingen at once (all or nothing)",
        request=BatchIn,
        parameters=[idempotency.PARAMETER],
        responses={
            201: OpenApiResponse(BatchReceiptOut, description="All taken in: a receipt per melding."),
            **ERRORS,
        },
    )
    def post(self, request: Request) -> Response:
        """Submit up to 1000 meldingen; a problem in one stores none and is named meldingen[i].field."""
        items = batch_items(request.data)
        organisation = receiving_organisation(request, request.data.get("organisation") or None)

        def work() -> tuple[int, Any]:
            taken = intake.receive_many(items, organisation=organisation, actor=request.user)
            body = plain_output(BatchReceiptOut, {"count": len(taken), "meldingen": receipts(taken)})
            return status.HTTP_201_CREATED, idempotency.json_ready(body)

        return idempotency.respond(request, work, organisation=organisation)
