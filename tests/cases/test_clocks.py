# SPDX-License-Identifier: EUPL-1.2
"""Clock arithmetic over real Dutch calendars: deadlines, pauses across holidays, and their invariants."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veerkracht.cases.clocks import (
    ClockError,
    Pause,
    deadline,
    derived_deadline,
    is_overdue,
    paused_working_days,
    remaining,
    total_paused,
    was_on_time,
)
from veerkracht.core.calendar import AMSTERDAM, WorkingDayCalendar

DEFAULT = WorkingDayCalendar()
LAW = WorkingDayCalendar(good_friday=True, liberation_day="always")
CLOSED_AT_CHRISTMAS = WorkingDayCalendar(closing_days=[date(2026, 12, 28), date(2026, 12, 29)])


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


@pytest.mark.parametrize(
    ("why", "calendar", "received", "budget", "due"),
    [
        (
            "Thursday before Easter, ack: Goede Vrijdag works, Easter Monday not",
            DEFAULT,
            at(2026, 4, 2),
            2,
            date(2026, 4, 7),
        ),
        ("Thursday before Easter with Goede Vrijdag off", LAW, at(2026, 4, 2), 2, date(2026, 4, 8)),
        ("Thursday before Easter, feedback", DEFAULT, at(2026, 4, 2), 10, date(2026, 4, 17)),
        ("Thursday before Easter, feedback target", DEFAULT, at(2026, 4, 2), 5, date(2026, 4, 10)),
        (
            "on Koningsdag (a Monday in 2026): the day does not count",
            DEFAULT,
            at(2026, 4, 27, 11),
            2,
            date(2026, 4, 29),
        ),
        (
            "Koningsdag, feedback: 5 May works outside lustrum years",
            DEFAULT,
            at(2026, 4, 27, 11),
            10,
            date(2026, 5, 11),
        ),
        ("Koningsdag, feedback with 5 May off every year", LAW, at(2026, 4, 27, 11), 10, date(2026, 5, 12)),
        ("Koningsdag 2025 on Saturday 26 April", DEFAULT, at(2025, 4, 25, 15), 1, date(2025, 4, 28)),
        (
            "on 24 December: Christmas and the weekend do not count",
            DEFAULT,
            at(2026, 12, 24, 16, 30),
            2,
            date(2026, 12, 29),
        ),
        ("24 December, feedback over New Year", DEFAULT, at(2026, 12, 24, 16, 30), 10, date(2027, 1, 11)),
        ("24 December, target over New Year", DEFAULT, at(2026, 12, 24, 16, 30), 5, date(2027, 1, 4)),
        (
            "24 December with a Christmas closure",
            CLOSED_AT_CHRISTMAS,
            at(2026, 12, 24, 16, 30),
            2,
            date(2026, 12, 31),
        ),
        ("on a Saturday night", DEFAULT, at(2026, 11, 28, 23, 30), 2, date(2026, 12, 1)),
        (
            "Saturday night in UTC is Sunday in Amsterdam",
            DEFAULT,
            datetime(2026, 11, 28, 23, 30, tzinfo=UTC),
            2,
            date(2026, 12, 1),
        ),
        ("Sunday evening", DEFAULT, at(2026, 11, 29, 22), 1, date(2026, 11, 30)),
        ("Hemelvaartsdag 2026 (14 May) is skipped", DEFAULT, at(2026, 5, 13, 9), 1, date(2026, 5, 15)),
        (
            "a budget of nought is the end of the day of receipt",
            DEFAULT,
            at(2026, 11, 28, 23, 30),
            0,
            date(2026, 11, 28),
        ),
    ],
)
def test_deadlines_over_real_dutch_calendars(
    why: str, calendar: WorkingDayCalendar, received: datetime, budget: int, due: date
) -> None:
    result = deadline(calendar, received, budget, 0)
    assert result.astimezone(AMSTERDAM).date() == due, why
    assert result.astimezone(AMSTERDAM).time().isoformat() == "23:59:59.999999", why


@pytest.mark.parametrize(
    ("why", "paused_at", "resumed_at", "days", "due"),
    [
        ("no pause: Monday 21 December, feedback within 10", None, None, 0, date(2027, 1, 6)),
        (
            "paused Wed 23 Dec, resumed Mon 28 Dec: Thursday and Monday",
            at(2026, 12, 23, 14),
            at(2026, 12, 28),
            2,
            date(2027, 1, 8),
        ),
        (
            "paused on 24 December, resumed Monday: only Monday",
            at(2026, 12, 24, 15),
            at(2026, 12, 28, 9),
            1,
            date(2027, 1, 7),
        ),
        (
            "paused and resumed on one day: nothing",
            at(2026, 12, 22, 9),
            at(2026, 12, 22, 16),
            0,
            date(2027, 1, 6),
        ),
        ("paused over Christmas and New Year", at(2026, 12, 24, 9), at(2027, 1, 4, 9), 5, date(2027, 1, 13)),
    ],
)
def test_a_pause_across_holidays_moves_the_deadline_by_exactly_its_working_days(
    why: str, paused_at: datetime | None, resumed_at: datetime | None, days: int, due: date
) -> None:
    received = at(2026, 12, 21, 9)
    pauses = [] if paused_at is None else [Pause(paused_at, resumed_at)]
    assert total_paused(DEFAULT, pauses) == days, why
    assert derived_deadline(DEFAULT, received, 10, pauses).date() == due, why  # type: ignore[union-attr]


def test_a_clock_has_no_deadline_while_a_pause_lasts() -> None:
    received = at(2026, 12, 21, 9)
    assert derived_deadline(DEFAULT, received, 10, [Pause(at(2026, 12, 22))]) is None
    assert not is_overdue(None, None, at(2030, 1, 1))


def test_a_pause_cannot_end_before_it_began() -> None:
    with pytest.raises(ClockError, match="voordat hij begon"):
        paused_working_days(DEFAULT, at(2026, 12, 22, 12), at(2026, 12, 22, 11))
    with pytest.raises(ClockError, match="negatief"):
        deadline(DEFAULT, at(2026, 12, 22), -1, 0)


def test_overdue_and_on_time_are_judged_by_the_deadline_itself() -> None:
    due = deadline(DEFAULT, at(2026, 12, 24, 16, 30), 2, 0)
    assert not is_overdue(due, None, due)
    assert is_overdue(due, None, due + timedelta(microseconds=1))
    assert not is_overdue(due, due + timedelta(days=3), due + timedelta(days=5))  # frozen: never overdue
    assert was_on_time(due, due) is True
    assert was_on_time(due, due + timedelta(microseconds=1)) is False
    assert was_on_time(due, None) is None


# Moments from 2025 to 2028, at any minute; the calendars include one with Christmas closing days.
MOMENTS = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 6, 30)).map(
    lambda moment: moment.replace(second=0, microsecond=0, tzinfo=AMSTERDAM)
)
CALENDARS = st.sampled_from([DEFAULT, LAW, CLOSED_AT_CHRISTMAS])


@settings(max_examples=300, deadline=None)
@given(CALENDARS, MOMENTS, st.integers(0, 15), st.integers(0, 40 * 24 * 60), st.integers(0, 30 * 24 * 60))
def test_a_pause_never_brings_the_deadline_forward_and_keeps_the_days_left(
    calendar: WorkingDayCalendar, received: datetime, budget: int, pause_after: int, pause_length: int
) -> None:
    paused_at = received + timedelta(minutes=pause_after)
    resumed_at = paused_at + timedelta(minutes=pause_length)
    before = deadline(calendar, received, budget, 0)
    after = derived_deadline(calendar, received, budget, [Pause(paused_at, resumed_at)])
    assert after is not None and after >= before
    # The clock resumes with exactly the working days it had left when it paused.
    assert remaining(calendar, resumed_at, after) == remaining(calendar, paused_at, before)
    # And the deadline is the budget plus the pause, counted the calendar's one way.
    assert calendar.working_days_between(received, after) == budget + paused_working_days(
        calendar, paused_at, resumed_at
    )
    assert (
        calendar.is_working_day(after.date())
        or budget + total_paused(calendar, [Pause(paused_at, resumed_at)]) == 0
    )


@settings(max_examples=200, deadline=None)
@given(CALENDARS, MOMENTS, st.integers(0, 15), st.integers(0, 60 * 24), st.integers(0, 23 * 60))
def test_resuming_on_the_day_the_pause_began_changes_nothing(
    calendar: WorkingDayCalendar, received: datetime, budget: int, pause_after: int, pause_length: int
) -> None:
    paused_at = received + timedelta(minutes=pause_after)
    end_of_day = paused_at.replace(hour=23, minute=59)
    resumed_at = min(paused_at + timedelta(minutes=pause_length), end_of_day)
    assert derived_deadline(calendar, received, budget, [Pause(paused_at, resumed_at)]) == deadline(
        calendar, received, budget, 0
    )


@settings(max_examples=200, deadline=None)
@given(CALENDARS, MOMENTS, st.integers(1, 15), st.lists(st.integers(0, 20 * 24 * 60), min_size=2, max_size=6))
def test_several_pauses_add_up_and_a_longer_pause_never_gives_an_earlier_deadline(
    calendar: WorkingDayCalendar, received: datetime, budget: int, gaps: list[int]
) -> None:
    moments = [received]
    for gap in gaps:
        moments.append(moments[-1] + timedelta(minutes=gap))
    pauses = [Pause(moments[i], moments[i + 1]) for i in range(1, len(moments) - 1, 2)]
    due = derived_deadline(calendar, received, budget, pauses)
    assert due == deadline(
        calendar,
        received,
        budget,
        sum(paused_working_days(calendar, p.paused_at, p.resumed_at) for p in pauses),
    )  # type: ignore[arg-type]
    if pauses:
        longer = [*pauses[:-1], Pause(pauses[-1].paused_at, pauses[-1].resumed_at + timedelta(days=1))]  # type: ignore[operator]
        assert derived_deadline(calendar, received, budget, longer) >= due  # type: ignore[operator]
