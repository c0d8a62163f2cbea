# SPDX-License-Identifier: EUPL-1.2
"""The 100 m squares of a set of buurten: a square belongs to the buurt that holds its centre."""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import shapely

IntArray = npt.NDArray[np.int64]
SQUARE_M = 100


@dataclass(frozen=True)
class SquareGrid:
    """Squares by their lower-left corner in hectometres, sorted by unit and then north to south."""

    east_hm: IntArray
    north_hm: IntArray
    unit: IntArray

    @property
    def size(self) -> int:
        """Number of squares."""
        return int(self.unit.size)

    def centres(self) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Return the RD coordinates of the square centres."""
        return (self.east_hm * 100.0 + 50.0).astype(np.float64), (self.north_hm * 100.0 + 50.0).astype(
            np.float64
        )


def squares_of(polygons: npt.NDArray[np.object_], first_unit: int = 0) -> SquareGrid:
    """Return the squares whose centres fall inside the given polygons (unit = first_unit + index).

    A polygon too small to hold any square centre gets the square under its representative point,
    taken from the neighbour that held it, so that every buurt has at least one square.
    """
    bounds = shapely.total_bounds(polygons)
    east = np.arange(int(bounds[0] // SQUARE_M), int(bounds[2] // SQUARE_M) + 1, dtype=np.int64)
    north = np.arange(int(bounds[1] // SQUARE_M), int(bounds[3] // SQUARE_M) + 1, dtype=np.int64)
    grid_e, grid_n = np.meshgrid(east, north)
    ee, nn = grid_e.ravel(), grid_n.ravel()
    points = shapely.points(ee * 100.0 + 50.0, nn * 100.0 + 50.0)
    tree = shapely.STRtree(polygons)
    point_index, polygon_index = tree.query(points, predicate="intersects")
    # A centre on a shared edge matches two polygons; the first match decides, deterministically.
    order = np.lexsort((polygon_index, point_index))
    point_index, polygon_index = point_index[order], polygon_index[order]
    first = np.r_[True, point_index[1:] != point_index[:-1]]
    point_index, polygon_index = point_index[first], polygon_index[first]
    square_east, square_north = ee[point_index], nn[point_index]
    unit = polygon_index.astype(np.int64)
    counts = np.bincount(unit, minlength=len(polygons))
    for lonely in np.flatnonzero(counts == 0):
        anchor = shapely.point_on_surface(polygons[lonely])
        e, n = int(anchor.x // SQUARE_M), int(anchor.y // SQUARE_M)
        hit = np.flatnonzero((square_east == e) & (square_north == n))
        if hit.size and counts[unit[hit[0]]] > 1:
            counts[unit[hit[0]]] -= 1
            unit[hit[0]] = lonely
        else:
            square_east, square_north = np.r_[square_east, e], np.r_[square_north, n]
            unit = np.r_[unit, lonely]
        counts[lonely] = 1
    order = np.lexsort((square_east, -square_north, unit))
    return SquareGrid(square_east[order], square_north[order], unit[order] + first_unit)


def concat_grids(grids: list[SquareGrid]) -> SquareGrid:
    """Join the grids of several cities (their unit numbers must already be offset)."""
    if not grids:
        empty = np.zeros(0, dtype=np.int64)
        return SquareGrid(empty, empty, empty)
    return SquareGrid(
        np.concatenate([g.east_hm for g in grids]),
        np.concatenate([g.north_hm for g in grids]),
        np.concatenate([g.unit for g in grids]),
    )
