# SPDX-License-Identifier: EUPL-1.2
"""Replaying moments through the workflow (pure): the shortest way to a status, and moments out of order."""

from __future__ import annotations

from datetime import datetime

import pytest

from veerkracht.cases.importers.history import DayCounter, HistoryProblem, Moments, replay
from veerkracht.cases.rules.service_levels import CLOCK_KINDS, read_service_levels
from veerkracht.cases.rules.workflow import read_workflow
from veerkracht.core.calendar import AMSTERDAM, WorkingDayCalendar

FLOW = read_workflow()
LEVELS = read_service_levels()
NOW = datetime(2026, 11, 27, 12, tzinfo=AMSTERDAM)


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2025, month, day, hour, tzinfo=AMSTERDAM)


def run(kind: str, **moments: object) -> object:
    def level(clock: str) -> object:
        return LEVELS.level_for(
            clock, organisation="ergens", category="zorgsignaal", subcategory="vereenzaming"
        )

    return replay(
        FLOW.type(kind),
        Moments(received_at=at(3, 3), **moments),  # type: ignore[arg-type]
        level_of=level,  # type: ignore[arg-type]
        days=DayCounter(WorkingDayCalendar()),
        clock_kinds=CLOCK_KINDS,
        now=NOW,
    )


def test_a_status_no_moment_stands_for_is_reached_the_shortest_way_with_its_required_field() -> None:
    replayed = run("signaal", status="doorverwezen", status_at=at(3, 5))
    steps = [(step.transition, step.to_status, step.fields) for step in replayed.steps]  # type: ignore[attr-defined]
    assert steps == [("refer", "doorverwezen", {"partner": "Niet overgenomen uit het vorige systeem"})]
    clocks = {clock.kind: clock for clock in replayed.clocks}  # type: ignore[attr-defined]
    assert clocks["acknowledgement"].frozen_at == at(3, 5) and clocks["feedback"].frozen_at is None


@pytest.mark.parametrize(
    ("kind", "moments", "field", "text"),
    [
        (
            "standaard",
            {"closed_at": at(3, 4), "status": "in_behandeling"},
            "status",
            "kan niet volgen op 'Afgehandeld'",
        ),
        (
            "standaard",
            {"acknowledged_at": at(3, 2)},
            "acknowledged_at",
            "ligt vóór de ontvangst (03-03-2025 10:00)",
        ),
        (
            "standaard",
            {"feedback_at": at(3, 10), "closed_at": at(3, 9)},
            "closed_at",
            "ligt vóór de terugkoppeling",
        ),
        (
            "standaard",
            {"status": "doorverwezen", "status_at": at(3, 4)},
            "status",
            "bestaat niet voor een melding",
        ),
        ("signaal", {"status": "wacht_op_partner"}, "status_at", "vraagt de datum waarop"),
        (
            "standaard",
            {"closed_at": datetime(2027, 1, 4, 9, tzinfo=AMSTERDAM)},
            "closed_at",
            "in de toekomst",
        ),
    ],
)
def test_moments_that_do_not_fit_the_workflow_are_named_by_their_field(
    kind: str, moments: dict[str, object], field: str, text: str
) -> None:
    with pytest.raises(HistoryProblem) as refused:
        run(kind, **moments)
    assert refused.value.field == field and text in refused.value.text


def test_a_step_earlier_on_the_same_day_moves_to_the_step_before_it() -> None:
    replayed = run("standaard", acknowledged_at=at(3, 3, 8), closed_at=at(3, 3, 7))
    assert [step.at for step in replayed.steps] == [at(3, 3), at(3, 3)]  # type: ignore[attr-defined]


def test_the_day_counter_gives_what_the_calendar_gives() -> None:
    calendar = WorkingDayCalendar(good_friday=True)
    counter = DayCounter(calendar)
    for day in range(1, 31):
        start = datetime(2025, 4, day, 16, tzinfo=AMSTERDAM)
        for budget in (0, 1, 2, 5, 10):
            assert counter.add_working_days(start, budget) == calendar.add_working_days(start, budget)
            assert counter.working_days_between(at(4, 1), start) == calendar.working_days_between(
                at(4, 1), start
            )
