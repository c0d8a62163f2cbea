# SPDX-License-Identifier: EUPL-1.2
"""A table plus a YAML mapping: municipal, corporation and third-party tables come in with CBS codes."""

import csv
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from veerkracht.importing import ImportProblem
from veerkracht.indicators.connectors import bundled_mappings, load_mapping, read_values, read_with_mapping

ENGLISH_KWB = "kwb-buurten-maastricht/kwb_circa2021_limburg_buurten_englishcols.csv"
KWB_2025 = "kwb-buurten-maastricht/kwb2025_maastricht_processed.csv"


def _mapping(write_text: Callable[..., Path], text: str, name: str = "mapping.yaml") -> Path:
    return write_text(name, text)


def test_english_kwb_table_gets_cbs_buurt_codes_and_the_assumed_year(
    real_file: Callable[[str], Path],
) -> None:
    path = real_file(ENGLISH_KWB)
    parsed = read_with_mapping(path, "kwb_circa2021_englishcols")
    values = parsed.values
    with path.open(newline="", encoding="utf-8") as handle:
        raw = list(csv.DictReader(handle))
    assert parsed.rows_read == len(raw) == 624
    codes = set(values["area_code"])
    assert len(codes) == 624 and all(code.startswith("BU") and len(code) == 10 for code in codes)
    assert "BU00340101" in codes, "'00340101' becomes BU00340101"
    assert len({code[2:6] for code in codes}) == 10, "ten gemeenten"
    assert len({code for code in codes if code.startswith("BU0935")}) == 38, "38 Maastricht buurten"
    assert set(values["level"]) == {"buurt"} and set(values["period"]) == {2021}
    assert any("2021 aangenomen" in note for note in parsed.notes), "the user sees the year is an assumption"
    binnenstad = values[values["area_code"] == "BU09350000"].set_index("indicator")["value"]
    row = next(r for r in raw if r["gwb_code_10"] == "09350000")
    assert binnenstad["inwoners"] == float(row["Number.of.inhabitants"])
    assert binnenstad["inkomen_per_inwoner"] == float(row["avg_income_per_capital"])
    assert binnenstad["aandeel_laag_inkomen"] == float(row["p_low_income_household"])
    assert binnenstad["bijstand"] == float(row["n_pp_w_assitance"])
    assert binnenstad["afstand_grote_supermarkt"] == float(row["DistanceToLargeSupermarket_24"])
    assert parsed.names["BU09350000"] == "Binnenstad"


def test_kwb_2025_processed_table_ignores_the_third_party_scores(real_file: Callable[[str], Path]) -> None:
    parsed = read_values(real_file(KWB_2025))
    assert (
        parsed.connector == "mapping"
        and parsed.source_format == "tabel-met-mapping:kwb2025_maastricht_processed"
    )
    values = parsed.values
    assert parsed.rows_read == 38 and values["area_code"].nunique() == 38
    assert set(values["indicator"]) == {
        "inwoners",
        "woningen",
        "aandeel_huurwoningen",
        "aandeel_meergezinswoningen",
        "woz_gemiddeld",
        "afstand_grote_supermarkt",
    }
    assert set(values["period"]) == {2025}
    imputed = values[values["estimated"]]
    assert list(zip(imputed["area_code"], imputed["indicator"], strict=True)) == [
        ("BU09350200", "afstand_grote_supermarkt")
    ], "the distance the supplier filled with the median is marked estimated"
    binnenstad = values[values["area_code"] == "BU09350000"].set_index("indicator")["value"]
    assert binnenstad["woz_gemiddeld"] == 326 and binnenstad["inwoners"] == 2325


