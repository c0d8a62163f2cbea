# SPDX-License-Identifier: EUPL-1.2
"""The urban footprint of a synthetic city: an irregular, star-shaped outline around its centre."""

import numpy as np
import shapely
from shapely.geometry import Polygon

N_VERTICES = 96


def city_footprint(rng: np.random.Generator, centre: tuple[float, float], area_m2: float) -> Polygon:
    """Return an irregular outline of the given area around ``centre`` (RD metres).

    The radius wobbles with a few low harmonics (lobes along roads and rivers) plus a little
    vertex jitter, and never strays beyond 0.7..1.3 times the mean radius, so that cities
    laid out on a national grid do not overlap.
    """
    theta = np.linspace(0.0, 2 * np.pi, N_VERTICES, endpoint=False)
    wobble = np.zeros_like(theta)
    for harmonic in range(2, 6):
        amplitude = rng.uniform(0.02, 0.16) / harmonic**0.5
        wobble += amplitude * np.cos(harmonic * theta + rng.uniform(0, 2 * np.pi))
    wobble += rng.normal(0.0, 0.015, size=theta.size)
    radius = np.clip(1.0 + wobble, 0.7, 1.3)
    outline = np.column_stack((radius * np.cos(theta), radius * np.sin(theta)))
    unit_area = float(shapely.area(Polygon(outline)))
    scale = np.sqrt(area_m2 / unit_area)
    return Polygon(outline * scale + np.asarray(centre))


def footprint_radius(area_m2: float) -> float:
    """Return the mean radius of a footprint of the given area."""
    return float(np.sqrt(area_m2 / np.pi))
