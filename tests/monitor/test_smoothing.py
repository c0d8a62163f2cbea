# SPDX-License-Identifier: EUPL-1.2
"""Empirical-Bayes smoothing: small buurten stop jumping around, big ones keep their own rate.

The rates are checked against PySAL's ``esda.smoothing.Empirical_Bayes`` (an independent implementation
of the same Marshall estimator) on the example data that libpysal ships.
"""

from __future__ import annotations

import libpysal
import numpy as np
import pandas as pd
import pytest
from esda.smoothing import Empirical_Bayes

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


def _st_louis() -> pd.DataFrame:
    """PySAL's bundled St. Louis homicide data (78 counties, 3 periods); shipped with libpysal, offline."""
    return pd.read_csv(libpysal.examples.get_path("stl_hom.csv"))


@pytest.mark.parametrize(
    ("events", "population"), [("HC7984", "PO7984"), ("HC8488", "PO8488"), ("HC8893", "PO8893")]
)
def test_the_smoothed_rates_equal_pysals_empirical_bayes_on_its_own_example_data(
    events: str, population: str
) -> None:
    data = _st_louis()
    e, n = data[events].to_numpy(float), data[population].to_numpy(float)
    theirs = Empirical_Bayes(e, n)
    ours = poisson_gamma(e, n)
    np.testing.assert_allclose(ours["smoothed"], theirs.r.ravel(), rtol=1e-9, atol=0)
    # PySAL's weight of an area's own rate is our shrinkage; its between-area variance our prior's.
    m = e.sum() / n.sum()
    variance = (n * (e / n - m) ** 2).sum() / n.sum() - m / n.mean()
    np.testing.assert_allclose(ours["prior_variance"], variance, rtol=1e-9, atol=0)
    np.testing.assert_allclose(ours["shrinkage"], variance / (variance + m / n), rtol=1e-9, atol=0)


def test_a_prior_per_group_equals_pysal_run_on_each_group_alone() -> None:
    data = _st_louis()
    e, n = data["HC8488"].to_numpy(float), data["PO8488"].to_numpy(float)
    states = data["STATE_NAME"].to_numpy()
    assert len(set(states)) == 2
    ours = poisson_gamma(e, n, states)
    for state in set(states):
        mine = states == state
        theirs = Empirical_Bayes(e[mine], n[mine]).r.ravel()
        np.testing.assert_allclose(ours["smoothed"][mine], theirs, rtol=1e-9, atol=0)


def test_smooth_rates_scales_the_same_rates_per_1000() -> None:
    data = _st_louis()
    codes = [f"C{i:02d}" for i in range(len(data))]
    values = pd.DataFrame(
        {
            "area_code": codes * 2,
            "period": 1984,
            "indicator": ["wmo"] * len(codes) + ["inwoners"] * len(codes),
            "value": np.concatenate([data["HC7984"], data["PO7984"]]).astype(float),
        }
    )
    areas = pd.DataFrame({"area_code": codes, "level": "buurt"})
    out = smooth_rates(values, areas, SPEC)
    theirs = Empirical_Bayes(data["HC7984"].to_numpy(float), data["PO7984"].to_numpy(float)).r.ravel()
    np.testing.assert_allclose(out["smoothed_rate"], 1000 * theirs, rtol=1e-9, atol=0)


def test_the_credible_interval_holds_the_stated_mass_with_equal_tails() -> None:
    from scipy import stats

    data = _st_louis()
    e, n = data["HC8893"].to_numpy(float), data["PO8893"].to_numpy(float)
    out = poisson_gamma(e, n, credibility=0.8)
    # The posterior Gamma(m^2/a + e, m/a + n) from PySAL's own variance, its tails by the cdf (not ppf).
    m = e.sum() / n.sum()
    a = (n * (e / n - m) ** 2).sum() / n.sum() - m / n.mean()
    shape, rate = m**2 / a + e, m / a + n
    np.testing.assert_allclose(stats.gamma.cdf(out["lower"], shape, scale=1 / rate), 0.1, rtol=1e-9)
    np.testing.assert_allclose(stats.gamma.cdf(out["upper"], shape, scale=1 / rate), 0.9, rtol=1e-9)
    default = poisson_gamma(e, n)
    np.testing.assert_allclose(stats.gamma.cdf(default["upper"], shape, scale=1 / rate), 0.95, rtol=1e-9)


def test_areas_without_people_are_left_out_of_the_prior_and_one_resident_is_enough() -> None:
    data = _st_louis()
    e, n = data["HC7984"].to_numpy(float), data["PO7984"].to_numpy(float)
    with_gaps = poisson_gamma(np.r_[e, 3.0, np.nan, 0.0], np.r_[n, 0.0, 500.0, 1.0])
    theirs = Empirical_Bayes(np.r_[e, 0.0], np.r_[n, 1.0]).r.ravel()
    np.testing.assert_allclose(with_gaps["smoothed"][: len(e)], theirs[:-1], rtol=1e-9, atol=0)
    assert np.isnan(with_gaps["smoothed"][len(e)]) and np.isnan(with_gaps["smoothed"][len(e) + 1])
    assert with_gaps["smoothed"][-1] == pytest.approx(theirs[-1], rel=1e-9), "one resident is a population"
    assert with_gaps["raw"][-1] == 0.0


