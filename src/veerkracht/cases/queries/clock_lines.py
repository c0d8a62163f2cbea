# SPDX-License-Identifier: EUPL-1.2
"""The clocks of many meldingen in plain words, in one query: what the work list shows per row.

Each line says, besides its text, whether the clock is late, paused or done, so a page can mark a late
promise with a word and a symbol and not by colour alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from veerkracht.cases.models import Clock, Melding
from veerkracht.cases.queries.clock_text import describe


@dataclass(frozen=True)
class ClockLine:
    """One promise of one melding, in words."""

    kind: str
    text: str
    overdue: bool
    paused: bool
    done: bool


def line(clock: Clock, now: datetime) -> ClockLine:
    return ClockLine(
        kind=clock.kind,
        text=describe(clock, now=now),
        overdue=clock.is_running and clock.deadline is not None and clock.deadline < now,
        paused=clock.is_paused,
        done=clock.frozen_at is not None,
    )


def clock_lines(
    meldingen: Iterable[Melding], *, now: datetime | None = None, latest_only: bool = True
) -> dict[int, list[ClockLine]]:
    """Per melding (by id) its clocks in words, acknowledgement first; only the newest of each kind
    unless ``latest_only`` is False (a reopened melding has a second feedback clock)."""
    moment = now or timezone.now()
    ids = [melding.pk for melding in meldingen]
    found: dict[int, dict[tuple[str, int], Clock]] = {pk: {} for pk in ids}
    for clock in Clock.objects.filter(melding_id__in=ids).order_by("melding_id", "started_at", "id"):
        key = (clock.kind, 0 if latest_only else clock.sequence)
        found[clock.melding_id][key] = clock
    return {
        pk: [line(clock, moment) for clock in sorted(clocks.values(), key=lambda c: (c.started_at, c.pk))]
        for pk, clocks in found.items()
    }
