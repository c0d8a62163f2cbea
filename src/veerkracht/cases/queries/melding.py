# SPDX-License-Identifier: EUPL-1.2
"""One melding as its page shows it: status in words, clocks in plain Dutch, the steps allowed, the timeline.

Call these only for a melding the person may read (``access.get_visible``); they do not check again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from veerkracht.cases.access import can_edit
from veerkracht.cases.models import Clock, ClockKind, ClockPause, Melding, ReporterMessage, StatusChange
from veerkracht.cases.queries.clock_text import describe
from veerkracht.cases.rulebook import rulebook
from veerkracht.cases.rules.workflow import Transition


@dataclass(frozen=True)
class TimelineEntry:
    """One moment in a melding's history."""

    at: datetime
    #: "status", "pause", "resume" or "message".
    kind: str
    text: str
    actor: str = ""
    reason: str = ""
    fields: dict[str, str] = field(default_factory=dict)


def status_label(melding: Melding) -> str:
    """The melding's status in Dutch ("Wacht op reactie van de melder")."""
    statuses = rulebook().workflow.type(melding.workflow_type).statuses
    spec = statuses.get(melding.status)
    return spec.label.nl if spec is not None else melding.status


def clocks_in_words(melding: Melding, *, now: datetime | None = None) -> list[str]:
    """Every clock of the melding in plain words, oldest first."""
    return [
        describe(clock, now=now)
        for clock in Clock.objects.filter(melding=melding).order_by("started_at", "id")
    ]


def allowed_steps(user: Any, melding: Melding) -> list[Transition]:
    """The steps this person may take now (none when they may not handle the melding)."""
    if not can_edit(user, melding):
        return []
    return rulebook().workflow.type(melding.workflow_type).allowed_from(melding.status)


def timeline(melding: Melding) -> list[TimelineEntry]:
    """Status changes, pauses and messages to the reporter, in the order they happened."""
    kind = rulebook().workflow.type(melding.workflow_type)
    entries = []
    for change in StatusChange.objects.filter(melding=melding).order_by("at", "id"):
        step = kind.transitions.get(change.transition)
        label = step.label.nl if step is not None else "Ontvangen"
        target = kind.statuses.get(change.to_status)
        text = f"{label}: {target.label.nl if target else change.to_status}"
        entries.append(
            TimelineEntry(change.at, "status", text, change.actor_label, change.reason, dict(change.fields))
        )
    for pause in ClockPause.objects.filter(clock__melding=melding).select_related("clock"):
        what = str(ClockKind(pause.clock.kind).label)
        entries.append(TimelineEntry(pause.paused_at, "pause", f"{what} gepauzeerd", reason=pause.reason))
        if pause.resumed_at is not None:
            days = pause.working_days or 0
            text = f"{what} hervat; de termijn schuift {days} werkdag{'en' if days != 1 else ''} op"
            entries.append(TimelineEntry(pause.resumed_at, "resume", text, reason=pause.resume_reason))
    for message in ReporterMessage.objects.filter(melding=melding):
        entries.append(TimelineEntry(message.sent_at, "message", f"Bericht aan de melder: {message.subject}"))
    return sorted(entries, key=lambda entry: entry.at)