def test_less_spread_than_chance_shrinks_every_area_fully_to_the_mean() -> None:
    events, population = np.array([10.0, 11.0, 9.0, 10.0]), np.full(4, 1000.0)
    out = poisson_gamma(events, population)
    # Spread of the rates 5e-7 is below the Poisson noise m / n = 1e-5: no real differences.
    assert (out["shrinkage"] < 1e-9).all()
    np.testing.assert_allclose(out["smoothed"], 0.01, rtol=1e-9)


def test_a_group_without_any_event_stays_at_zero_with_a_zero_interval() -> None:
    events = np.array([0.0, 0.0, 3.0, 9.0])
    population = np.array([100.0, 200.0, 150.0, 300.0])
    out = poisson_gamma(events, population, np.array(["A", "A", "B", "B"]))
    for key in ("smoothed", "lower", "upper", "shrinkage", "prior_mean"):
        assert out[key][:2].tolist() == [0.0, 0.0], key
    assert (out["upper"][2:] > out["lower"][2:]).all() and (out["smoothed"][2:] > 0).all()


def test_a_denominator_below_one_divides_as_it_is() -> None:
    # A rate per square kilometre or per thousand inhabitants has denominators below one.
    events, area = np.array([1.0, 4.0, 9.0, 3.0]), np.array([0.5, 0.25, 2.0, 1.5])
    out = poisson_gamma(events, area)
    np.testing.assert_allclose(out["raw"], [2.0, 16.0, 4.5, 2.0], rtol=1e-12)
    m = events.sum() / area.sum()
    a = (area * (events / area - m) ** 2).sum() / area.sum() - m / area.mean()
    assert a > 0
    np.testing.assert_allclose(out["shrinkage"], a / (a + m / area), rtol=1e-9)
    np.testing.assert_allclose(out["smoothed"], (m**2 / a + events) / (m / a + area), rtol=1e-9)


def test_a_spread_exactly_equal_to_chance_shrinks_fully_to_the_mean() -> None:
    # s2 = 1 and m / mean(n) = 1 exactly: the between-area variance is 0, not a division by zero.
    out = poisson_gamma(np.array([0.0, 2.0]), np.array([1.0, 1.0]))
    np.testing.assert_allclose(out["smoothed"], [1.0, 1.0], rtol=1e-9)
    assert np.isfinite(out["lower"]).all() and np.isfinite(out["upper"]).all()


def _gemeenten_with_three_years() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    # The gemeente comes first (row 0), one buurt belongs to no gemeente, 2019 has no events at all.
    codes = ["B1", "B2", "B3", "B4", "B5"]
    areas = pd.DataFrame(
        {"area_code": ["G1", "G2", *codes], "level": ["gemeente", "gemeente"] + ["buurt"] * 5}
    )
    edges = pd.DataFrame({"child_code": codes[:4], "parent_code": ["G1", "G1", "G2", "G2"]})
    events = {2020: [3.0, 40.0, 12.0, 90.0, 7.0], 2021: [5.0, 31.0, 20.0, 70.0, 2.0]}
    people = {2019: [90.0, 900.0, 400.0, 2000.0, 150.0], 2020: [100.0, 1000.0, 450.0, 2100.0, 160.0]}
    people[2021] = [110.0, 950.0, 500.0, 2200.0, 170.0]
    rows = [(c, p, "inwoners", v) for p, vs in people.items() for c, v in zip(codes, vs, strict=True)]
    rows += [(c, p, "wmo", v) for p, vs in events.items() for c, v in zip(codes, vs, strict=True)]
    values = pd.DataFrame(rows, columns=["area_code", "period", "indicator", "value"])
    return values, areas, edges


COLUMNS = [
    "area_code",
    "level",
    "period",
    "indicator",
    "events",
    "population",
    "raw_rate",
    "smoothed_rate",
    "lower",
    "upper",
    "shrinkage",
    "prior_mean",
    "prior_group",
]


