# SPDX-License-Identifier: EUPL-1.2
"""Buurt polygons: a relaxed Voronoi tessellation of seed points, clipped to the city footprint."""

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import MultiPoint, Polygon

FloatArray = npt.NDArray[np.float64]
LLOYD_ROUNDS = 3


def _points_inside(rng: np.random.Generator, area: Polygon, n: int) -> FloatArray:
    minx, miny, maxx, maxy = area.bounds
    found: list[FloatArray] = []
    count = 0
    while count < n:
        candidates = rng.uniform((minx, miny), (maxx, maxy), size=(max(4 * n, 64), 2))
        inside = candidates[shapely.contains_xy(area, candidates[:, 0], candidates[:, 1])]
        found.append(inside)
        count += len(inside)
    return np.concatenate(found)[:n]


def _voronoi(seeds: FloatArray, area: Polygon) -> list[Polygon]:
    cells = shapely.voronoi_polygons(MultiPoint(seeds), extend_to=area, ordered=True)
    clipped = shapely.intersection(np.asarray(shapely.get_parts(cells)), area)
    result: list[Polygon] = []
    for cell, seed in zip(clipped, seeds, strict=True):
        parts = [p for p in shapely.get_parts(cell) if isinstance(p, Polygon) and p.area > 0]
        # A concave footprint can cut a convex cell in two: keep the piece around the seed, or the largest.
        holding = [p for p in parts if p.covers(shapely.Point(seed))]
        result.append(holding[0] if holding else max(parts, key=lambda p: p.area))
    return result


def tessellate(rng: np.random.Generator, area: Polygon, n: int) -> list[Polygon]:
    """Return ``n`` polygons that tile ``area`` (up to slivers dropped at concave edges).

    A few rounds of Lloyd relaxation move the seeds to their cell centroids, which gives the
    rounded, similarly sized buurten of a real city instead of raw Voronoi splinters.
    """
    seeds = _points_inside(rng, area, n)
    for _ in range(LLOYD_ROUNDS):
        cells = _voronoi(seeds, area)
        seeds = np.array([(c.centroid.x, c.centroid.y) for c in cells])
    cells = _voronoi(seeds, area)
    return [shapely.set_precision(cell, 0.01) for cell in cells]


def adjacency_pairs(polygons: list[Polygon], min_shared_m: float = 20.0) -> list[tuple[int, int]]:
    """Return index pairs (i < j) of polygons that share a boundary of at least ``min_shared_m``."""
    geoms = np.asarray(polygons, dtype=object)
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    shared = shapely.length(
        shapely.intersection(shapely.boundary(geoms[left]), shapely.boundary(geoms[right]))
    )
    near = shared >= min_shared_m
    return list(zip(left[near].tolist(), right[near].tolist(), strict=True))
