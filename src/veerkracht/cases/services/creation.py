# SPDX-License-Identifier: EUPL-1.2
"""Storing checked meldingen in bulk: route, start clocks, write rows and files, audit, publish."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction

from veerkracht.cases.models import (
    Attachment,
    Clock,
    Melding,
    ReporterContact,
    ResidentTeamRound,
    StatusChange,
    email_key,
    phone_key,
)
from veerkracht.cases.rulebook import rulebook
from veerkracht.cases.rules.routing import RoutingCase
from veerkracht.cases.rules.service_levels import CLOCK_KINDS
from veerkracht.cases.services import attachments, clocks, routing
from veerkracht.core import events
from veerkracht.core.bulk import BulkTable
from veerkracht.core.calendar import WorkingDayCalendar
from veerkracht.core.models import Organisation
from veerkracht.core.queries import calendar_for
from veerkracht.core.services import record_audit

if TYPE_CHECKING:
    from veerkracht.cases.services.intake import Checked

CREATED = "melding.created"
#: The attribute on a melding just taken in that holds the clocks intake started for it.
STARTED_CLOCKS = "_started_clocks"
RECEIVE = "receive"


class KeyTaken(Exception):
    """The submitter made a melding with this idempotency key before: nothing was stored."""


def create(
    checked: Sequence[Checked],
    *,
    organisation: Organisation,
    actor: Any,
    round: ResidentTeamRound | None = None,
    like: Melding | None = None,
) -> list[Melding]:
    """Store checked meldingen received by ``organisation``; the files written are removed on failure."""
    written: list[str] = []
    try:
        made = _create(checked, organisation, actor, round, like, written)
    except BaseException:
        attachments.remove(written)
        raise
    if made is None:
        raise KeyTaken
    return made


# No savepoint inside a caller's transaction (two statements per API submission): a failure here fails the
# caller's whole transaction, and the one refusal a caller goes on after, a retried key, is no error.
@transaction.atomic(savepoint=False)
def _create(
    checked: Sequence[Checked],
    organisation: Organisation,
    actor: Any,
    round: ResidentTeamRound | None,
    like: Melding | None,
    written: list[str],
) -> list[Melding] | None:
    """The meldingen stored; None when a single keyed melding's key was taken (nothing is written then)."""
    if not checked:
        return []
    book = rulebook()
    user = actor if getattr(actor, "is_authenticated", False) else None
    calendars: dict[int, WorkingDayCalendar] = {organisation.pk: calendar_for(organisation)}
    targets: dict[int, Organisation] = {organisation.pk: organisation}
    meldingen: list[Melding] = []
    made_clocks: list[Clock] = []
    started_per_melding: list[list[Clock]] = []
    # Routing and deadlines are pure functions of a few values that repeat within a batch (a batch's
    # meldingen mostly share their moment of receipt): each distinct case is worked out once.
    decide = (
        routing.Decider(organisation, calendars[organisation.pk], routing.rules_for(organisation))
        if like is None
        else None
    )
    plans: dict[tuple[int, str, str, datetime], list[dict[str, Any]]] = {}
    for item in checked:
        if like is not None:
            routed = routing.Routed(
                like.routing_rule_id or 0,
                like.organisation_id,
                like.responsible_team_id,
                like.responsible_role,
            )
        else:
            case = RoutingCase(
                item.kind.category,
                item.kind.subcategory,
                item.kind.pillar,
                item.new.channel,
                item.place.area_codes,
                item.received_at,
            )
            assert decide is not None  # made whenever ``like`` is not given
            routed = decide(case)
        if routed.organisation_id not in targets:
            targets[routed.organisation_id] = Organisation.objects.get(pk=routed.organisation_id)
            calendars[routed.organisation_id] = calendar_for(targets[routed.organisation_id])
        melding = Melding(
            organisation=targets[routed.organisation_id],
            received_by=organisation,
            category=item.kind.category,
            subcategory=item.kind.subcategory,
            pillar=item.kind.pillar,
            confidentiality=item.kind.confidentiality,
            workflow_type=item.kind.workflow,
            description=item.new.description.strip(),
            address=item.place.address,
            address_key=item.place.address_key,
            x=item.place.x,
            y=item.place.y,
            complex_code=item.place.complex_code,
            buurt_code=item.place.buurt_code,
            wijk_code=item.place.wijk_code,
            gemeente_code=item.place.gemeente_code,
            square_id=item.place.square_id,
            received_at=item.received_at,
            channel=item.new.channel,
            reporter_kind=item.new.reporter.kind,
            submitted_by=user,
            round=round,
            status=book.workflow.type(item.kind.workflow).initial,
            is_open=True,
            status_changed_at=item.received_at,
            responsible_team_id=routed.team_id,
            responsible_role=routed.role,
            routing_rule_id=routed.rule_id or None,
            idempotency_key=item.new.idempotency_key if user is not None else "",
            external_reference=item.new.external_reference,
        )
        key = (routed.organisation_id, item.kind.category, item.kind.subcategory, item.received_at)
        plan = plans.get(key)
        if plan is None:
            plan = plans[key] = clocks.plan_clocks(
                CLOCK_KINDS,
                at=item.received_at,
                calendar=calendars[routed.organisation_id],
                levels=book.service_levels,
                organisation_slug=targets[routed.organisation_id].slug,
                category=item.kind.category,
                subcategory=item.kind.subcategory,
            )
        started = [Clock(melding=melding, **values) for values in plan]
        melding.next_deadline = min((c.deadline for c in started if c.deadline is not None), default=None)
        meldingen.append(melding)
        made_clocks.extend(started)
        started_per_melding.append(started)
    # COPY on PostgreSQL, ids taken first: Django's bulk_create costs more per value than the rest of
    # intake together (issue 9's load benchmark).
    if len(meldingen) == 1 and meldingen[0].idempotency_key:
        # A retry whose earlier melding was made: the key's unique constraint keeps the second one out.
        if not BulkTable(Melding).insert_unless_taken(meldingen[0]):
            return None
    else:
        BulkTable(Melding).insert_objects(meldingen)
    for clock in made_clocks:
        clock.melding_id = clock.melding.pk
    BulkTable(Clock).insert_objects(made_clocks)
    for melding, started in zip(meldingen, started_per_melding, strict=True):
        # What a receipt shows, at hand without reading it back (see ``api.present.receipts``).
        setattr(melding, STARTED_CLOCKS, started)
    _store_details(checked, meldingen, user, written)
    _record(meldingen, organisation, actor, round)
    return meldingen


