# SPDX-License-Identifier: EUPL-1.2
"""The work list, possible duplicates and the reporter's earlier meldingen: right order, right people."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from veerkracht.cases.models import Melding
from veerkracht.cases.queries.duplicates import possible_duplicates
from veerkracht.cases.queries.reporters import earlier_meldingen
from veerkracht.cases.queries.worklist import (
    BadCursor,
    WorkListFilter,
    due_soon_cutoff,
    urgency,
    work_list,
)
from veerkracht.cases.services.assignment import reassign
from veerkracht.cases.services.intake import Reporter
from veerkracht.cases.services.location import Location
from veerkracht.cases.services.transitions import transition

from .conftest import BUURT_2, COMPLEX, IN_BUURT_1, IN_BUURT_2, WIJK, City, moment


@pytest.fixture(autouse=True)
def in_march() -> Any:
    with time_machine.travel(moment(2026, 3, 20, 12), tick=False):
        yield


@pytest.fixture
def spread(city: City, take_in: Any) -> dict[str, Melding]:
    """Meldingen received over three weeks: some overdue on 20 March, one due soon, one waiting."""
    made = {
        "oud": take_in(received_at=moment(2026, 3, 2, 9)),
        "vorige_week": take_in(received_at=moment(2026, 3, 12, 9)),
        "gisteren": take_in(received_at=moment(2026, 3, 19, 9), point=IN_BUURT_2),
        "vandaag": take_in("overlast", "geluid", received_at=moment(2026, 3, 20, 9)),
        "wachtend": take_in(received_at=moment(2026, 3, 18, 9)),
        "dicht": take_in(received_at=moment(2026, 3, 3, 9)),
    }
    actor = city["wijkbeheerder"]
    transition(made["wachtend"], "acknowledge", actor=actor, at=moment(2026, 3, 18, 10))
    transition(made["wachtend"], "wait_for_reporter", actor=actor, at=moment(2026, 3, 18, 11))
    transition(made["dicht"], "close", actor=actor, reason="dubbel", at=moment(2026, 3, 4, 9))
    return made


def names(items: list[Melding], spread: dict[str, Melding]) -> list[str]:
    by_pk = {m.pk: name for name, m in spread.items()}
    return [by_pk[m.pk] for m in items]


def test_the_work_list_puts_overdue_first_then_due_soon_and_waiting_last(
    city: City, spread: dict[str, Melding]
) -> None:
    page = work_list(city["coordinator"], with_total=True)
    assert names(page.items, spread) == ["oud", "vorige_week", "gisteren", "vandaag", "wachtend"]
    assert page.total == 5 and page.next_cursor is None
    now, cutoff = moment(2026, 3, 20, 12), due_soon_cutoff(moment(2026, 3, 20, 12))
    assert [urgency(m, now, cutoff) for m in page.items] == [
        "overdue",
        "overdue",
        "due_soon",
        "running",
        "waiting",
    ]


def test_paging_by_cursor_gives_every_melding_once_in_order(city: City, spread: dict[str, Melding]) -> None:
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        page = work_list(city["coordinator"], page_size=2, cursor=cursor)
        seen += names(page.items, spread)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == ["oud", "vorige_week", "gisteren", "vandaag", "wachtend"]
    with pytest.raises(BadCursor):
        work_list(city["coordinator"], cursor="niet-van-ons")


def test_meldingen_with_the_same_deadline_are_paged_by_id(city: City, take_in: Any) -> None:
    same = [take_in(received_at=moment(2026, 3, 16, 9)) for _ in range(5)]
    first = work_list(city["coordinator"], page_size=3)
    second = work_list(city["coordinator"], page_size=3, cursor=first.next_cursor)
    assert [m.pk for m in first.items + second.items] == [m.pk for m in same]


def test_mine_and_my_teams_scopes(city: City, spread: dict[str, Melding]) -> None:
    reassign(spread["vandaag"], actor=city["coordinator"], assignee=city["sociaal"])
    reassign(spread["gisteren"], actor=city["coordinator"], team=city.noord)
    assert names(work_list(city["sociaal"], scope="mine").items, spread) == ["vandaag"]
    assert names(work_list(city["wijkbeheerder"], scope="team").items, spread) == ["gisteren"]
    assert work_list(city["sociaal"], scope="team").items == []


def test_filters_narrow_the_work_list(city: City, spread: dict[str, Melding]) -> None:
    person = city["coordinator"]
    assert names(work_list(person, filters=WorkListFilter(categories=["overlast"])).items, spread) == [
        "vandaag"
    ]
    assert names(work_list(person, filters=WorkListFilter(area=BUURT_2)).items, spread) == ["gisteren"]
    assert len(work_list(person, filters=WorkListFilter(area=WIJK)).items) == 5
    assert names(work_list(person, filters=WorkListFilter(statuses=["wacht_op_melder"])).items, spread) == [
        "wachtend"
    ]
    assert names(work_list(person, filters=WorkListFilter(overdue_only=True)).items, spread) == [
        "oud",
        "vorige_week",
    ]
    assert work_list(person, filters=WorkListFilter(channels=["web"])).items == []


def test_the_work_list_shows_nothing_a_person_may_not_handle(
    city: City, spread: dict[str, Melding], take_in: Any
) -> None:
    take_in("zorgsignaal", "verward_gedrag", received_at=moment(2026, 3, 1, 9))
    assert len(work_list(city["wijkbeheerder"]).items) == 5  # not the care signal
    assert len(work_list(city["sociaal"]).items) == 6
    assert work_list(city["anders"]).items == []
    assert work_list(city["bewoner"]).items == []  # a submitter follows, does not handle


def test_possible_duplicates_at_the_same_address_in_the_same_complex_and_nearby(
    city: City, take_in: Any
) -> None:
    same_address = take_in(address="Maasstraat 12 A", point=(100_900.0, 400_900.0))
    in_complex = take_in(location=Location(complex_code=COMPLEX))
    near = take_in(point=(IN_BUURT_1[0] + 30, IN_BUURT_1[1] + 40), address="Elders 3")  # 50 m away
    take_in(point=(IN_BUURT_1[0] + 31, IN_BUURT_1[1] + 40), address="Elders 4")  # just over 50 m
    closed = take_in(address="maasstraat 12a")
    transition(closed, "close", actor=city["wijkbeheerder"], reason="klaar")
    found = possible_duplicates(
        city["wijkbeheerder"],
        Location(address="Maasstraat 12a", x=IN_BUURT_1[0], y=IN_BUURT_1[1], complex_code=COMPLEX),
        distance_m=50,
    )
    assert [c.melding for c in found] == [same_address, in_complex, near]
    assert found[0].same_address and found[1].same_complex and found[2].distance_m == pytest.approx(50.0)
    assert possible_duplicates(city["anders"], Location(address="Maasstraat 12a")) == []


def test_the_reporters_earlier_meldingen_need_the_contact_permission(city: City, take_in: Any) -> None:
    jan = Reporter(kind="tenant", email="jan@example.nl")
    first = take_in(reporter=jan, received_at=moment(2026, 3, 1))
    second = take_in(reporter=Reporter(kind="tenant", phone="06 12345678"), received_at=moment(2026, 3, 2))
    take_in(reporter=Reporter(kind="tenant", email="piet@example.nl"))
    found = earlier_meldingen(city["wijkbeheerder"], email="JAN@example.nl", phone="+31612345678")
    assert found == [second, first]
    assert (
        earlier_meldingen(city["ondersteuner"], email="jan@example.nl") == []
    )  # reads, may not match reporters
    assert earlier_meldingen(city["wijkbeheerder"], email="", phone="") == []
    assert earlier_meldingen(city["wijkbeheerder"], email="jan@example.nl", exclude=first.pk) == []
