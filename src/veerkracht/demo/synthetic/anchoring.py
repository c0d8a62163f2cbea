# SPDX-License-Identifier: EUPL-1.2
"""Pull simulated panels onto real anchors: buurt benefit counts, income, and LBM3 wijk scores."""

import numpy as np
import numpy.typing as npt
import pandas as pd

from .apportion import split_groups
from .liveability import DIMENSIONS, REFERENCE_SCORE
from .setting import Setting
from .simulation import Simulation

FloatArray = npt.NDArray[np.float64]


def rescale_counts(
    setting: Setting, panel: npt.NDArray[np.int32], ratio: FloatArray, offset: FloatArray
) -> npt.NDArray[np.int32]:
    """Scale each unit's yearly totals by ``ratio`` (NaN: keep) and split them back over its squares."""
    unit = setting.grid.unit
    out = panel.copy()
    scale = np.where(np.isnan(ratio), 1.0, ratio)
    for t in range(setting.n_years):
        totals = np.rint(setting.unit_sum(panel[:, t]) * scale)
        weights = panel[:, t].astype(np.float64) + 1e-3
        out[:, t] = split_groups(totals.astype(np.int64), weights, unit, offset).astype(np.int32)
    return out


def anchor_buurt_figures(
    setting: Setting, simulation: Simulation, kwb: pd.DataFrame, codes: list[str]
) -> None:
    """Match benefit counts exactly and income and low-income shares closely in each KWB year (in place)."""
    index = {code: u for u, code in enumerate(codes)}
    v, h = simulation.vulnerability, simulation.housing
    rng = setting.rng
    for year, rows in kwb.groupby("jaar"):
        if int(year) not in set(setting.years.tolist()):
            continue
        t = int(np.searchsorted(setting.years, int(year)))
        units = np.array([index.get(c, -1) for c in rows["buurtcode"]])
        rows = rows.loc[units >= 0]
        units = units[units >= 0]

        def ratio(
            column: str, simulated: FloatArray, rows: pd.DataFrame = rows, units: np.ndarray = units
        ) -> FloatArray:
            out = np.full(setting.n_units, np.nan)
            if column in rows:
                target = rows[column].to_numpy(dtype=np.float64)
                known = ~np.isnan(target)
                out[units[known]] = target[known] / np.maximum(simulated[units[known]], 1e-9)
            return out

        for name in ("bijstand", "ao", "ww"):
            panel = getattr(v, name)
            setattr(
                v,
                name,
                rescale_counts(
                    setting,
                    panel,
                    ratio(name, setting.unit_sum(panel[:, t])),
                    rng.uniform(size=setting.n_units),
                ),
            )
        people = setting.unit_sum(h.inhabitants[:, t])
        income = setting.unit_sum(v.income_total[:, t]) / np.maximum(people, 1)
        factor = ratio("income_per_inhabitant", income)
        v.income_total = v.income_total * np.where(np.isnan(factor), 1.0, factor)[setting.grid.unit][:, None]
        households = np.maximum(setting.unit_sum(h.households[:, t]), 1)
        for column, attribute in (
            ("pct_low_income_households", "low_income_households"),
            ("pct_below_social_minimum", "below_social_minimum"),
        ):
            panel = getattr(v, attribute)
            share = setting.unit_sum(panel[:, t]) / households * 100
            factor = ratio(column, share)
            scaled = rescale_counts(setting, panel, factor, rng.uniform(size=setting.n_units))
            setattr(v, attribute, np.minimum(scaled, h.households).astype(np.int32))


def wijk_targets(
    frame: pd.DataFrame, wijken: list[str], years: npt.NDArray[np.int64]
) -> dict[str, FloatArray]:
    """Return (wijken, years) LBM3 dimension targets: interpolated between years, dims fitted to afw."""
    out = {name: np.full((len(wijken), years.size), np.nan) for name in DIMENSIONS}
    for w, code in enumerate(wijken):
        rows = frame.loc[frame["wk_code"] == code].sort_values("jaar")
        if rows.empty:
            continue
        have = rows.dropna(subset=list(DIMENSIONS))
        afw = np.interp(years, rows["jaar"], rows["afw"].astype(float))
        dims = {
            d: (np.interp(years, have["jaar"], have[d].astype(float)) if len(have) else np.zeros(years.size))
            for d in DIMENSIONS
        }
        # Years without dimension scores (2012, 2016 in LBM3) keep the published total: spread the gap.
        gap = (afw - sum(dims.values())) / len(DIMENSIONS)
        for d in DIMENSIONS:
            out[d][w] = dims[d] + gap
    return out


def anchor_liveability(
    setting: Setting,
    simulation: Simulation,
    frame: pd.DataFrame,
    unit_wijk: npt.NDArray[np.int64],
    wijken: list[str],
) -> None:
    """Shift the square scores of each wijk so its inhabitant-weighted means equal the LBM3 scores."""
    targets = wijk_targets(frame, wijken, setting.years)
    square_wijk = unit_wijk[setting.grid.unit]
    people = simulation.housing.inhabitants.astype(np.float64)
    for name in DIMENSIONS:
        values = simulation.liveability.dimensions[name]
        for t in range(setting.n_years):
            weight = np.bincount(square_wijk, weights=people[:, t], minlength=len(wijken))
            mean = np.bincount(square_wijk, weights=values[:, t] * people[:, t], minlength=len(wijken))
            mean = np.divide(mean, weight, out=np.zeros(len(wijken)), where=weight > 0)
            shift = np.where(np.isnan(targets[name][:, t]), 0.0, targets[name][:, t] - mean)
            values[:, t] = np.round(values[:, t] + shift[square_wijk], 6)


def national_from_download(frame: pd.DataFrame, years: npt.NDArray[np.int64]) -> pd.DataFrame | None:
    """Return the national average per year from a national LBM3 wijk download (None when cut to a city)."""
    if frame["wk_code"].nunique() < 1000:
        return None
    means = frame.groupby("jaar")[["afw", *DIMENSIONS]].mean()
    out = pd.DataFrame({"jaar": years})
    for column in ("afw", *DIMENSIONS):
        valid = means[column].dropna()
        out[column] = np.round(np.interp(years, valid.index.to_numpy(), valid.to_numpy()), 6)
    out["lbm"] = REFERENCE_SCORE + out["afw"]
    return out[["jaar", "lbm", "afw", *DIMENSIONS]]
