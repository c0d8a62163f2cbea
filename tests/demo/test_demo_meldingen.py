# SPDX-License-Identifier: EUPL-1.2
"""The demo city comes with a year of synthetic meldingen: two corporations, rounds, and some late ones."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from demo_city import DemoCity, demo, demo_city
from veerkracht.cases.models import Clock, Melding, ResidentTeamRound, StatusChange
from veerkracht.cases.queries.worklist import overdue, work_list
from veerkracht.core.models import Organisation, User
from veerkracht.demo.meldingen.build import CORPORATIONS, build_demo_meldingen
from veerkracht.demo.synthetic import generate_city

__all__ = ["demo", "demo_city"]


def person(username: str) -> User:
    return User.objects.get(username=username)


def test_two_corporations_have_a_year_of_synthetic_meldingen_in_the_demo_city(demo: DemoCity) -> None:
    per_corporation = dict(
        Melding.objects.values_list("received_by__name")
        .annotate(n=Count("id"))
        .values_list("received_by__name", "n")
    )
    assert set(per_corporation) == set(CORPORATIONS)
    assert all(count >= 800 for count in per_corporation.values()) and sum(per_corporation.values()) <= 8000
    assert not Melding.objects.filter(synthetic=False).exists()
    year_ago = timezone.now() - timedelta(days=366)
    # The dossiers' histories lie in 2024 and 2025 on purpose (some past retention); the rest is this year.
    assert not Melding.objects.filter(received_at__lt=year_ago, dossiers__isnull=True).exists()
    assert Melding.objects.filter(received_at__gte=year_ago).count() >= 1600
    # Placed in the city's own buurten and, where they are, in its complexes.
    assert not Melding.objects.filter(buurt_code="").exists()
    assert Melding.objects.exclude(complex_code="").count() > 100


def test_statuses_run_along_the_workflow_with_clocks_that_froze_when_the_step_was_done(
    demo: DemoCity,
) -> None:
    statuses = set(Melding.objects.values_list("status", flat=True))
    assert {"gemeld", "in_behandeling", "teruggekoppeld", "afgehandeld", "wacht_op_partner"} <= statuses
    closed = Melding.objects.filter(is_open=False)
    assert closed.count() > 0.8 * Melding.objects.count()
    assert not Clock.objects.filter(melding__in=closed, frozen_at__isnull=True).exists()
    firsts = StatusChange.objects.filter(transition="receive").count()
    assert firsts == Melding.objects.count()
    steps = set(StatusChange.objects.values_list("transition", flat=True))
    assert {"receive", "acknowledge", "give_feedback", "close", "wait_for_partner"} <= steps


def test_some_are_overdue_at_the_top_of_the_work_lists_of_those_who_handle_them(demo: DemoCity) -> None:
    late = list(overdue(person("sociaalbeheerder")))
    assert 0 < len(late) < 0.05 * Melding.objects.count()
    team = work_list(person("wijkbeheerder"), scope="team")
    assert team.items and team.items[0].next_deadline is not None
    assert all(m.responsible_team.name == "Wijkbeheer Noord" for m in team.items)  # type: ignore[union-attr]
    assert work_list(person("wijkbeheerder"), scope="mine").items


def test_one_corporation_never_reads_the_other_ones_meldingen(demo: DemoCity) -> None:
    maasoever, heuvelrand = (Organisation.objects.get(name=name) for name in CORPORATIONS)
    theirs = Melding.objects.visible_to(person("heuvelrand"))
    assert theirs.exists() and set(theirs.values_list("organisation", flat=True)) == {heuvelrand.pk}
    ours = Melding.objects.visible_to(person("sociaalbeheerder"))
    assert set(ours.values_list("organisation", flat=True)) == {maasoever.pk}


def test_the_resident_team_rounds_come_in_as_rounds_with_their_findings(demo: DemoCity) -> None:
    rounds = ResidentTeamRound.objects.all()
    assert rounds.count() >= 20
    assert {r.team.name for r in rounds} == {"Bewonersteam Hoogveld"}
    findings = Melding.objects.filter(round__isnull=False)
    assert set(findings.values_list("channel", "reporter_kind")) == {("round", "resident_team")}
    bewoner = person("bewoner")
    assert set(findings.values_list("submitted_by", flat=True)) == {bewoner.pk}
    # The resident sees what the team submitted, and nothing else.
    assert set(Melding.objects.visible_to(bewoner)) == set(findings)


def test_building_again_adds_no_second_year(demo: DemoCity) -> None:
    before = Melding.objects.count()
    assert build_demo_meldingen(generate_city(2021), seed=2021) is None
    assert Melding.objects.count() == before
