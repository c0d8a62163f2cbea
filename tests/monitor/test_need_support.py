# SPDX-License-Identifier: EUPL-1.2
"""Need versus support: 'komen de middelen terecht waar ze het hardst nodig zijn?' (seed 001, IV)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from veerkracht.monitor import need_versus_support
from veerkracht.monitor.need_support import NeedSupportFit


def _buurten(n: int = 40, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    codes = [f"BU{i:02d}" for i in range(n)]
    need = rng.uniform(3, 30, n)
    support = 2.5 * need + 8 + rng.normal(0, 2.0, n)
    support[4] += 30  # much help where little is needed (Vroendaal, Campagne in the study)
    support[9] -= 30  # little help where much is needed
    inwoners = rng.integers(300, 5000, n).astype(float)
    values = pd.DataFrame(
        {
            "area_code": codes * 3,
            "period": 2019,
            "indicator": ["kwetsbaar_pct"] * n + ["wmo_per_1000"] * n + ["inwoners"] * n,
            "value": np.concatenate([need, support, inwoners]),
        }
    )
    return values, pd.DataFrame({"area_code": codes, "level": "buurt"})


def test_an_over_served_and_an_under_served_buurt_are_flagged_and_the_rest_is_not() -> None:
    values, areas = _buurten()
    fit = need_versus_support(values, areas, "wmo_per_1000", ["kwetsbaar_pct"], period=2019)
    flags = fit.areas.set_index("area_code")["flag"]
    assert flags["BU04"] == "over_served"
    assert flags["BU09"] == "under_served"
    assert (flags.drop(["BU04", "BU09"]) == "as_expected").mean() > 0.9
    assert fit.coefficients["kwetsbaar_pct"] == pytest.approx(2.5, abs=0.3)
    assert 0.5 < fit.r_squared < 1 and fit.n == 40


def test_a_weighted_fit_lets_big_buurten_steer_the_line() -> None:
    values, areas = _buurten()
    fit = need_versus_support(
        values, areas, "wmo_per_1000", ["kwetsbaar_pct"], period=2019, weight="inwoners"
    )
    assert fit.areas.set_index("area_code").loc["BU04", "flag"] == "over_served"


def test_a_buurt_without_figures_is_marked_not_judged() -> None:
    values, areas = _buurten()
    values.loc[(values["area_code"] == "BU00") & (values["indicator"] == "wmo_per_1000"), "value"] = np.nan
    fit = need_versus_support(values, areas, "wmo_per_1000", ["kwetsbaar_pct"], period=2019)
    assert fit.areas.set_index("area_code").loc["BU00", "flag"] == "insufficient_data"
    assert fit.n == 39


def _leave_one_out_t(y: np.ndarray, x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Externally studentised residuals by refitting without each area (no hat matrix, no shortcut)."""
    design = np.column_stack([np.ones(len(y)), x])
    root = np.sqrt(w)
    out = np.empty(len(y))
    for i in range(len(y)):
        keep = np.arange(len(y)) != i
        xw, yw = design[keep] * root[keep, None], y[keep] * root[keep]
        beta, *_ = np.linalg.lstsq(xw, yw, rcond=None)
        s2 = float(((yw - xw @ beta) ** 2).sum()) / (keep.sum() - design.shape[1])
        leverage = float(design[i] @ np.linalg.inv(xw.T @ xw) @ design[i])
        # The prediction error of a left-out area, in units of its own standard error.
        out[i] = (y[i] - design[i] @ beta) * root[i] / np.sqrt(s2 * (1 + w[i] * leverage))
    return out