def _store_details(
    checked: Sequence[Checked], meldingen: list[Melding], user: Any, written: list[str]
) -> None:
    # Rows as plain dicts: no model object per row (history and contacts are not handed back).
    contacts: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []
    files = []
    label = user.get_username() if user is not None else ""
    actor_id = user.pk if user is not None else None
    for item, melding in zip(checked, meldingen, strict=True):
        reporter = item.new.reporter
        if reporter.has_contact():
            contacts.append(
                {
                    "melding_id": melding.pk,
                    "name": reporter.name.strip(),
                    "email": reporter.email.strip(),
                    "phone": reporter.phone.strip(),
                    "address": reporter.address.strip(),
                    "wants_updates": reporter.wants_updates,
                    "email_key": email_key(reporter.email),
                    "phone_key": phone_key(reporter.phone),
                }
            )
        history.append(
            {
                "melding_id": melding.pk,
                "at": melding.received_at,
                "actor_id": actor_id,
                "actor_label": label,
                "transition": RECEIVE,
                "from_status": "",
                "to_status": melding.status,
            }
        )
        for upload in item.uploads:
            stored = attachments.store(upload, melding.received_at)
            written.append(stored)
            files.append(
                Attachment(
                    melding=melding,
                    stored_name=stored,
                    original_name=upload.name,
                    content_type=upload.content_type,
                    size=len(upload.content),
                    sha256=upload.sha256,
                    uploaded_at=melding.received_at,
                    uploaded_by=user,
                )
            )
    BulkTable(ReporterContact).insert_rows(contacts)
    BulkTable(StatusChange).insert_rows(history)
    Attachment.objects.bulk_create(files)


def _record(
    meldingen: list[Melding], organisation: Organisation, actor: Any, round: ResidentTeamRound | None
) -> None:
    # One audit line per call: a batch of thousands is one act of one person, and the ids say what it held.
    detail: dict[str, Any] = {
        "meldingen": [m.pk for m in meldingen],
        "channel": meldingen[0].channel if meldingen else "",
    }
    if round is not None:
        detail["round"] = round.pk
    record_audit(
        "melding.received" if len(meldingen) == 1 else "melding.batch_received",
        actor=actor,
        organisation=organisation,
        object_type="melding",
        object_id=meldingen[0].pk if len(meldingen) == 1 else "",
        detail=detail,
    )
    # One hand-over for the whole batch: a background subscriber gets one task, enqueued in one commit.
    events.publish_many(
        CREATED,
        [
            {
                "melding": melding.pk,
                "organisation": melding.organisation_id,
                "received_by": organisation.pk,
                "channel": melding.channel,
            }
            for melding in meldingen
        ],
    )
