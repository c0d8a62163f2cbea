# SPDX-License-Identifier: EUPL-1.2
"""Leefbaarometer 3.0 downloads: every score exactly as published, unpublished scores missing (never 0)."""

import csv
import math
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from veerkracht.importing import ImportProblem
from veerkracht.indicators.connectors import read_leefbaarometer3, read_values

WIJKEN = "leefbaarometer-3-wijken/Leefbaarometer-scores wijken 2002-2022.csv"
CODES = {
    "lbm": "lbm_score",
    "afw": "lbm_afw",
    "fys": "lbm_fys",
    "onv": "lbm_onv",
    "soc": "lbm_soc",
    "vrz": "lbm_vrz",
    "won": "lbm_won",
}


def test_national_wijk_file_reads_every_score_exactly(real_file: Callable[[str], Path]) -> None:
    path = real_file(WIJKEN)
    parsed = read_leefbaarometer3(path)
    assert parsed.rows_read == 26_366 and len(parsed.values) == 26_366 * 7
    assert set(parsed.values["level"]) == {"wijk"}
    published = {
        (code, indicator, int(period)): value
        for code, indicator, period, value in parsed.values[
            ["area_code", "indicator", "period", "value"]
        ].itertuples(index=False)
    }
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for column, indicator in CODES.items():
                value = published[(row["wk_code"], indicator, int(row["jaar"]))]
                if row[column] == "NA":
                    assert math.isnan(value), (row["wk_code"], row["jaar"], column)
                else:
                    assert value == float(row[column]), (row["wk_code"], row["jaar"], column)


def test_dimensions_of_2002_to_2012_and_2016_are_missing_not_zero(real_file: Callable[[str], Path]) -> None:
    values = read_leefbaarometer3(real_file(WIJKEN)).values
    dimensions = values[values["indicator"].isin(["lbm_fys", "lbm_onv", "lbm_soc", "lbm_vrz", "lbm_won"])]
    unpublished = dimensions[dimensions["period"].isin([2002, 2008, 2012, 2016])]
    assert unpublished["value"].isna().all() and not unpublished["suppressed"].any()
    assert dimensions[dimensions["period"].isin([2014, 2018, 2020, 2022])]["value"].notna().all()
    assert values[values["indicator"] == "lbm_score"]["value"].notna().all()


def test_maastricht_west_2018_nuisance_score_and_names(real_file: Callable[[str], Path]) -> None:
    parsed = read_values(real_file(WIJKEN))
    assert parsed.connector == "leefbaarometer3"
    values = parsed.values
    onv = values[
        (values["area_code"] == "WK093502") & (values["period"] == 2018) & (values["indicator"] == "lbm_onv")
    ]
    assert onv["value"].iloc[0] == -0.08479764781928656
    fys = values[
        (values["area_code"] == "WK093502") & (values["period"] == 2018) & (values["indicator"] == "lbm_fys")
    ]
    assert fys["value"].iloc[0] == -6.711721422578282e-4, "scientific notation is read"
    assert parsed.names["WK093502"] == "Wijk 02 Buitenwijk West"
    assert len([code for code in parsed.names if code.startswith("WK0935")]) == 7


def test_buurt_file_with_na_and_scientific_notation(write_text: Callable[..., Path]) -> None:
    path = write_text(
        "Leefbaarometer-scores buurten 2002-2022.csv",
        "bu_code,bu_naam,jaar,lbm,afw,fys,onv,soc,vrz,won\n"
        "BU09350000,Binnenstad,2020,4.2,1.2e-2,NA,-3.5E-3,0.01,0.2,0\n"
        "BU09350000,Binnenstad,2022,4.3,0.02,0.01,-0.004,0.01,0.21,0.001\n",
    )
    parsed = read_leefbaarometer3(path)
    values = parsed.values.set_index(["indicator", "period"])["value"]
    assert values[("lbm_afw", 2020)] == 0.012 and values[("lbm_onv", 2020)] == -0.0035
    assert math.isnan(values[("lbm_fys", 2020)]) and values[("lbm_won", 2020)] == 0.0
    assert set(parsed.values["level"]) == {"buurt"} and parsed.names == {"BU09350000": "Binnenstad"}


