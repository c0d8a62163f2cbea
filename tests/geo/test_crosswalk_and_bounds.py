# SPDX-License-Identifier: EUPL-1.2
"""Crosswalk weights between indelingen, and the edges of the CBS square grid."""

import numpy as np
import pandas as pd
import pytest
from shapely import box

from veerkracht.geo.crosswalk import crosswalk_weights
from veerkracht.geo.crs import rd_to_wgs84, wgs84_to_rd
from veerkracht.geo.squares import InvalidSquareId, format_square_ids, square_ids, square_origins

OLD = {"BU1": box(0, 0, 300, 100), "BU9": box(0, 100, 300, 200)}
NEW = {"BU2": box(0, 0, 100, 100), "BU3": box(100, 0, 300, 100), "BU9": box(0, 100, 300, 200)}


def _weights(frame: pd.DataFrame) -> dict[tuple[str, str], tuple[float, str]]:
    return {(r.from_code, r.to_code): (r.weight, r.method) for r in frame.itertuples()}


def test_a_split_area_is_shared_by_surface_and_an_unchanged_one_maps_onto_itself() -> None:
    weights = _weights(crosswalk_weights(OLD, NEW))
    assert weights[("BU1", "BU2")] == (pytest.approx(1 / 3), "oppervlakte")
    assert weights[("BU1", "BU3")] == (pytest.approx(2 / 3), "oppervlakte")
    assert weights[("BU9", "BU9")] == (1.0, "ongewijzigd")
    assert len(weights) == 3, "touching along a border is no overlap worth a weight"


def test_with_address_points_the_weight_follows_where_people_live() -> None:
    points = pd.DataFrame({"x": [50.0, 150.0, 250.0, 260.0], "y": [50.0] * 4, "weight": [1.0, 1.0, 1.0, 5.0]})
    weights = _weights(crosswalk_weights(OLD, NEW, points))
    assert weights[("BU1", "BU2")] == (pytest.approx(1 / 8), "adressen")
    assert weights[("BU1", "BU3")] == (pytest.approx(7 / 8), "adressen")
    assert weights[("BU9", "BU9")] == (1.0, "ongewijzigd")


def test_an_area_without_weighted_points_falls_back_to_its_surface() -> None:
    points = pd.DataFrame({"x": [50.0], "y": [150.0], "weight": [0.0]})
    moved = {"BU9": box(0, 100, 300, 200)}
    weights = _weights(crosswalk_weights({"BU1": OLD["BU1"], "BU8": moved["BU9"]}, NEW, points))
    assert weights[("BU1", "BU2")] == (pytest.approx(1 / 3), "oppervlakte")
    assert weights[("BU8", "BU9")] == (pytest.approx(1.0), "oppervlakte")


def test_slivers_below_the_minimum_weight_are_dropped_and_the_minimum_itself_is_kept() -> None:
    old = {"BU1": box(0, 0, 10_000, 1)}
    new = {"BU2": box(0, 0, 9_999, 1), "BU3": box(9_999, 0, 10_000, 1)}  # BU3 gets exactly 1e-4
    assert set(_weights(crosswalk_weights(old, new))) == {("BU1", "BU2"), ("BU1", "BU3")}
    assert set(_weights(crosswalk_weights(old, new, minimum_weight=2e-4))) == {("BU1", "BU2")}


def test_an_old_area_outside_every_new_one_gets_no_row() -> None:
    assert crosswalk_weights({"BU7": box(5_000, 5_000, 5_100, 5_100)}, NEW).empty
    assert list(crosswalk_weights({}, NEW).columns) == ["from_code", "to_code", "weight", "method"]


def test_rd_and_wgs84_transform_both_ways_around_the_amersfoort_origin() -> None:
    # RD's origin, Onze Lieve Vrouwetoren in Amersfoort: 52.15517440 N, 5.38720621 E (RDNAPTRANS). Without
    # the correction grid PROJ's datum shift is good to about a metre: 1e-5 degree.
    lon, lat = rd_to_wgs84().transform(155_000, 463_000)
    assert lon == pytest.approx(5.38720621, abs=1e-5) and lat == pytest.approx(52.15517440, abs=1e-5)
    x, y = wgs84_to_rd().transform(lon, lat)
    assert (x, y) == (pytest.approx(155_000, abs=1e-3), pytest.approx(463_000, abs=1e-3))


def test_the_grid_runs_from_0_to_9999_hectometres_and_no_further() -> None:
    assert format_square_ids([0, 9999], [9999, 0]).tolist() == ["E0000N9999", "E9999N0000"]
    for east, north in (([-1], [0]), ([10_000], [0]), ([0], [-1]), ([0], [10_000])):
        with pytest.raises(ValueError, match="four hectometre digits"):
            format_square_ids(east, north)
    assert format_square_ids([], []).tolist() == []
    assert format_square_ids(1766, 3184).tolist() == ["E1766N3184"]


