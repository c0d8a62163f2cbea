# SPDX-License-Identifier: EUPL-1.2
"""The generated city: its areas, its numbers and the stories an analyst should find in them."""

import re

import numpy as np
import pandas as pd
import shapely

from veerkracht.demo.synthetic import City, generate_city

PERIOD = (2014, 2022)


def test_same_seed_gives_the_same_city_and_another_seed_another(city: City) -> None:
    again = generate_city(seed=1)
    pd.testing.assert_frame_equal(city.buurt_values, again.buurt_values)
    assert city.truth == again.truth
    other = generate_city(seed=2)
    assert not city.buurten.geometry.geom_equals(other.buurten.geometry).all()


def test_default_city_is_veerstad_with_45_buurten_7_wijken_and_4_rayons(city: City) -> None:
    assert city.gemeenten["gemeentecode"].tolist() == ["GM5001"]
    assert city.gemeenten["gemeentenaam"].tolist() == ["Veerstad"]
    assert len(city.buurten_in(2012)) == 45
    assert city.wijken["wijkcode"].tolist() == [f"WK5001{w:02d}" for w in range(7)]
    assert sorted(city.rayons["rayon_code"].unique()) == [f"RA5001{r:02d}" for r in range(1, 5)]
    assert city.rayons["rayon_naam"].str.startswith("Rayon ").all()


def test_codes_follow_the_cbs_patterns_and_hierarchy(city: City) -> None:
    for row in city.buurten.itertuples():
        assert re.fullmatch(r"BU\d{8}", row.buurtcode)
        assert row.wijkcode == "WK" + row.buurtcode[2:8]
        assert row.gemeentecode == "GM" + row.buurtcode[2:6]
    assert set(city.buurten["wijkcode"]) <= set(city.wijken["wijkcode"])


def test_buurten_tile_the_gemeente_without_gaps_or_overlaps(city: City) -> None:
    gemeente = city.gemeenten.geometry.iloc[0]
    tolerance = 1e-6 * gemeente.area  # about 20 m2 on 20 km2: coordinate rounding at 1 cm
    for year in city.boundary_years:
        buurten = city.buurten_in(year).geometry
        assert abs(buurten.area.sum() - gemeente.area) < tolerance
        assert shapely.union_all(buurten.to_numpy()).symmetric_difference(gemeente).area < tolerance


def test_every_buurt_of_every_year_has_squares_and_squares_sum_to_it(city: City) -> None:
    columns = [
        "inhabitants",
        "households",
        "dwellings",
        "corporation_dwellings",
        "vulnerable_total",
        "bijstand",
    ]
    squares = city.square_values.assign(buurtcode=city.square_values["buurtcode"].astype(str))
    summed = squares.groupby(["jaar", "buurtcode"])[columns].sum().astype("int64")
    buurten = city.buurt_values.set_index(["jaar", "buurtcode"])[columns].astype("int64")
    assert len(buurten) == len(summed)
    pd.testing.assert_frame_equal(summed.sort_index(), buurten.sort_index())
    wijken = city.buurt_values.groupby(["jaar", "wijkcode"])["inhabitants"].sum()
    assert (
        wijken.to_numpy()
        == city.wijk_values.set_index(["jaar", "wijkcode"])["inhabitants"].reindex(wijken.index).to_numpy()
    ).all()


def test_numbers_are_plausible_for_a_dutch_city(city: City) -> None:
    year = city.buurt_values.loc[
        (city.buurt_values["jaar"] == 2022) & (city.buurt_values["inhabitants"] >= 10)
    ]
    assert year["inhabitants"].between(300, 7000).all()
    assert year["inhabitants"].median() > 1500
    size = year["inhabitants"].sum() / year["households"].sum()
    assert 1.7 < size < 2.4
    squares = city.square_values.loc[city.square_values["inhabitants"] > 0, "inhabitants"]
    assert squares.quantile(0.05) >= 5 and squares.max() <= 400
    assert (city.square_values["households"] <= city.square_values["dwellings"]).all()
    assert (city.square_values["vulnerable_total"] <= city.square_values["inhabitants"]).all()
    groups = [
        c
        for c in city.square_values.columns
        if c.startswith("vulnerable_") and c not in ("vulnerable_total", "vulnerable_share")
    ]
    assert (city.square_values[groups].sum(axis=1) == city.square_values["vulnerable_total"]).all()
    segments = [
        c
        for c in city.square_values.columns
        if c.startswith("corporation_") and c not in ("corporation_dwellings", "corporation_share")
    ]
    assert (city.square_values[segments].sum(axis=1) == city.square_values["corporation_dwellings"]).all()


