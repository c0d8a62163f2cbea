# SPDX-License-Identifier: EUPL-1.2
"""Fixtures of the housing, fund, teams and programme tests: Maastricht's real areas and content."""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from veerkracht.areas.importers.area_sets import read_area_sets
from veerkracht.areas.services import define_area_sets, import_areas
from veerkracht.core.models import User
from veerkracht.core.services import create_person, get_or_create_organisation, grant_role
from veerkracht.demo.maastricht import BUURTEN_2017, RAYONS
from veerkracht.programme.services.content_loader import load_maastricht_content

PASSWORD = "een-lang-wachtwoord"


@pytest.fixture
def maastricht_city(open_data: Path) -> None:
    """Maastricht's 44 buurten and 7 wijken (CBS 2017), the gemeente and its four rayons."""
    result = import_areas(open_data / BUURTEN_2017, gemeenten=["GM0935"])
    define_area_sets(read_area_sets(RAYONS), year=result.area_import.year)


@pytest.fixture
def maastricht_content(maastricht_city: None) -> str:
    """The programme content of seeds 003 and 002, loaded from the repository's data files."""
    return load_maastricht_content()


@pytest.fixture
def person() -> Callable[[str, str, str], User]:
    """Make a person with a role in an organisation (by name; made when missing)."""

    def make(username: str, role: str, organisation: str = "Gemeente Maastricht") -> User:
        found = User.objects.filter(username=username).first() or create_person(username, PASSWORD)
        kind = "gemeente" if organisation.startswith("Gemeente") else "woningcorporatie"
        grant_role(found, get_or_create_organisation(organisation, kind), role)
        return found

    return make


@pytest.fixture
def client_of() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


def visible_text(html: str) -> str:
    """The text a person reads on a page: tags, scripts and extra spaces gone."""
    import html as entities
    import re

    text = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", entities.unescape(text)).strip()


@pytest.fixture
def read() -> Callable[[Client, str], str]:
    """GET a page (200 expected) and return its visible text."""

    def get(client: Client, url: str) -> str:
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        return visible_text(response.content.decode())

    return get
