# SPDX-License-Identifier: EUPL-1.2
"""Change between periods and the reference development an area is compared with."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from veerkracht.monitor import FrameError, IndicatorSpec, ReferenceSpec, period_change, relative_development

AREAS = pd.DataFrame(
    {
        "area_code": ["W1", "W2", "W3", "G1", "G2", "NL"],
        "level": ["wijk", "wijk", "wijk", "gemeente", "gemeente", "land"],
    }
)
MEMBERSHIP = pd.DataFrame(
    {"child_code": ["W1", "W2", "W3", "G1", "G2"], "parent_code": ["G1", "G1", "G2", "NL", "NL"]}
)


def _onv(rows: dict[str, tuple[float, float]], weights: dict[str, float] | None = None) -> pd.DataFrame:
    records = [(a, "onv", p, v) for a, (v0, v1) in rows.items() for p, v in ((2014, v0), (2018, v1))]
    for a, w in (weights or {}).items():
        records += [(a, "inwoners", 2014, w), (a, "inwoners", 2018, w)]
    return pd.DataFrame(records, columns=["area_code", "indicator", "period", "value"])


def test_a_share_changes_in_percentage_points_and_a_count_also_in_percent() -> None:
    values = pd.DataFrame(
        {
            "area_code": ["B1"] * 4,
            "indicator": ["pct", "pct", "n", "n"],
            "period": [2014, 2018] * 2,
            "value": [12.0, 15.5, 200.0, 250.0],
        }
    )
    share = period_change(
        values, "pct", 2014, 2018, spec=IndicatorSpec("pct", "share", numerator="a", denominator="b")
    )
    count = period_change(values, "n", 2014, 2018, spec=IndicatorSpec("n"))
    assert share.loc[0, "change"] == pytest.approx(3.5)
    assert share.loc[0, "unit"] == "percentage_points"
    assert np.isnan(share.loc[0, "change_pct"])
    assert count.loc[0, "change"] == 50.0
    assert count.loc[0, "change_pct"] == pytest.approx(25.0)


def test_an_area_without_data_in_one_period_has_no_change() -> None:
    values = pd.DataFrame(
        {
            "area_code": ["B1", "B2", "B2"],
            "indicator": "n",
            "period": [2014, 2014, 2018],
            "value": [1.0, 2.0, 3.0],
        }
    )
    out = period_change(values, "n", 2014, 2018).set_index("area_code")
    assert np.isnan(out.loc["B1", "change"])
    assert out.loc["B2", "change"] == 1.0


def test_the_national_reference_is_the_land_area_when_it_has_data() -> None:
    values = _onv({"W1": (0.0, 0.05), "W2": (0.0, 0.01), "W3": (0.0, 0.0), "NL": (0.04, 0.05)})
    out = relative_development(values, AREAS, "onv", 2014, 2018).set_index("area_code")
    assert out.loc["W1", "reference_change"] == pytest.approx(0.01)
    assert out.loc["W1", "relative_change"] == pytest.approx(0.04)


def test_without_a_land_area_the_national_reference_is_the_mean_of_the_areas_with_both_years() -> None:
    values = _onv({"W1": (0.0, 0.06), "W2": (0.0, 0.0), "W3": (np.nan, 0.5)})
    out = relative_development(values, AREAS, "onv", 2014, 2018, ReferenceSpec("national", level="wijk"))
    assert out.set_index("area_code").loc["W2", "reference_change"] == pytest.approx(0.03)


def test_the_mean_can_be_weighted_by_inhabitants() -> None:
    values = _onv({"W1": (0.0, 0.06), "W2": (0.0, 0.0)}, weights={"W1": 100.0, "W2": 300.0})
    spec = ReferenceSpec("national", level="wijk", weight="inwoners")
    out = relative_development(values, AREAS, "onv", 2014, 2018, spec)
    assert out.set_index("area_code").loc["W1", "reference_change"] == pytest.approx(0.015)


def test_a_municipal_reference_compares_each_area_with_its_own_gemeente() -> None:
    values = _onv(
        {"W1": (0.0, 0.05), "W2": (0.0, 0.01), "W3": (0.0, -0.02), "G1": (0.0, 0.03), "G2": (0.0, -0.02)}
    )
    out = relative_development(
        values, AREAS, "onv", 2014, 2018, ReferenceSpec("municipal"), membership=MEMBERSHIP
    )
    out = out.set_index("area_code")
    assert out.loc["W1", "relative_change"] == pytest.approx(0.02)
    assert out.loc["W3", "relative_change"] == pytest.approx(0.0)


def test_a_municipal_reference_falls_back_to_the_mean_of_the_gemeentes_areas() -> None:
    values = _onv({"W1": (0.0, 0.05), "W2": (0.0, 0.01), "W3": (0.0, -0.02)})
    out = relative_development(
        values, AREAS, "onv", 2014, 2018, ReferenceSpec("municipal"), membership=MEMBERSHIP
    )
    assert out.set_index("area_code").loc["W1", "reference_change"] == pytest.approx(0.03)


def test_a_custom_reference_is_the_mean_of_the_chosen_areas_or_the_one_chosen_area() -> None:
    values = _onv({"W1": (0.0, 0.05), "W2": (0.0, 0.01), "W3": (0.0, -0.03)})
    several = relative_development(
        values, AREAS, "onv", 2014, 2018, ReferenceSpec("custom", area_codes=("W1", "W3"))
    )
    one = relative_development(values, AREAS, "onv", 2014, 2018, ReferenceSpec("custom", area_codes=("W2",)))
    assert several.loc[0, "reference_change"] == pytest.approx(0.01)
    assert one.loc[0, "reference_change"] == pytest.approx(0.01)
    with pytest.raises(FrameError, match="WX"):
        relative_development(values, AREAS, "onv", 2014, 2018, ReferenceSpec("custom", area_codes=("WX",)))


def test_a_fixed_reference_is_taken_as_given() -> None:
    values = _onv({"W1": (0.0, 0.05)})
    out = relative_development(values, AREAS, "onv", 2014, 2018, ReferenceSpec("fixed", value=0.02))
    assert out.set_index("area_code").loc["W1", "relative_change"] == pytest.approx(0.03)


def test_a_reference_spec_refuses_what_it_cannot_do() -> None:
    with pytest.raises(ValueError, match="scope"):
        ReferenceSpec("regional")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="area_codes"):
        ReferenceSpec("custom")
    with pytest.raises(ValueError, match="finite"):
        ReferenceSpec("fixed")
