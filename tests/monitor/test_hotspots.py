# SPDX-License-Identifier: EUPL-1.2
"""Hot spots on the 100 m grid, emerging hot spots over time, and hotspots hidden in a fine buurt."""

from __future__ import annotations

import warnings
from fractions import Fraction

import esda
import libpysal
import numpy as np
import pandas as pd
import pymannkendall
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from support import examples
from veerkracht.geo.squares import square_id
from veerkracht.monitor import (
    benjamini_hochberg,
    emerging_hot_spots,
    gi_star,
    hidden_hotspots,
    hot_spots,
    mann_kendall,
)
from veerkracht.monitor.emerging import classify_emerging
from veerkracht.monitor.lattice import lattice_offsets, square_neighbours


def _grid(width: int, height: int, holes: float = 0.0, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    ids = np.array(
        [f"E{1700 + x:04d}N{3100 + y:04d}" for x in range(width) for y in range(height)], dtype=object
    )
    return ids[rng.random(len(ids)) >= holes]


def test_square_ids_follow_cbs() -> None:
    assert square_id(176600, 318400) == "E1766N3184"
    assert len(lattice_offsets(150)) == 8


@pytest.mark.parametrize(("distance", "k"), [(150.0, None), (100.0, None), (250.0, None), (None, 5)])
def test_gi_star_matches_esda_on_a_small_lattice_with_holes(distance: float | None, k: int | None) -> None:
    ids = _grid(11, 9, holes=0.15)
    y = np.random.default_rng(1).gamma(2.0, 3.0, len(ids))
    w = square_neighbours(ids, distance=distance, k=k)
    ours = gi_star(y, w)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = esda.G_Local(
            y, libpysal.weights.WSP(w).to_W(silence_warnings=True), transform="B", star=True, permutations=0
        )
    np.testing.assert_allclose(ours, theirs.Zs, atol=1e-10)


def test_a_cluster_of_high_values_is_a_hot_spot_and_a_cluster_of_low_values_a_cold_spot() -> None:
    ids = _grid(20, 20)
    rng = np.random.default_rng(2)
    x = np.array([int(i[1:5]) - 1700 for i in ids])
    y = np.array([int(i[6:]) - 3100 for i in ids])
    value = rng.normal(10, 1, len(ids)) + 6 * ((x < 4) & (y < 4)) - 6 * ((x > 15) & (y > 15))
    out = hot_spots(pd.DataFrame({"area_code": ids, "indicator": "v", "period": 2020, "value": value}), "v")
    out = out.set_index("area_code")
    assert out.loc["E1701N3101", "hotspot"] == "hot"
    assert out.loc["E1718N3118", "hotspot"] == "cold"
    assert out.loc["E1710N3110", "hotspot"] == "not_significant"


def test_pure_noise_gives_almost_no_hot_spots_after_the_fdr_correction() -> None:
    ids = _grid(40, 40)
    value = np.random.default_rng(4).normal(0, 1, len(ids))
    out = hot_spots(pd.DataFrame({"area_code": ids, "indicator": "v", "period": 2020, "value": value}), "v")
    uncorrected = (out["p_value"] < 0.05).mean()
    assert uncorrected > 0.01, "without correction, noise looks significant"
    assert (out["hotspot"] != "not_significant").mean() < 0.01


def _step_up_reference(p: list[float], alpha: float) -> list[bool]:
    """Benjamini-Hochberg in exact arithmetic: reject p <= p_(k), k the largest i with p_(i) <= alpha i/m."""
    ranked = sorted(Fraction(v) for v in p)
    m = len(ranked)
    passing = [i for i in range(1, m + 1) if ranked[i - 1] <= Fraction(alpha) * i / m]
    cutoff = ranked[max(passing) - 1] if passing else Fraction(-1)
    return [Fraction(v) <= cutoff for v in p]


@settings(max_examples=examples(100), deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=40), st.sampled_from([0.01, 0.05, 0.1]))
@example([0, 0, 0, 0, 0, 0.1], 0.1)
def test_benjamini_hochberg_rejects_exactly_the_step_up_set(p: list[float], alpha: float) -> None:
    values = np.array(p)
    reject, q = benjamini_hochberg(values, alpha)
    assert reject.tolist() == _step_up_reference(p, alpha)
    assert (q <= alpha).tolist() == reject.tolist(), "q <= alpha exactly where the rule rejects"
    assert np.all(q >= values - 1e-15) and np.all(q <= 1)


@pytest.mark.parametrize(
    ("p", "alpha", "rejected"),
    [
        # Found by the property test: 0.1 * 6 / 6 rounds to 0.10000000000000002, yet 0.1 is on the bound.
        ([0, 0, 0, 0, 0, 0.1], 0.1, 6),
        ([0.03, 0.03, 0.03], 0.03, 3),
        ([0.01, 0.02, 0.03, 0.04], 0.04, 4),
        ([0.01, 0.02, 0.03, 0.0400001], 0.04, 3),
        ([0.2, 0.2], 0.1, 0),
    ],
)
def test_a_p_value_exactly_on_the_bound_is_rejected(p: list[float], alpha: float, rejected: int) -> None:
    reject, q = benjamini_hochberg(np.array(p), alpha)
    assert int(reject.sum()) == rejected
    assert int((q <= alpha).sum()) == rejected


