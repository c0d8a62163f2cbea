# SPDX-License-Identifier: EUPL-1.2
"""Small static maps: areas in RD New drawn as SVG paths that fit a given width, north up."""

import shapely
from shapely import box

from veerkracht.geo.svg import svg_paths


def test_a_box_fills_the_default_width_of_240_pixels_inside_a_margin_of_4_with_north_up() -> None:
    # 1000 m wide: 232 pixels for 1000 m; 500 m high: 116 pixels plus the two margins.
    assert svg_paths([box(0, 0, 1000, 500)]) == (["M236.0,120.0 236.0,4.0 4.0,4.0 4.0,120.0Z"], 124.0)


def test_areas_share_one_scale_holes_and_parts_are_drawn_and_missing_areas_stay_empty() -> None:
    with_hole = box(0, 0, 1000, 1000).difference(box(400, 400, 600, 600))
    two_parts = shapely.MultiPolygon([box(1000, 0, 1500, 500), box(1600, 0, 2000, 300)])
    paths, height = svg_paths([with_hole, None, shapely.Polygon(), two_parts], width=104, margin=2)
    assert paths == [
        "M2.0,52.0 2.0,2.0 52.0,2.0 52.0,52.0ZM32.0,22.0 22.0,22.0 22.0,32.0 32.0,32.0Z",
        "",
        "",
        "M77.0,52.0 77.0,27.0 52.0,27.0 52.0,52.0ZM102.0,52.0 102.0,37.0 82.0,37.0 82.0,52.0Z",
    ]
    assert height == 54.0


def test_nothing_to_draw_gives_empty_paths_and_the_width_as_height() -> None:
    assert svg_paths([None, shapely.Polygon()]) == (["", ""], 240.0)
    assert svg_paths([], width=100) == ([], 100)


def test_coordinates_and_height_are_given_to_a_tenth_of_a_pixel() -> None:
    paths, height = svg_paths([box(0, 0, 1000, 333.33)], width=100, margin=0)
    assert paths == ["M100.0,33.3 100.0,0.0 0.0,0.0 0.0,33.3Z"] and height == 33.3


def test_details_smaller_than_half_a_pixel_are_left_out_and_larger_ones_kept() -> None:
    def notched(depth: float) -> shapely.Polygon:
        # A notch in the north edge of a 1 km square; at 100 pixels a pixel is 10 m.
        top = 1000 - depth
        return shapely.Polygon(
            [(0, 0), (1000, 0), (1000, 1000), (520, 1000), (520, top), (480, top), (480, 1000), (0, 1000)]
        )

    (small,), _ = svg_paths([notched(2.0)], width=100, margin=0)
    assert small == "M0.0,100.0 100.0,100.0 100.0,0.0 0.0,0.0Z"
    (large,), _ = svg_paths([notched(30.0)], width=100, margin=0)
    assert large == "M0.0,100.0 100.0,100.0 100.0,0.0 52.0,0.0 52.0,3.0 48.0,3.0 48.0,0.0 0.0,0.0Z"


def test_lines_are_not_drawn_but_count_for_the_extent() -> None:
    paths, height = svg_paths(
        [shapely.LineString([(0, 0), (0, 1000)]), box(0, 0, 100, 100)], width=100, margin=0
    )
    assert paths == ["", "M100.0,1000.0 100.0,900.0 0.0,900.0 0.0,1000.0Z"] and height == 1000.0
    collection = shapely.GeometryCollection([box(0, 0, 100, 100), shapely.LineString([(0, 0), (100, 100)])])
    assert svg_paths([collection], width=100, margin=0)[0] == ["M100.0,100.0 100.0,0.0 0.0,0.0 0.0,100.0Z"]


def test_a_map_in_real_rd_coordinates_is_drawn_as_the_same_shape_at_the_origin() -> None:
    # A block of 1 by 0.5 km in Maastricht draws exactly as the same block at (0, 0).
    assert svg_paths([box(176_000, 318_000, 177_000, 318_500)]) == svg_paths([box(0, 0, 1000, 500)])
    paths, height = svg_paths(
        [box(176_000, 318_000, 176_500, 318_500), box(176_500, 318_000, 177_000, 318_250)]
    )
    assert paths == [
        "M120.0,120.0 120.0,4.0 4.0,4.0 4.0,120.0Z",
        "M236.0,120.0 236.0,62.0 120.0,62.0 120.0,120.0Z",
    ]
    assert height == 124.0


def test_a_detail_of_one_pixel_is_kept() -> None:
    # At 100 pixels for 1 km a 10 m notch is one pixel: more than the half-pixel simplification.
    notch = shapely.Polygon(
        [(0, 0), (1000, 0), (1000, 1000), (520, 1000), (520, 990), (480, 990), (480, 1000), (0, 1000)]
    )
    (path,), _ = svg_paths([notch], width=100, margin=0)
    assert path == "M0.0,100.0 100.0,100.0 100.0,0.0 52.0,0.0 52.0,1.0 48.0,1.0 48.0,0.0 0.0,0.0Z"


def test_an_object_smaller_than_a_metre_still_fills_the_width() -> None:
    assert svg_paths([box(0, 0, 0.5, 0.5)], width=100, margin=0) == (
        ["M100.0,100.0 100.0,0.0 0.0,0.0 0.0,100.0Z"],
        100.0,
    )


def test_a_buurt_smaller_than_a_pixel_stays_on_the_map() -> None:
    # A 3 m square beside a 1 km one, at 10 m a pixel: simplified, but not simplified away.
    paths, _ = svg_paths([box(0, 0, 1000, 1000), box(500, 500, 503, 503)], width=100, margin=0)
    assert paths[1].startswith("M50.") and paths[1].endswith("Z") and paths[1].count(",") >= 3


def test_a_collection_is_drawn_by_its_areas_whatever_comes_first() -> None:
    collection = shapely.GeometryCollection([shapely.LineString([(0, 0), (100, 100)]), box(0, 0, 100, 100)])
    assert svg_paths([collection], width=100, margin=0)[0] == ["M100.0,100.0 100.0,0.0 0.0,0.0 0.0,100.0Z"]