def test_corporation_stock_concentrates_in_some_buurten(city: City) -> None:
    share = city.buurt_values.loc[city.buurt_values["jaar"] == 2022, "corporation_share"]
    assert (share > 0.6).sum() >= 3
    assert (share < 0.15).sum() >= 10


# lbm - afw in the real Leefbaarometer 3.0 download (4.10226485...; tests/demo/test_real_city.py checks
# it on the file), to the six decimals the synthetic files carry.
LBM3_REFERENCE_SCORE = 4.102265
DIMENSIONS = ["fys", "onv", "soc", "vrz", "won"]


def test_leefbaarometer_scores_add_up_like_lbm3(city: City) -> None:
    for frame in (city.square_values, city.buurt_values, city.wijk_values):
        # afw is the sum of the five dimensions, as in LBM3; the generator adds them the same way.
        pd.testing.assert_series_equal(frame[DIMENSIONS].sum(axis=1), frame["afw"], check_names=False)
        np.testing.assert_allclose(frame["lbm"] - frame["afw"], LBM3_REFERENCE_SCORE, rtol=0, atol=1e-12)
    assert city.buurt_values["lbm"].between(3.5, 4.6).all()


def test_a_buurt_score_is_the_inhabitant_weighted_mean_of_its_squares(city: City) -> None:
    squares = city.square_values.assign(buurtcode=city.square_values["buurtcode"].astype(str))
    weights = squares["inhabitants"].astype(float)
    columns = [*DIMENSIONS, "lbm"]
    summed = (
        squares[columns].mul(weights, axis=0).assign(w=weights, jaar=squares["jaar"], b=squares["buurtcode"])
    )
    summed = summed.groupby(["jaar", "b"])[[*columns, "w"]].sum()
    inhabited = summed[summed["w"] > 0]
    means = inhabited[columns].div(inhabited["w"], axis=0)
    buurten = city.buurt_values.set_index(["jaar", "buurtcode"])[columns].reindex(means.index)
    # Each buurt dimension is rounded to six decimals (at most 5e-7 off); lbm adds five of them.
    np.testing.assert_allclose(buurten[DIMENSIONS], means[DIMENSIONS], rtol=0, atol=5e-7 + 1e-12)
    np.testing.assert_allclose(buurten["lbm"], means["lbm"], rtol=0, atol=5 * 5e-7 + 1e-12)


def test_one_buurt_is_split_in_2019_and_data_follows_the_boundaries(city: City) -> None:
    (change,) = city.truth["boundary_changes"]
    assert change["year"] == 2019
    before = set(city.buurt_values.loc[city.buurt_values["jaar"] == 2018, "buurtcode"])
    after = set(city.buurt_values.loc[city.buurt_values["jaar"] == 2019, "buurtcode"])
    assert change["old"] in before and change["old"] not in after
    assert set(change["new"]) <= after and not set(change["new"]) & before


def test_every_frame_is_flagged_synthetic(city: City) -> None:
    for frame in (
        city.buurten,
        city.squares,
        city.square_values,
        city.buurt_values,
        city.wijk_values,
        city.gemeente_values,
        city.complexes,
        city.complex_values,
        city.rayons,
        city.national_reference,
    ):
        assert frame["synthetic"].all()


def _change(city: City, codes: list[str]) -> pd.DataFrame:
    values = city.buurt_values.set_index(["buurtcode", "jaar"])
    national = city.national_reference.set_index("jaar")["onv"]
    start, end = PERIOD
    return pd.DataFrame(
        {
            "vulnerable_pp": [
                100 * (values.at[(c, end), "vulnerable_share"] - values.at[(c, start), "vulnerable_share"])
                for c in codes
            ],
            "onv_vs_national": [
                values.at[(c, end), "onv"] - values.at[(c, start), "onv"] - (national[end] - national[start])
                for c in codes
            ],
            "onv_end": [values.at[(c, end), "onv"] for c in codes],
        },
        index=codes,
    )