def test_mann_kendall_matches_pymannkendall_including_ties() -> None:
    series = np.random.default_rng(5).integers(0, 4, size=(150, 6)).astype(float)
    ours = mann_kendall(series, alpha=0.1)
    for row, values in enumerate(series):
        theirs = pymannkendall.original_test(values, alpha=0.1)
        assert ours["s"][row] == theirs.s
        assert ours["z"][row] == pytest.approx(theirs.z)
        assert ours["p"][row] == pytest.approx(theirs.p)
        assert ours["trend"][row] == {"increasing": 1, "decreasing": -1, "no trend": 0}[theirs.trend]


H, C, N = "hot", "cold", "not_significant"
EMERGING = [
    ([N, N, N, H], [0.1, 0.2, 0.1, 3.0], "new_hot"),
    ([N, N, H, H], [0.1, 0.2, 3.0, 3.1], "consecutive_hot"),
    ([H, H, H, H], [3.0, 3.5, 4.0, 5.0], "intensifying_hot"),
    ([H, H, H, H], [5.0, 4.0, 3.5, 3.0], "diminishing_hot"),
    ([H, H, H, H], [3.0, 4.0, 3.2, 3.9], "persistent_hot"),
    ([H, N, N, H], [3.0, 0.1, 0.2, 3.0], "sporadic_hot"),
    ([C, N, N, H], [-3.0, 0.1, 0.2, 3.0], "oscillating_hot"),
    ([H, H, H, H, H, H, H, H, H, H, N], [3.0] * 10 + [1.0], "historical_hot"),
    ([N, N, N, C], [0.1, 0.2, 0.1, -3.0], "new_cold"),
    ([C, C, C, C], [-3.0, -3.5, -4.0, -5.0], "intensifying_cold"),
    ([H, N, N, C], [3.0, 0.1, 0.2, -3.0], "oscillating_cold"),
    ([N, H, N, N], [0.1, 3.0, 0.1, 0.2], "no_pattern"),
    ([N, N, N, N], [0.1, 0.2, 0.1, 0.3], "no_pattern"),
]


@pytest.mark.parametrize(("bins", "z", "expected"), EMERGING)
def test_emerging_hot_spot_categories_follow_the_documented_rules(
    bins: list[str], z: list[float], expected: str
) -> None:
    state = np.array([bins], dtype=object)
    out = classify_emerging(np.array([z]), state == H, state == C, trend_alpha=0.10)
    assert out.loc[0, "category"] == expected


def test_emerging_hot_spots_need_three_periods_and_every_period_per_square() -> None:
    gi = pd.DataFrame(
        {"area_code": ["A", "A", "B"], "period": [2018, 2020, 2018], "gi_z": [1.0, 2.0, 1.0], "hotspot": N}
    )
    with pytest.raises(ValueError, match="at least 3 periods"):
        emerging_hot_spots(gi)
    gi = pd.DataFrame(
        {
            "area_code": ["A"] * 3 + ["B"] * 2,
            "period": [2016, 2018, 2020, 2016, 2020],
            "gi_z": [0.1, 0.2, 3.0, 0.1, 0.1],
            "hotspot": [N, N, H, N, N],
        }
    )
    out = emerging_hot_spots(gi).set_index("area_code")["category"]
    assert out.to_dict() == {"A": "new_hot", "B": "insufficient_data"}


def _heeg() -> tuple[pd.DataFrame, pd.DataFrame]:
    classes = pd.DataFrame(
        {
            "area_code": ["E1", "E2", "E3", "E4", "E5", "BU_HEEG", "BU_RED"],
            "level": ["square"] * 5 + ["buurt"] * 2,
            "class_key": [
                "under_pressure_severe",
                "about_equal",
                "decrease",
                "decrease",
                "under_pressure",
                "about_equal",
                "under_pressure",
            ],
            "vulnerable_category": [
                "increase",
                "about_equal",
                "decrease",
                "decrease",
                "increase",
                "about_equal",
                "increase",
            ],
            "vulnerable_end": [42.0, 14.0, 9.0, 11.0, 30.0, 15.0, 28.0],
            "residents_end": [150.0, 400.0, 250.0, 100.0, 200.0, 900.0, 200.0],
        }
    )
    edges = pd.DataFrame(
        {"child_code": ["E1", "E2", "E3", "E4", "E5"], "parent_code": ["BU_HEEG"] * 4 + ["BU_RED"]}
    )
    return classes, edges


def test_a_flat_in_trouble_inside_a_buurt_that_looks_fine_is_a_hidden_hotspot() -> None:
    classes, edges = _heeg()
    units, per_buurt = hidden_hotspots(
        classes, edges, worst_classes=["under_pressure_severe", "under_pressure"]
    )
    assert units["area_code"].tolist() == ["E1"], "a red square in a red buurt is not hidden"
    row = per_buurt.set_index("parent_code").loc["BU_HEEG"]
    assert row["n_hotspots"] == 1
    assert row["share_residents_pct"] == pytest.approx(100 * 150 / 900)


def test_hidden_hotspots_can_also_be_found_by_a_concentration_far_above_the_buurt() -> None:
    classes, edges = _heeg()
    classes.loc[0, "class_key"] = "about_equal"
    units, _ = hidden_hotspots(
        classes, edges, worst_classes=["under_pressure"], excess=20.0, parent_quantile=0.75
    )
    assert units[["area_code", "reason"]].values.tolist() == [["E1", "deviation"]]
    units, _ = hidden_hotspots(
        classes, edges, worst_classes=["under_pressure"], excess=20.0, min_residents=200
    )
    assert units.empty
