# SPDX-License-Identifier: EUPL-1.2
"""The study's other layers (health, allocations, safety, crime, cohesion): a catalogue entry each and a
mapping that loads a city's own table in one command; tables with an indicator per row and a year per
column, as municipal web pages publish them, load as they are."""

from collections.abc import Callable
from pathlib import Path

import pytest

from veerkracht.importing import ImportProblem
from veerkracht.indicators.connectors import load_mapping, read_values, read_with_mapping
from veerkracht.indicators.connectors.catalogue import catalogue_index

STUDY_MAPPINGS = {
    "gezondheidsmonitor": {"ervaren_gezondheid_goed", "angst_depressie_hoog_risico", "ernstig_eenzaam"},
    "toewijzingen": {
        "toewijzingen",
        "toewijzingen_tot_bijstandsniveau",
        "toewijzingen_boven_huurtoeslaggrens",
        "toewijzingen_urgent",
        "toewijzingen_bijzondere_doelgroepen",
    },
    "veiligheidsmonitor": {
        "onveilig_weleens",
        "onveilig_vaak",
        "rapportcijfer_veiligheid_buurt",
        "rapportcijfer_leefbaarheid_buurt",
        "sociale_overlast_ervaren",
    },
    "politie_misdrijven": {"misdrijven_totaal", "misdrijven_woninginbraak", "misdrijven_mishandeling"},
    "sociale_cohesie": {"sociale_cohesie"},
}
SURVEYS = {"gezondheidsmonitor", "veiligheidsmonitor", "sociale_cohesie"}
SAFETY = "veiligheid-maastricht"


def _documented_columns(name: str) -> list[str]:
    """The columns a mapping's comment promises, in the order it lists them."""
    mapping = load_mapping(name)
    return [mapping.area_column or "", mapping.level_column or "", mapping.period_column or ""] + [
        rule.column for rule in mapping.indicators
    ]


@pytest.mark.parametrize("name", sorted(STUDY_MAPPINGS))
def test_a_city_loads_its_own_layer_table_with_the_bundled_mapping(
    name: str, write_text: Callable[..., Path]
) -> None:
    columns = _documented_columns(name)
    survey = name in SURVEYS
    rows = [
        ["BU09350201", "buurt", "2019", *["12,5"] * (len(columns) - 3)],
        ["935" if survey or name != "toewijzingen" else "GM0935", "gemeente", "2019"]
        + ["x" if survey else "40"] * (len(columns) - 3),
    ]
    text = ";".join(columns) + "\n" + "\n".join(";".join(row) for row in rows) + "\n"
    parsed = read_values(write_text(f"{name}.csv", text), mapping=name)
    values = parsed.values
    assert STUDY_MAPPINGS[name] <= set(values["indicator"])
    mariaberg = values[values["area_code"] == "BU09350201"]
    assert set(mariaberg["period"]) == {2019} and (mariaberg["value"] == 12.5).all()
    assert "GM0935" in set(values["area_code"]), "a gemeente number without letters gets GM"


@pytest.mark.parametrize("name", sorted(STUDY_MAPPINGS))
def test_every_study_layer_says_where_it_comes_from_and_how_it_is_protected(name: str) -> None:
    for code in STUDY_MAPPINGS[name]:
        entry = catalogue_index()[code]
        assert entry["source"] and entry["licence"] and entry["unit"] and entry["definition_nl"]
        assert entry["direction"] in {"higher_is_better", "higher_is_worse", "neutral"}
        assert entry["privacy"]["minimum_count"] == 5 and entry["privacy"]["applies_to"]


def test_surveys_from_too_few_respondents_stay_secret(write_text: Callable[..., Path]) -> None:
    columns = _documented_columns("sociale_cohesie")
    path = write_text(
        "cohesie.csv", ";".join(columns) + "\nBU09350201;buurt;2019;x\nBU09350202;buurt;2019;5,4\n"
    )
    values = read_with_mapping(path, "sociale_cohesie").values.set_index("area_code")
    assert bool(values.loc["BU09350201", "suppressed"]) and values["value"].isna()["BU09350201"]
    assert values.loc["BU09350202", "value"] == 5.4


ROWS = "# Source: https://example.org/veiligheid\ncategorie,2017,2018,2019_tm_Q2\nStraatroof,31,22,23\n"
ROWS_MAPPING = """
version: "1"
file: {header_row: 2}
area: {code: GM0935}
level: gemeente
indicators_in_rows: {column: categorie, skip_columns: ["2019_tm_Q2"]}
indicators:
  misdrijven_straatroof: Straatroof
"""


