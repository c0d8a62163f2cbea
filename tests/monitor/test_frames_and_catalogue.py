# SPDX-License-Identifier: EUPL-1.2
"""The frame contract and the indicator catalogue refuse bad input with a message that says what is wrong."""

from __future__ import annotations

import pandas as pd
import pytest

from veerkracht.monitor import (
    CatalogueError,
    FrameError,
    IndicatorSpec,
    build_catalogue,
    validate_areas,
    validate_membership,
    validate_values,
)


def test_a_values_frame_without_a_value_column_is_refused_naming_it() -> None:
    with pytest.raises(FrameError, match=r"lacks column\(s\) \['value'\]"):
        validate_values(pd.DataFrame({"area_code": ["B"], "indicator": ["x"], "period": [2020]}))


def test_a_period_that_is_not_a_year_is_refused() -> None:
    frame = pd.DataFrame({"area_code": ["B"], "indicator": ["x"], "period": ["2020-Q1"], "value": [1.0]})
    with pytest.raises(FrameError, match="integer year"):
        validate_values(frame)


def test_flags_are_added_as_false_when_absent() -> None:
    frame = validate_values(
        pd.DataFrame({"area_code": ["B"], "indicator": ["x"], "period": [2020], "value": [1]})
    )
    assert frame[["synthetic", "suppressed", "estimated"]].eq(False).all().all()


def test_an_unknown_level_is_refused_listing_the_known_ones() -> None:
    with pytest.raises(FrameError, match=r"unknown level\(s\) \['stadsdeel'\]"):
        validate_areas(pd.DataFrame({"area_code": ["X"], "level": ["stadsdeel"]}))


def test_membership_must_point_up_and_to_known_areas() -> None:
    areas = pd.DataFrame({"area_code": ["B", "W"], "level": ["buurt", "wijk"]})
    with pytest.raises(FrameError, match="finer to a coarser"):
        validate_membership(pd.DataFrame({"child_code": ["W"], "parent_code": ["B"]}), areas)
    with pytest.raises(FrameError, match="'Z' is not in the areas frame"):
        validate_membership(pd.DataFrame({"child_code": ["Z"], "parent_code": ["W"]}), areas)
    with pytest.raises(FrameError, match="positive"):
        validate_membership(pd.DataFrame({"child_code": ["B"], "parent_code": ["W"], "weight": [0.0]}), areas)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"code": "x", "kind": "share", "numerator": "a"}, "needs 'numerator' and 'denominator'"),
        ({"code": "x", "kind": "score"}, "needs a 'weight'"),
        ({"code": "x", "kind": "ratio"}, "kind 'ratio'"),
        ({"code": "x", "direction": "up"}, "direction 'up'"),
        ({"code": "x", "colour": "red"}, r"unknown key\(s\) \['colour'\]"),
        ({"code": "x", "privacy": {"minimum": 5}}, r"unknown privacy key\(s\) \['minimum'\]"),
    ],
)
def test_an_indicator_spec_says_what_is_missing_or_unknown(spec: dict[str, object], message: str) -> None:
    with pytest.raises(CatalogueError, match=message):
        IndicatorSpec.from_dict(spec)


def test_privacy_rules_default_to_the_counts_an_indicator_is_made_of() -> None:
    share = IndicatorSpec.from_dict({"code": "p", "kind": "share", "numerator": "a", "denominator": "b"})
    score = IndicatorSpec.from_dict({"code": "s", "kind": "score", "weight": "woningen", "privacy": 10})
    assert share.privacy_counts() == ("a", "b") and share.privacy.minimum_count == 5
    assert score.privacy_counts() == ("woningen",) and score.privacy.minimum_count == 10
    assert (
        IndicatorSpec.from_dict({"code": "r", "kind": "rate", "numerator": "a", "denominator": "b"}).scale
        == 1000
    )


def test_the_catalogue_adds_referenced_counts_and_refuses_a_share_of_a_share() -> None:
    catalogue = build_catalogue([{"code": "p", "kind": "share", "numerator": "a", "denominator": "b"}])
    assert catalogue["a"].kind == "count"
    with pytest.raises(CatalogueError, match="not a count"):
        build_catalogue(
            [
                {"code": "p", "kind": "share", "numerator": "a", "denominator": "b"},
                {"code": "q", "kind": "share", "numerator": "p", "denominator": "b"},
            ]
        )
