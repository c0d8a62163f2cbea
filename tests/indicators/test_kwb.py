# SPDX-License-Identifier: EUPL-1.2
"""CBS Kerncijfers Wijken en Buurten downloads: figures land right, secrets stay secret, bad files fail."""

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from veerkracht.importing import ImportProblem
from veerkracht.indicators.connectors import read_kwb_table

HEADER = (
    "gwb_code_10;gwb_code_8;regio;gm_naam;recs;gwb_code;ind_wbi;a_inw;a_hh;a_woning;p_koopw;p_huurw;p_wcorpw;"
)
HEADER += "a_soz_wb;a_soz_ao;a_soz_ww;g_ink_pi;p_hh_lkk;p_hh_osm"
ROWS = [
    "GM5001;5001;Veerstad;Veerstad;Gemeente;GM5001;1;20000;9000;9500;45;55;35;600;700;150;27,4;9,1;7,8",
    "WK500100;500100;Oud-West;Veerstad;Wijk;WK500100;1;6000;3000;3100;30;70;50;300;250;60;22,1;14,2;12,0",
    "BU50010000;50010000;Hoogveld;Veerstad;Buurt;BU50010000;1;2500;1200;1210;20;80;61;180;120;30;19,5;17,3;15,2",
    "BU50010001;50010001;Kloosterhof;Veerstad;Buurt;BU50010001;1;40;20;18;.;.;x;.;-99999999;.;.;.;.",
]


def _kwb(write_text: Callable[..., Path], rows: list[str] | None = None, name: str = "kwb_2023.csv") -> Path:
    return write_text(name, "\n".join([HEADER, *(ROWS if rows is None else rows)]) + "\n")


def _value(values: pd.DataFrame, code: str, indicator: str) -> float:
    found = values[(values["area_code"] == code) & (values["indicator"] == indicator)]
    assert len(found) == 1, f"expected one {indicator} for {code}"
    return float(found["value"].iloc[0])


def test_semicolon_csv_with_decimal_commas_gives_every_area_and_figure(
    write_text: Callable[..., Path],
) -> None:
    parsed = read_kwb_table(_kwb(write_text))
    values = parsed.values
    assert list(values.columns) == [
        "area_code",
        "level",
        "indicator",
        "period",
        "value",
        "suppressed",
        "estimated",
    ]
    assert set(values["period"]) == {2023}, "the year comes from the file name"
    assert dict(zip(values["area_code"], values["level"], strict=False)) == {
        "GM5001": "gemeente",
        "WK500100": "wijk",
        "BU50010000": "buurt",
        "BU50010001": "buurt",
    }
    assert _value(values, "BU50010000", "inwoners") == 2500
    assert _value(values, "BU50010000", "inkomen_per_inwoner") == pytest.approx(19.5)
    assert _value(values, "WK500100", "aandeel_laag_inkomen") == pytest.approx(14.2)
    assert _value(values, "GM5001", "bijstand") == 600
    assert _value(values, "GM5001", "aandeel_onder_sociaal_minimum") == pytest.approx(7.8)
    assert parsed.rows_read == 4
    assert parsed.names["BU50010000"] == "Hoogveld"
    assert parsed.connector == "kwb" and parsed.source_format == "cbs-kwb-csv"
    assert len(parsed.sha256) == 64
    assert not values.duplicated(["area_code", "indicator", "period"]).any()


def test_dots_x_and_secrecy_codes_are_missing_and_suppressed_never_zero(
    write_text: Callable[..., Path],
) -> None:
    parsed = read_kwb_table(_kwb(write_text))
    small = parsed.values[parsed.values["area_code"] == "BU50010001"].set_index("indicator")
    for indicator in ("bijstand", "ao_uitkering", "aandeel_corporatie", "inkomen_per_inwoner"):
        assert np.isnan(small.loc[indicator, "value"]), indicator
        assert small.loc[indicator, "suppressed"], indicator
    assert small.loc["inwoners", "value"] == 40 and not small.loc["inwoners", "suppressed"]
    assert any("geheim (CBS)" in note for note in parsed.notes)


def test_corporation_share_is_kept_and_also_becomes_an_estimated_dwelling_count(
    write_text: Callable[..., Path],
) -> None:
    values = read_kwb_table(_kwb(write_text)).values
    share = values[(values["area_code"] == "BU50010000") & (values["indicator"] == "aandeel_corporatie")]
    assert share["value"].iloc[0] == 61 and not share["estimated"].iloc[0]
    count = values[(values["area_code"] == "BU50010000") & (values["indicator"] == "woningen_corporatie")]
    assert count["value"].iloc[0] == round(0.61 * 1210)
    assert count["estimated"].iloc[0], "a count derived from a rounded percentage is an estimate"
    secret = values[(values["area_code"] == "BU50010001") & (values["indicator"] == "woningen_corporatie")]
    assert secret["suppressed"].iloc[0] and np.isnan(secret["value"].iloc[0])