def test_xlsx_with_title_rows_level_and_year_columns_factor_and_markers(
    tmp_path: Path, write_text: Callable[..., Path]
) -> None:
    table = pd.DataFrame(
        {
            "Gebied": ["0935", "093503", "09350301", "09350302"],
            "Soort": ["Gemeente", "Wijk", "Buurt", "Buurt"],
            "Jaar": ["2022", "2022", "2022", "2023"],
            "Begeleiding": ["1200", "80", "<5", "12"],
            "Budget (euro)": ["2500000", "150000", "-", "40000"],
        }
    )
    xlsx = tmp_path / "wmo_monitor.xlsx"
    with pd.ExcelWriter(xlsx) as writer:
        pd.DataFrame([["Wmo-monitor Maastricht"], ["bron: gemeente"]]).to_excel(
            writer, sheet_name="buurten", header=False, index=False
        )
        table.to_excel(writer, sheet_name="buurten", startrow=2, index=False)
    mapping = _mapping(
        write_text,
        """
description: Wmo-monitor van de gemeente
file: {sheet: buurten, header_row: 3}
area: {column: Gebied, prefix: auto}
level: {column: Soort}
period: {column: Jaar}
secret: ["<5"]
indicators:
  wmo_begeleiding: Begeleiding
  inkomen_per_inwoner: {column: "Budget (euro)", factor: 0.001, missing: ["-"]}
""",
    )
    parsed = read_with_mapping(xlsx, mapping)
    values = parsed.values.set_index(["area_code", "indicator", "period"])
    assert values.loc[("GM0935", "wmo_begeleiding", 2022), "value"] == 1200
    assert values.loc[("WK093503", "inkomen_per_inwoner", 2022), "value"] == pytest.approx(150)
    secret = values.loc[("BU09350301", "wmo_begeleiding", 2022)]
    assert np.isnan(secret["value"]) and secret["suppressed"]
    missing = values.loc[("BU09350301", "inkomen_per_inwoner", 2022)]
    assert np.isnan(missing["value"]) and not missing["suppressed"]
    assert values.loc[("BU09350302", "wmo_begeleiding", 2023), "value"] == 12


def test_partner_file_takes_its_year_from_the_file_name(write_text: Callable[..., Path]) -> None:
    path = write_text(
        "wmo_2024.csv",
        "buurtcode,begeleiding,huishoudelijke_hulp,woonvoorziening\nBU50010000,12,30,4\nBU50010001,3,9,0\n",
    )
    parsed = read_values(path)
    assert parsed.connector == "mapping" and "partner_wmo" in parsed.source_format
    assert set(parsed.values["period"]) == {2024}
    assert len(parsed.values) == 6
    # The mapping is a rule of the import: its version and hash are part of the provenance.
    sha256 = load_mapping("partner_wmo").sha256
    assert f"gelezen met mapping partner_wmo (versie 1, sha256 {sha256[:12]})" in parsed.notes[0]


def test_a_wrong_mapping_names_the_line_of_each_problem(write_text: Callable[..., Path]) -> None:
    mapping = _mapping(
        write_text,
        "area: {column: a, pad: 20}\nlevel: buurt\nperiod: 2021\nindicators:\n  inwoners: [b]\n",
    )
    with pytest.raises(ImportProblem) as caught:
        load_mapping(mapping)
    assert str(caught.value).splitlines() == [
        f"{mapping}: regel 1, sleutel 'area.pad': verwacht een aantal cijfers (1-12), gekregen 20",
        "regel 5, sleutel 'indicators.inwoners': verwacht een kolomnaam of {column: ..., factor: ...}",
    ]