@pytest.mark.parametrize("weighted", [False, True])
def test_the_line_and_the_flags_equal_an_independent_least_squares_fit(weighted: bool) -> None:
    values, areas = _buurten()
    wide = values.pivot(index="area_code", columns="indicator", values="value").sort_index()
    y, x = wide["wmo_per_1000"].to_numpy(), wide["kwetsbaar_pct"].to_numpy()
    w = wide["inwoners"].to_numpy() if weighted else np.ones(len(y))
    fit = need_versus_support(
        values, areas, "wmo_per_1000", ["kwetsbaar_pct"], period=2019, weight="inwoners" if weighted else None
    )
    # Normal equations of (weighted) least squares, solved directly.
    design = np.column_stack([np.ones(len(y)), x])
    intercept, slope = np.linalg.solve(design.T @ (w[:, None] * design), design.T @ (w * y))
    assert fit.coefficients["kwetsbaar_pct"] == pytest.approx(slope, rel=1e-9, abs=0)
    assert fit.coefficients["intercept"] == pytest.approx(intercept, rel=1e-9, abs=0)
    if not weighted:
        assert slope == pytest.approx(np.polyfit(x, y, 1)[0], rel=1e-9)
    residual = y - intercept - slope * x
    mean = np.average(y, weights=w)
    assert fit.r_squared == pytest.approx(1 - (w * residual**2).sum() / (w * (y - mean) ** 2).sum(), rel=1e-9)
    ours = fit.areas.set_index("area_code").sort_index()
    np.testing.assert_allclose(ours["residual"], residual, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(ours["studentized_residual"], _leave_one_out_t(y, x, w), rtol=1e-9, atol=0)


def test_a_studentised_residual_of_exactly_the_threshold_is_not_flagged() -> None:
    values, areas = _buurten()
    fit = need_versus_support(values, areas, "wmo_per_1000", ["kwetsbaar_pct"], period=2019)
    t = fit.areas.set_index("area_code")["studentized_residual"]
    at = float(t["BU04"])
    above = need_versus_support(values, areas, "wmo_per_1000", ["kwetsbaar_pct"], period=2019, threshold=at)
    assert above.areas.set_index("area_code").loc["BU04", "flag"] == "as_expected", "strictly above flags"
    below = need_versus_support(
        values, areas, "wmo_per_1000", ["kwetsbaar_pct"], period=2019, threshold=np.nextafter(at, 0)
    )
    assert below.areas.set_index("area_code").loc["BU04", "flag"] == "over_served"


def _line(support: list[float], need: list[float], inwoners: list[float] | None = None) -> tuple:
    codes = [f"BU{i:02d}" for i in range(len(support))]
    rows = [(c, "need", v) for c, v in zip(codes, need, strict=True)]
    rows += [(c, "wmo", v) for c, v in zip(codes, support, strict=True)]
    rows += [(c, "inwoners", v) for c, v in zip(codes, inwoners or [1000.0] * len(codes), strict=True)]
    values = pd.DataFrame(rows, columns=["area_code", "indicator", "value"]).assign(period=2020)
    return values, pd.DataFrame({"area_code": codes, "level": "buurt"})


def test_a_line_needs_one_area_more_than_it_has_coefficients_plus_one() -> None:
    # Two coefficients (intercept, slope): with three areas no area can be left out and judged.
    values, areas = _line([1.0, 2.0, 4.0], [1.0, 2.0, 3.0])
    few = need_versus_support(values, areas, "wmo", ["need"], period=2020)
    assert (few.areas["flag"] == "insufficient_data").all() and few.n == 3
    assert np.isnan(few.coefficients["need"]) and np.isnan(few.r_squared)
    assert few.areas["predicted"].isna().all() and few.areas["studentized_residual"].isna().all()
    values, areas = _line([1.0, 2.0, 4.0, 4.5], [1.0, 2.0, 3.0, 4.0])
    enough = need_versus_support(values, areas, "wmo", ["need"], period=2020)
    assert (enough.areas["flag"] != "insufficient_data").all() and enough.n == 4
    assert np.isfinite(enough.coefficients["need"])


def test_an_area_without_inhabitants_is_not_weighed_and_not_judged() -> None:
    values, areas = _line(
        [3.0, 5.1, 6.9, 9.2, 11.0, 20.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [900.0] * 5 + [0.0]
    )
    fit = need_versus_support(values, areas, "wmo", ["need"], period=2020, weight="inwoners")
    assert fit.n == 5
    assert fit.areas.set_index("area_code").loc["BU05", "flag"] == "insufficient_data"


def test_support_that_does_not_vary_explains_nothing() -> None:
    values, areas = _line([7.0] * 6, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    fit = need_versus_support(values, areas, "wmo", ["need"], period=2020)
    assert np.isnan(fit.r_squared)
    assert fit.coefficients["need"] == pytest.approx(0.0, abs=1e-12)


def test_one_area_off_an_otherwise_exact_line_stands_out_without_limit() -> None:
    need = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    support = [2 * x + 1 for x in need]
    support[2] += 5.0
    values, areas = _line(support, need)
    fit = need_versus_support(values, areas, "wmo", ["need"], period=2020)
    flags = fit.areas.set_index("area_code")
    assert flags.loc["BU02", "flag"] == "over_served"
    assert flags.loc["BU02", "studentized_residual"] > 1e6, "the others fit exactly: nothing explains BU02"


def test_the_default_threshold_flags_an_area_two_and_a_half_standard_errors_off_on_both_sides() -> None:
    values, areas = _buurten()
    wmo = values["indicator"] == "wmo_per_1000"
    values.loc[wmo & (values["area_code"] == "BU20"), "value"] += 20
    values.loc[wmo & (values["area_code"] == "BU21"), "value"] -= 20
    fit = need_versus_support(values, areas, "wmo_per_1000", ["kwetsbaar_pct"], period=2019)
    ours = fit.areas.set_index("area_code")
    assert (
        2 < ours.loc["BU20", "studentized_residual"] < 3
        and -3 < ours.loc["BU21", "studentized_residual"] < -2
    )
    assert ours.loc["BU20", "flag"] == "over_served" and ours.loc["BU21", "flag"] == "under_served"


def test_a_studentised_residual_of_exactly_minus_the_threshold_is_not_flagged() -> None:
    values, areas = _buurten()
    fit = need_versus_support(values, areas, "wmo_per_1000", ["kwetsbaar_pct"], period=2019)
    at = -float(fit.areas.set_index("area_code").loc["BU09", "studentized_residual"])
    assert at > 0
    on = need_versus_support(values, areas, "wmo_per_1000", ["kwetsbaar_pct"], period=2019, threshold=at)
    assert on.areas.set_index("area_code").loc["BU09", "flag"] == "as_expected", "strictly below flags"
    inside = np.nextafter(at, 0)
    off = need_versus_support(values, areas, "wmo_per_1000", ["kwetsbaar_pct"], period=2019, threshold=inside)
    assert off.areas.set_index("area_code").loc["BU09", "flag"] == "under_served"


def test_two_needs_give_two_slopes_and_the_table_shows_every_figure() -> None:
    rng = np.random.default_rng(11)
    codes = [f"BU{i:02d}" for i in range(30)]
    need, old = rng.uniform(3, 30, 30), rng.uniform(5, 25, 30)
    support = 2.0 * need + 0.5 * old + 4 + rng.normal(0, 1.0, 30)
    values = pd.DataFrame(
        {
            "area_code": codes * 3,
            "period": 2021,
            "indicator": ["kwetsbaar_pct"] * 30 + ["ouderen_pct"] * 30 + ["wmo"] * 30,
            "value": np.concatenate([need, old, support]),
        }
    )
    values.loc[(values["area_code"] == "BU07") & (values["indicator"] == "ouderen_pct"), "value"] = np.nan
    areas = pd.DataFrame({"area_code": codes, "level": "buurt"})
    fit = need_versus_support(values, areas, "wmo", ["kwetsbaar_pct", "ouderen_pct"], period=2021)
    keep = np.arange(30) != 7
    design = np.column_stack([np.ones(29), need[keep], old[keep]])
    beta, *_ = np.linalg.lstsq(design, support[keep], rcond=None)
    assert list(fit.coefficients) == ["intercept", "kwetsbaar_pct", "ouderen_pct"]
    np.testing.assert_allclose(list(fit.coefficients.values()), beta, rtol=1e-9)
    assert fit.n == 29, "an area without one of its needs is left out, the others are not"
    table = fit.areas.set_index("area_code")
    assert fit.areas.columns.tolist() == [
        "area_code",
        "level",
        "period",
        "support",
        "kwetsbaar_pct",
        "ouderen_pct",
        "predicted",
        "residual",
        "studentized_residual",
        "flag",
    ]
    assert (fit.areas["period"] == 2021).all() and (fit.areas["level"] == "buurt").all()
    np.testing.assert_array_equal(table["support"], support)
    np.testing.assert_array_equal(table["kwetsbaar_pct"], need)
    np.testing.assert_array_equal(table["ouderen_pct"][keep], old[keep])
    full = np.column_stack([np.ones(30), need, old])
    np.testing.assert_allclose(table["predicted"][keep], (full @ beta)[keep], rtol=1e-9)
    assert table.loc["BU07", "flag"] == "insufficient_data"


def test_shares_as_fractions_get_the_same_r_squared_as_numpy() -> None:
    # Support between 0.01 and 0.05: a total sum of squares far below one still explains something.
    need = np.linspace(0.1, 0.4, 12)
    support = 0.1 * need + 0.01 + 0.002 * np.sin(np.arange(12.0))
    values, areas = _line(support.tolist(), need.tolist())
    fit = need_versus_support(values, areas, "wmo", ["need"], period=2020)
    r = np.corrcoef(need, support)[0, 1]
    assert fit.r_squared == pytest.approx(r**2, rel=1e-9)


def test_only_the_areas_of_the_chosen_level_are_fitted() -> None:
    values, areas = _buurten()
    wijken = pd.DataFrame({"area_code": ["WK1", "WK2", "WK3", "WK4", "WK5"], "level": "wijk"})
    rows = [(c, 2019, "kwetsbaar_pct", 10.0 * i) for i, c in enumerate(wijken["area_code"], 1)]
    rows += [(c, 2019, "wmo_per_1000", 30.0 * i + i % 2) for i, c in enumerate(wijken["area_code"], 1)]
    extra = pd.DataFrame(rows, columns=["area_code", "period", "indicator", "value"])
    values, areas = pd.concat([values, extra]), pd.concat([areas, wijken])
    buurten = need_versus_support(values, areas, "wmo_per_1000", ["kwetsbaar_pct"], period=2019)
    assert fit_codes(buurten) == {f"BU{i:02d}" for i in range(40)} and buurten.n == 40
    wijk = need_versus_support(values, areas, "wmo_per_1000", ["kwetsbaar_pct"], period=2019, level="wijk")
    assert fit_codes(wijk) == set(wijken["area_code"]) and wijk.n == 5
    assert (wijk.areas["level"] == "wijk").all()
    assert wijk.coefficients["kwetsbaar_pct"] == pytest.approx(3.0, rel=0.05)


def fit_codes(fit: NeedSupportFit) -> set[str]:
    return set(fit.areas["area_code"])


def test_support_or_weights_without_any_figures_are_not_judged_instead_of_failing() -> None:
    values, areas = _buurten()
    no_support = values[values["indicator"] != "wmo_per_1000"]
    fit = need_versus_support(no_support, areas, "wmo_per_1000", ["kwetsbaar_pct"], period=2019)
    assert (fit.areas["flag"] == "insufficient_data").all() and fit.n == 0
    no_weights = values[values["indicator"] != "inwoners"]
    fit = need_versus_support(
        no_weights, areas, "wmo_per_1000", ["kwetsbaar_pct"], period=2019, weight="inwoners"
    )
    assert (fit.areas["flag"] == "insufficient_data").all() and fit.n == 0


def test_the_panel_form_fits_buurten_and_flags_beyond_two_by_default() -> None:
    from veerkracht.monitor.need_support import need_support_panel
    from veerkracht.monitor.panel import Panel

    values, areas = _buurten()
    wmo = values["indicator"] == "wmo_per_1000"
    values.loc[wmo & (values["area_code"] == "BU20"), "value"] += 20  # 2.4 standard errors above the line
    wijk = pd.DataFrame({"area_code": ["WK1"], "level": ["wijk"]})
    panel = Panel.from_long(values, pd.concat([areas, wijk]))
    fit = need_support_panel(panel, "wmo_per_1000", ["kwetsbaar_pct"], period=2019)
    table = fit.areas.set_index("area_code")
    assert "WK1" not in table.index and fit.n == 40
    assert table.loc["BU20", "flag"] == "over_served"
