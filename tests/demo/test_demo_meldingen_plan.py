# SPDX-License-Identifier: EUPL-1.2
"""The demo's year of meldingen looks like a corporation's year: seasons, pressure, returning reporters."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

import numpy as np
import pytest

from veerkracht.cases.rules.categories import read_categories
from veerkracht.core.calendar import AMSTERDAM, WorkingDayCalendar
from veerkracht.demo.meldingen.mix import PHYSICAL, SOCIAL
from veerkracht.demo.meldingen.places import Places, places_of
from veerkracht.demo.meldingen.plan import YearPlan, plan_year
from veerkracht.demo.synthetic import City

NOW = datetime(2026, 11, 27, 14, 0, tzinfo=AMSTERDAM)
BOOK = read_categories()
WORKFLOWS = {code: spec.workflow for code, spec in BOOK.file.categories.items()}
CALENDAR = WorkingDayCalendar()


def plan(places: Places, seed: int = 7, now: datetime = NOW) -> YearPlan:
    return plan_year(places, seed=seed, now=now, calendar=CALENDAR, workflows=WORKFLOWS)


@pytest.fixture(scope="module")
def places(city: City) -> Places:
    return places_of(city, seed=7)


@pytest.fixture(scope="module")
def year(places: Places) -> YearPlan:
    return plan(places)


def test_the_same_seed_and_moment_give_the_same_year_and_another_seed_another(places: Places) -> None:
    first, again, other = plan(places), plan(places), plan(places, seed=8)
    assert first == again
    assert first.meldingen != other.meldingen


def test_two_corporations_get_a_few_thousand_meldingen_over_the_365_days_before_now(year: YearPlan) -> None:
    owners = Counter(melding.owner for melding in year.meldingen)
    assert set(owners) == {0, 1} and 1500 <= sum(owners.values()) <= 8000
    assert all(NOW - timedelta(days=366) < m.received_at < NOW for m in year.meldingen)


def test_nuisance_peaks_in_summer_and_rubbish_around_the_holidays(year: YearPlan) -> None:
    nuisance = Counter(m.received_at.month for m in year.meldingen if m.subcategory in ("geluid", "jongeren"))
    summer, winter = nuisance[6] + nuisance[7] + nuisance[8], nuisance[12] + nuisance[1] + nuisance[2]
    assert summer > 1.4 * winter

    def per_day(days: list[date]) -> float:
        rubbish = Counter(
            m.received_at.date()
            for m in year.meldingen
            if m.subcategory in ("zwerfafval", "grofvuil", "containers")
        )
        return sum(rubbish[day] for day in days) / len(days)

    start = date(2025, 12, 24)
    holidays = [start + timedelta(days=i) for i in range(15)]
    autumn = [date(2025, 10, 6) + timedelta(days=i) for i in range(49)]
    assert per_day(holidays) > 1.4 * per_day(autumn)


def test_social_meldingen_cluster_where_the_generator_put_pressure(
    city: City, places: Places, year: YearPlan
) -> None:
    pressed_buurten = set(city.truth["stories"].get("not_resilient", []))
    hotspots = {square for h in city.truth["hidden_hotspots"] for square in h["square_ids"]}
    assert pressed_buurten and hotspots
    # Per corporation home: social meldingen in pressed buurten against the rest of the city.
    buurt_of = {(x, y): b for x, y, b in zip(places.x // 100, places.y // 100, places.buurt, strict=True)}
    social = Counter(
        buurt_of.get((m.x // 100, m.y // 100)) in pressed_buurten
        for m in year.meldingen
        if m.weight == SOCIAL and m.round is None
    )
    pressed = np.isin(places.buurt, list(pressed_buurten))
    rate_pressed = social[True] / places.dwellings[pressed].sum()
    rate_rest = social[False] / places.dwellings[~pressed].sum()
    assert rate_pressed > 1.5 * rate_rest
    physical = Counter(
        buurt_of.get((m.x // 100, m.y // 100)) in pressed_buurten
        for m in year.meldingen
        if m.weight == PHYSICAL
    )
    # Physical meldingen follow the homes much more evenly.
    assert physical[True] / places.dwellings[pressed].sum() < rate_pressed


def test_some_reporters_come_back_again_and_again(year: YearPlan) -> None:
    for owner in (0, 1):
        per_reporter = Counter(
            m.reporter.email for m in year.meldingen if m.owner == owner and m.reporter.address
        )
        assert sum(1 for count in per_reporter.values() if count >= 3) >= 15
    anonymous = [m for m in year.meldingen if m.reporter.kind == "anonymous"]
    assert anonymous and all(not (m.reporter.name or m.reporter.email or m.reporter.phone) for m in anonymous)


def test_a_resident_team_walks_every_other_saturday_and_reports_physical_findings(year: YearPlan) -> None:
    assert 20 <= len(year.rounds) <= 27
    assert all(r.walked_on.weekday() == 5 for r in year.rounds)
    assert {b.walked_on - a.walked_on for a, b in zip(year.rounds, year.rounds[1:], strict=False)} == {
        timedelta(days=14)
    }
    findings = Counter(m.round for m in year.meldingen if m.round is not None)
    assert set(findings) == set(range(len(year.rounds))) and set(findings.values()) <= set(range(2, 7))
    pillars = {BOOK.classify(m.category, m.subcategory).pillar for m in year.meldingen if m.round is not None}
    assert pillars == {"fysieke_woonomgeving"}
    assert {m.channel for m in year.meldingen if m.round is not None} == {"round"}


def test_the_mix_covers_the_four_pillars_in_the_proportions_of_seed_004(year: YearPlan) -> None:
    pillars = Counter(BOOK.classify(m.category, m.subcategory).pillar for m in year.meldingen)
    share = {pillar: count / len(year.meldingen) for pillar, count in pillars.items()}
    assert 0.45 <= share["fysieke_woonomgeving"] <= 0.6
    assert 0.25 <= share["sociaal_preventief"] <= 0.42
    assert 0.04 <= share["sociaal_repressief"] <= 0.12
    assert 0.03 <= share["samen_wonen"] <= 0.1
    used = {(m.category, m.subcategory) for m in year.meldingen}
    every = {(code, sub) for code, _label, subs in BOOK.choices() for sub, _ in subs}
    assert len(used) >= 0.9 * len(every)


def test_most_promises_are_kept_in_working_days_and_nothing_happens_after_now(year: YearPlan) -> None:
    acknowledged = [m for m in year.meldingen if m.handling.acknowledged_at]
    on_time = [
        m
        for m in acknowledged
        if m.handling.acknowledged_at <= CALENDAR.add_working_days(m.received_at, 2)  # type: ignore[operator]
    ]
    assert 0.8 <= len(on_time) / len(acknowledged) <= 0.97
    answered = [m for m in year.meldingen if m.handling.feedback_at]
    in_ten = [
        m
        for m in answered
        if m.handling.feedback_at <= CALENDAR.add_working_days(m.received_at, 10)  # type: ignore[operator]
    ]
    assert 0.75 <= len(in_ten) / len(answered) < 1.0
    for m in year.meldingen:
        steps = [m.received_at, m.handling.acknowledged_at, m.handling.feedback_at, m.handling.closed_at]
        known = [step for step in steps if step is not None]
        assert known == sorted(known) and known[-1] < NOW
    stuck = [
        m for m in year.meldingen if m.handling.closed_at is None and m.received_at < NOW - timedelta(days=60)
    ]
    assert 0 < len(stuck) < 0.06 * len(year.meldingen)
