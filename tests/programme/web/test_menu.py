# SPDX-License-Identifier: EUPL-1.2
"""The programme's pages are in the menu for who may read them, and only for them."""

import re
from collections.abc import Callable

import pytest
from django.test import Client

from veerkracht.core.models import User

pytestmark = pytest.mark.django_db

ENTRIES = [
    "/programma/woningvoorraad/",
    "/programma/ingrepen/",
    "/programma/leefbaarheidsfonds/",
    "/programma/bewonerskrachten/",
    "/programma/programmas/",
    "/programma/prioritering/",
    "/programma/gebiedsteams/",
]


def _links(client: Client) -> list[str]:
    page = client.get("/").content.decode()
    menu = page.split('class="main-nav"')[1].split("</nav>")[0]
    return [link for link in re.findall(r'href="([^"]+)"', menu) if link in ENTRIES]


def test_a_resident_team_member_finds_every_programme_page_in_the_menu(
    person: Callable[..., User], client_of: Callable[[User], Client]
) -> None:
    assert _links(client_of(person("bert", "bewonerskracht"))) == ENTRIES


def test_a_visitor_without_a_login_sees_none_of_them(client: Client) -> None:
    assert _links(client) == []
