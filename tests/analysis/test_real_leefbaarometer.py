# SPDX-License-Identifier: EUPL-1.2
"""On the real Leefbaarometer 3.0 file, the whole pipeline (import, store, analysis) gives the numbers an
independent computation from the raw CSV gives: Maastricht's onv per wijk and its development against
the national development of all Dutch wijken, for 2014-2018 and 2018-2022."""

import csv
from pathlib import Path

import pytest

from veerkracht.analysis.results import read_result
from veerkracht.analysis.services import start_analysis
from veerkracht.areas.services import import_areas
from veerkracht.indicators.services import import_values, sync_catalogue

pytestmark = [pytest.mark.realdata, pytest.mark.slow, pytest.mark.django_db]

LBM = "leefbaarometer-3-wijken/Leefbaarometer-scores wijken 2002-2022.csv"
MAASTRICHT = [f"WK09350{i}" for i in range(7)]


def _onv_by_hand(path: Path) -> dict[tuple[str, int], float]:
    onv: dict[tuple[str, int], float] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["onv"] not in ("", "NA"):
                onv[(row["wk_code"], int(row["jaar"]))] = float(row["onv"])
    return onv


@pytest.mark.parametrize(("start", "end"), [(2014, 2018), (2018, 2022)])
def test_maastricht_onv_development_matches_the_raw_csv(
    open_data: Path, data_dir: Path, start: int, end: int
) -> None:
    import_areas(open_data / "cbs-gebieden-2014-nl/wijken_2014_nl.topojson", gemeenten=["GM0935"])
    import_areas(open_data / "cbs-buurten-2017-maastricht/buurten_2017_maastricht.geojson")
    sync_catalogue()
    import_values(open_data / LBM)
    run = start_analysis(gemeenten=["GM0935"], period_start=start, period_end=end, indeling_year=2017)

    onv = _onv_by_hand(open_data / LBM)
    both = [code for code, year in onv if year == start and (code, end) in onv]
    national = sum(onv[(code, end)] - onv[(code, start)] for code in both) / len(both)
    classes = read_result(run.pk, "classes").set_index("area_code")
    for wijk in MAASTRICHT:
        row = classes.loc[wijk]
        assert row["nuisance_start"] == pytest.approx(onv[(wijk, start)], abs=1e-12)
        assert row["nuisance_end"] == pytest.approx(onv[(wijk, end)], abs=1e-12)
        assert row["reference_change"] == pytest.approx(national, abs=1e-12)
        expected = onv[(wijk, end)] - onv[(wijk, start)] - national
        assert row["nuisance_relative_change"] == pytest.approx(expected, abs=1e-12)
    assert f"{len(both)} wijken" in run.manifest["reference"]["label_nl"]
