# SPDX-License-Identifier: EUPL-1.2
"""The bulk path for meldingen with a past: checked, routed, replayed, written in bulk, audited once.

This is how a historic import and the demo's synthetic year come in. Each melding goes through intake's own
checks (:func:`veerkracht.cases.services.intake.check`: category, place, reporter, moment) and the active
routing rules, as a melding taken in today would; its steps and clocks are replayed from the moments it
came with (:mod:`.history`). Then every row is written with bulk inserts: meldingen, clocks, pauses, status
history, reporter contacts. No ``melding.created`` events: reporters of years ago get no messages now. The
caller holds the transaction (an import is all or nothing) and calls :meth:`HistoricStore.finish` once,
which writes one audit line and publishes ``melding.imported``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

from django.utils import timezone

from veerkracht.cases.access import grants_of
from veerkracht.cases.importers.history import DayCounter, HistoryProblem, Moments, Replayed, Step, replay
from veerkracht.cases.models import (
    Clock,
    ClockPause,
    Melding,
    ReporterContact,
    ResidentTeamRound,
    StatusChange,
    email_key,
    phone_key,
)
from veerkracht.cases.rulebook import rulebook
from veerkracht.cases.rules.routing import RoutingCase
from veerkracht.cases.rules.service_levels import CLOCK_KINDS, ServiceLevel
from veerkracht.cases.services import routing
from veerkracht.cases.services.creation import RECEIVE
from veerkracht.cases.services.intake import Checked, NewMelding, check
from veerkracht.core import events
from veerkracht.core.bulk import BulkTable
from veerkracht.core.models import Organisation, Team
from veerkracht.core.queries import calendar_for
from veerkracht.core.services import record_audit

IMPORTED = "melding.imported"
AUDIT_ACTION = "melding.historic_imported"
_PROBLEM_KEY = re.compile(r"^m\[(\d+)\]\.(.+)$")


@dataclass(frozen=True)
class HistoricMelding:
    """A melding with a past: what intake takes, and the moments of its handling."""

    new: NewMelding
    moments: Moments
    #: The person who submitted it (a resident team's member for a round's finding), if any.
    submitted_by: Any = None
    round: ResidentTeamRound | None = None
    #: The person handling it now, who must be able to (checked).
    assignee: Any = None


@dataclass(frozen=True)
class Prepared:
    record: HistoricMelding
    checked: Checked
    routed: routing.Routed
    replayed: Replayed


class HistoricStore:
    """Stores meldingen with a past for one receiving organisation; rules and calendars are read once."""

    def __init__(self, organisation: Organisation, *, synthetic: bool = False, now: datetime | None = None):
        self.organisation = organisation
        self.synthetic = synthetic
        self.now = now or timezone.now()
        self.book = rulebook()
        self.rules = routing.rules_for(organisation)
        self.targets: dict[int, Organisation] = {organisation.pk: organisation}
        self.days: dict[int, DayCounter] = {organisation.pk: DayCounter(calendar_for(organisation))}
        self._levels: dict[tuple[str, str, str, str], ServiceLevel] = {}
        self.ids: list[int] = []
        self.open = 0

    def prepare(self, records: Sequence[HistoricMelding]) -> tuple[list[Prepared], dict[int, dict[str, str]]]:
        """Check, route and replay; per position in ``records`` the problems per field (none: stored next)."""
        checked, found = check([record.new for record in records], prefix="m")
        problems: dict[int, dict[str, str]] = {}
        for key, text in found.items():
            match = _PROBLEM_KEY.match(key)
            if match is not None:
                problems.setdefault(int(match.group(1)), {})[match.group(2)] = text
        ready: list[Prepared] = []
        good = iter(checked)
        for position, record in enumerate(records):
            if position in problems:
                continue
            item = next(good)
            routed = self._route(item)
            target = self.targets[routed.organisation_id]
            if record.assignee is not None and not _may_handle(record.assignee, routed, item):
                problems[position] = {"assignee": f"{record.assignee} kan deze melding niet behandelen"}
                continue
            try:
                replayed = replay(
                    self.book.workflow.type(item.kind.workflow),
                    record.moments,
                    level_of=partial(self._level, target.slug, item=item),
                    days=self.days[routed.organisation_id],
                    clock_kinds=CLOCK_KINDS,
                    now=self.now,
                )
            except HistoryProblem as problem:
                problems[position] = {problem.field: problem.text}
                continue
            ready.append(Prepared(record, item, routed, replayed))
        return ready, problems

    def write(self, prepared: Sequence[Prepared]) -> list[int]:
        """Write prepared meldingen and all that hangs on them, in bulk (in the caller's transaction)."""
        tables = self._tables()
        ids = tables["melding"].allocate(len(prepared))
        meldingen, clocks, pauses, history, contacts = [], [], [], [], []
        clock_ids = iter(tables["clock"].allocate(sum(len(item.replayed.clocks) for item in prepared)))
        for item, pk in zip(prepared, ids, strict=True):
            melding = self._melding(item, pk)
            meldingen.append(melding)
            for replayed in item.replayed.clocks:
                level, clock_id = replayed.level, next(clock_ids)
                clocks.append(
                    {
                        "id": clock_id,
                        "melding_id": pk,
                        "kind": replayed.kind,
                        "sequence": replayed.sequence,
                        "started_at": replayed.started_at,
                        "budget_days": level.working_days,
                        "target_days": level.target_working_days,
                        "service_level_version": level.version,
                        "service_level_rule": level.rule,
                        "paused_days": replayed.paused_days,
                        "deadline": replayed.deadline,
                        "target_deadline": replayed.target_deadline,
                        "frozen_at": replayed.frozen_at,
                    }
                )
                pauses += [
                    {
                        "clock_id": clock_id,
                        "paused_at": pause.paused_at,
                        "resumed_at": pause.resumed_at,
                        "working_days": pause.working_days,
                        "reason": pause.reason,
                        "resume_reason": pause.resume_reason,
                        "source": pause.source,
                    }
                    for pause in replayed.pauses
                ]
            initial = self.book.workflow.type(melding["workflow_type"]).initial
            history.append(_change(pk, RECEIVE, "", initial, melding["received_at"]))
            history += [_step(pk, step) for step in item.replayed.steps]
            contact = _contact(item, pk)
            if contact is not None:
                contacts.append(contact)
        for name, rows in (("pause", pauses), ("change", history), ("contact", contacts)):
            for row, pk in zip(rows, tables[name].allocate(len(rows)), strict=True):
                row["id"] = pk
        tables["melding"].insert(meldingen)
        tables["clock"].insert(clocks)
        tables["pause"].insert(pauses)
        tables["change"].insert(history)
        tables["contact"].insert(contacts)
        self.ids += ids
        self.open += sum(1 for melding in meldingen if melding["is_open"])
        return ids

    def _tables(self) -> dict[str, BulkTable]:
        if not hasattr(self, "_bulk"):
            self._bulk = {
                "melding": BulkTable(Melding),
                "clock": BulkTable(Clock),
                "pause": BulkTable(ClockPause),
                "change": BulkTable(StatusChange),
                "contact": BulkTable(ReporterContact),
            }
        return self._bulk

    def finish(self, *, actor: Any, detail: dict[str, Any]) -> None:
        """One audit line and one event for everything this store wrote (call inside the transaction)."""
        summary = {
            "count": len(self.ids),
            "first_id": min(self.ids, default=None),
            "last_id": max(self.ids, default=None),
            "synthetic": self.synthetic,
            **detail,
        }
        record_audit(
            AUDIT_ACTION,
            actor=actor,
            organisation=self.organisation,
            object_type="melding",
            detail=summary,
        )
        events.publish(IMPORTED, {"organisation": self.organisation.pk, **summary})

    def create_round(
        self, *, team: Team, walked_on: date, route: str, submitted_by: Any, submitted_at: datetime
    ) -> ResidentTeamRound:
        """A resident team's round of the past, for its findings to point at."""
        return ResidentTeamRound.objects.create(
            team=team,
            organisation=self.organisation,
            walked_on=walked_on,
            route=route,
            submitted_by=submitted_by,
            submitted_at=submitted_at,
        )

    def _route(self, item: Checked) -> routing.Routed:
        case = RoutingCase(
            item.kind.category,
            item.kind.subcategory,
            item.kind.pillar,
            item.new.channel,
            item.place.area_codes,
            item.received_at,
        )
        routed = routing.decide(self.organisation, case, self.days[self.organisation.pk].calendar, self.rules)
        if routed.organisation_id not in self.targets:
            target = Organisation.objects.get(pk=routed.organisation_id)
            self.targets[target.pk] = target
            self.days[target.pk] = DayCounter(calendar_for(target))
        return routed

    def _level(self, slug: str, kind: str, *, item: Checked) -> ServiceLevel:
        key = (slug, kind, item.kind.category, item.kind.subcategory)
        found = self._levels.get(key)
        if found is None:
            found = self._levels[key] = self.book.service_levels.level_for(
                kind, organisation=slug, category=item.kind.category, subcategory=item.kind.subcategory
            )
        return found

    def _melding(self, item: Prepared, pk: int) -> dict[str, Any]:
        new, place, kind, routed, replayed = (
            item.checked.new,
            item.checked.place,
            item.checked.kind,
            item.routed,
            item.replayed,
        )
        user = (
            item.record.submitted_by if getattr(item.record.submitted_by, "is_authenticated", False) else None
        )
        return {
            "id": pk,
            "organisation_id": routed.organisation_id,
            "received_by_id": self.organisation.pk,
            "category": kind.category,
            "subcategory": kind.subcategory,
            "pillar": kind.pillar,
            "confidentiality": kind.confidentiality,
            "workflow_type": kind.workflow,
            "description": new.description.strip(),
            "address": place.address,
            "address_key": place.address_key,
            "x": place.x,
            "y": place.y,
            "complex_code": place.complex_code,
            "buurt_code": place.buurt_code,
            "wijk_code": place.wijk_code,
            "gemeente_code": place.gemeente_code,
            "square_id": place.square_id,
            "received_at": item.checked.received_at,
            "channel": new.channel,
            "reporter_kind": new.reporter.kind,
            "submitted_by_id": user.pk if user is not None else None,
            "round_id": item.record.round.pk if item.record.round is not None else None,
            "status": replayed.status,
            "is_open": replayed.is_open,
            "status_changed_at": replayed.status_changed_at,
            "responsible_team_id": routed.team_id,
            "responsible_role": routed.role,
            "routing_rule_id": routed.rule_id or None,
            "assigned_to_id": item.record.assignee.pk if item.record.assignee is not None else None,
            "next_deadline": replayed.next_deadline,
            "external_reference": new.external_reference,
            "synthetic": self.synthetic,
        }


def _change(melding: int, transition: str, from_status: str, to_status: str, at: datetime) -> dict[str, Any]:
    return {
        "melding_id": melding,
        "at": at,
        "actor_label": "",
        "transition": transition,
        "from_status": from_status,
        "to_status": to_status,
        "reason": "",
        "fields": {},
    }


def _step(melding: int, step: Step) -> dict[str, Any]:
    row = _change(melding, step.transition, step.from_status, step.to_status, step.at)
    row["reason"], row["fields"] = step.reason, step.fields
    return row


def _may_handle(person: Any, routed: routing.Routed, item: Checked) -> bool:
    grants = grants_of(person)
    return grants.may_view(routed.organisation_id, item.kind.confidentiality) and (
        routed.organisation_id in grants.edit
    )


def _contact(item: Prepared, melding: int) -> dict[str, Any] | None:
    reporter = item.checked.new.reporter
    if not reporter.has_contact():
        return None
    return {
        "melding_id": melding,
        "name": reporter.name.strip(),
        "email": reporter.email.strip(),
        "phone": reporter.phone.strip(),
        "address": reporter.address.strip(),
        "wants_updates": reporter.wants_updates,
        "email_key": email_key(reporter.email),
        "phone_key": phone_key(reporter.phone),
    }
