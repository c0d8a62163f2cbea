# SPDX-License-Identifier: EUPL-1.2
"""Aggregation between levels: what an analyst sees at a wijk, rayon or the city adds up."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hierarchies import base_codes, counts_frame, descendants, hierarchies
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import examples
from veerkracht.monitor import FrameError, aggregate

CATALOGUE = [
    {"code": "kwetsbaar_pct", "kind": "share", "numerator": "kwetsbaar", "denominator": "inwoners"},
    {"code": "onv", "kind": "score", "weight": "woningen", "direction": "higher_is_better"},
]
PROPERTY = settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _lookup(frame: pd.DataFrame) -> dict[tuple[str, str, int], float]:
    keys = zip(frame["area_code"].astype(str), frame["indicator"].astype(str), frame["period"], strict=True)
    return dict(zip(keys, frame["value"], strict=True))


def _base(values: pd.DataFrame) -> dict[tuple[str, str, int], float]:
    return _lookup(values)


@PROPERTY
@given(data=st.data(), with_squares=st.booleans())
def test_every_parent_holds_the_sum_of_its_base_areas(data: st.DataObject, with_squares: bool) -> None:
    hierarchy = data.draw(hierarchies(squares=with_squares))
    base = base_codes(hierarchy)
    values = counts_frame(base, [2018, 2022], data.draw)
    out = _lookup(aggregate(values, hierarchy.areas, hierarchy.membership, CATALOGUE))
    given_values = _base(values)
    for code in hierarchy.areas["area_code"]:
        below = descendants(hierarchy, code)
        for period in (2018, 2022):
            for count in ("inwoners", "kwetsbaar", "woningen"):
                expected = sum(given_values[(b, count, period)] for b in below)
                assert out[(code, count, period)] == pytest.approx(expected)


@PROPERTY
@given(data=st.data())
def test_shares_are_recomputed_from_parts_and_equal_the_direct_share(data: st.DataObject) -> None:
    hierarchy = data.draw(hierarchies())
    values = counts_frame(base_codes(hierarchy), [2020], data.draw)
    out = _lookup(aggregate(values, hierarchy.areas, hierarchy.membership, CATALOGUE))
    given_values = _base(values)
    for code in hierarchy.areas["area_code"]:
        below = descendants(hierarchy, code)
        inwoners = sum(given_values[(b, "inwoners", 2020)] for b in below)
        kwetsbaar = sum(given_values[(b, "kwetsbaar", 2020)] for b in below)
        share = out[(code, "kwetsbaar_pct", 2020)]
        if inwoners > 0:
            assert share == pytest.approx(100.0 * kwetsbaar / inwoners)
        else:
            assert np.isnan(share)


@PROPERTY
@given(data=st.data())
def test_scores_are_means_weighted_by_their_weight_indicator(data: st.DataObject) -> None:
    hierarchy = data.draw(hierarchies())
    values = counts_frame(base_codes(hierarchy), [2020], data.draw)
    out = _lookup(aggregate(values, hierarchy.areas, hierarchy.membership, CATALOGUE))
    given_values = _base(values)
    for code in hierarchy.areas["area_code"]:
        if code in base_codes(hierarchy):
            continue
        below = descendants(hierarchy, code)
        weights = np.array([given_values[(b, "woningen", 2020)] for b in below])
        scores = np.array([given_values[(b, "onv", 2020)] for b in below])
        if weights.sum() == 0:
            assert np.isnan(out[(code, "onv", 2020)])
        else:
            assert out[(code, "onv", 2020)] == pytest.approx((weights * scores).sum() / weights.sum())


def test_fractional_crosswalk_weights_split_a_count_and_keep_the_total() -> None:
    areas = pd.DataFrame(
        {
            "area_code": ["OLD1", "OLD2", "NEW1", "NEW2", "GM"],
            "level": ["buurt", "buurt", "wijk", "wijk", "gemeente"],
        }
    )
    edges = pd.DataFrame(
        {
            "child_code": ["OLD1", "OLD1", "OLD2", "NEW1", "NEW2"],
            "parent_code": ["NEW1", "NEW2", "NEW2", "GM", "GM"],
            "weight": [0.25, 0.75, 1.0, 1.0, 1.0],
        }
    )
    values = pd.DataFrame(
        {"area_code": ["OLD1", "OLD2"], "indicator": "inwoners", "period": 2020, "value": [1000.0, 400.0]}
    )
    out = aggregate(values, areas, edges, [{"code": "inwoners"}]).set_index("area_code")["value"]
    assert out["NEW1"] == 250.0
    assert out["NEW2"] == 1150.0
    assert out["GM"] == 1400.0


def test_a_value_from_the_source_is_never_replaced_by_an_aggregate() -> None:
    areas = pd.DataFrame({"area_code": ["B1", "B2", "W"], "level": ["buurt", "buurt", "wijk"]})
    edges = pd.DataFrame({"child_code": ["B1", "B2"], "parent_code": "W"})
    values = pd.DataFrame(
        {"area_code": ["B1", "B2", "W"], "indicator": "inwoners", "period": 2020, "value": [10.0, 20.0, 35.0]}
    )
    out = aggregate(values, areas, edges, []).set_index("area_code")["value"]
    assert out["W"] == 35.0


def test_a_parent_with_a_missing_child_is_missing_unless_coverage_is_relaxed_then_estimated() -> None:
    areas = pd.DataFrame({"area_code": ["B1", "B2", "B3", "W"], "level": ["buurt"] * 3 + ["wijk"]})
    edges = pd.DataFrame({"child_code": ["B1", "B2", "B3"], "parent_code": "W"})
    values = pd.DataFrame(
        {
            "area_code": ["B1", "B2", "B3"],
            "indicator": "inwoners",
            "period": 2020,
            "value": [10.0, 20.0, np.nan],
        }
    )
    strict = aggregate(values, areas, edges, [{"code": "inwoners"}]).set_index("area_code")
    assert np.isnan(strict.loc["W", "value"])
    relaxed = aggregate(values, areas, edges, [{"code": "inwoners"}], min_coverage=0.6).set_index("area_code")
    assert relaxed.loc["W", "value"] == 30.0
    assert bool(relaxed.loc["W", "estimated"]) is True


def test_a_numerator_known_only_as_a_published_percentage_is_recovered_and_flagged_estimated() -> None:
    areas = pd.DataFrame({"area_code": ["B1", "B2", "W"], "level": ["buurt", "buurt", "wijk"]})
    edges = pd.DataFrame({"child_code": ["B1", "B2"], "parent_code": "W"})
    values = pd.DataFrame(
        {
            "area_code": ["B1", "B1", "B2", "B2"],
            "period": 2021,
            "indicator": ["laag_inkomen_pct", "huishoudens"] * 2,
            "value": [10.0, 500, 30.0, 500],
        }
    )
    spec = {
        "code": "laag_inkomen_pct",
        "kind": "share",
        "numerator": "laag_inkomen",
        "denominator": "huishoudens",
    }
    out = aggregate(values, areas, edges, [spec]).set_index(["area_code", "indicator"])
    assert out.loc[("W", "laag_inkomen_pct"), "value"] == pytest.approx(20.0)
    assert bool(out.loc[("B1", "laag_inkomen"), "estimated"]) is True


def test_synthetic_inputs_make_their_aggregates_synthetic() -> None:
    areas = pd.DataFrame({"area_code": ["B1", "B2", "W"], "level": ["buurt", "buurt", "wijk"]})
    edges = pd.DataFrame({"child_code": ["B1", "B2"], "parent_code": "W"})
    values = pd.DataFrame(
        {
            "area_code": ["B1", "B2"],
            "indicator": "inwoners",
            "period": 2020,
            "value": [10.0, 20.0],
            "synthetic": [True, False],
        }
    )
    out = aggregate(values, areas, edges, [{"code": "inwoners"}]).set_index("area_code")
    assert bool(out.loc["W", "synthetic"]) is True


def test_an_indicator_missing_from_the_catalogue_is_passed_through_not_summed() -> None:
    areas = pd.DataFrame({"area_code": ["B1", "B2", "W"], "level": ["buurt", "buurt", "wijk"]})
    edges = pd.DataFrame({"child_code": ["B1", "B2"], "parent_code": "W"})
    values = pd.DataFrame(
        {"area_code": ["B1", "B2"], "indicator": "some_percentage", "period": 2020, "value": [10.0, 20.0]}
    )
    out = aggregate(values, areas, edges, [])
    assert sorted(out["area_code"].astype(str)) == ["B1", "B2"]


def test_the_same_value_twice_is_refused_with_the_offending_key() -> None:
    areas = pd.DataFrame({"area_code": ["B1"], "level": ["buurt"]})
    values = pd.DataFrame(
        {"area_code": ["B1", "B1"], "indicator": "inwoners", "period": 2020, "value": [1.0, 2.0]}
    )
    with pytest.raises(FrameError, match=r"B1.*inwoners.*more than once"):
        aggregate(values, areas, pd.DataFrame({"child_code": [], "parent_code": []}), [])
