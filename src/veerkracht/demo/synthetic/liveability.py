# SPDX-License-Identifier: EUPL-1.2
"""Leefbaarometer-3.0-like scores per square and year, with the national reference they deviate from.

As in LBM3, ``lbm = REFERENCE_SCORE + afw`` and ``afw = fys + onv + soc + vrz + won``. The reference is
fixed; the national *average* of each dimension moves a little every year (``national_average``), and the
veerkracht analysis compares a buurt's change in onv with that national change.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from .fields import ar1_noise
from .housing import Housing
from .setting import Setting
from .stories import StoryPlan
from .thresholds import force_onv
from .vulnerability import Vulnerability

FloatArray = npt.NDArray[np.float64]
DIMENSIONS = ("fys", "onv", "soc", "vrz", "won")
REFERENCE_SCORE = 4.102265
# Close to the national averages of the real LBM3 wijk download; 2012, 2016 and 2024 are our own choice.
_NATIONAL = {
    2012: (0.0015, 0.0300, 0.0440, -0.0850, 0.0210),
    2014: (0.0025, 0.0362, 0.0427, -0.0807, 0.0238),
    2016: (0.0035, 0.0410, 0.0420, -0.0780, 0.0265),
    2018: (0.0044, 0.0449, 0.0416, -0.0763, 0.0290),
    2020: (0.0050, 0.0450, 0.0377, -0.0678, 0.0290),
    2022: (0.0061, 0.0458, 0.0365, -0.0721, 0.0346),
    2024: (0.0068, 0.0466, 0.0360, -0.0700, 0.0360),
}


def national_average(years: npt.ArrayLike) -> pd.DataFrame:
    """Return the national average per year: jaar, lbm, afw and the five dimensions."""
    keys = np.array(sorted(_NATIONAL))
    table = np.array([_NATIONAL[k] for k in keys])
    wanted = np.asarray(years, dtype=np.float64)
    frame = pd.DataFrame({"jaar": np.asarray(years, dtype=np.int64)})
    for k, name in enumerate(DIMENSIONS):
        frame[name] = np.round(np.interp(wanted, keys, table[:, k]), 6)
    frame["afw"] = frame[list(DIMENSIONS)].sum(axis=1)
    frame["lbm"] = REFERENCE_SCORE + frame["afw"]
    return frame[["jaar", "lbm", "afw", *DIMENSIONS]]


@dataclass
class Liveability:
    """Float (squares, years) panels of the five dimension scores."""

    dimensions: dict[str, FloatArray]

    def afw(self) -> FloatArray:
        """Return the deviation from the reference: the sum of the dimensions."""
        return sum((self.dimensions[d] for d in DIMENSIONS), start=np.zeros_like(self.dimensions["onv"]))


def simulate_liveability(
    setting: Setting, housing: Housing, vulnerability: Vulnerability, plan: StoryPlan
) -> Liveability:
    """Simulate the five LBM dimensions for every square and year, including the onv stories."""
    rng, unit, n_units, n_years = setting.rng, setting.grid.unit, setting.n_units, setting.n_years
    size = setting.grid.size
    national = national_average(setting.years)
    ramp = setting.ramp()
    centre = np.clip(1.0 - setting.distance / 0.35, 0.0, 1.0)
    r = np.clip(setting.distance, 0.0, 1.4)
    base = vulnerability.base_share

    def part(scale: float, unit_sd: float, noise_sd: float) -> FloatArray:
        field = scale * setting.fields.draw((2.0, 5.0))
        effect = rng.normal(0.0, unit_sd, n_units)[unit]
        noise = ar1_noise(rng, size, n_years, noise_sd) + ar1_noise(rng, n_units, n_years, noise_sd / 2)[unit]
        return (field + effect)[:, None] + noise

    onv = (0.015 - 0.85 * np.clip(base - 0.05, 0.0, None) - 0.06 * centre)[:, None] + part(0.03, 0.012, 0.006)
    onv = onv + plan.onv_relative_change[unit][:, None] * ramp[None, :]
    for hotspot in plan.hotspots:
        squares = hotspot.squares
        onv[squares] += -0.12 + hotspot.onv_relative_change * ramp[None, :]
        rest = np.setdiff1d(setting.unit_squares(hotspot.unit), squares)
        people = housing.inhabitants[:, 0].astype(np.float64)
        weight = people[squares].sum() / max(people[rest].sum(), 1.0)
        onv[rest] += -hotspot.onv_relative_change * weight * ramp[None, :]
    onv = onv + national["onv"].to_numpy()[None, :]
    targeted = np.flatnonzero(~np.isnan(plan.onv_end_level))
    if targeted.size:
        end = int(np.searchsorted(setting.years, setting.period[1]))
        weights = housing.inhabitants[:, end].astype(np.float64)
        current = setting.unit_mean(onv[:, end], weights)
        shift = np.zeros(n_units)
        shift[targeted] = plan.onv_end_level[targeted] - current[targeted]
        onv = onv + shift[unit][:, None]
    exact = np.flatnonzero(plan.exact)
    if exact.size:
        t0, t1 = (int(np.searchsorted(setting.years, year)) for year in setting.period)
        national_change = float(national["onv"].iloc[t1] - national["onv"].iloc[t0])
        change = plan.onv_relative_change[exact] + national_change
        force_onv(setting, exact, plan.onv_end_level[exact], change, onv, housing.inhabitants)
    change = vulnerability.share - base[:, None]
    soc = (-0.28 * (base - 0.1) - 0.02 * centre)[:, None] - 0.15 * change + part(0.015, 0.01, 0.004)
    vrz = (0.1 - 0.2 * r + 0.12 * centre)[:, None] + part(0.03, 0.02, 0.003)
    won = (0.02 + 0.06 * (housing.owner_fraction - 0.5) - 0.04 * housing.corporation_share)[:, None]
    won = won + part(0.015, 0.01, 0.003)
    fys = part(0.02, 0.008, 0.003)
    dimensions = {"fys": fys, "onv": onv, "soc": soc, "vrz": vrz, "won": won}
    for name in ("fys", "soc", "vrz", "won"):
        dimensions[name] = dimensions[name] + national[name].to_numpy()[None, :]
    return Liveability({name: np.round(values, 6) for name, values in dimensions.items()})