def test_smooth_rates_gives_every_buurt_and_year_its_rate_interval_and_gemeente() -> None:
    values, areas, edges = _gemeenten_with_three_years()
    out = smooth_rates(values, areas, SPEC, prior_level="gemeente", membership=edges, credibility=0.8)
    assert out.columns.tolist() == COLUMNS
    assert out["period"].unique().tolist() == [2020, 2021], "a year without events is left out, not the end"
    assert (out["level"] == "buurt").all() and (out["indicator"] == "wmo_per_1000").all()
    for period, year in out.groupby("period"):
        given = values[values["period"] == period]
        e = given[given["indicator"] == "wmo"]["value"].to_numpy()
        n = given[given["indicator"] == "inwoners"]["value"].to_numpy()
        assert year["area_code"].tolist() == ["B1", "B2", "B3", "B4", "B5"]
        assert year["prior_group"].iloc[:4].tolist() == ["G1", "G1", "G2", "G2"]
        assert pd.isna(year["prior_group"].iloc[4]), "a buurt outside every gemeente has no prior group"
        np.testing.assert_array_equal(year["events"], e)
        np.testing.assert_array_equal(year["population"], n)
        expected = poisson_gamma(e, n, np.array([0, 0, 1, 1, -1]), credibility=0.8)
        for column, key in [("raw_rate", "raw"), ("smoothed_rate", "smoothed"), ("prior_mean", "prior_mean")]:
            np.testing.assert_allclose(year[column], 1000 * expected[key], rtol=1e-12, err_msg=column)
        np.testing.assert_allclose(year["lower"], 1000 * expected["lower"], rtol=1e-12)
        np.testing.assert_allclose(year["upper"], 1000 * expected["upper"], rtol=1e-12)
        np.testing.assert_allclose(year["shrinkage"], expected["shrinkage"], rtol=1e-12)
        assert year["prior_mean"].iloc[0] == pytest.approx(1000 * (e[0] + e[1]) / (n[0] + n[1]))


def test_smooth_rates_without_a_prior_level_uses_one_city_wide_prior_and_a_90_percent_interval() -> None:
    values, areas, _ = _gemeenten_with_three_years()
    share = IndicatorSpec("wmo_pct", "share", numerator="wmo", denominator="inwoners", scale=100.0)
    out = smooth_rates(values, areas, share)
    year = out[out["period"] == 2020]
    given = values[values["period"] == 2020]
    e = given[given["indicator"] == "wmo"]["value"].to_numpy()
    n = given[given["indicator"] == "inwoners"]["value"].to_numpy()
    expected = poisson_gamma(e, n)
    assert (out["prior_group"] == "all").all()
    np.testing.assert_allclose(year["smoothed_rate"], 100 * expected["smoothed"], rtol=1e-12)
    np.testing.assert_allclose(year["lower"], 100 * expected["lower"], rtol=1e-12)
    np.testing.assert_allclose(year["upper"], 100 * expected["upper"], rtol=1e-12)


def test_smooth_rates_without_population_figures_gives_no_rate_instead_of_failing() -> None:
    values, areas, _ = _gemeenten_with_three_years()
    out = smooth_rates(values[values["indicator"] == "wmo"], areas, SPEC)
    assert len(out) == 10 and out["smoothed_rate"].isna().all()


def test_smooth_rates_without_any_event_gives_an_empty_table_with_its_columns() -> None:
    values, areas, _ = _gemeenten_with_three_years()
    out = smooth_rates(values[values["indicator"] == "inwoners"], areas, SPEC)
    assert out.empty
    assert out.columns.tolist() == ["area_code", "level", "period", "indicator", "raw_rate", "smoothed_rate"]


def test_a_prior_per_gemeente_needs_the_membership() -> None:
    values, areas, _ = _gemeenten_with_three_years()
    with pytest.raises(ValueError, match="a prior per area of another level needs the membership"):
        smooth_rates(values, areas, SPEC, prior_level="gemeente")


def test_the_panel_form_smooths_buurten_with_a_90_percent_interval_by_default() -> None:
    from veerkracht.monitor.panel import Panel
    from veerkracht.monitor.smoothing import smooth_panel

    values, areas, _ = _gemeenten_with_three_years()
    ours = smooth_panel(Panel.from_long(values, areas), SPEC)
    pd.testing.assert_frame_equal(ours, smooth_rates(values, areas, SPEC))
    assert (ours["level"] == "buurt").all() and len(ours) == 10
    assert ours.index.tolist() == list(range(10)), "one running row number over all years"


def test_smooth_rates_smooths_the_areas_of_the_level_asked_for() -> None:
    values, areas, _ = _gemeenten_with_three_years()
    people = values[values["indicator"] == "inwoners"].assign(area_code=lambda f: f["area_code"].str[1])
    wmo = values[values["indicator"] == "wmo"].assign(area_code=lambda f: f["area_code"].str[1])
    # The same figures under the codes of five wijken.
    wijken = pd.DataFrame({"area_code": ["1", "2", "3", "4", "5"], "level": "wijk"})
    both = pd.concat([values, people, wmo])
    out = smooth_rates(both, pd.concat([areas, wijken]), SPEC, level="wijk")
    assert (out["level"] == "wijk").all() and sorted(set(out["area_code"])) == ["1", "2", "3", "4", "5"]
    buurten = smooth_rates(values, areas, SPEC)
    np.testing.assert_allclose(out["smoothed_rate"], buurten["smoothed_rate"], rtol=1e-12)
