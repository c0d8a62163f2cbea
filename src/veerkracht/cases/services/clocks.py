# SPDX-License-Identifier: EUPL-1.2
"""Starting, pausing, resuming and freezing a melding's clocks; the arithmetic is in ``cases.clocks``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from veerkracht.cases import clocks
from veerkracht.cases.access import can_edit
from veerkracht.cases.models import Clock, ClockPause, Melding
from veerkracht.cases.rulebook import rulebook
from veerkracht.cases.rules.service_levels import ServiceLevels
from veerkracht.cases.services.errors import ClockError, NotAllowed
from veerkracht.core import events
from veerkracht.core.calendar import WorkingDayCalendar
from veerkracht.core.queries import calendar_for
from veerkracht.core.services import record_audit

MANUAL = "manual"


def status_source(status: str) -> str:
    """The source of a pause that a status started (leaving the status ends it)."""
    return f"status:{status}"


def build_clocks(
    melding: Melding,
    kinds: Iterable[str],
    *,
    at: datetime,
    calendar: WorkingDayCalendar,
    levels: ServiceLevels,
    organisation_slug: str,
    sequences: dict[str, int] | None = None,
) -> list[Clock]:
    """Make (not save) a melding's new clocks with the budgets the service levels give now."""
    plan = plan_clocks(
        kinds,
        at=at,
        calendar=calendar,
        levels=levels,
        organisation_slug=organisation_slug,
        category=melding.category,
        subcategory=melding.subcategory,
        sequences=sequences,
    )
    return [Clock(melding=melding, **values) for values in plan]


def plan_clocks(
    kinds: Iterable[str],
    *,
    at: datetime,
    calendar: WorkingDayCalendar,
    levels: ServiceLevels,
    organisation_slug: str,
    category: str,
    subcategory: str,
    sequences: dict[str, int] | None = None,
) -> list[dict[str, Any]]:
    """The field values of new clocks (deadlines included), per kind; the same for every melding of one
    organisation, category, subcategory and moment, so a batch works them out once per such key."""
    planned = []
    for kind in kinds:
        level = levels.level_for(
            kind, organisation=organisation_slug, category=category, subcategory=subcategory
        )
        planned.append(
            {
                "kind": kind,
                "sequence": (sequences or {}).get(kind, 1),
                "started_at": at,
                "budget_days": level.working_days,
                "target_days": level.target_working_days,
                "service_level_version": level.version,
                "service_level_rule": level.rule,
                # A new clock has no pauses: what ``recompute`` would derive.
                "deadline": clocks.deadline(calendar, at, level.working_days, 0),
                "target_deadline": None
                if level.target_working_days is None
                else clocks.deadline(calendar, at, level.target_working_days, 0),
            }
        )
    return planned


def recompute(clock: Clock, calendar: WorkingDayCalendar) -> None:
    """Derive the deadline (and target) from the budget and the ended pauses; only when not paused."""
    clock.deadline = clocks.deadline(calendar, clock.started_at, clock.budget_days, clock.paused_days)
    clock.target_deadline = (
        None
        if clock.target_days is None
        else clocks.deadline(calendar, clock.started_at, clock.target_days, clock.paused_days)
    )


def start(
    melding: Melding, kinds: Iterable[str], *, at: datetime, calendar: WorkingDayCalendar
) -> list[Clock]:
    """Start new clocks of these kinds (a reopened melding promises feedback again)."""
    wanted = list(kinds)
    if not wanted:
        return []
    latest = dict(
        Clock.objects.filter(melding=melding, kind__in=wanted)
        .values("kind")
        .annotate(last=Max("sequence"))
        .values_list("kind", "last")
    )
    made = build_clocks(
        melding,
        wanted,
        at=at,
        calendar=calendar,
        levels=rulebook().service_levels,
        organisation_slug=melding.organisation.slug,
        sequences={kind: latest.get(kind, 0) + 1 for kind in wanted},
    )
    for clock in made:
        clock.save()
    return made


def pause(clock: Clock, *, at: datetime, reason: str, actor: Any, source: str = MANUAL) -> ClockPause:
    """Stop a running clock; its deadline is empty until it resumes."""
    if clock.frozen_at is not None:
        raise ClockError(f"de {clock.get_kind_display()} is al afgerond; pauzeren kan niet meer")
    if clock.deadline is None:
        raise ClockError(f"de {clock.get_kind_display()} is al gepauzeerd")
    if at < clock.started_at:
        raise ClockError("een klok kan niet pauzeren voordat hij begon")
    paused = ClockPause.objects.create(
        clock=clock, paused_at=at, reason=reason[:500], source=source, paused_by=_user(actor)
    )
    clock.deadline = None
    clock.target_deadline = None
    clock.save(update_fields=["deadline", "target_deadline"])
    return paused