def test_a_table_with_years_in_columns_loads_per_year_and_keeps_its_source_line(
    write_text: Callable[..., Path],
) -> None:
    parsed = read_with_mapping(write_text("politie.csv", ROWS), write_text("rows.yaml", ROWS_MAPPING))
    values = parsed.values.set_index("period")
    assert values["value"].to_dict() == {2017: 31.0, 2018: 22.0}, "the half year 2019 is left out"
    assert set(values["area_code"]) == {"GM0935"} and set(values["level"]) == {"gemeente"}
    assert any("https://example.org/veiligheid" in note for note in parsed.notes)


def test_a_column_that_is_no_year_is_named_instead_of_silently_skipped(
    write_text: Callable[..., Path],
) -> None:
    mapping = write_text("rows.yaml", ROWS_MAPPING.replace(', skip_columns: ["2019_tm_Q2"]', ""))
    with pytest.raises(ImportProblem) as caught:
        read_with_mapping(write_text("politie.csv", ROWS), mapping)
    assert "'2019_tm_Q2' is geen jaartal" in str(caught.value) and "skip_columns" in str(caught.value)


def test_a_row_the_mapping_expects_but_the_table_lacks_is_named(write_text: Callable[..., Path]) -> None:
    mapping = write_text("rows.yaml", ROWS_MAPPING + "  misdrijven_bedreiging: Bedreiging\n")
    with pytest.raises(ImportProblem) as caught:
        read_with_mapping(write_text("politie.csv", ROWS), mapping)
    assert "rij 'Bedreiging'" in str(caught.value) and "ontbreekt" in str(caught.value)


def test_a_cell_that_is_no_number_is_named_by_row_and_year(write_text: Callable[..., Path]) -> None:
    table = ROWS.replace("Straatroof,31,22", "Straatroof,31,veel")
    with pytest.raises(ImportProblem) as caught:
        read_with_mapping(write_text("politie.csv", table), write_text("rows.yaml", ROWS_MAPPING))
    text = str(caught.value)
    assert "'veel' is geen getal" in text and "rij 3" in text and "2018" in text


def test_a_rows_mapping_that_also_names_a_year_is_refused(write_text: Callable[..., Path]) -> None:
    with pytest.raises(ImportProblem) as caught:
        load_mapping(write_text("rows.yaml", ROWS_MAPPING + "period: 2018\n"))
    assert "period" in str(caught.value) and "kolomkoppen" in str(caught.value)


@pytest.mark.realdata
def test_maastricht_police_figures_load_as_published(real_file: Callable[[str], Path]) -> None:
    parsed = read_values(
        real_file(f"{SAFETY}/maastricht_politiecijfers_2014_2019Q2.csv"),
        mapping="veiligheid_maastricht_politiecijfers",
    )
    values = parsed.values.set_index(["indicator", "period"])["value"]
    assert values[("misdrijven_woninginbraak", 2014)] == 953
    assert values[("misdrijven_woninginbraak", 2018)] == 423
    assert values[("misdrijven_mishandeling", 2017)] == 1279, "the total row, not its parts"
    assert set(parsed.values["period"]) == {2014, 2015, 2016, 2017, 2018}, "2019 up to Q2 is no year"
    assert any("veiligheidmaastricht.nl/n113000.html" in note for note in parsed.notes)


@pytest.mark.realdata
def test_maastricht_survey_figures_load_for_the_gemeente_and_mariaberg(
    real_file: Callable[[str], Path],
) -> None:
    city = read_values(
        real_file(f"{SAFETY}/maastricht_veiligheidsmonitor_2014_2019.csv"),
        mapping="veiligheid_maastricht_veiligheidsmonitor",
    ).values.set_index(["indicator", "period"])["value"]
    assert city[("rapportcijfer_veiligheid_buurt", 2019)] == 7.1
    assert city[("onveilig_vaak", 2016)] == 1.2
    snippet = read_values(
        real_file(f"{SAFETY}/maastricht_buurt_veiligheidsmonitor_snippets.csv"),
        mapping="veiligheid_maastricht_buurt",
    )
    mariaberg = snippet.values.set_index(["indicator", "period"])["value"]
    assert (
        mariaberg[("onveilig_weleens", 2019)] == 30.9
        and mariaberg[("rapportcijfer_veiligheid_buurt", 2017)] == 6.3
    )
    assert snippet.names == {"BU09350201": "Mariaberg"}
