# SPDX-License-Identifier: EUPL-1.2
"""Moving a melding through its workflow: checked against ``workflow.yaml``, one new history row each time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from veerkracht.cases.access import can_edit
from veerkracht.cases.models import Clock, Melding, StatusChange
from veerkracht.cases.rulebook import rulebook
from veerkracht.cases.services import clocks
from veerkracht.cases.services.errors import NotAllowed, WorkflowError
from veerkracht.cases.services.intake import FUTURE_TOLERANCE
from veerkracht.core import events
from veerkracht.core.queries import calendar_for
from veerkracht.core.services import record_audit

STATUS_CHANGED = "melding.status_changed"


@transaction.atomic
def transition(
    melding: Melding,
    name: str,
    *,
    actor: Any,
    reason: str = "",
    fields: dict[str, str] | None = None,
    at: datetime | None = None,
) -> StatusChange:
    """Take a step of the workflow (``acknowledge``, ``give_feedback``, ``close``, ``reopen``, ...).

    Checks that the step is allowed from the current status, that it has its reason and required fields,
    and that the person may handle the melding. Then, in this order: pauses that the old status started
    end, the clocks whose step is done freeze, the clocks the step starts begin, and the new status pauses
    its clocks. Audited; publishes ``melding.status_changed`` after commit. ``at`` (default now) lets an
    import replay history; it may not lie before the previous step.
    """
    current = Melding.objects.select_for_update().select_related("organisation").get(pk=melding.pk)
    if actor is not None and not can_edit(actor, current):
        raise NotAllowed("u mag deze melding niet behandelen")
    flow = rulebook().workflow
    values = {key: str(value).strip() for key, value in (fields or {}).items()}
    spec = flow.check(current.workflow_type, current.status, name, reason=reason, fields=values)
    moment = at or timezone.now()
    if timezone.is_naive(moment):
        raise WorkflowError(f"tijdstip {moment.isoformat()} heeft geen tijdzone")
    if moment > timezone.now() + FUTURE_TOLERANCE:
        raise WorkflowError(f"deze stap ({moment:%d-%m-%Y %H:%M}) ligt in de toekomst")
    if moment < current.status_changed_at:
        raise WorkflowError(
            f"deze stap ({moment:%d-%m-%Y %H:%M}) kan niet eerder zijn dan de vorige "
            f"({current.status_changed_at:%d-%m-%Y %H:%M})"
        )
    kind = flow.type(current.workflow_type)
    calendar = calendar_for(current.organisation)
    leaving, entering = kind.statuses[current.status], kind.statuses[spec.to]
    owned = list(Clock.objects.select_for_update().filter(melding=current).order_by("kind", "sequence"))
    # The newest clock of each kind is the one a step acts on; older ones were frozen before.
    latest = {clock.kind: clock for clock in owned}
    for kind_code in leaving.pauses:
        clock = latest.get(kind_code)
        if clock is not None and clock.is_paused and _paused_by(clock, current.status):
            clocks.resume(clock, at=moment, actor=actor, calendar=calendar, reason=spec.label.nl)
    for kind_code in spec.freezes:
        if kind_code in latest:
            clocks.freeze(latest[kind_code], at=moment, actor=actor, calendar=calendar)
    for clock in clocks.start(current, spec.starts, at=moment, calendar=calendar):
        latest[clock.kind] = clock
    for kind_code in entering.pauses:
        clock = latest.get(kind_code)
        if clock is not None and clock.is_running:
            why = f"{entering.label.nl}" + (f": {reason.strip()}" if reason.strip() else "")
            clocks.pause(clock, at=moment, reason=why, actor=actor, source=clocks.status_source(spec.to))
    user = actor if getattr(actor, "is_authenticated", False) else None
    change = StatusChange.objects.create(
        melding=current,
        at=moment,
        actor=user,
        actor_label=user.get_username() if user is not None else "",
        transition=name,
        from_status=current.status,
        to_status=spec.to,
        reason=reason.strip(),
        fields=values,
    )
    previous = current.status
    current.status, current.is_open, current.status_changed_at = spec.to, kind.is_open(spec.to), moment
    Melding.objects.filter(pk=current.pk).update(
        status=current.status, is_open=current.is_open, status_changed_at=moment
    )
    clocks.refresh_next_deadline(current)
    _copy(current, melding)
    record_audit(
        STATUS_CHANGED,
        actor=actor,
        organisation=current.organisation,
        object_type="melding",
        object_id=current.pk,
        # The reason stays in the status history, which retention can redact; the audit log, which it
        # cannot, holds no free text (ADR 0022).
        detail={"transition": name, "from": previous, "to": spec.to, "status_change": change.pk},
    )
    events.publish(
        STATUS_CHANGED,
        {
            "melding": current.pk,
            "organisation": current.organisation_id,
            "transition": name,
            "from": previous,
            "to": spec.to,
            "status_change": change.pk,
        },
    )
    return change


def _paused_by(clock: Clock, status: str) -> bool:
    running = clock.pauses.filter(resumed_at__isnull=True).first()
    return running is not None and running.source == clocks.status_source(status)


def _copy(source: Melding, target: Melding) -> None:
    """Let the caller's object show the new state too (it was read before the row was locked)."""
    if source is target:
        return
    for name in ("status", "is_open", "status_changed_at", "next_deadline"):
        setattr(target, name, getattr(source, name))