def test_gemeente_and_national_files(write_text: Callable[..., Path]) -> None:
    gemeente = write_text(
        "gemeenten.csv", "gm_code,gm_naam,jaar,lbm,afw\nGM0935,Maastricht,2022,4.05,-0.05\n"
    )
    assert set(read_values(gemeente).values["area_code"]) == {"GM0935"}
    national = write_text("nederland.csv", "jaar,lbm,afw,onv\n2020,4.10,0,0.001\n2022,4.11,0,0.002\n")
    parsed = read_values(national)
    assert set(parsed.values["area_code"]) == {"NL00"} and set(parsed.values["level"]) == {"land"}


def test_grid_with_cbs_square_ids_is_stored_per_square(write_text: Callable[..., Path]) -> None:
    path = write_text(
        "Leefbaarometer-scores grid 2012-2024.csv",
        "grid_id,jaar,lbm,afw,fys,onv,soc,vrz,won\nE1766N3184,2022,4.1,0.0,0,0,0,0,0\n",
    )
    parsed = read_values(path)
    assert set(parsed.values["area_code"]) == {"E1766N3184"} and set(parsed.values["level"]) == {"square"}


def test_grid_with_leefbaarometer_ids_needs_the_grid_geometry(
    tmp_path: Path, write_text: Callable[..., Path]
) -> None:
    path = write_text("grid.csv", "grid_id,jaar,lbm,onv\n1001,2022,4.1,0.01\n1002,2022,3.9,-0.02\n")
    with pytest.raises(ImportProblem) as caught:
        read_leefbaarometer3(path)
    assert caught.value.row == 2 and "grid-geometrie" in str(caught.value)
    # A clipped cell (along the coast) still maps to the square it was cut from.
    cells = [shapely.box(176_600, 318_400, 176_700, 318_500), shapely.box(176_700, 318_400, 176_730, 318_460)]
    geometry = tmp_path / "grid 2024.gpkg"
    gpd.GeoDataFrame({"grid_id": [1001, 1002]}, geometry=cells, crs="EPSG:28992").to_file(geometry)
    parsed = read_values(path, grid_geometry=geometry)
    assert sorted(parsed.values["area_code"].unique()) == ["E1766N3184", "E1767N3184"]


@pytest.mark.parametrize(
    ("text", "row", "column", "message"),
    [
        ("wk_code,jaar,lbm\nWK093502,2022,4.1\nWK093503,2022,hoog\n", 3, "lbm", "'hoog' is geen getal"),
        ("wk_code,jaar,lbm\nWK093502,twintig,4.1\n", 2, "jaar", "geen jaartal"),
        ("wk_code,jaar,lbm\nWK093502,2022,4.1\nWK093502,2022,4.2\n", 3, "wk_code", "dubbel"),
        ("wk_code,jaar,lbm\nWK0935,2022,4.1\n", 2, "wk_code", "geen geldige code voor niveau wijk"),
    ],
)
def test_bad_cells_are_named(
    write_text: Callable[..., Path], text: str, row: int, column: str, message: str
) -> None:
    with pytest.raises(ImportProblem) as caught:
        read_leefbaarometer3(write_text("scores.csv", text))
    assert (caught.value.row, caught.value.column) == (row, column) and message in str(caught.value)


def test_a_table_without_scores_is_refused(write_text: Callable[..., Path]) -> None:
    with pytest.raises(ImportProblem, match="geen Leefbaarometer-scores"):
        read_leefbaarometer3(write_text("scores.csv", "wk_code,jaar,inwoners\nWK093502,2022,100\n"))
