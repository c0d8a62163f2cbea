# SPDX-License-Identifier: EUPL-1.2
"""A batch is stored in bulk: every melding once, with its clocks, history and contact, in one
transaction with one audit line, or nothing at all; its events reach the queue as one task."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from veerkracht.cases.api.present import receipts
from veerkracht.cases.models import Clock, Melding, ReporterContact, StatusChange
from veerkracht.cases.rulebook import rulebook
from veerkracht.cases.rules.routing import RoutingCase, rules_as_data
from veerkracht.cases.services import creation, routing
from veerkracht.cases.services.intake import Reporter, receive, receive_many
from veerkracht.cases.services.location import Location, Place, resolve
from veerkracht.cases.services.routing import create_rule_set
from veerkracht.core.bulk import FEW
from veerkracht.core.models import AuditEvent
from veerkracht.core.queries import calendar_for

from .conftest import BUURT_2, COMPLEX, IN_BUURT_1, IN_BUURT_2, WIJK, City, moment, new_melding

# A few rows take one INSERT each; more take ids first and a COPY: both paths are checked.
SIZES = [3, FEW + 10]


def _batch(size: int) -> list[Any]:
    # Every other melding anonymous, so contacts are stored for some and not for others.
    return [
        new_melding(reporter=Reporter(kind="anonymous") if i % 2 else None, description=f"Melding {i}")
        for i in range(size)
    ]


@pytest.mark.parametrize("size", SIZES)
def test_a_batch_stores_each_melding_once_with_its_clocks_history_contact_and_one_audit_line(
    city: City, size: int
) -> None:
    stored = receive_many(_batch(size), organisation=city.corporation, actor=city["wijkbeheerder"])
    assert Melding.objects.count() == size
    assert sorted(Melding.objects.values_list("description", flat=True)) == sorted(
        f"Melding {i}" for i in range(size)
    )
    assert Clock.objects.count() == 2 * size
    assert set(Clock.objects.values_list("melding_id", flat=True)) == {m.pk for m in stored}
    history = StatusChange.objects.filter(melding__in=stored)
    assert history.count() == size
    assert set(history.values_list("transition", "to_status", "actor_label")) == {
        ("receive", "gemeld", "wijkbeheerder")
    }
    assert ReporterContact.objects.count() == (size + 1) // 2
    assert ReporterContact.objects.filter(email_key="jan@example.nl").count() == (size + 1) // 2
    audit = AuditEvent.objects.get(action="melding.batch_received")
    assert sorted(audit.detail["meldingen"]) == sorted(m.pk for m in stored)
    # The returned meldingen are the stored rows (ids, the moment they were created).
    fresh = Melding.objects.get(pk=stored[-1].pk)
    assert fresh.created_at == stored[-1].created_at and fresh.next_deadline == stored[-1].next_deadline


@pytest.mark.parametrize("size", SIZES)
def test_a_batch_that_fails_while_being_stored_leaves_nothing(
    city: City, size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the audit log is unreachable")

    monkeypatch.setattr(creation, "record_audit", broken)
    # Intake opens no savepoint inside a caller's transaction: a caller that goes on after a failure (as
    # this test does, inside the test's transaction) opens its own block.
    with pytest.raises(RuntimeError), transaction.atomic():
        receive_many(_batch(size), organisation=city.corporation, actor=city["wijkbeheerder"])
    assert Melding.objects.count() == 0
    assert Clock.objects.count() == StatusChange.objects.count() == ReporterContact.objects.count() == 0


@pytest.mark.parametrize("size", SIZES)
def test_a_receipt_of_meldingen_just_taken_in_is_made_without_reading_them_back(
    city: City, size: int
) -> None:
    stored = receive_many(_batch(size), organisation=city.corporation, actor=None)
    with CaptureQueriesContext(connection) as queries:
        made = receipts(stored)
    assert len(queries) == 0, [q["sql"][:80] for q in queries]
    again = receipts(list(Melding.objects.filter(pk__in=[m.pk for m in stored]).order_by("pk")))
    assert made == again
    assert [c["kind"] for c in made[0]["clocks"]] == ["acknowledgement", "feedback"]


def test_the_same_key_twice_makes_one_melding_without_a_look_up_first(city: City) -> None:
    actor = city["wijkbeheerder"]
    first = receive(new_melding(idempotency_key="k-1"), organisation=city.corporation, actor=actor)
    with CaptureQueriesContext(connection) as queries:
        fresh = receive(new_melding(idempotency_key="k-2"), organisation=city.corporation, actor=actor)
    assert fresh.created
    assert not any("idempotency_key" in q["sql"].split("WHERE")[-1] for q in queries if "WHERE" in q["sql"])
    with transaction.atomic():  # inside a caller's transaction too (the API's idempotency claim)
        again = receive(new_melding(idempotency_key="k-1"), organisation=city.corporation, actor=actor)
        assert Melding.objects.count() == 2  # the caller's transaction is still usable
    assert not again.created and again.melding == first.melding


@pytest.mark.django_db(transaction=True)
def test_a_batch_hands_its_events_to_the_queue_as_one_task_and_a_single_melding_as_one(city: City) -> None:
    from veerkracht.core.events import registry

    # One task for all background subscribers of a new melding (the KPI snapshot is one of them), not one
    # per subscriber or per melding; it carries every subscriber and every event of the batch.
    subscribers = [s.path for s in registry.subscriptions("melding.created") if s.background]
    assert len(subscribers) > 1
    taken = receive_many(_batch(FEW + 5), organisation=city.corporation, actor=None)
    [task] = DBTaskResult.objects.all()
    assert task.task_path == "veerkracht.core.tasks.run_subscribers"
    paths, carried = task.args_kwargs["args"]
    assert paths == subscribers
    assert [event["payload"]["melding"] for event in json.loads(carried)] == [m.pk for m in taken]
    receive(new_melding(), organisation=city.corporation, actor=None)
    assert DBTaskResult.objects.count() == 2


def test_a_mixed_batch_is_routed_placed_and_given_deadlines_as_each_melding_would_be_on_its_own(
    city: City,
) -> None:
    # A rule that names one buurt, so a batch's memo of routing decisions must keep buurten apart where a
    # rule looks at them; moments on a weekday, an evening and a weekend, some shared, for the clocks.
    rules = rules_as_data(rulebook().routing)
    rules["rules"].insert(
        0,
        {
            "name": "Oostbuurt: Wijkbeheer Noord",
            "when": {"areas": [BUURT_2], "pillars": ["fysieke_woonomgeving"]},
            "assign": {"role": "wijkbeheerder", "team": "wijkbeheer-noord"},
        },
    )
    create_rule_set(city.corporation, rules, actor=None)
    kinds = [(code, sub) for code, _label, subs in rulebook().categories.choices() for sub, _ in subs]
    moments = [
        moment(2025, 3, 4, 10),
        moment(2025, 3, 4, 21),
        moment(2025, 3, 8, 11),
        moment(2025, 12, 24, 9),
    ]
    places = [
        Location(address="Maasstraat 1", x=IN_BUURT_1[0], y=IN_BUURT_1[1]),
        Location(address="Oosterweg 2", x=IN_BUURT_2[0], y=IN_BUURT_2[1]),
        Location(complex_code=COMPLEX),
        Location(area_code=WIJK),
    ]
    # Each kind at every place, two places at a time with one channel and moment: cases that differ only
    # in their place, and one kind received at two moments.
    items = [
        new_melding(
            *kind,
            location=place,
            channel=("phone", "web", "api")[k % 3],
            received_at=moments[(k + p // 2) % len(moments)],
            description=f"Melding {k}",
        )
        for k, kind in enumerate(kinds)
        for p, place in enumerate(places)
    ]
    stored = receive_many(items, organisation=city.corporation, actor=city["wijkbeheerder"])

    calendar = calendar_for(city.corporation)
    loaded = routing.rules_for(city.corporation)
    levels = rulebook().service_levels
    assert {m.responsible_team_id for m in stored} == {None, city.noord.pk}
    for item, melding in zip(items, stored, strict=True):
        (place,) = resolve([item.location])
        assert isinstance(place, Place)
        kind = rulebook().categories.classify(item.category, item.subcategory)
        case = RoutingCase(
            kind.category, kind.subcategory, kind.pillar, item.channel, place.area_codes, melding.received_at
        )
        alone = routing.decide(city.corporation, case, calendar, loaded)
        assert (melding.routing_rule_id, melding.responsible_team_id, melding.responsible_role) == (
            alone.rule_id,
            alone.team_id,
            alone.role,
        )
        assert (melding.buurt_code, melding.wijk_code, melding.square_id) == (
            place.buurt_code,
            place.wijk_code,
            place.square_id,
        )
        clocks = {c.kind: c for c in Clock.objects.filter(melding=melding)}
        for clock in clocks.values():
            level = levels.level_for(
                clock.kind,
                organisation=city.corporation.slug,
                category=melding.category,
                subcategory=melding.subcategory,
            )
            assert clock.budget_days == level.working_days
            assert clock.deadline == calendar.add_working_days(melding.received_at, level.working_days)
        fresh = Melding.objects.get(pk=melding.pk)
        assert fresh.next_deadline == min(c.deadline for c in clocks.values() if c.deadline is not None)