def test_points_on_a_square_border_belong_to_the_square_above_and_to_the_right() -> None:
    assert square_ids([99.999, 100.0], [0.0, 0.0]).tolist() == ["E0000N0000", "E0001N0000"]
    assert square_ids([499.9, 500.0], [500.0, 499.9], size=500).tolist() == ["E0000N0005", "E0005N0000"]
    assert square_ids(176_650.0, 318_450.0).tolist() == ["E1766N3184"]


def test_origins_of_no_squares_and_of_squares_with_foreign_characters() -> None:
    xs, ys = square_origins([])
    assert xs.tolist() == [] and ys.tolist() == [] and xs.dtype == np.int64
    with pytest.raises(InvalidSquareId, match="hold characters no CBS square id has"):
        square_origins(["E1766N318€"])
    with pytest.raises(InvalidSquareId, match="'E176/N3184' is not a CBS square id"):
        square_origins(["E1766N3184", "E176/N3184"])
    with pytest.raises(InvalidSquareId):
        square_origins(["E176:N3184"])
    assert square_origins(["E0009N9990"])[0].tolist() == [900]
    assert square_origins(["E0009N9990"])[1].tolist() == [999_000]


def test_an_area_redrawn_within_a_centimetre_is_unchanged_and_one_moved_half_a_metre_is_not() -> None:
    noise = {"BU9": box(0.005, 100, 300.005, 200)}  # digitising noise, below 1 cm
    assert _weights(crosswalk_weights(noise, NEW)) == {("BU9", "BU9"): (1.0, "ongewijzigd")}
    moved = {"BU9": box(0.5, 100, 300.5, 200)}
    weights = _weights(crosswalk_weights(moved, NEW))
    assert weights[("BU9", "BU9")] == (pytest.approx(299.5 / 300), "oppervlakte")


def test_every_old_area_is_looked_at_after_an_unchanged_or_an_isolated_one() -> None:
    old = {
        "BU9": NEW["BU9"],  # unchanged
        "BU7": box(5_000, 5_000, 5_100, 5_100),  # outside every new area
        "BU1": OLD["BU1"],
    }
    weights = _weights(crosswalk_weights(old, NEW))
    assert set(weights) == {("BU9", "BU9"), ("BU1", "BU2"), ("BU1", "BU3")}


def test_an_old_area_inside_one_new_area_goes_wholly_to_it() -> None:
    weights = _weights(crosswalk_weights({"BU5": box(120, 10, 180, 90)}, NEW))
    assert weights == {("BU5", "BU3"): (pytest.approx(1.0), "oppervlakte")}


def test_only_the_addresses_inside_the_old_area_count_not_those_in_its_box_or_beyond() -> None:
    from shapely import Polygon

    # A triangle over BU2 and BU3: (250, 90) lies in its bounding box but outside it; (250, 150) and
    # (50, 150) lie outside it altogether, in the new BU3 and BU9.
    triangle = {"BU6": Polygon([(0, 0), (300, 0), (0, 100)])}
    points = pd.DataFrame(
        {
            "x": [50.0, 150.0, 160.0, 250.0, 250.0, 50.0],
            "y": [50.0, 20.0, 20.0, 90.0, 150.0, 150.0],
            "weight": [1.0, 1.0, 2.0, 50.0, 50.0, 50.0],
        }
    )
    weights = _weights(crosswalk_weights(triangle, NEW, points))
    assert weights == {
        ("BU6", "BU2"): (pytest.approx(1 / 4), "adressen"),
        ("BU6", "BU3"): (pytest.approx(3 / 4), "adressen"),
    }


def test_a_single_address_is_enough_to_follow_where_people_live() -> None:
    points = pd.DataFrame({"x": [250.0], "y": [50.0], "weight": [1.0]})
    weights = _weights(crosswalk_weights({"BU1": OLD["BU1"]}, NEW, points))
    assert weights == {("BU1", "BU3"): (1.0, "adressen")}
    half = pd.DataFrame({"x": [250.0], "y": [50.0], "weight": [0.5]})
    assert _weights(crosswalk_weights({"BU1": OLD["BU1"]}, NEW, half)) == {("BU1", "BU3"): (1.0, "adressen")}


def test_a_new_area_that_only_shares_the_bounding_box_gets_no_row_even_without_a_minimum() -> None:
    from shapely import Polygon

    triangle = {"BU6": Polygon([(0, 0), (300, 0), (0, 100)])}
    corner = {"BU2": box(0, 0, 100, 100), "BU4": box(200, 80, 300, 100)}  # BU4 lies beyond the slope
    weights = _weights(crosswalk_weights(triangle, corner, minimum_weight=0.0))
    assert set(weights) == {("BU6", "BU2")}
