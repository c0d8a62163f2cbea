# SPDX-License-Identifier: EUPL-1.2
"""The work list page: the scopes, most urgent first, lateness in words, filters and paging."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine
from django.utils import translation

from veerkracht.cases.services.assignment import reassign

from ..conftest import BUURT_2, IN_BUURT_2, City, moment


@pytest.fixture(autouse=True)
def in_march() -> Any:
    with time_machine.travel(moment(2026, 3, 20, 12), tick=False):
        yield


def references(page: str) -> list[str]:
    return re.findall(r'data-reference="(M-\d{4}-\d+)"', page)


def test_overdue_first_marked_in_words_then_due_soon_then_the_rest(
    city: City, take_in: Any, client_of: Any
) -> None:
    late = take_in(received_at=moment(2026, 3, 2, 9))
    fresh = take_in(received_at=moment(2026, 3, 20, 9))
    soon = take_in(received_at=moment(2026, 3, 18, 9))
    page = client_of("wijkbeheerder").get("/meldingen/?lijst=organisatie").content.decode()
    assert references(page) == [late.reference, soon.reference, fresh.reference]
    assert "3 open meldingen" in page
    # Not by colour alone: the word and the symbol are in the text.
    block = page[page.index(f'data-reference="{late.reference}"') :]
    assert "Te laat" in block[:1500] and "⚠" in block[:1500]
    assert "ontvangstbevestiging te laat: uiterlijk was wo 4 maart" in block[:2500]
    soon_block = page[page.index(f'data-reference="{soon.reference}"') :]
    assert "Bijna te laat" in soon_block[:1500]
    assert "ontvangstbevestiging uiterlijk vr 20 maart" in soon_block[:2500]


def test_mine_team_and_organisation(city: City, take_in: Any, client_of: Any) -> None:
    mine = take_in()
    team_only = take_in()
    others = take_in()
    reassign(mine, actor=city["coordinator"], team=city.noord, assignee=city["wijkbeheerder"])
    reassign(team_only, actor=city["coordinator"], team=city.noord)
    client = client_of("wijkbeheerder")
    assert references(client.get("/meldingen/?lijst=mijn").content.decode()) == [mine.reference]
    assert set(references(client.get("/meldingen/?lijst=team").content.decode())) == {
        mine.reference,
        team_only.reference,
    }
    assert len(references(client.get("/meldingen/?lijst=organisatie").content.decode())) == 3
    # A member of a staff team starts on the team's list.
    default = client.get("/meldingen/").content.decode()
    assert others.reference not in references(default)
    assert 'href="?lijst=team" aria-current="page"' in default


def test_filters_on_category_area_status_and_channel(city: City, take_in: Any, client_of: Any) -> None:
    waste = take_in()
    noise = take_in("overlast", "geluid", actor=city["coordinator"])
    east = take_in(point=IN_BUURT_2)
    client = client_of("coordinator")
    assert references(client.get("/meldingen/?lijst=organisatie&categorie=overlast").content.decode()) == [
        noise.reference
    ]
    assert references(client.get(f"/meldingen/?lijst=organisatie&gebied={BUURT_2}").content.decode()) == [
        east.reference
    ]
    assert references(client.get("/meldingen/?lijst=organisatie&kanaal=web").content.decode()) == []
    assert len(references(client.get("/meldingen/?lijst=organisatie&status=gemeld").content.decode())) == 3
    assert waste.reference in client.get("/meldingen/?lijst=organisatie&kanaal=phone").content.decode()


def test_paging_by_cursor_shows_every_melding_once(city: City, take_in: Any, client_of: Any) -> None:
    made = {take_in(received_at=moment(2026, 3, 2 + day % 18, 9)).reference for day in range(30)}
    client = client_of("wijkbeheerder")
    seen: list[str] = []
    address = "/meldingen/?lijst=organisatie"
    while address:
        page = client.get(address).content.decode()
        seen += references(page)
        found = re.search(r'href="(\?[^"]*na=[^"]+)" rel="next"', page)
        address = "/meldingen/" + found.group(1).replace("&amp;", "&") if found else ""
    assert len(seen) == len(made) == 30 and set(seen) == made


def test_a_broken_cursor_shows_the_first_page_with_a_message(
    city: City, take_in: Any, client_of: Any
) -> None:
    take_in()
    page = client_of("wijkbeheerder").get("/meldingen/?lijst=organisatie&na=onzin").content.decode()
    assert "Deze vervolgpagina bestaat niet (meer)" in page
    assert len(references(page)) == 1


def test_the_work_list_needs_the_view_permission(city: City, client_of: Any) -> None:
    assert client_of("bewoner").get("/meldingen/").status_code == 403
    assert client_of("analist").get("/meldingen/").status_code == 403


def test_nobody_sees_another_organisations_meldingen_on_their_list(
    city: City, take_in: Any, client_of: Any
) -> None:
    take_in()
    assert references(client_of("anders").get("/meldingen/?lijst=organisatie").content.decode()) == []


def test_the_work_list_speaks_english_when_chosen(city: City, take_in: Any, client_of: Any) -> None:
    take_in(received_at=moment(2026, 3, 2, 9))
    client = client_of("wijkbeheerder")
    client.cookies["django_language"] = "en"
    # The request leaves its language active in this thread; tests after this one read Dutch again.
    with translation.override(translation.get_language()):
        page = client.get("/meldingen/?lijst=organisatie").content.decode()
    assert "Work list" in page and "Late" in page
    assert "Litter and waste: Litter" in page
    assert "acknowledgement late: due by Wed 4 March" in page
