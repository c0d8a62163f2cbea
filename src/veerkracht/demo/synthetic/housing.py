# SPDX-License-Identifier: EUPL-1.2
"""Dwellings, households, inhabitants and the corporation stock per 100 m square and year.

Totals are set per buurt and year first and then split over the squares, so squares always sum
exactly to their buurt; households are split with the dwellings as capacity (never more households
than dwellings) and inhabitants add persons to households (never fewer persons than households).
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .apportion import round_with_offset, split_groups, split_rows
from .layout import ROLE_INDUSTRIAL
from .setting import Setting

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
SEGMENTS = (
    "goedkoop",
    "betaalbaar_laag",
    "betaalbaar_hoog",
    "tot_liberalisatiegrens",
    "boven_liberalisatiegrens",
)
_SEGMENT_BASE = np.log(np.array([0.16, 0.42, 0.22, 0.15, 0.05]))
# Concentration areas hold mostly stock below the first capping limit and little of the cheapest (seed 001).
_SEGMENT_CONCENTRATION = np.array([-0.8, 0.55, 0.0, -0.35, -1.0])
MAX_SQUARE_INHABITANTS = 390.0


@dataclass
class PopulationTargets:
    """Known buurt totals (NaN where unknown) that the split must reproduce exactly."""

    inhabitants: FloatArray
    households: FloatArray
    dwellings: FloatArray


@dataclass
class Housing:
    """Integer (squares, years) panels of the housing stock and its residents."""

    dwellings: npt.NDArray[np.int32]
    households: npt.NDArray[np.int32]
    inhabitants: npt.NDArray[np.int32]
    corporation: npt.NDArray[np.int32]
    owner_occupied: npt.NDArray[np.int32]
    segments: dict[str, npt.NDArray[np.int32]]
    corporation_share: FloatArray
    owner_fraction: FloatArray
    base_dwellings: FloatArray


def _sigmoid(x: FloatArray) -> FloatArray:
    return 1.0 / (1.0 + np.exp(-x))


def base_dwellings(setting: Setting, hotspot: BoolArray) -> tuple[FloatArray, FloatArray]:
    """Return the expected dwellings per square and the household size field."""
    rng, r = setting.rng, np.clip(setting.distance, 0.0, 1.4)
    density = setting.fields.draw((1.5, 5.0))
    park = setting.fields.draw((1.0, 3.0)) > 1.15
    household_size = np.clip(
        2.1 + 0.28 * setting.fields.draw((3.0, 8.0)) + 0.45 * (r - 0.6) - 0.3 * setting.concentration,
        1.35,
        2.9,
    )
    dwellings = np.exp(np.log(26.0) + 0.55 * density + 0.9 * (1.0 - r) + 0.5 * setting.concentration)
    dwellings[park] = 0.0
    unit = setting.grid.unit
    raw = setting.unit_sum(dwellings)
    floor_, ceiling = rng.uniform(280, 420, setting.n_units), rng.uniform(2100, 2650, setting.n_units)
    scale = np.divide(np.clip(raw, floor_, ceiling), raw, out=np.ones_like(raw), where=raw > 0)
    dwellings = dwellings * scale[unit]
    dwellings[(dwellings > 0) & (dwellings < 1)] = 1.0
    dwellings = np.minimum(dwellings, MAX_SQUARE_INHABITANTS / household_size)
    empty_unit = setting.unit_sum(dwellings) <= 0
    first_square = np.searchsorted(unit, np.arange(setting.n_units))
    dwellings[first_square[empty_unit & (np.bincount(unit, minlength=setting.n_units) > 0)]] = 20.0
    industrial = setting.unit_role[unit] == ROLE_INDUSTRIAL
    dwellings[industrial] = 0.0
    dwellings[first_square[setting.unit_role == ROLE_INDUSTRIAL]] = 3.0
    household_size[first_square[setting.unit_role == ROLE_INDUSTRIAL]] = 2.0
    dwellings[hotspot] = rng.uniform(60, 80, int(hotspot.sum()))
    household_size[hotspot] = 1.75
    return dwellings, household_size


def simulate_housing(
    setting: Setting, hotspot: BoolArray, targets: PopulationTargets | None = None
) -> Housing:
    """Simulate the housing stock, households and inhabitants of every square and year."""
    rng, unit, n_units, n_years = setting.rng, setting.grid.unit, setting.n_units, setting.n_years
    base, household_size = base_dwellings(setting, hotspot)
    elapsed = (setting.years - setting.years[0]).astype(np.float64)
    growth = np.clip(rng.normal(0.004, 0.004, n_units), 0.0, 0.012)
    growth[rng.permutation(n_units)[: max(1, n_units // 20)]] = 0.03
    occupancy = np.clip(
        rng.normal(0.965, 0.008, n_units)[:, None] + rng.normal(0, 0.002, (n_units, n_years)), 0.93, 0.99
    )
    thinning = 1.0 - 0.004 * elapsed
    total_dwellings = np.rint(setting.unit_sum(base)[:, None] * (1 + growth[:, None]) ** elapsed)
    if targets is not None:
        known = ~np.isnan(targets.dwellings)
        total_dwellings[known] = targets.dwellings[known]
        from_households = np.ceil(targets.households / occupancy)
        known_h = ~np.isnan(from_households)
        total_dwellings[known_h] = np.maximum(total_dwellings[known_h], from_households[known_h])
    offsets = rng.uniform(size=(3, n_units))
    dwellings = np.empty((setting.grid.size, n_years), dtype=np.int64)
    households = np.empty_like(dwellings)
    inhabitants = np.empty_like(dwellings)
    for t in range(n_years):
        dwellings[:, t] = split_groups(total_dwellings[:, t], base, unit, offsets[0])
        total_households = np.rint(setting.unit_sum(dwellings[:, t]) * occupancy[:, t])
        if targets is not None:
            known = ~np.isnan(targets.households[:, t])
            total_households[known] = targets.households[known, t]
        households[:, t] = split_groups(total_households, dwellings[:, t], unit, offsets[1])
        persons = households[:, t] * household_size * thinning[t]
        total_inhabitants = np.rint(setting.unit_sum(persons))
        if targets is not None:
            known = ~np.isnan(targets.inhabitants[:, t])
            total_inhabitants[known] = targets.inhabitants[known, t]
        hh_total = setting.unit_sum(households[:, t])
        extra = np.maximum(total_inhabitants - hh_total, 0)
        weights = households[:, t] * np.maximum(household_size * thinning[t] - 1.0, 0.05)
        inhabitants[:, t] = households[:, t] + split_groups(extra, weights, unit, offsets[2])
    share = _sigmoid(
        -2.1
        + 0.8 * setting.fields.draw((2.0, 6.0))
        + 4.4 * setting.concentration
        - 1.2 * np.clip(setting.distance - 0.85, 0, None)
    )
    share[hotspot] = 1.0
    owner_fraction = _sigmoid(0.6 + 0.7 * setting.fields.draw((2.0, 6.0)) + 1.8 * (setting.distance - 0.55))
    u = rng.uniform(size=(2, setting.grid.size))
    corporation = round_with_offset(dwellings * share[:, None], u[0][:, None], dwellings)
    owner = round_with_offset(
        (dwellings - corporation) * owner_fraction[:, None], u[1][:, None], dwellings - corporation
    )
    logits = (
        _SEGMENT_BASE[None, :]
        + setting.concentration[:, None] * _SEGMENT_CONCENTRATION[None, :]
        + 0.35 * np.stack([setting.fields.draw((2.0, 5.0)) for _ in SEGMENTS], axis=1)
    )
    shares = np.exp(logits)
    segment_offset = rng.uniform(size=setting.grid.size)
    split = np.stack([split_rows(corporation[:, t], shares, segment_offset) for t in range(n_years)], axis=1)
    # int32 halves the memory of the national run; no square count comes near 2**31.
    segments = {name: split[:, :, k].astype(np.int32) for k, name in enumerate(SEGMENTS)}
    del split
    return Housing(
        dwellings.astype(np.int32),
        households.astype(np.int32),
        inhabitants.astype(np.int32),
        corporation.astype(np.int32),
        owner.astype(np.int32),
        segments,
        share,
        owner_fraction,
        base,
    )
