# SPDX-License-Identifier: EUPL-1.2
"""Maastricht mode: real areas and totals, synthetic values only where the open data has none."""

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from veerkracht.demo.synthetic import RealCityAnchors, kwb_from_english_columns, synthesize_for_real_city

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def maastricht(open_data: Path) -> tuple:
    buurten = gpd.read_file(open_data / "cbs-buurten-2017-maastricht/buurten_2017_maastricht.geojson")
    kwb = kwb_from_english_columns(
        pd.read_csv(open_data / "kwb-buurten-maastricht/kwb_circa2021_limburg_buurten_englishcols.csv"),
        2021,
        "Maastricht",
    )
    lbm = pd.read_csv(open_data / "leefbaarometer-3-wijken/Leefbaarometer-scores wijken 2002-2022.csv")
    city = synthesize_for_real_city(
        buurten, seed=5, anchors=RealCityAnchors(kwb=kwb, leefbaarometer_wijken=lbm)
    )
    return buurten, kwb, lbm, city


def test_real_buurten_keep_their_codes_and_inhabitants(maastricht: tuple) -> None:
    buurten, _, _, city = maastricht
    assert sorted(city.buurten["buurtcode"]) == sorted(buurten["BU_CODE"])
    values = city.buurt_values.loc[city.buurt_values["jaar"] == 2017].set_index("buurtcode")
    real = buurten.set_index("BU_CODE")["AANT_INW"]
    assert (values.loc[real.index, "inhabitants"] == real).all()
    assert (city.squares.groupby("buurtcode").size().reindex(real.index) > 0).all()
    assert "Belvédère" in set(city.buurten["buurtnaam"])


def test_kwb_totals_are_matched_in_their_year(maastricht: tuple) -> None:
    _, kwb, _, city = maastricht
    values = (
        city.buurt_values.loc[city.buurt_values["jaar"] == 2021].set_index("buurtcode").loc[kwb["buurtcode"]]
    )
    for column in ("inhabitants", "households", "bijstand", "ao", "ww"):
        assert (values[column].to_numpy() == kwb[column].to_numpy()).all(), column
    assert np.allclose(values["income_per_inhabitant"], kwb["income_per_inhabitant"], atol=0.11)
    assert np.allclose(values["pct_low_income_households"], kwb["pct_low_income_households"], atol=0.6)


def test_wijk_liveability_equals_the_real_lbm3_scores(maastricht: tuple) -> None:
    _, _, lbm, city = maastricht
    merged = city.wijk_values.merge(
        lbm, left_on=["wijkcode", "jaar"], right_on=["wk_code", "jaar"], suffixes=("", "_real")
    )
    assert len(merged) >= 7 * 5
    assert np.allclose(merged["lbm"], merged["lbm_real"], atol=1e-4)
    with_dims = merged.dropna(subset=["onv_real"])
    assert np.allclose(with_dims["onv"], with_dims["onv_real"], atol=1e-4)


def test_everything_generated_is_flagged_synthetic(maastricht: tuple) -> None:
    city = maastricht[3]
    for frame in (city.squares, city.square_values, city.buurt_values, city.complexes):
        assert frame["synthetic"].all()
    assert city.truth["stories"].keys() == {"unremarkable"}
