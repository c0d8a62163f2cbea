# SPDX-License-Identifier: EUPL-1.2
"""Empirical-Bayes smoothing: small buurten stop jumping around, big ones keep their own rate."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from veerkracht.monitor import IndicatorSpec, poisson_gamma, smooth_rates

SPEC = IndicatorSpec("wmo_per_1000", "rate", numerator="wmo", denominator="inwoners", scale=1000.0)


def _city(seed: int = 3, n: int = 60) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    population = rng.choice([40, 150, 600, 2500, 8000], size=n).astype(float)
    true_rate = rng.gamma(20.0, 0.04 / 20.0, size=n)
    return rng.poisson(population * true_rate).astype(float), population


def test_small_areas_are_shrunk_more_than_big_ones() -> None:
    events, population = _city()
    out = poisson_gamma(events, population)
    order = np.argsort(population)
    shrinkage = out["shrinkage"][order]
    assert np.all(np.diff(shrinkage) >= -1e-12), "the weight of an area's own rate grows with its size"
    pull = np.abs(out["smoothed"] - out["raw"]) / np.maximum(np.abs(out["raw"] - out["prior_mean"]), 1e-12)
    small, big = population == population.min(), population == population.max()
    assert pull[small].mean() > pull[big].mean()


def test_the_credible_interval_contains_the_smoothed_rate_and_is_wider_for_small_areas() -> None:
    events, population = _city()
    out = poisson_gamma(events, population, credibility=0.9)
    assert np.all(out["lower"] <= out["smoothed"]) and np.all(out["smoothed"] <= out["upper"])
    width = out["upper"] - out["lower"]
    assert width[population == population.min()].mean() > width[population == population.max()].mean()


def test_the_smoothed_rate_lies_between_the_raw_rate_and_the_group_mean() -> None:
    events, population = _city()
    out = poisson_gamma(events, population)
    low = np.minimum(out["raw"], out["prior_mean"]) - 1e-12
    high = np.maximum(out["raw"], out["prior_mean"]) + 1e-12
    assert np.all((low <= out["smoothed"]) & (out["smoothed"] <= high))
    assert out["prior_mean"][0] == pytest.approx(events.sum() / population.sum())


def test_without_real_differences_every_area_gets_the_mean() -> None:
    population = np.full(30, 1000.0)
    events = np.full(30, 20.0)
    out = poisson_gamma(events, population)
    assert np.allclose(out["smoothed"], 0.02)


def test_each_gemeente_can_have_its_own_prior() -> None:
    areas = pd.DataFrame(
        {"area_code": ["B1", "B2", "B3", "B4", "G1", "G2"], "level": ["buurt"] * 4 + ["gemeente"] * 2}
    )
    edges = pd.DataFrame({"child_code": ["B1", "B2", "B3", "B4"], "parent_code": ["G1", "G1", "G2", "G2"]})
    values = pd.DataFrame(
        {
            "area_code": ["B1", "B2", "B3", "B4"] * 2,
            "period": 2020,
            "indicator": ["wmo"] * 4 + ["inwoners"] * 4,
            "value": [1.0, 100.0, 30.0, 300.0, 10.0, 1000.0, 1000.0, 10000.0],
        }
    )
    out = smooth_rates(values, areas, SPEC, prior_level="gemeente", membership=edges).set_index("area_code")
    assert out.loc["B1", "prior_group"] == "G1"
    assert out.loc["B1", "prior_mean"] == pytest.approx(1000 * 101 / 1010)
    assert out.loc["B3", "prior_mean"] == pytest.approx(1000 * 330 / 11000)
    assert out.loc["B1", "raw_rate"] == pytest.approx(100.0)


def test_areas_without_inhabitants_get_no_rate() -> None:
    out = poisson_gamma(np.array([0.0, 5.0, 10.0]), np.array([0.0, 100.0, 200.0]))
    assert np.isnan(out["smoothed"][0]) and np.isfinite(out["smoothed"][1:]).all()


def test_only_shares_and_rates_can_be_smoothed() -> None:
    areas = pd.DataFrame({"area_code": ["B1"], "level": ["buurt"]})
    values = pd.DataFrame({"area_code": ["B1"], "indicator": "onv", "period": 2020, "value": [0.1]})
    with pytest.raises(ValueError, match="share or rate"):
        smooth_rates(values, areas, IndicatorSpec("onv", "score", weight="inwoners"))