def test_resilient_buurten_absorb_more_vulnerable_residents_with_less_nuisance(city: City) -> None:
    stories = city.truth["stories"]
    resilient = _change(city, stories["resilient"])
    assert 3 <= len(resilient) <= 5
    assert (resilient["vulnerable_pp"] > 3).all()
    assert (resilient["onv_vs_national"] > 0.02).all()
    assert resilient["onv_end"].between(-0.08, 0).all()


def test_not_resilient_buurten_get_more_vulnerable_residents_and_more_nuisance(city: City) -> None:
    codes = city.truth["stories"]["not_resilient"]
    changes = _change(city, codes)
    assert (changes["vulnerable_pp"] > 2.5).all()
    assert (changes["onv_vs_national"] < -0.02).all()
    classes = [city.truth["buurten"][c]["expected_class"] for c in codes]
    dark = changes.loc[[c for c, k in zip(codes, classes, strict=True) if k == "dark_red"]]
    assert len(dark) >= 3 and (dark["onv_end"] < -0.08).all()
    assert "red" in classes


def test_declining_and_stable_buurten_show_their_change(city: City) -> None:
    declining = _change(city, city.truth["stories"]["declining_vulnerable"])
    stable = _change(city, city.truth["stories"]["stable"])
    assert (declining["vulnerable_pp"] < -2).all()
    assert (stable["vulnerable_pp"].abs() < 1).all()


def test_hidden_hotspot_complexes_are_much_worse_than_their_unremarkable_buurt(city: City) -> None:
    hotspots = city.truth["hidden_hotspots"]
    assert 2 <= len(hotspots) <= 4
    for spot in hotspots:
        assert re.fullmatch(r"CX-\d{4,}", spot["complex_id"])
        assert 1 <= len(spot["square_ids"]) <= 4
        squares = city.square_values.loc[city.square_values["square_id"].isin(spot["square_ids"])]
        end = squares.loc[squares["jaar"] == PERIOD[1]]
        start = squares.loc[squares["jaar"] == PERIOD[0]]
        spot_share = end["vulnerable_total"].sum() / end["inhabitants"].sum()
        spot_change = 100 * (spot_share - start["vulnerable_total"].sum() / start["inhabitants"].sum())
        buurt = _change(city, [spot["buurtcode"]]).iloc[0]
        buurt_share = city.buurt_values.set_index(["buurtcode", "jaar"]).at[
            (spot["buurtcode"], PERIOD[1]), "vulnerable_share"
        ]
        assert spot_share > 2 * buurt_share and spot_change > 10
        assert end["onv"].mean() < buurt["onv_end"] - 0.15
        assert abs(buurt["vulnerable_pp"]) < 1.0
        assert buurt["onv_vs_national"] > -0.01
        assert city.truth["buurten"][spot["buurtcode"]]["expected_class"] == "yellow"


def test_wmo_support_follows_need_except_in_the_mismatched_buurten(city: City) -> None:
    year = city.buurt_values.loc[
        (city.buurt_values["jaar"] == 2022) & (city.buurt_values["inhabitants"] > 100)
    ]
    need = year["vulnerable_lvb"] + year["vulnerable_psychiatrie"]
    ratio = (year["wmo_begeleiding"] / need.clip(lower=1)).to_numpy()
    mismatched = {m["buurtcode"]: m["direction"] for m in city.truth["wmo_mismatch"]}
    assert {"over", "under"} <= set(mismatched.values())
    normal = np.median(ratio[~year["buurtcode"].isin(list(mismatched)).to_numpy()])
    for code, direction in mismatched.items():
        own = ratio[(year["buurtcode"] == code).to_numpy()][0]
        assert own > 1.6 * normal if direction == "over" else own < 0.6 * normal
    assert np.corrcoef(need, year["wmo_begeleiding"])[0, 1] > 0.7


def test_tiny_industrial_buurt_has_fewer_than_ten_inhabitants(city: City) -> None:
    (tiny,) = city.truth["tiny_buurten"]
    assert (city.buurt_values.loc[city.buurt_values["buurtcode"] == tiny, "inhabitants"] < 10).all()
