# SPDX-License-Identifier: EUPL-1.2
"""The engine on the real Leefbaarometer 3.0 wijk scores: the national reference and Maastricht.

The reference development of onv is the unweighted mean change of all Dutch wijken with a score in
both years: the download has no inhabitants to weight by (the study used the national average
development). Checked against an independent computation with Python's csv module.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from veerkracht.monitor import ReferenceSpec, load_preset, relative_development
from veerkracht.monitor.resilience import nuisance_level_category

pytestmark = pytest.mark.realdata

FILE = Path("leefbaarometer-3-wijken") / "Leefbaarometer-scores wijken 2002-2022.csv"
MAASTRICHT = [f"WK09350{i}" for i in range(7)]


@pytest.fixture(scope="module")
def lbm_file(open_data: Path) -> Path:
    path = open_data / FILE
    if not path.is_file():
        from support import unavailable

        unavailable(f"Leefbaarometer wijk scores not found at {path}")
    return path


@pytest.fixture(scope="module")
def onv(lbm_file: Path) -> pd.DataFrame:
    raw = pd.read_csv(lbm_file, na_values=["NA"])
    assert len(raw) == 26_366
    return pd.DataFrame(
        {"area_code": raw["wk_code"], "indicator": "onv", "period": raw["jaar"], "value": raw["onv"]}
    )


def _by_hand(path: Path, start: int, end: int) -> tuple[float, dict[str, float]]:
    scores: dict[tuple[str, int], float] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["onv"] != "NA":
                scores[(row["wk_code"], int(row["jaar"]))] = float(row["onv"])
    changes = {
        code: scores[(code, end)] - scores[(code, start)]
        for code, year in scores
        if year == start and (code, end) in scores
    }
    national = sum(changes.values()) / len(changes)
    return national, {code: changes[code] - national for code in MAASTRICHT}


@pytest.mark.parametrize(("start", "end"), [(2014, 2018), (2018, 2022)])
def test_national_reference_and_maastricht_relative_development_match_an_independent_computation(
    onv: pd.DataFrame, lbm_file: Path, start: int, end: int
) -> None:
    areas = pd.DataFrame({"area_code": onv["area_code"].unique(), "level": "wijk"})
    out = relative_development(onv, areas, "onv", start, end, ReferenceSpec("national", level="wijk"))
    out = out.set_index("area_code")
    national, maastricht = _by_hand(lbm_file, start, end)
    assert out.loc[MAASTRICHT[0], "reference_change"] == pytest.approx(national, abs=1e-12)
    for code, expected in maastricht.items():
        assert out.loc[code, "relative_change"] == pytest.approx(expected, abs=1e-12)


def test_maastricht_developed_better_than_the_netherlands_as_the_study_says(onv: pd.DataFrame) -> None:
    # Seed 001: "Ook ten opzichte van de gemiddelde ontwikkeling in Nederland, was de ontwikkeling van
    # overlast en onveiligheid tussen 2012 en 2018 in Maastricht gemiddeld genomen positief."
    areas = pd.DataFrame({"area_code": onv["area_code"].unique(), "level": "wijk"})
    out = relative_development(onv, areas, "onv", 2014, 2018, ReferenceSpec("national", level="wijk"))
    assert out.set_index("area_code").loc[MAASTRICHT, "relative_change"].mean() > 0


def test_the_centre_of_maastricht_has_much_nuisance_as_the_study_says(onv: pd.DataFrame) -> None:
    # Seed 001: "vormen van sociale overlast [komen] veel voor in het Centrum."
    centre = onv[(onv["area_code"] == "WK093500") & (onv["period"] == 2018)]["value"].to_numpy()
    assert nuisance_level_category(centre, load_preset().thresholds).tolist() == [3]
