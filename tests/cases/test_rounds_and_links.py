# SPDX-License-Identifier: EUPL-1.2
"""Resident-team rounds (all or nothing), linking a melding to an earlier one, and reassigning."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from veerkracht.cases.models import Clock, Melding, ResidentTeamRound
from veerkracht.cases.services.assignment import reassign
from veerkracht.cases.services.errors import IntakeError, NotAllowed, WorkflowError
from veerkracht.cases.services.intake import Reporter
from veerkracht.cases.services.links import link_to_existing, mark_duplicate
from veerkracht.cases.services.rounds import submit_round
from veerkracht.core.models import AuditEvent

from .conftest import IN_BUURT_2, City, new_melding


def findings() -> list[Any]:
    return [
        new_melding("vervuiling", "grofvuil", reporter=Reporter(kind="anonymous")),
        new_melding("veiligheid", "verlichting", point=IN_BUURT_2, reporter=Reporter(kind="anonymous")),
        new_melding("tuin", "verwaarloosde_tuin", reporter=Reporter(kind="anonymous")),
    ]


def test_a_round_becomes_one_melding_per_finding_for_the_organisation_it_reports_to(city: City) -> None:
    round, meldingen = submit_round(
        city.resident_team,
        walked_on=date(2026, 11, 26),
        route="Maasstraat, Oostpad en het speelveld",
        findings=findings(),
        actor=city["bewoner"],
        organisation=city.corporation,
    )
    assert len(meldingen) == 3 and all(m.round == round for m in meldingen)
    assert {m.channel for m in meldingen} == {"round"} and {m.reporter_kind for m in meldingen} == {
        "resident_team"
    }
    assert {m.organisation for m in meldingen} == {city.corporation}
    assert (
        meldingen[0].routing_rule.name
        == "Rondes van bewonersteams over de fysieke woonomgeving: wijkbeheerder"
    )
    assert Clock.objects.filter(melding__round=round).count() == 6
    assert AuditEvent.objects.filter(action="round.submitted", object_id=str(round.pk)).exists()
    # The walker sees the team's round and what they submitted; a team mate sees the round, not the meldingen.
    assert set(Melding.objects.visible_to(city["bewoner"])) == set(meldingen)
    assert list(ResidentTeamRound.objects.visible_to(city["buurman"])) == [round]
    assert not Melding.objects.visible_to(city["buurman"]).exists()
    assert list(ResidentTeamRound.objects.visible_to(city["wijkbeheerder"])) == [round]
    assert not ResidentTeamRound.objects.visible_to(city["anders"]).exists()


def test_one_wrong_finding_stores_nothing_of_the_round(city: City) -> None:
    wrong = [*findings(), new_melding("vervuiling", "onbekend")]
    with pytest.raises(IntakeError) as refused:
        submit_round(
            city.resident_team,
            walked_on=date(2026, 11, 26),
            route="Maasstraat",
            findings=wrong,
            actor=city["bewoner"],
            organisation=city.corporation,
        )
    assert list(refused.value.problems) == ["findings[3].subcategory"]
    assert not ResidentTeamRound.objects.exists() and not Melding.objects.exists()


def test_a_round_needs_a_route_a_past_day_a_resident_team_and_a_member(city: City) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(IntakeError) as refused:
        submit_round(city.resident_team, walked_on=tomorrow, route=" ", findings=[], actor=city["bewoner"])
    assert set(refused.value.problems) == {"walked_on", "route"}
    with pytest.raises(IntakeError, match="geen bewonersteam"):
        submit_round(city.noord, walked_on=date(2026, 11, 26), route="x", findings=[], actor=None)
    with pytest.raises(NotAllowed):
        submit_round(
            city.resident_team, walked_on=date(2026, 11, 26), route="x", findings=[], actor=city["anders"]
        )
    round, meldingen = submit_round(
        city.resident_team, walked_on=date(2026, 11, 26), route="Rustig", findings=[], actor=city["buurman"]
    )
    assert meldingen == [] and round.organisation == city.residents


def test_linking_instead_of_a_second_case_keeps_the_reporter_and_routes_like_the_first(
    city: City, take_in: Any
) -> None:
    first = take_in()
    second = link_to_existing(
        new_melding(reporter=Reporter(kind="neighbour", email="buur@example.nl")),
        first,
        organisation=city.corporation,
        actor=city["wijkbeheerder"],
    )
    assert second.duplicate_of == first and second.status == "gekoppeld" and not second.is_open
    assert second.reporter_contact.email == "buur@example.nl"
    assert (second.organisation, second.routing_rule) == (first.organisation, first.routing_rule)
    assert not Clock.objects.filter(melding=second, frozen_at__isnull=True).exists()
    assert list(first.linked.all()) == [second]
    with pytest.raises(WorkflowError, match="koppel aan die melding"):
        link_to_existing(new_melding(), second, organisation=city.corporation, actor=city["wijkbeheerder"])


def test_marking_a_duplicate_needs_a_reason_and_may_not_point_at_itself(city: City, take_in: Any) -> None:
    first, second = take_in(), take_in()
    with pytest.raises(WorkflowError, match="vraagt een reden"):
        mark_duplicate(second, first, reason="", actor=city["wijkbeheerder"])
    with pytest.raises(WorkflowError, match="aan zichzelf"):
        mark_duplicate(first, first, reason="x", actor=city["wijkbeheerder"])
    secret = take_in("zorgsignaal", "vereenzaming", actor=None)
    with pytest.raises(NotAllowed):
        mark_duplicate(second, secret, reason="zelfde adres", actor=city["wijkbeheerder"])
    mark_duplicate(second, first, reason="Zelfde container", actor=city["wijkbeheerder"])
    second.refresh_from_db()
    assert second.duplicate_of == first and second.status == "gekoppeld"


def test_reassigning_checks_team_person_and_organisation(city: City, take_in: Any) -> None:
    melding = take_in()
    coordinator = city["coordinator"]
    reassign(melding, actor=coordinator, team=city.noord, assignee=city["wijkbeheerder"], role="coordinator")
    melding.refresh_from_db()
    assert (melding.responsible_team, melding.assigned_to, melding.responsible_role) == (
        city.noord,
        city["wijkbeheerder"],
        "coordinator",
    )
    with pytest.raises(WorkflowError, match="kan deze melding niet behandelen"):
        reassign(melding, actor=coordinator, assignee=city["ondersteuner"])
    with pytest.raises(WorkflowError, match="vraagt een reden"):
        reassign(melding, actor=coordinator, organisation=city.other)
    with pytest.raises(NotAllowed):
        reassign(melding, actor=city["anders"], assignee=city["anders"])
    reassign(melding, actor=coordinator, organisation=city.other, reason="Hun complex")
    melding.refresh_from_db()
    assert (melding.organisation, melding.responsible_team, melding.assigned_to) == (city.other, None, None)
    audit = AuditEvent.objects.filter(action="melding.reassigned").latest("id")
    assert audit.detail["reason"] == "Hun complex"
