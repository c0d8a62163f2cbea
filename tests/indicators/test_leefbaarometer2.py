# SPDX-License-Identifier: EUPL-1.2
"""Leefbaarometer 2.0 per postcode area: scores, classes and development classes per year."""

import csv
import math
from collections.abc import Callable
from pathlib import Path

import pytest

from veerkracht.importing import ImportProblem
from veerkracht.indicators.connectors import read_leefbaarometer2, read_values

DIMENSIE = "leefbaarometer-2-pc4/resources_PC4DIMENSIE.csv"
LBR = "leefbaarometer-2-pc4/resources_PC4LBR.csv"


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_dimension_file_gives_six_measures_for_four_years_per_postcode(
    real_file: Callable[[str], Path],
) -> None:
    path = real_file(DIMENSIE)
    parsed = read_values(path)
    rows = _csv_rows(path)
    assert parsed.connector == "leefbaarometer2"
    assert parsed.rows_read == len(rows) == 4068, "every postcode area, the last one (9999) included"
    assert parsed.values["area_code"].nunique() == 4068
    assert set(parsed.values["level"]) == {"pc4"}
    assert parsed.periods() == [2012, 2014, 2016, 2018]
    assert parsed.indicators() == ["lbm2_bev", "lbm2_fys", "lbm2_score", "lbm2_vei", "lbm2_vrz", "lbm2_won"]
    values = parsed.values.set_index(["area_code", "indicator", "period"])["value"]
    row = next(r for r in rows if r["GBD"] == "6211")
    assert values[("PC6211", "lbm2_score", 2018)] == float(row["RLBRMTR18"])
    assert values[("PC6211", "lbm2_vei", 2012)] == float(row["RLBVEI12"])
    empty = next(r for r in rows if r["RLBRMTR12"] == "")
    assert math.isnan(values[("PC" + empty["GBD"], "lbm2_score", 2012)]), "an empty cell is missing, not 0"


def test_class_file_keeps_development_classes_per_starting_year(real_file: Callable[[str], Path]) -> None:
    path = real_file(LBR)
    parsed = read_leefbaarometer2(path)
    rows = _csv_rows(path)
    assert parsed.rows_read == len(rows) == 4068
    values = parsed.values.set_index(["area_code", "indicator", "period"])["value"]
    row = next(r for r in rows if r["CODE"] == "6214")
    assert values[("PC6214", "lbm2_klasse", 2018)] == float(row["KL18"])
    # VKL1418 and VKL0818 both end in 2018; their starting year is part of the code.
    assert values[("PC6214", "lbm2_ontwikkeling_sinds_2014", 2018)] == float(row["VKL1418"])
    assert values[("PC6214", "lbm2_ontwikkeling_sinds_2008", 2018)] == float(row["VKL0818"])
    assert values[("PC6214", "lbm2_ontwikkeling_sinds_2002", 2008)] == float(row["VKL0208"])
    assert any("VKLyyzz" in note for note in parsed.notes)
    classes = parsed.values[parsed.values["indicator"] == "lbm2_klasse"]["value"].dropna()
    assert classes.between(1, 9).all()


def test_rows_with_only_a_postcode_give_missing_values(write_text: Callable[..., Path]) -> None:
    parsed = read_leefbaarometer2(
        write_text("resources_PC4LBR.csv", "CODE,KL16,KL18,VKL1618\n1041\n1045,,5,1\n")
    )
    values = parsed.values.set_index(["area_code", "indicator", "period"])["value"]
    assert math.isnan(values[("PC1041", "lbm2_klasse", 2018)])
    assert values[("PC1045", "lbm2_klasse", 2018)] == 5


@pytest.mark.parametrize(
    ("text", "row", "column", "message"),
    [
        ("GBD,RLBRMTR18\n1011,0.2\n621,0.1\n", 3, "GBD", "'621' is geen postcodegebied"),
        ("GBD,RLBRMTR18\n1011,hoog\n", 2, "RLBRMTR18", "'hoog' is geen getal"),
        ("GBD,RLBRMTR18\n1011,0.2\n1011,0.3\n", 3, "GBD", "PC1011 staat dubbel"),
    ],
)
def test_bad_cells_are_named(
    write_text: Callable[..., Path], text: str, row: int, column: str, message: str
) -> None:
    with pytest.raises(ImportProblem) as caught:
        read_leefbaarometer2(write_text("resources_PC4DIMENSIE.csv", text))
    assert (caught.value.row, caught.value.column) == (row, column) and message in str(caught.value)


def test_a_file_without_leefbaarometer_columns_is_refused(write_text: Callable[..., Path]) -> None:
    with pytest.raises(ImportProblem, match=r"geen Leefbaarometer 2\.0-kolommen"):
        read_leefbaarometer2(write_text("pc4.csv", "GBD,inwoners\n1011,900\n"))
