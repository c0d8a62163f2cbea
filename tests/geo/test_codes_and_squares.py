# SPDX-License-Identifier: EUPL-1.2
"""CBS codes carry their hierarchy, and square ids follow the current CBS square publications."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from veerkracht.geo import levels
from veerkracht.geo.squares import InvalidSquareId, square_id, square_ids, square_origin, square_origins


@pytest.mark.parametrize(
    ("code", "level", "parent"),
    [
        ("BU09350301", "buurt", "WK093503"),
        ("WK093503", "wijk", "GM0935"),
        ("GM0935", "gemeente", None),
        ("BU1234567", None, None),
        ("bu09350301", None, None),
        ("PC6211", None, None),
    ],
)
def test_codes_name_their_level_and_parent(code: str, level: str | None, parent: str | None) -> None:
    assert levels.level_of(code) == level
    if level:
        assert levels.parent_of(code) == parent


def test_the_maastricht_square_of_the_issue_has_the_cbs_id() -> None:
    assert square_id(176_600, 318_400) == "E1766N3184"
    assert square_id(176_699.99, 318_499.99) == "E1766N3184"
    assert square_id(176_700, 318_400) == "E1767N3184"
    assert square_id(176_600, 318_400, size=500) == "E1765N3180"
    assert square_id(176_999, 318_499, size=500) == "E1765N3180"


def test_small_eastings_keep_their_leading_zeros() -> None:
    assert square_id(12_345, 310_001) == "E0123N3100"


@given(st.floats(0, 299_999), st.floats(300_000, 629_999), st.sampled_from([100, 500]))
def test_a_point_lies_inside_the_square_named_after_it(x: float, y: float, size: int) -> None:
    left, bottom = square_origin(square_id(x, y, size))
    assert left <= x < left + size and bottom <= y < bottom + size
    assert left % size == 0 and bottom % size == 0


@given(st.lists(st.tuples(st.floats(0, 299_999), st.floats(300_000, 629_999)), min_size=1, max_size=50))
def test_vectorised_ids_and_origins_agree_with_the_scalar_ones(points: list[tuple[float, float]]) -> None:
    xs, ys = np.array(points).T
    ids = square_ids(xs, ys)
    assert ids.tolist() == [square_id(x, y) for x, y in points]
    lefts, bottoms = square_origins(ids)
    assert list(zip(lefts.tolist(), bottoms.tolist(), strict=True)) == [square_origin(i) for i in ids]


@pytest.mark.parametrize("bad", ["E1766N318", "1766003184", "E1766X3184", "EabcdN3184", ""])
def test_malformed_square_ids_are_refused(bad: str) -> None:
    with pytest.raises(InvalidSquareId):
        square_origin(bad)
    with pytest.raises(InvalidSquareId):
        square_origins([bad])


def test_squares_of_other_sizes_do_not_exist() -> None:
    with pytest.raises(ValueError, match="100 m and 500 m"):
        square_id(0, 300_000, size=250)


def test_the_levels_the_database_knows_are_levels_of_the_one_vocabulary() -> None:
    from veerkracht.areas.models import AreaLevel

    assert set(AreaLevel.values) <= set(levels.VALUE_LEVELS)
    assert set(levels.MAP_LEVELS) <= set(AreaLevel.values)
    assert set(levels.ANALYSIS_LEVELS) <= set(levels.VALUE_LEVELS)


@pytest.mark.parametrize("level", sorted(levels.CODE_EXAMPLES))
def test_every_example_code_matches_its_own_pattern_and_no_cbs_pattern_of_another_level(level: str) -> None:
    example = levels.CODE_EXAMPLES[level]
    assert levels.CODE_PATTERNS[level].match(example)
    for other in ("land", "gemeente", "wijk", "buurt", "square", "pc4"):
        if other != level:
            assert not levels.CODE_PATTERNS[other].match(example), (level, other)


def test_square_centres_lie_half_a_square_from_the_corner() -> None:
    from veerkracht.geo.squares import square_centres

    xs, ys = square_centres(["E1766N3184", "E1765N3180"], size=500)
    assert xs.tolist() == [176_850.0, 176_750.0]
    assert ys.tolist() == [318_650.0, 318_250.0]
    assert square_ids(*square_centres(["E1766N3184"])).tolist() == ["E1766N3184"]
