# SPDX-License-Identifier: EUPL-1.2
"""Need versus support: 'komen de middelen terecht waar ze het hardst nodig zijn?' (seed 001, IV)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from veerkracht.monitor import need_versus_support


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
