# SPDX-License-Identifier: EUPL-1.2
"""Point lookup finds the area a point lies in, and says None (not an error) outside, also at borders."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely import Polygon, box

from veerkracht.areas.lookup import AreaIndex

# Three buurten: two squares side by side and an L-shape with a notch, plus a hole in the middle one.
WEST = box(0, 0, 100, 100)
EAST = Polygon(
    [(100, 0), (200, 0), (200, 100), (100, 100)], holes=[[(140, 40), (160, 40), (160, 60), (140, 60)]]
)
NORTH = Polygon([(0, 100), (200, 100), (200, 200), (120, 200), (120, 150), (0, 150)])
INDEX = AreaIndex(["BU00000002", "BU00000001", "BU00000003"], [EAST, WEST, NORTH])


@pytest.mark.parametrize(
    ("x", "y", "expected", "why"),
    [
        (50, 50, "BU00000001", "inside the west square"),
        (150, 20, "BU00000002", "inside the east square"),
        (100, 50, "BU00000001", "on the shared border: the lowest code wins"),
        (100, 100, "BU00000001", "on the corner of three: the lowest code wins"),
        (150, 100, "BU00000002", "on the border of east and north"),
        (0, 50, "BU00000001", "on the outer border counts as inside"),
        (150, 50, None, "in the hole of the east square"),
        (140, 50, "BU00000002", "on the edge of the hole"),
        (60, 175, None, "in the notch of the L-shape"),
        (250, 50, None, "east of everything"),
        (-0.001, 50, None, "just outside the outer border"),
    ],
)
def test_points_are_found_in_the_right_buurt(x: float, y: float, expected: str | None, why: str) -> None:
    assert INDEX.locate(x, y) == expected, why


def test_bulk_lookup_agrees_with_single_lookups_and_is_in_input_order() -> None:
    rng = np.random.default_rng(7)
    xs, ys = rng.uniform(-20, 220, 2000), rng.uniform(-20, 220, 2000)
    bulk = INDEX.locate_many(xs, ys)
    assert bulk == [INDEX.locate(x, y) for x, y in zip(xs, ys, strict=True)]
    assert None in bulk and "BU00000003" in bulk


@given(st.floats(0.001, 99.999), st.floats(0.001, 99.999))
def test_every_point_strictly_inside_the_west_square_is_found_there(x: float, y: float) -> None:
    assert INDEX.locate(x, y) == "BU00000001"


def test_an_empty_index_finds_nothing() -> None:
    assert AreaIndex([], []).locate(1, 1) is None