def test_bundled_mappings_are_all_valid() -> None:
    names = {path.stem for path in bundled_mappings()}
    assert {"kwb_circa2021_englishcols", "kwb2025_maastricht_processed"} <= names
    for path in bundled_mappings():
        assert load_mapping(path).indicators, path.name


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "area: {column: a}\nlevel: buurt\nperiod: 2021\nindicators: {inwoners: b}\nseperator: ';'\n",
            "onbekende sleutel(s) ['seperator']",
        ),
        (
            "area: {column: a}\nlevel: buurt\nperiod: 2021\nindicators: {inwoonders: b}\n",
            "sleutel 'indicators.inwoonders': indicator 'inwoonders' staat niet in de catalogus",
        ),
        ("area: {column: a}\nlevel: wijkje\nperiod: 2021\nindicators: {inwoners: b}\n", "sleutel 'level'"),
        (
            "area: {column: a}\nlevel: buurt\nperiod: vorig jaar\nindicators: {inwoners: b}\n",
            "sleutel 'period'",
        ),
        ("area: {column: a}\nlevel: buurt\nindicators: {inwoners: b}\n", "sleutel 'period': ontbreekt"),
        (
            "area: {column: a}\nlevel: buurt\nperiod: 2021\nindicators: {inwoners: {column: b, factor: 0}}\n",
            "sleutel 'indicators.inwoners.factor'",
        ),
        ("area: [a]\nlevel: buurt\nperiod: 2021\nindicators: {inwoners: b}\n", "sleutel 'area'"),
    ],
)
def test_a_wrong_mapping_names_the_mapping_file_and_key(
    write_text: Callable[..., Path], text: str, message: str
) -> None:
    mapping = _mapping(write_text, text)
    with pytest.raises(ImportProblem) as caught:
        load_mapping(mapping)
    assert message in str(caught.value) and caught.value.path == str(mapping)


def test_column_missing_from_the_table_is_named(write_text: Callable[..., Path]) -> None:
    mapping = _mapping(
        write_text, "area: {column: code}\nlevel: buurt\nperiod: 2021\nindicators: {inwoners: inw}\n"
    )
    path = write_text("tabel.csv", "code;inwoners\nBU09350000;2130\n")
    with pytest.raises(ImportProblem) as caught:
        read_with_mapping(path, mapping)
    assert "kolom 'inw' uit mapping mapping ontbreekt" in str(caught.value)


def test_bad_cells_are_named_by_row_and_column(write_text: Callable[..., Path]) -> None:
    mapping = _mapping(
        write_text,
        "area: {column: code}\nlevel: {column: niveau}\nperiod: {column: jaar}\n"
        "indicators: {inwoners: inw}\n",
    )
    cases = [
        (
            "code;niveau;jaar;inw\nBU09350000;buurt;2021;2130\nBU09350001;buurt;2021;1.6k\n",
            3,
            "inw",
            "'1.6k'",
        ),
        ("code;niveau;jaar;inw\nBU09350000;straat;2021;2130\n", 2, "niveau", "onbekend niveau 'straat'"),
        ("code;niveau;jaar;inw\nBU09350000;buurt;21/22;2130\n", 2, "jaar", "'21/22' is geen jaartal"),
        ("code;niveau;jaar;inw\nBU0935;buurt;2021;2130\n", 2, "code", "'BU0935' is geen geldige code"),
        (
            "code;niveau;jaar;inw\nBU09350000;buurt;2021;2130\nBU09350000;buurt;2021;2131\n",
            3,
            "code",
            "dubbel",
        ),
    ]
    for text, row, column, message in cases:
        with pytest.raises(ImportProblem) as caught:
            read_with_mapping(write_text("tabel.csv", text), mapping)
        assert (caught.value.row, caught.value.column) == (row, column), text
        assert message in str(caught.value), text


def test_indicator_at_a_level_the_catalogue_does_not_know_is_refused(write_text: Callable[..., Path]) -> None:
    mapping = _mapping(
        write_text, "area: {column: id}\nlevel: square\nperiod: 2021\nindicators: {bijstand: n}\n"
    )
    path = write_text("vierkanten.csv", "id,n\nE1766N3184,12\n")
    with pytest.raises(ImportProblem, match="niet op niveau square"):
        read_with_mapping(path, mapping)


def test_estimated_flag_column_must_hold_yes_or_no(write_text: Callable[..., Path]) -> None:
    mapping = _mapping(
        write_text,
        "area: {column: code}\nlevel: buurt\nperiod: 2025\n"
        "indicators: {afstand_grote_supermarkt: {column: km, estimated_column: geschat}}\n",
    )
    path = write_text("afstand.csv", "code,km,geschat\nBU09350000,0.4,misschien\n")
    with pytest.raises(ImportProblem) as caught:
        read_with_mapping(path, mapping)
    assert caught.value.column == "geschat" and "ja/nee" in str(caught.value)
