# SPDX-License-Identifier: EUPL-1.2
"""The arithmetic of a melding's clocks: budget, pauses and deadline in working days (pure: no Django).

A clock promises a step (acknowledgement, feedback) within a budget of working days from the moment it
started, counted by the organisation's calendar (ADR 0008: the day of the start does not count; the
deadline is the end of the n-th working day after it). A clock can pause (waiting for the reporter or a
partner) and resume. Stored is the budget and a ledger of pauses; the deadline is derived:

    deadline = add_working_days(started_at, budget + sum of the working days of every ended pause)

How a pause counts, precisely: a pause from ``paused_at`` to ``resumed_at`` costs the working days after
the day of ``paused_at`` up to and including the day of ``resumed_at`` -- the calendar's own count,
``working_days_between``. The day a pause starts is not given back (the clock ran that day), and the day
it ends is (work starts again on it, as with receipt). So:

- a pause that starts and ends on the same day costs nothing, whatever the hours;
- a pause from Monday to Tuesday costs one day, from Friday to Monday one (the weekend is no working day);
- a pause that starts on a Saturday and ends on Monday costs one day (Monday);
- and, the property that makes the rule fair: the working days left when a clock resumes are exactly those
  it had left when it paused, counted the same way (``remaining`` below).

>>> from veerkracht.core.calendar import AMSTERDAM, WorkingDayCalendar
>>> calendar = WorkingDayCalendar()
>>> received = datetime(2026, 12, 23, 10, 0, tzinfo=AMSTERDAM)          # Wednesday
>>> deadline(calendar, received, 2, 0).date()                           # Christmas does not count
datetime.date(2026, 12, 28)
>>> pause = paused_working_days(calendar, datetime(2026, 12, 24, 9, tzinfo=AMSTERDAM),
...                             datetime(2026, 12, 29, 9, tzinfo=AMSTERDAM))
>>> pause                                                              # Monday 28 and Tuesday 29
2
>>> deadline(calendar, received, 2, pause).date()
datetime.date(2026, 12, 30)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from veerkracht.core.calendar import WorkingDayCalendar, local_day


class ClockError(ValueError):
    """A pause or resumption that cannot be (the message is in Dutch)."""


@dataclass(frozen=True)
class Pause:
    """One entry of a clock's ledger of pauses; ``resumed_at`` is None while the pause lasts."""

    paused_at: datetime
    resumed_at: datetime | None = None


def paused_working_days(calendar: WorkingDayCalendar, paused_at: datetime, resumed_at: datetime) -> int:
    """Return the working days a pause costs: after the day it started, up to and including its last day.

    >>> from veerkracht.core.calendar import AMSTERDAM, WorkingDayCalendar
    >>> monday = datetime(2026, 1, 12, 9, tzinfo=AMSTERDAM)
    >>> paused_working_days(WorkingDayCalendar(), monday, monday.replace(hour=16))
    0
    """
    if resumed_at < paused_at:
        raise ClockError(
            f"een pauze kan niet eindigen ({resumed_at:%d-%m-%Y %H:%M}) "
            f"voordat hij begon ({paused_at:%d-%m-%Y %H:%M})"
        )
    return calendar.working_days_between(paused_at, resumed_at)


def deadline(calendar: WorkingDayCalendar, started_at: datetime, budget: int, paused_days: int) -> datetime:
    """Return the deadline of a clock: the budget plus the working days of its ended pauses."""
    if budget < 0 or paused_days < 0:
        raise ClockError(f"budget ({budget}) en gepauzeerde dagen ({paused_days}) kunnen niet negatief zijn")
    return calendar.add_working_days(started_at, budget + paused_days)


def total_paused(calendar: WorkingDayCalendar, pauses: Iterable[Pause]) -> int:
    """Return the working days of every ended pause in a ledger (a pause still running counts later)."""
    return sum(
        paused_working_days(calendar, pause.paused_at, pause.resumed_at)
        for pause in pauses
        if pause.resumed_at is not None
    )


def derived_deadline(
    calendar: WorkingDayCalendar, started_at: datetime, budget: int, pauses: Iterable[Pause]
) -> datetime | None:
    """Return the deadline a ledger gives, or None while a pause lasts (then no deadline is running)."""
    ledger = list(pauses)
    if any(pause.resumed_at is None for pause in ledger):
        return None
    return deadline(calendar, started_at, budget, total_paused(calendar, ledger))


def remaining(calendar: WorkingDayCalendar, moment: datetime, due: datetime) -> int:
    """Return the working days left at ``moment`` until ``due`` (0 on its last day, negative when late).

    >>> from veerkracht.core.calendar import AMSTERDAM, WorkingDayCalendar
    >>> calendar = WorkingDayCalendar()
    >>> monday = datetime(2026, 1, 12, 9, tzinfo=AMSTERDAM)
    >>> remaining(calendar, monday, datetime(2026, 1, 14, 23, tzinfo=AMSTERDAM))
    2
    """
    return calendar.working_days_between(moment, due)


def is_overdue(due: datetime | None, frozen_at: datetime | None, now: datetime) -> bool:
    """Whether a clock is late: running (not frozen, not paused) and past its deadline."""
    return due is not None and frozen_at is None and due < now


def was_on_time(due: datetime | None, frozen_at: datetime | None) -> bool | None:
    """For a frozen clock, whether its step was done at or before the deadline; None while it runs."""
    if frozen_at is None or due is None:
        return None
    return frozen_at <= due


def same_day(first: datetime, second: datetime) -> bool:
    """Whether two moments fall on the same day in Europe/Amsterdam."""
    return local_day(first) == local_day(second)
