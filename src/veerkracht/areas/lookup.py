# SPDX-License-Identifier: EUPL-1.2
"""Point-in-area lookup through an in-memory STRtree, fast enough to place a whole address file."""

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import shapely


class AreaIndex:
    """Find which area contains a point; None for points outside every area.

    A point on the border between two areas belongs to the one with the lowest code, so that the
    answer never depends on the order areas were loaded in; a point on the outer border is inside.

    >>> from shapely import box
    >>> index = AreaIndex(["BU2", "BU1"], [box(10, 0, 20, 10), box(0, 0, 10, 10)])
    >>> index.locate(5, 5), index.locate(10, 5), index.locate(25, 5)
    ('BU1', 'BU1', None)
    """

    def __init__(self, area_codes: Sequence[str], geometries: Sequence[shapely.Geometry]) -> None:
        if len(area_codes) != len(geometries):
            raise ValueError("every area needs exactly one geometry")
        order = np.argsort(np.asarray(area_codes, dtype=object).astype(str), kind="stable")
        self.codes = np.asarray(area_codes, dtype=object)[order]
        self.geometries = np.asarray(geometries, dtype=object)[order]
        shapely.prepare(self.geometries)
        self._tree = shapely.STRtree(self.geometries)

    def __len__(self) -> int:
        return len(self.codes)

    def locate(self, x: float, y: float) -> str | None:
        """Return the code of the area that contains (x, y), or None."""
        return self.locate_many(np.array([x]), np.array([y]))[0]

    def locate_many(self, xs: npt.ArrayLike, ys: npt.ArrayLike) -> list[str | None]:
        """Return for every point the code of the area that contains it, or None."""
        points = shapely.points(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float))
        point_idx, area_idx = self._tree.query(points, predicate="intersects")
        result: list[str | None] = [None] * len(points)
        # Areas are sorted by code, so the smallest area index per point is the lowest code.
        best = np.full(len(points), np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(best, point_idx, area_idx)
        for position in np.flatnonzero(best != np.iinfo(np.int64).max):
            result[position] = self.codes[best[position]]
        return result
