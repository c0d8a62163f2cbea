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
    # Income is a sum of money: it is scaled to the published figure (one decimal) exactly.
    assert (values["income_per_inhabitant"].to_numpy() == kwb["income_per_inhabitant"].to_numpy()).all()
    # The percentages are whole households over households: they land within one published decimal.
    for column in ("pct_low_income_households", "pct_below_social_minimum"):
        difference = np.abs(values[column].to_numpy() - kwb[column].to_numpy())
        assert difference.max() <= 0.1 + 1e-9, column


def test_wijk_liveability_equals_the_real_lbm3_scores(maastricht: tuple) -> None:
    _, _, lbm, city = maastricht
    merged = city.wijk_values.merge(
        lbm, left_on=["wijkcode", "jaar"], right_on=["wk_code", "jaar"], suffixes=("", "_real")
    )
    assert len(merged) >= 7 * 5
    # Squares and wijk means are both kept to six decimals: each dimension is off by at most 2 x 5e-7;
    # lbm (reference plus five dimensions) by five times that plus the 1.5e-7 by which the six-decimal
    # reference score differs from the download's.
    with_dims = merged.dropna(subset=["onv_real"])
    for dimension in ("fys", "onv", "soc", "vrz", "won"):
        np.testing.assert_allclose(with_dims[dimension], with_dims[f"{dimension}_real"], rtol=0, atol=1e-6)
    np.testing.assert_allclose(merged["lbm"], merged["lbm_real"], rtol=0, atol=5e-6 + 1.5e-7)


def test_the_synthetic_reference_score_is_the_real_lbm3_one(maastricht: tuple) -> None:
    _, _, lbm, city = maastricht
    # In the download, lbm - afw is one constant: the reference score of Leefbaarometer 3.0.
    reference = (lbm["lbm"] - lbm["afw"]).to_numpy()
    assert np.ptp(reference) < 1e-12
    assert city.truth["leefbaarometer_reference"]["reference_score"] == round(float(reference[0]), 6)


def test_everything_generated_is_flagged_synthetic(maastricht: tuple) -> None:
    city = maastricht[3]
    for frame in (city.squares, city.square_values, city.buurt_values, city.complexes):
        assert frame["synthetic"].all()
    assert city.truth["stories"].keys() == {"unremarkable"}