def test_xlsx_download_reads_like_the_csv(tmp_path: Path, write_text: Callable[..., Path]) -> None:
    csv_values = read_kwb_table(_kwb(write_text)).values
    frame = pd.read_csv(_kwb(write_text), sep=";", dtype=str, keep_default_na=False)
    for column in ("g_ink_pi", "p_hh_lkk", "p_hh_osm"):
        frame[column] = frame[column].str.replace(",", ".")
    xlsx = tmp_path / "kwb-2023.xlsx"
    frame.to_excel(xlsx, index=False)
    parsed = read_kwb_table(xlsx)
    assert parsed.source_format == "cbs-kwb-xlsx"
    pd.testing.assert_frame_equal(parsed.values, csv_values)


def test_year_comes_from_the_caller_when_the_file_name_has_none(write_text: Callable[..., Path]) -> None:
    path = _kwb(write_text, name="kerncijfers.csv")
    with pytest.raises(ImportProblem, match="geef het jaar op"):
        read_kwb_table(path)
    assert set(read_kwb_table(path, year=2021).values["period"]) == {2021}
    named = read_kwb_table(_kwb(write_text), year=2022)
    assert set(named.values["period"]) == {2022}
    assert any("bestandsnaam noemt 2023" in note for note in named.notes)


def test_codes_without_prefix_get_it_from_recs(write_text: Callable[..., Path]) -> None:
    path = write_text(
        "kwb_2021.csv",
        "gwb_code_10,regio,recs,a_inw\n0935,Maastricht,Gemeente,125000\n"
        "093503,Noordwest,Wijk,2170\n09350301,Belvédère,Buurt,35\n",
    )
    parsed = read_kwb_table(path)
    assert set(parsed.values["area_code"]) == {"GM0935", "WK093503", "BU09350301"}
    assert parsed.names["BU09350301"] == "Belvédère"


def test_broken_utf8_names_are_repaired(write_text: Callable[..., Path]) -> None:
    broken = "Belvédère".encode().decode("latin-1")
    path = write_text("kwb_2017.csv", f"gwb_code_10;regio;recs;a_inw\nBU09350301;{broken};Buurt;35\n")
    assert read_kwb_table(path).names["BU09350301"] == "Belvédère"


def test_windows_1252_file_is_read(write_text: Callable[..., Path]) -> None:
    path = write_text(
        "kwb_2019.csv", "gwb_code_10;regio;recs;a_inw\nBU09350301;Belvédère;Buurt;35\n", "cp1252"
    )
    assert read_kwb_table(path).names["BU09350301"] == "Belvédère"


def test_code_that_contradicts_recs_is_refused(write_text: Callable[..., Path]) -> None:
    rows = [*ROWS[:2], ROWS[2].replace(";Buurt;", ";Wijk;")]
    with pytest.raises(ImportProblem) as caught:
        read_kwb_table(_kwb(write_text, rows))
    assert caught.value.row == 4 and caught.value.column == "recs"
    assert "BU50010000" in str(caught.value)


def test_non_numeric_value_names_file_row_column_and_value(write_text: Callable[..., Path]) -> None:
    rows = [*ROWS[:2], ROWS[2].replace(";2500;", ";twee;")]
    path = _kwb(write_text, rows)
    with pytest.raises(ImportProblem) as caught:
        read_kwb_table(path)
    problem = caught.value
    assert (problem.path, problem.row, problem.column) == (str(path), 4, "a_inw")
    assert (
        "'twee' is geen getal" in str(problem) and "kwb_2023.csv" in str(problem) and "rij 4" in str(problem)
    )


def test_duplicate_area_rows_are_refused_naming_the_rows(write_text: Callable[..., Path]) -> None:
    with pytest.raises(ImportProblem) as caught:
        read_kwb_table(_kwb(write_text, [*ROWS, ROWS[2]]))
    assert "BU50010000 staat dubbel" in str(caught.value) and "rijen 4, 6" in str(caught.value)
    assert caught.value.row == 6


def test_unknown_area_code_is_refused(write_text: Callable[..., Path]) -> None:
    rows = [*ROWS[:2], ROWS[2].replace("BU50010000;50010000", "XX123;50010000")]
    with pytest.raises(ImportProblem) as caught:
        read_kwb_table(_kwb(write_text, rows))
    assert "'XX123' is geen CBS-gebiedscode" in str(caught.value) and caught.value.row == 4


def test_empty_and_header_only_files_are_refused(write_text: Callable[..., Path]) -> None:
    with pytest.raises(ImportProblem, match="leeg"):
        read_kwb_table(write_text("kwb_2023.csv", ""))
    with pytest.raises(ImportProblem, match="geen gegevens"):
        read_kwb_table(write_text("kwb_2022.csv", HEADER + "\n"))


def test_file_of_another_kind_is_refused_with_a_hint(write_text: Callable[..., Path]) -> None:
    lbm = write_text("scores_2022.csv", "wk_code,wk_naam,jaar,lbm\nWK093502,West,2022,4.1\n")
    with pytest.raises(ImportProblem, match="gwb_code_10"):
        read_kwb_table(lbm)
    english = write_text("kwb_2021.csv", "gwb_code_10,recs,Number.of.inhabitants\n00340101,Buurt,1580\n")
    with pytest.raises(ImportProblem, match="mapping"):
        read_kwb_table(english)
    binary = write_text("kwb_2020.csv", "")
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ImportProblem, match="geen tekstbestand"):
        read_kwb_table(binary)
