# SPDX-License-Identifier: EUPL-1.2
"""Intake: a melding is checked, placed in its buurt and square, routed, given clocks, or refused whole."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from veerkracht.cases.models import Clock, Melding, ReporterContact, StatusChange
from veerkracht.cases.services.errors import IntakeError, NotAllowed
from veerkracht.cases.services.intake import Reporter, check, location_from_wgs84, receive, receive_many
from veerkracht.cases.services.location import Location
from veerkracht.core import events
from veerkracht.core.models import AuditEvent

from .conftest import (
    BUURT_1,
    BUURT_2,
    COMPLEX,
    GEMEENTE,
    IN_BUURT_2,
    WIJK,
    City,
    moment,
    new_melding,
)


def test_a_melding_is_placed_routed_and_gets_two_clocks(city: City, take_in: Any) -> None:
    melding = take_in(received_at=moment(2026, 11, 23, 9))
    assert (melding.buurt_code, melding.wijk_code, melding.gemeente_code) == (BUURT_1, WIJK, GEMEENTE)
    assert melding.square_id == "E1005N4005"
    assert melding.pillar == "fysieke_woonomgeving" and melding.confidentiality == "normaal"
    assert melding.organisation == city.corporation and melding.received_by == city.corporation
    assert melding.responsible_role == "wijkbeheerder"
    assert melding.routing_rule.name == "Fysieke woonomgeving: wijkbeheerder"
    assert melding.routing_rule.rule_set.version == 1
    assert melding.status == "gemeld" and melding.is_open
    clocks = {c.kind: c for c in melding.clocks.all()}
    assert clocks["acknowledgement"].deadline == moment(2026, 11, 25, 23, 59).replace(
        second=59, microsecond=999999
    )
    assert clocks["feedback"].budget_days == 10 and clocks["feedback"].target_days == 5
    assert clocks["feedback"].deadline.date().isoformat() == "2026-12-07"
    assert clocks["feedback"].target_deadline.date().isoformat() == "2026-11-30"
    assert melding.next_deadline == clocks["acknowledgement"].deadline
    assert melding.reference == f"M-2026-{melding.pk:06d}"
    first = StatusChange.objects.get(melding=melding)
    assert (first.transition, first.from_status, first.to_status) == ("receive", "", "gemeld")


def test_the_reference_finds_the_melding_only_with_the_right_year(take_in: Any) -> None:
    melding = take_in(received_at=moment(2026, 1, 1, 0, 30))  # 31 December in UTC: the year is Amsterdam's
    assert melding.reference.startswith("M-2026-")
    assert Melding.objects.by_reference(melding.reference.lower()).get() == melding
    assert not Melding.objects.by_reference(f"M-2025-{melding.pk:06d}").exists()
    assert not Melding.objects.by_reference("M-2026-12").exists()
    assert not Melding.objects.by_reference("M-9999-000001").exists()


def test_a_complex_or_an_area_is_enough_as_location(city: City, take_in: Any) -> None:
    in_complex = take_in(location=Location(complex_code=COMPLEX))
    assert (in_complex.complex_code, in_complex.buurt_code, in_complex.wijk_code) == (COMPLEX, BUURT_1, WIJK)
    assert in_complex.square_id == "" and in_complex.x is None
    about_wijk = take_in(location=Location(area_code=WIJK))
    assert (about_wijk.buurt_code, about_wijk.wijk_code, about_wijk.gemeente_code) == ("", WIJK, GEMEENTE)
    about_buurt = take_in(location=Location(area_code=BUURT_2))
    assert (about_buurt.buurt_code, about_buurt.wijk_code) == (BUURT_2, WIJK)


def test_a_point_from_a_phone_in_wgs84_is_placed_too(city: City, take_in: Any) -> None:
    from veerkracht.geo.crs import rd_to_wgs84

    longitude, latitude = rd_to_wgs84().transform(*IN_BUURT_2)
    melding = take_in(location=location_from_wgs84(longitude, latitude, address="Oostpad 3"))
    assert melding.buurt_code == BUURT_2
    assert abs(melding.x - IN_BUURT_2[0]) < 0.01


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"category": "onzin"}, "category", "categorie 'onzin' bestaat niet"),
        ({"subcategory": "graffiti"}, "subcategory", "hoort niet bij 'vervuiling'"),
        ({"description": "   "}, "description", "beschrijf"),
        ({"description": "x" * 5001}, "description", "ten hoogste 5000"),
        ({"channel": "fax"}, "channel", "kanaal 'fax' bestaat niet"),
        ({"point": (50.0, 50.0)}, "location.x", "ligt niet in Nederland"),
        ({"point": (200_000.0, 500_000.0)}, "location.x", "in geen enkele buurt"),
        ({"point": None, "address": "Ergens 1"}, "location", "een punt op de kaart"),
        ({"location": Location(complex_code="C-999")}, "location.complex_code", "bestaat niet"),
        (
            {"location": Location(area_code="BU00000000")},
            "location.area_code",
            "geen buurt, wijk of gemeente",
        ),
        ({"location": Location(x=100_500.0)}, "location.y", "zowel x als y"),
        ({"reporter": Reporter(kind="anonymous", name="Piet")}, "reporter", "anonieme melding"),
        ({"reporter": Reporter(kind="buurman")}, "reporter.kind", "bestaat niet"),
        ({"reporter": Reporter(kind="tenant", email="geen-adres")}, "reporter.email", "geen e-mailadres"),
        ({"reporter": Reporter(kind="tenant", phone="12")}, "reporter.phone", "geen telefoonnummer"),
    ],
)
def test_wrong_input_is_refused_with_a_dutch_message_per_field_and_nothing_is_stored(
    city: City, change: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(IntakeError) as refused:
        receive(new_melding(**change), organisation=city.corporation, actor=city["wijkbeheerder"])
    assert words in refused.value.problems[field]
    assert not Melding.objects.exists() and not Clock.objects.exists()


def test_a_melding_from_the_future_is_refused_but_a_clock_a_little_ahead_is_not(city: City) -> None:
    ahead = timezone.now() + timezone.timedelta(minutes=2)
    receive(new_melding(received_at=ahead), organisation=city.corporation, actor=None)
    tomorrow = timezone.now() + timezone.timedelta(days=1)
    with pytest.raises(IntakeError) as refused:
        receive(new_melding(received_at=tomorrow), organisation=city.corporation, actor=None)
    assert "toekomst" in refused.value.problems["received_at"]


def test_a_batch_is_all_or_nothing_and_names_the_wrong_item(city: City) -> None:
    batch = [new_melding(), new_melding(category="onzin"), new_melding(point=(1.0, 1.0))]
    with pytest.raises(IntakeError) as refused:
        receive_many(batch, organisation=city.corporation, actor=None)
    assert set(refused.value.problems) == {"meldingen[1].category", "meldingen[2].location.x"}
    assert Melding.objects.count() == 0
    stored = receive_many(batch[:1] * 3, organisation=city.corporation, actor=None)
    assert Melding.objects.count() == 3 and Clock.objects.count() == 6
    assert len({m.reference for m in stored}) == 3


def test_a_batch_of_many_costs_a_few_queries_not_a_few_per_melding(city: City) -> None:
    batch = [new_melding() for _ in range(40)]
    receive_many(batch[:1], organisation=city.corporation, actor=None)  # seeds the routing rules
    with CaptureQueriesContext(connection) as queries:
        receive_many(batch, organisation=city.corporation, actor=None)
    assert Melding.objects.count() == 41
    assert len(queries) < 25, [q["sql"][:80] for q in queries]


def test_the_reporters_contact_details_are_stored_apart_and_normalised(city: City, take_in: Any) -> None:
    melding = take_in(reporter=Reporter(kind="neighbour", email=" Jan@Example.NL ", phone="+31 6 1234 5678"))
    contact = ReporterContact.objects.get(melding=melding)
    assert (contact.email_key, contact.phone_key) == ("jan@example.nl", "0612345678")
    anonymous = take_in(reporter=Reporter(kind="anonymous"))
    assert not ReporterContact.objects.filter(melding=anonymous).exists()
    assert anonymous.reporter_kind == "anonymous"


def test_a_retried_submission_with_the_same_key_finds_the_first(city: City) -> None:
    actor = city["wijkbeheerder"]
    first = receive(new_melding(idempotency_key="abc-1"), organisation=city.corporation, actor=actor)
    written = (Clock.objects.count(), StatusChange.objects.count(), AuditEvent.objects.count())
    with CaptureQueriesContext(connection) as statements:
        again = receive(new_melding(idempotency_key="abc-1"), organisation=city.corporation, actor=actor)
    assert first.created and not again.created and again.melding == first.melding
    # The second wrote nothing (no clocks, history or audit line) and needed no savepoint to go on.
    assert (Clock.objects.count(), StatusChange.objects.count(), AuditEvent.objects.count()) == written
    assert not [q["sql"] for q in statements.captured_queries if "SAVEPOINT" in q["sql"].upper()]
    other_person = receive(
        new_melding(idempotency_key="abc-1"), organisation=city.corporation, actor=city["sociaal"]
    )
    assert other_person.created
    assert Melding.objects.count() == 2


def test_only_people_who_may_report_can_submit(city: City) -> None:
    with pytest.raises(NotAllowed):
        receive(new_melding(), organisation=city.corporation, actor=city["analist"])
    assert receive(new_melding(), organisation=city.corporation, actor=city["bewoner"]).created


def test_intake_is_audited_and_announced_after_commit(
    city: City, django_capture_on_commit_callbacks: Any
) -> None:
    seen: list[events.Event] = []
    events.registry._subscriptions.setdefault("melding.created", [])
    subscription = events.subscribe("melding.created", seen.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            melding = receive(
                new_melding(), organisation=city.corporation, actor=city["wijkbeheerder"]
            ).melding
    finally:
        events.registry._subscriptions["melding.created"].remove(subscription)
    assert [e.payload["melding"] for e in seen] == [melding.pk]
    audit = AuditEvent.objects.get(action="melding.received")
    assert audit.object_id == str(melding.pk) and audit.actor == city["wijkbeheerder"]


def test_checking_without_storing_returns_every_problem(city: City) -> None:
    checked, problems = check([new_melding(), new_melding(description="")], prefix="x")
    assert len(checked) == 1 and list(problems) == ["x[1].description"]
