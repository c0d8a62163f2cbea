# SPDX-License-Identifier: EUPL-1.2
"""Loading a city's content: all or nothing, Dutch errors with file, line and key, organisations shared."""

import shutil
from pathlib import Path

import pytest

from veerkracht.core.models import AuditEvent, Organisation
from veerkracht.core.services import get_or_create_organisation
from veerkracht.programme.content.common import ContentError
from veerkracht.programme.models import Fund, HousingTable, Intervention, Programme, ResidentTeam
from veerkracht.programme.services.content_loader import (
    MAASTRICHT,
    load_content_folder,
    load_maastricht_content,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "maastricht"
    shutil.copytree(MAASTRICHT, copy)
    return copy


def test_the_maastricht_content_loads_once_and_a_second_time_says_so(maastricht_content: str) -> None:
    assert "leefbaarheidsfonds: 10 budgetten" in maastricht_content
    assert "bewonerskrachtenteams: 20" in maastricht_content
    assert load_maastricht_content() == "programma (voorraad, fonds, teams, programma's): was al geladen"
    assert Fund.objects.count() == 1 and ResidentTeam.objects.count() == 20
    assert AuditEvent.objects.filter(action="programme.content_loaded").count() == 1


def test_a_wrong_area_anywhere_stores_nothing_and_names_file_line_and_key(
    maastricht_city: None, folder: Path
) -> None:
    fund = folder / "fund.yaml"
    fund.write_text(fund.read_text().replace("areas: [BU09350203]", "areas: [BU09359999]"))
    teams = folder / "resident_teams.yaml"
    teams.write_text(teams.read_text().replace("{buurt: BU09350406,", "{buurt: RA093501,"))
    with pytest.raises(ContentError) as raised:
        load_content_folder(folder)
    message = str(raised.value)
    assert (
        "fund.yaml, regel" in message
        and "sleutel 'budgets[1].areas[0]': gebied BU09359999 bestaat niet" in message
    )
    assert "resident_teams.yaml, regel" in message and "is een rayon; verwacht een buurt" in message
    assert (
        not HousingTable.objects.exists() and not Intervention.objects.exists() and not Fund.objects.exists()
    )


def test_a_malformed_file_is_refused_before_any_other_is_read_into_the_database(
    maastricht_city: None, folder: Path
) -> None:
    targets = folder / "housing_targets.yaml"
    targets.write_text(targets.read_text().replace("at_least: 80", 'at_least: "80"'))
    stock = folder / "housing_stock.yaml"
    stock.write_text(stock.read_text().replace("goedkoop: 760", "goedkoop: 760, duur: 3"))
    with pytest.raises(ContentError) as raised:
        load_content_folder(folder)
    message = str(raised.value)
    assert "housing_targets.yaml, regel" in message and "at_least" in message
    assert "housing_stock.yaml, regel" in message and "huursegment" in message
    assert not HousingTable.objects.exists()


def test_organisations_that_exist_are_found_by_name_not_made_twice(maastricht_city: None) -> None:
    # As when the agreements' loader ran first.
    servatius = get_or_create_organisation("Servatius", "woningcorporatie")
    load_maastricht_content()
    assert Organisation.objects.filter(name="Servatius").count() == 1
    assert ResidentTeam.objects.filter(corporation=servatius).count() == 12
    names = set(Organisation.objects.values_list("name", flat=True))
    assert {"Gemeente Maastricht", "Woonpunt", "Maasvallei", "Wonen Limburg", "Trajekt"} <= names
    assert "Huurdersbelangenverenigingen Maastricht" in names
    assert Programme.objects.get().partners.count() == 4
