# SPDX-License-Identifier: EUPL-1.2
"""A mapping says what a source means, and by line and key what it got wrong; the command runs it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from veerkracht.cases.importers.mapping import bundled_mappings, load_mapping
from veerkracht.cases.models import Melding
from veerkracht.cli.main import cli
from veerkracht.importing import ImportProblem

from ..conftest import City

EXAMPLE = Path(__file__).with_name("data") / "meldingen_voorbeeld.csv"
MINIMAL = "columns: {received_at: Datum, category: Soort, x: X, y: Y}\n"


def mapping(folder: Path, text: str) -> Path:
    path = folder / "mapping.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_bundled_example_mapping_reads_and_translates_codes_without_regard_to_case() -> None:
    assert [path.stem for path in bundled_mappings()] == ["voorbeeld"]
    example = load_mapping("voorbeeld")
    assert example.categories["geluid"] == "overlast/geluid"
    assert example.statuses["in behandeling"] == "in_behandeling"
    assert example.column_of("received_at") == "Datum melding" and example.column_of("x") == "X"
    assert example.describe().startswith("mapping voorbeeld (versie 1, sha256 ")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            MINIMAL + "categories: {GELUID: overlast/lawaai}\n",
            "regel 2, sleutel 'categories.GELUID': subcategorie 'lawaai' hoort niet bij 'overlast'",
        ),
        (MINIMAL + "categories: {12: overlast}\n", "sleutel 'categories.12': subcategorie '' hoort niet bij"),
        (MINIMAL + "statuses: {Klaar: klaar}\n", "sleutel 'statuses.Klaar': status 'klaar' bestaat niet"),
        (MINIMAL + "statuses: {Dubbel: gekoppeld}\n", "'gekoppeld' kan niet worden geïmporteerd"),
        (MINIMAL + "channels: {Brief: post}\n", "sleutel 'channels.Brief': kanaal 'post' bestaat niet"),
        ("columns: {received_at: Datum, category: Soort, x: X}\n", "sleutel 'columns.y': noem zowel x als y"),
        ("columns: {received_at: Datum, category: Soort}\n", "noem een kolom voor de plaats"),
        ("columns: {category: Soort, x: X, y: Y}\n", "sleutel 'columns.received_at': ontbreekt"),
        (MINIMAL + "coordinates: gps\n", "sleutel 'coordinates'"),
        (MINIMAL + "kolommen: {}\n", "onbekende sleutel(s) ['kolommen']"),
    ],
)
def test_a_wrong_mapping_is_named_by_file_line_and_key(
    city: City, tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(ImportProblem) as refused:
        load_mapping(mapping(tmp_path, text))
    assert str(refused.value).startswith(str(tmp_path / "mapping.yaml"))
    assert message in str(refused.value)


def test_the_command_imports_a_file_and_names_what_came_in(city: City) -> None:
    result = CliRunner().invoke(
        cli,
        ["cases", "import", str(EXAMPLE), "--mapping", "voorbeeld", "--organisation", "Woonstichting Test"],
    )
    assert result.exit_code == 0, result.output
    assert "6 meldingen geïmporteerd voor Woonstichting Test" in result.output
    assert "(4 nog open)" in result.output
    assert Melding.objects.filter(received_by=city.corporation).count() == 6


def test_the_command_refuses_an_unknown_organisation_and_a_bad_file_in_dutch(
    city: City, tmp_path: Path
) -> None:
    unknown = CliRunner().invoke(
        cli, ["cases", "import", str(EXAMPLE), "--mapping", "voorbeeld", "--organisation", "Niemand"]
    )
    assert unknown.exit_code == 2 and "organisatie 'Niemand' bestaat niet" in unknown.output
    bad = tmp_path / "fout.csv"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace("AFVAL", "ONBEKEND"), encoding="utf-8")
    failed = CliRunner().invoke(
        cli, ["cases", "import", str(bad), "--mapping", "voorbeeld", "--organisation", "woonstichting-test"]
    )
    assert failed.exit_code == 1
    assert "Import mislukt, er is niets opgeslagen." in failed.output
    assert "rij 2, kolom Soort: categorie 'ONBEKEND' staat niet in de mapping" in failed.output
    assert Melding.objects.count() == 0