def resume(
    clock: Clock, *, at: datetime, actor: Any, calendar: WorkingDayCalendar, reason: str = ""
) -> ClockPause:
    """Let a paused clock run again; its deadline moves by exactly the working days the pause cost."""
    running = ClockPause.objects.filter(clock=clock, resumed_at__isnull=True).first()
    if running is None:
        raise ClockError(f"de {clock.get_kind_display()} is niet gepauzeerd")
    running.working_days = clocks.paused_working_days(calendar, running.paused_at, at)
    running.resumed_at = at
    running.resumed_by = _user(actor)
    running.resume_reason = reason[:500]
    running.save(update_fields=["working_days", "resumed_at", "resumed_by", "resume_reason"])
    clock.paused_days += running.working_days
    recompute(clock, calendar)
    clock.save(update_fields=["paused_days", "deadline", "target_deadline"])
    return running


def freeze(clock: Clock, *, at: datetime, actor: Any, calendar: WorkingDayCalendar) -> bool:
    """Mark a clock's step done at ``at`` (a pause still running ends then); False when already frozen."""
    if clock.frozen_at is not None:
        return False
    if clock.deadline is None:
        resume(clock, at=at, actor=actor, calendar=calendar, reason="stap afgerond")
    clock.frozen_at = at
    clock.save(update_fields=["frozen_at"])
    return True


def refresh_next_deadline(melding: Melding) -> None:
    """Store the earliest deadline of the melding's running clocks (the work list sorts on it)."""
    found = Clock.objects.filter(melding=melding, frozen_at__isnull=True, deadline__isnull=False).aggregate(
        first=Min("deadline")
    )["first"]
    if found != melding.next_deadline:
        melding.next_deadline = found
        Melding.objects.filter(pk=melding.pk).update(next_deadline=found)


@transaction.atomic
def pause_clock(clock: Clock, *, reason: str, actor: Any, at: datetime | None = None) -> ClockPause:
    """Pause a clock by hand (waiting for the reporter or a partner), with a reason; audited."""
    melding = _locked(clock, actor)
    if not reason.strip():
        raise ClockError("pauzeren vraagt een reden, bijvoorbeeld 'wacht op reactie van de melder'")
    clock = Clock.objects.get(pk=clock.pk)
    paused = pause(clock, at=_moment(at), reason=reason.strip(), actor=actor)
    refresh_next_deadline(melding)
    # The reason stays with the pause (retention can redact it), not in the audit log (ADR 0022).
    _record("melding.clock_paused", melding, clock, actor, {"pause": paused.pk})
    return paused


@transaction.atomic
def resume_clock(clock: Clock, *, actor: Any, reason: str = "", at: datetime | None = None) -> ClockPause:
    """Resume a paused clock; the deadline moves by the paused working days; audited."""
    melding = _locked(clock, actor)
    clock = Clock.objects.get(pk=clock.pk)
    ended = resume(
        clock, at=_moment(at), actor=actor, calendar=calendar_for(melding.organisation), reason=reason.strip()
    )
    refresh_next_deadline(melding)
    _record("melding.clock_resumed", melding, clock, actor, {"working_days": ended.working_days})
    return ended


def _locked(clock: Clock, actor: Any) -> Melding:
    melding = Melding.objects.select_for_update().select_related("organisation").get(pk=clock.melding_id)
    if actor is not None and not can_edit(actor, melding):
        raise NotAllowed("u mag deze melding niet behandelen")
    return melding


def _record(action: str, melding: Melding, clock: Clock, actor: Any, detail: dict[str, Any]) -> None:
    detail = {"clock": clock.kind, "sequence": clock.sequence, **detail}
    record_audit(
        action,
        actor=_user(actor),
        organisation=melding.organisation,
        object_type="melding",
        object_id=melding.pk,
        detail=detail,
    )
    events.publish(
        action, {"melding": melding.pk, "organisation": melding.organisation_id, "clock": clock.pk}
    )


def _moment(at: datetime | None) -> datetime:
    moment = at or timezone.now()
    if timezone.is_naive(moment):
        raise ClockError(f"tijdstip {moment.isoformat()} heeft geen tijdzone")
    if moment > timezone.now() + timedelta(minutes=5):
        raise ClockError(f"tijdstip {moment:%d-%m-%Y %H:%M} ligt in de toekomst")
    return moment


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None
