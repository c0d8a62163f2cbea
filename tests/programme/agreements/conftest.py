# SPDX-License-Identifier: EUPL-1.2
"""Fixtures for the performance agreements: Maastricht's real areas and agreements, people in roles."""

from pathlib import Path

import pytest

from veerkracht.areas.importers.area_sets import read_area_sets
from veerkracht.areas.services import define_area_sets, import_areas
from veerkracht.core.models import Organisation, User
from veerkracht.core.services import create_person, grant_role
from veerkracht.demo.maastricht import BUURTEN_2017, RAYONS
from veerkracht.programme.models import AgreementSet
from veerkracht.programme.services.agreement_loader import MAASTRICHT_AGREEMENTS, load_agreement_file


@pytest.fixture
def maastricht_areas(open_data: Path) -> None:
    """Maastricht's 44 buurten (CBS 2017), its wijken and gemeente, and its four rayons."""
    result = import_areas(open_data / BUURTEN_2017, gemeenten=["GM0935"])
    define_area_sets(read_area_sets(RAYONS), year=result.area_import.year)


@pytest.fixture
def maastricht(maastricht_areas: None) -> AgreementSet:
    """The performance agreements of seed 003, loaded from the repository's data file."""
    return load_agreement_file(MAASTRICHT_AGREEMENTS).agreement_set


@pytest.fixture
def person_in() -> "PersonFactory":
    return PersonFactory()


class PersonFactory:
    """Make a person with a role in an organisation (by name), as the pages would see them."""

    def __call__(self, username: str, organisation: str, role: str) -> User:
        person = User.objects.filter(username=username).first() or create_person(username, "een-wachtwoord")
        grant_role(person, Organisation.objects.get(name=organisation), role)
        return person
