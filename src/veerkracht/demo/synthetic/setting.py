# SPDX-License-Identifier: EUPL-1.2
"""The static setting the value models share: squares, units, years and the shape of each city."""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .fields import SquareFields
from .grid import SquareGrid

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass
class Setting:
    """Squares and units of one generation run, with per-square position in their city."""

    rng: np.random.Generator
    grid: SquareGrid
    years: IntArray
    period: tuple[int, int]
    unit_city: IntArray
    unit_role: npt.NDArray[np.str_]
    distance: FloatArray
    concentration: FloatArray
    fields: SquareFields

    @property
    def n_units(self) -> int:
        """Number of units (the finest buurten)."""
        return int(self.unit_city.size)

    @property
    def n_years(self) -> int:
        """Number of years."""
        return int(self.years.size)

    def unit_squares(self, unit: int) -> IntArray:
        """Return the indices of the squares of one unit (squares are sorted by unit)."""
        start = int(np.searchsorted(self.grid.unit, unit, side="left"))
        end = int(np.searchsorted(self.grid.unit, unit, side="right"))
        return np.arange(start, end, dtype=np.int64)

    def ramp(self) -> FloatArray:
        """Return the story time profile: 0 at the period start, 1 at its end, slower before and after."""
        start, end = self.period
        span = float(end - start)
        t = (self.years - start) / span
        return np.where(t < 0, 0.25 * t, np.where(t <= 1, t, 1 + 0.5 * (t - 1))).astype(np.float64)

    def unit_mean(self, values: FloatArray, weights: FloatArray) -> FloatArray:
        """Return the weighted mean of square values per unit (0 where a unit has no weight)."""
        total = np.bincount(self.grid.unit, weights=weights, minlength=self.n_units)
        summed = np.bincount(self.grid.unit, weights=values * weights, minlength=self.n_units)
        return np.divide(summed, total, out=np.zeros(self.n_units), where=total > 0)

    def unit_sum(self, values: npt.ArrayLike) -> FloatArray:
        """Return the per-unit sum of square values."""
        weights = np.asarray(values, dtype=np.float64)
        return np.bincount(self.grid.unit, weights=weights, minlength=self.n_units).astype(np.float64)

    def unit_sum_by_year(self, panel: npt.ArrayLike) -> FloatArray:
        """Return (units, years) sums of a (squares, years) panel."""
        values = np.asarray(panel, dtype=np.float64)
        return np.stack([self.unit_sum(values[:, t]) for t in range(values.shape[1])], axis=1)


def build_setting(
    rng: np.random.Generator,
    grid: SquareGrid,
    years: tuple[int, ...],
    period: tuple[int, int],
    unit_city: IntArray,
    unit_role: npt.NDArray[np.str_],
    city_centre: FloatArray,
    city_radius: FloatArray,
    concentrations: list[list[tuple[float, float, float, float]]],
) -> Setting:
    """Derive each square's distance to its city centre (in city radii) and its corporation pull."""
    x, y = grid.centres()
    city = unit_city[grid.unit]
    distance = np.hypot(x - city_centre[city, 0], y - city_centre[city, 1]) / city_radius[city]
    concentration = np.zeros(grid.size)
    for c, spots in enumerate(concentrations):
        mine = city == c
        for sx, sy, sigma, strength in spots:
            bump = strength * np.exp(-((x[mine] - sx) ** 2 + (y[mine] - sy) ** 2) / (2 * sigma**2))
            concentration[mine] = np.maximum(concentration[mine], bump)
    return Setting(
        rng=rng,
        grid=grid,
        years=np.asarray(years, dtype=np.int64),
        period=period,
        unit_city=unit_city,
        unit_role=unit_role,
        distance=distance,
        concentration=concentration,
        fields=SquareFields(rng, grid.east_hm, grid.north_hm, city),
    )
