# SPDX-License-Identifier: EUPL-1.2
"""Buurten planted just either side of each threshold of the monitor's methodology preset.

The thresholds are read from the preset file, not copied: when the preset changes, the planted buurten
move with it. A classification that uses a wrong cut, a wrong comparison (< for <=) or a wrong reference
puts at least one of these buurten in another class than the truth file says, which a test notices.
Their figures are exact (to one resident and to 1e-6 onv): the ordinary noise is corrected away.
"""

from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from veerkracht.monitor import load_preset
from veerkracht.monitor.preset import Preset, Thresholds

from .setting import Setting

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
PRESET = "veerkracht-2021"
# Distances from a threshold: 0.25 percentage point is five residents in a buurt of 2,000; 0.01 onv is an
# eighth of the 'some nuisance' band; 0.002 onv is well inside the dead band and below the national change.
VULNERABLE_MARGIN_PP = 0.25
LEVEL_MARGIN = 0.01
DEVELOPMENT_MARGIN = 0.002
CLEAR_INCREASE_PP = 3.0


@cache
def preset() -> Preset:
    """The monitor's methodology preset the stories aim at (read once per process)."""
    return load_preset(PRESET)


def preset_thresholds() -> Thresholds:
    """The thresholds the stories aim at, read from the monitor's preset file."""
    return preset().thresholds


@dataclass(frozen=True)
class ThresholdCase:
    """One planted buurt: which threshold it probes, on which side, and its designed figures."""

    name: str
    threshold: str
    side: str
    vulnerable_change_pp: float
    onv_end: float
    onv_relative_change: float


def threshold_cases(th: Thresholds) -> list[ThresholdCase]:
    """Nine buurten: for each cut, one just on either side; the other factors chosen so the class shows it."""
    better = 1.0 if th.higher_is_better else -1.0
    inc, dec = th.vulnerable_increase_above, th.vulnerable_decrease_below
    much, some, band = th.nuisance_much, th.nuisance_some, th.development_dead_band
    m, ml, md = VULNERABLE_MARGIN_PP, better * LEVEL_MARGIN, better * DEVELOPMENT_MARGIN
    worsening, improving = -better * band - md, better * band + md
    little = some + 5 * ml
    return [
        ThresholdCase("increase_above", "vulnerable_increase_above", "above", inc + m, much - ml, worsening),
        ThresholdCase(
            "increase_below", "vulnerable_increase_above", "at_or_below", inc - m, much - ml, worsening
        ),
        ThresholdCase("decrease_below", "vulnerable_decrease_below", "below", dec - m, little, 0.0),
        ThresholdCase("decrease_above", "vulnerable_decrease_below", "at_or_above", dec + m, little, 0.0),
        ThresholdCase("much_better_side", "nuisance_much", "better", inc + m, much + ml, worsening),
        ThresholdCase("some_worse_side", "nuisance_some", "worse", inc + m, some - ml, improving),
        ThresholdCase("some_better_side", "nuisance_some", "better", inc + m, some + ml, improving),
        ThresholdCase("band_inside_upper", "development_dead_band", "inside", inc + m, some - ml, band - md),
        ThresholdCase("band_inside_lower", "development_dead_band", "inside", inc + m, much + ml, md - band),
    ]


def _apportion(total: int, capacity: IntArray) -> IntArray:
    """Split ``total`` over cells in proportion to their capacity, never above it (largest remainder)."""
    room = capacity.astype(np.float64)
    if total <= 0 or room.sum() <= 0:
        return np.zeros(len(capacity), dtype=np.int64)
    total = min(total, int(capacity.sum()))
    ideal = total * room / room.sum()
    out = np.floor(ideal).astype(np.int64)
    order = np.argsort(-(ideal - out), kind="stable")
    out[order[: total - int(out.sum())]] += 1
    return np.minimum(out, capacity)


def force_share_change(
    setting: Setting,
    units: IntArray,
    change: FloatArray,
    total: IntArray,
    parts: IntArray,
    inhabitants: npt.NDArray[np.integer],
    added_group: int,
) -> None:
    """Give each unit exactly its designed share change (fraction) between the period's years, in place.

    Residents are added to group ``added_group`` or taken from the largest groups of a square; the
    years between follow the story's ramp, the years after keep the end year's correction.
    """
    t0, t1 = (int(np.searchsorted(setting.years, year)) for year in setting.period)
    ramp = np.clip(setting.ramp(), 0.0, 1.0)
    for u, wanted_change in zip(units, change, strict=True):
        squares = setting.unit_squares(int(u))
        people = inhabitants[squares].astype(np.int64)
        start_share = total[squares, t0].sum() / max(people[:, t0].sum(), 1)
        wanted = round(float(people[:, t1].sum() * (start_share + wanted_change)))
        delta = wanted - int(total[squares, t1].sum())
        for t in np.flatnonzero(ramp > 0):
            step = round(float(delta * ramp[t]))
            if step > 0:
                add = _apportion(step, people[:, t] - total[squares, t])
                total[squares, t] += add
                parts[squares, t, added_group] += add
            elif step < 0:
                take = _apportion(-step, total[squares, t].astype(np.int64))
                total[squares, t] -= take
                for i, count in zip(squares, take, strict=True):
                    for group in np.argsort(-parts[i, t], kind="stable"):
                        moved = min(int(count), int(parts[i, t, group]))
                        parts[i, t, group] -= moved
                        count -= moved


def force_onv(
    setting: Setting,
    units: IntArray,
    end_level: FloatArray,
    change: FloatArray,
    onv: FloatArray,
    weights: npt.NDArray[np.integer],
) -> None:
    """Give each unit exactly its onv at the period's end and its change over the period, in place.

    ``change`` is the change itself (the national change included); the buurt value is the weighted mean
    of its squares, so one shift per buurt plus one per buurt along the ramp fixes both numbers.
    """
    t0, t1 = (int(np.searchsorted(setting.years, year)) for year in setting.period)
    people = weights.astype(np.float64)
    start = setting.unit_mean(onv[:, t0], people[:, t0])[units]
    end = setting.unit_mean(onv[:, t1], people[:, t1])[units]
    shift = end_level - change - start
    slope = end_level - end - shift
    ramp = setting.ramp()
    for u, a, b in zip(units, shift, slope, strict=True):
        squares = setting.unit_squares(int(u))
        onv[squares] += a + b * ramp[None, :]
