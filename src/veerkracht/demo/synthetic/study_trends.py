# SPDX-License-Identifier: EUPL-1.2
"""Real-city mode: give the synthetic years the direction a study reports per buurt.

Open data gives the Kerncijfers of a real city in one year only (about 2021 for Maastricht); the
other years are synthetic. Anchored on that one year, the synthetic series hardly move, so every buurt
would come out "about equal" in a veerkracht analysis. The 2021 Maastricht study (seed 001, Kaart
2-9) says per buurt where the concentration of vulnerable residents rose and where it fell between
2012 and 2018. This module tilts the synthetic series of each named buurt that way: counts of
vulnerable residents, benefit recipients and low-income households are scaled by
``1 + direction * STRENGTH * (year - pivot) / PERIOD`` and split over the squares again, so the pivot
year (the real one) keeps its real value exactly. The magnitude is an assumption, not a fact; the
values stay flagged synthetic and the run says so per layer.
"""

import numpy as np
import numpy.typing as npt
import pandas as pd

from .apportion import split_groups
from .setting import Setting
from .simulation import Simulation
from .vulnerability import GROUPS

FloatArray = npt.NDArray[np.float64]
#: Relative change over PERIOD years: the study reports increases of a few percentage points on
#: shares of 15-30% (seed 001, Figuur 1-1: nearly 5 points in 2015-2018 among corporation tenants).
STRENGTH = 0.25
PERIOD = 7.0
DIRECTIONS = {"toename": 1.0, "afname": -1.0, "gelijk": 0.0}


def unit_directions(trends: pd.DataFrame, codes: list[str]) -> FloatArray:
    """+1, -1 or 0 per unit from a table with ``buurtcode`` and ``richting`` (toename, afname, gelijk)."""
    unknown = set(trends["richting"]) - set(DIRECTIONS)
    if unknown:
        raise ValueError(f"richting {sorted(unknown)}: verwacht een van {sorted(DIRECTIONS)}")
    by_code = dict(zip(trends["buurtcode"], trends["richting"].map(DIRECTIONS), strict=True))
    return np.array([by_code.get(code, 0.0) for code in codes], dtype=np.float64)


def _tilt(
    setting: Setting, panel: npt.NDArray[np.int32], factor: FloatArray, cap: npt.NDArray[np.int32]
) -> npt.NDArray[np.int32]:
    """Scale each unit's totals per year by ``factor`` (units x years) and split them over its squares."""
    unit = setting.grid.unit
    out = panel.copy()
    offset = np.full(setting.n_units, 0.5)
    for t in range(setting.n_years):
        totals = np.rint(setting.unit_sum(panel[:, t]) * factor[:, t]).astype(np.int64)
        room = setting.unit_sum(cap[:, t]).astype(np.int64)
        weights = panel[:, t].astype(np.float64) + 1e-3
        parts = split_groups(np.minimum(totals, room), weights, unit, offset)
        out[:, t] = np.minimum(parts, cap[:, t]).astype(np.int32)
    return out


def tilt_towards_study(
    setting: Setting, simulation: Simulation, directions: FloatArray, pivot_year: int
) -> None:
    """Tilt the vulnerable, benefit and low-income panels per unit around ``pivot_year`` (in place)."""
    if not np.any(directions):
        return
    years = setting.years.astype(np.float64)
    factor = 1.0 + directions[:, None] * STRENGTH * (years[None, :] - pivot_year) / PERIOD
    factor = np.clip(factor, 0.3, 2.0)
    v, h = simulation.vulnerability, simulation.housing
    for group in GROUPS:
        v.groups[group] = _tilt(setting, v.groups[group], factor, h.inhabitants)
    total = np.sum([v.groups[group].astype(np.int64) for group in GROUPS], axis=0)
    # Each resident counts in one group; where the tilted groups together outgrow a square, trim them.
    over = np.maximum(total - h.inhabitants, 0)
    for group in GROUPS[::-1]:
        cut = np.minimum(over, v.groups[group])
        v.groups[group] = (v.groups[group] - cut).astype(np.int32)
        over -= cut
    v.total = np.asarray(np.sum([v.groups[g] for g in GROUPS], axis=0, dtype=np.int64), dtype=np.int32)
    v.share = np.divide(v.total, h.inhabitants, out=np.zeros(v.total.shape), where=h.inhabitants > 0)
    for name in ("bijstand", "ao", "ww"):
        setattr(v, name, _tilt(setting, getattr(v, name), factor, h.inhabitants))
    for name in ("low_income_households", "below_social_minimum"):
        setattr(v, name, _tilt(setting, getattr(v, name), factor, h.households))
