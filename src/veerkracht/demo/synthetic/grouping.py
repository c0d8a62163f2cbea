# SPDX-License-Identifier: EUPL-1.2
"""Contiguous grouping of areas (buurten into wijken, wijken into rayons) by balanced region growing."""

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def neighbours_of(n: int, pairs: list[tuple[int, int]]) -> list[list[int]]:
    """Return the adjacency list of ``n`` areas from index pairs."""
    neighbours: list[list[int]] = [[] for _ in range(n)]
    for i, j in pairs:
        neighbours[i].append(j)
        neighbours[j].append(i)
    return [sorted(set(row)) for row in neighbours]


def _spread_seeds(points: FloatArray, k: int, first: int) -> list[int]:
    chosen = [first]
    distance = np.linalg.norm(points - points[first], axis=1)
    while len(chosen) < k:
        nxt = int(np.argmax(distance))
        chosen.append(nxt)
        distance = np.minimum(distance, np.linalg.norm(points - points[nxt], axis=1))
    return chosen


def grow_regions(points: FloatArray, neighbours: list[list[int]], k: int, first: int) -> IntArray:
    """Group areas into ``k`` contiguous regions of similar size.

    Seeds are spread by farthest-point sampling starting from ``first`` (so region 0 holds it);
    then the currently smallest region repeatedly takes its nearest unclaimed neighbour. Areas
    unreachable over the adjacency graph join the region of the nearest claimed area.
    """
    n = len(points)
    if k >= n:
        return np.arange(n, dtype=np.int64)
    seeds = _spread_seeds(points, k, first)
    label = np.full(n, -1, dtype=np.int64)
    size = np.zeros(k, dtype=np.int64)
    for region, seed in enumerate(seeds):
        label[seed] = region
        size[region] = 1
    centre = points[seeds].copy()
    blocked = np.zeros(k, dtype=bool)
    while (label < 0).any() and not blocked.all():
        open_regions = np.flatnonzero(~blocked)
        region = int(open_regions[np.argmin(size[open_regions])])
        members = np.flatnonzero(label == region)
        frontier = sorted({j for i in members for j in neighbours[i] if label[j] < 0})
        if not frontier:
            blocked[region] = True
            continue
        distances = np.linalg.norm(points[frontier] - centre[region], axis=1)
        take = frontier[int(np.argmin(distances))]
        label[take] = region
        size[region] += 1
    for i in np.flatnonzero(label < 0):
        claimed = np.flatnonzero(label >= 0)
        label[i] = label[claimed[np.argmin(np.linalg.norm(points[claimed] - points[i], axis=1))]]
    return label


def order_by_angle(points: FloatArray, centre: tuple[float, float], central_first: bool = True) -> IntArray:
    """Return the order of regions: the one nearest the centre first, then clockwise from north."""
    offset = points - np.asarray(centre)
    distance = np.linalg.norm(offset, axis=1)
    bearing = (np.degrees(np.arctan2(offset[:, 0], offset[:, 1])) + 360.0) % 360.0
    order = list(np.argsort(bearing, kind="stable"))
    if central_first and len(order) > 1:
        central = int(np.argmin(distance))
        order.remove(central)
        order.insert(0, central)
    return np.asarray(order, dtype=np.int64)
