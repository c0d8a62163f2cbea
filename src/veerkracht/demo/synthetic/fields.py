# SPDX-License-Identifier: EUPL-1.2
"""Spatially autocorrelated Gaussian random fields sampled at 100 m squares."""

import numpy as np
import numpy.typing as npt
from scipy.ndimage import gaussian_filter

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class SquareFields:
    """Draws standard-normal random fields on the bounding grid of a set of squares.

    Each field is white noise smoothed by Gaussian kernels (in units of 100 m); neighbouring squares
    therefore get similar values, which is what makes the synthetic maps look like real ones.
    """

    def __init__(
        self, rng: np.random.Generator, east_hm: IntArray, north_hm: IntArray, group: IntArray | None = None
    ) -> None:
        self._rng = rng
        if group is None or east_hm.size == 0:
            self._col = east_hm - east_hm.min() if east_hm.size else east_hm
            self._row = north_hm - north_hm.min() if north_hm.size else north_hm
        else:
            self._col, self._row = _pack(east_hm, north_hm, group)
        self._shape = (int(self._row.max()) + 1, int(self._col.max()) + 1) if east_hm.size else (1, 1)

    def draw(
        self, scales: tuple[float, ...] = (2.0, 6.0), weights: tuple[float, ...] | None = None
    ) -> FloatArray:
        """Return one field (mean 0, standard deviation 1 over the squares) mixing the given scales."""
        mix = weights or tuple(1.0 for _ in scales)
        total = np.zeros(self._col.size, dtype=np.float64)
        for scale, weight in zip(scales, mix, strict=True):
            pad = int(np.ceil(3 * scale))
            # Padding keeps the edge of the grid as smooth as its middle (no reflected artefacts).
            noise = self._rng.standard_normal(
                (self._shape[0] + 2 * pad, self._shape[1] + 2 * pad), dtype=np.float32
            )
            smooth = gaussian_filter(noise, sigma=scale, mode="constant", truncate=3.0)
            sampled = smooth[self._row + pad, self._col + pad].astype(np.float64)
            spread = sampled.std()
            total += weight * (sampled - sampled.mean()) / (spread if spread > 0 else 1.0)
        spread = total.std()
        return (total - total.mean()) / (spread if spread > 0 else 1.0)


def _pack(east: IntArray, north: IntArray, group: IntArray) -> tuple[IntArray, IntArray]:
    """Shelf-pack the bounding boxes of the groups (cities) into one compact raster.

    Cities lie far apart on the national grid; smoothing noise over the empty land between them would
    cost ten times more than over this packed mosaic, and the fields are random either way.
    """
    n = int(group.max()) + 1
    low_e = np.full(n, np.iinfo(np.int64).max)
    low_n = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(low_e, group, east)
    np.minimum.at(low_n, group, north)
    high_e = np.zeros(n, dtype=np.int64)
    high_n = np.zeros(n, dtype=np.int64)
    np.maximum.at(high_e, group, east)
    np.maximum.at(high_n, group, north)
    present = low_e <= high_e
    width = np.where(present, high_e - low_e + 1, 0)
    height = np.where(present, high_n - low_n + 1, 0)
    shelf_width = max(int(np.sqrt((width * height).sum()) * 1.2), int(width.max()))
    offset_x = np.zeros(n, dtype=np.int64)
    offset_y = np.zeros(n, dtype=np.int64)
    x = y = shelf_height = 0
    for g in np.argsort(-height, kind="stable"):
        if x + width[g] > shelf_width:
            x, y, shelf_height = 0, y + shelf_height, 0
        offset_x[g], offset_y[g] = x, y
        x += int(width[g])
        shelf_height = max(shelf_height, int(height[g]))
    return east - low_e[group] + offset_x[group], north - low_n[group] + offset_y[group]


def ar1_noise(rng: np.random.Generator, n: int, n_years: int, sd: float, rho: float = 0.6) -> FloatArray:
    """Return (n, n_years) autocorrelated yearly noise with stationary standard deviation ``sd``."""
    noise = np.empty((n, n_years), dtype=np.float64)
    innovation = rng.standard_normal((n, n_years)) * sd * np.sqrt(1 - rho**2)
    noise[:, 0] = rng.standard_normal(n) * sd
    for year in range(1, n_years):
        noise[:, year] = rho * noise[:, year - 1] + innovation[:, year]
    return noise
