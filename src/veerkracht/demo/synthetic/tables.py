# SPDX-License-Identifier: EUPL-1.2
"""Turn the simulated panels into tidy frames per square, buurt, wijk and gemeente and year.

Every frame carries ``synthetic = True``. Buurt codes follow the boundaries valid in each year: before
the boundary change the parts of a split buurt are reported together under the old code.
"""

import numpy as np
import numpy.typing as npt
import pandas as pd

from veerkracht.geo.squares import format_square_ids

from .housing import SEGMENTS
from .layout import ROLE_SPLIT_PART
from .liveability import DIMENSIONS, REFERENCE_SCORE
from .setting import Setting
from .simulation import Simulation
from .vulnerability import GROUPS
from .wmo import SERVICES

IntArray = npt.NDArray[np.int64]
COUNT_COLUMNS = (
    "inhabitants",
    "households",
    "dwellings",
    "owner_occupied_dwellings",
    "corporation_dwellings",
    *(f"corporation_{s}" for s in SEGMENTS),
    "vulnerable_total",
    *(f"vulnerable_{g}" for g in GROUPS),
    "bijstand",
    "ao",
    "ww",
    "low_income_households",
    "below_social_minimum_households",
)
SCORE_COLUMNS = ("lbm", "afw", *DIMENSIONS)


def count_panels(simulation: Simulation) -> dict[str, npt.NDArray[np.integer]]:
    """Return the integer (squares, years) panels under their frame column names."""
    h, v = simulation.housing, simulation.vulnerability
    panels: dict[str, npt.NDArray[np.integer]] = {
        "inhabitants": h.inhabitants,
        "households": h.households,
        "dwellings": h.dwellings,
        "owner_occupied_dwellings": h.owner_occupied,
        "corporation_dwellings": h.corporation,
    }
    panels.update({f"corporation_{s}": h.segments[s] for s in SEGMENTS})
    panels["vulnerable_total"] = v.total
    panels.update({f"vulnerable_{g}": v.groups[g] for g in GROUPS})
    panels.update(
        {
            "bijstand": v.bijstand,
            "ao": v.ao,
            "ww": v.ww,
            "low_income_households": v.low_income_households,
            "below_social_minimum_households": v.below_social_minimum,
        }
    )
    return panels


def derive(frame: pd.DataFrame) -> pd.DataFrame:
    """Add shares, percentages, income per inhabitant and LBM means from the summed columns."""

    def ratio(numerator: str, denominator: str, scale: float = 1.0) -> pd.Series:
        den = frame[denominator].astype("float64")
        return (scale * frame[numerator].astype("float64") / den.where(den > 0)).astype("float64")

    frame["corporation_share"] = ratio("corporation_dwellings", "dwellings")
    frame["owner_occupied_share"] = ratio("owner_occupied_dwellings", "dwellings")
    frame["vulnerable_share"] = ratio("vulnerable_total", "inhabitants")
    frame["income_per_inhabitant"] = ratio("income_total", "inhabitants").round(1)
    frame["pct_low_income_households"] = ratio("low_income_households", "households", 100.0).round(1)
    frame["pct_below_social_minimum"] = ratio("below_social_minimum_households", "households", 100.0).round(1)
    if "onv_weighted" in frame:
        for name in DIMENSIONS:
            frame[name] = ratio(f"{name}_weighted", "inhabitants").round(6)
        frame["afw"] = frame[list(DIMENSIONS)].sum(axis=1, min_count=5)
        frame["lbm"] = REFERENCE_SCORE + frame["afw"]
        frame = frame.drop(columns=[f"{name}_weighted" for name in DIMENSIONS])
    return frame


def _repeated_categories(values: np.ndarray, times: int) -> pd.Categorical:
    """Each value ``times`` over, as a categorical built from codes (no 5-million-string array)."""
    codes, uniques = pd.factorize(values, sort=True)
    return pd.Categorical.from_codes(np.repeat(codes, times), categories=pd.Index(uniques))


def unit_codes_by_year(units: pd.DataFrame, years: IntArray, change_year: int | None) -> npt.NDArray[np.str_]:
    """Return the (units, years) buurt code valid for each unit in each year."""
    final = units["buurtcode"].to_numpy(dtype=str)
    codes = np.repeat(final[:, None], years.size, axis=1)
    if change_year is not None:
        split = (units["role"] == ROLE_SPLIT_PART).to_numpy()
        before = years < change_year
        codes[np.ix_(split, before)] = units.loc[split, "parent_code"].to_numpy(dtype=str)[:, None]
    return codes


def unit_frame(
    setting: Setting, simulation: Simulation, units: pd.DataFrame, codes: npt.NDArray[np.str_]
) -> pd.DataFrame:
    """Return one row per unit and year with summed counts, weighted LBM sums and WMO clients."""
    n_units, years = setting.n_units, setting.years
    data: dict[str, npt.ArrayLike] = {
        "jaar": np.tile(years, n_units),
        "buurtcode": codes.ravel(),
        "wijkcode": np.repeat(units["wijkcode"].to_numpy(dtype=str), years.size),
        "gemeentecode": np.repeat(units["gemeentecode"].to_numpy(dtype=str), years.size),
    }
    for name, panel in count_panels(simulation).items():
        data[name] = setting.unit_sum_by_year(panel).astype(np.int64).ravel()
    data["income_total"] = setting.unit_sum_by_year(simulation.vulnerability.income_total).ravel()
    people = simulation.housing.inhabitants.astype(np.float64)
    for name in DIMENSIONS:
        data[f"{name}_weighted"] = setting.unit_sum_by_year(
            simulation.liveability.dimensions[name] * people
        ).ravel()
    for service in SERVICES:
        data[f"wmo_{service}"] = simulation.wmo[service].ravel()
    return pd.DataFrame(data)


def level_values(frame: pd.DataFrame, key: str, names: pd.DataFrame | None = None) -> pd.DataFrame:
    """Sum a unit frame to one level (``buurtcode``, ``wijkcode`` or ``gemeentecode``) and derive shares."""
    parents = {"buurtcode": ["wijkcode", "gemeentecode"], "wijkcode": ["gemeentecode"], "gemeentecode": []}[
        key
    ]
    numeric = [c for c in frame.columns if c not in ("jaar", "buurtcode", "wijkcode", "gemeentecode")]
    summed = frame.groupby(["jaar", key, *parents], sort=True, observed=True)[numeric].sum().reset_index()
    summed = derive(summed)
    if names is not None:
        summed = summed.merge(names, on=key, how="left")
    summed["synthetic"] = True
    return summed


#: Panels that complex_frames and build_truth still read after the square frames are made.
READ_LATER = ("inhabitants", "dwellings", "corporation_dwellings", "vulnerable_total", "onv")
_SEGMENT_PANELS = tuple(f"corporation_{s}" for s in SEGMENTS)


def _release(simulation: Simulation, name: str) -> None:
    """Drop one panel from the simulation once the frame holds its copy (see ``square_frames``)."""
    h, v, live = simulation.housing, simulation.vulnerability, simulation.liveability
    empty = np.zeros((0, 0), dtype=np.int32)
    if name in READ_LATER or name in _SEGMENT_PANELS:
        return
    if name.startswith("vulnerable_"):
        v.groups[name.removeprefix("vulnerable_")] = empty
    elif name in DIMENSIONS:
        live.dimensions[name] = empty.astype(np.float64)
    else:
        attribute = {
            "households": (h, "households"),
            "owner_occupied_dwellings": (h, "owner_occupied"),
            "bijstand": (v, "bijstand"),
            "ao": (v, "ao"),
            "ww": (v, "ww"),
            "low_income_households": (v, "low_income_households"),
            "below_social_minimum_households": (v, "below_social_minimum"),
            "income_total": (v, "income_total"),
            "vulnerable_share": (v, "share"),
        }[name]
        setattr(
            *attribute, empty if name not in ("income_total", "vulnerable_share") else empty.astype(float)
        )


def square_frames(
    setting: Setting,
    simulation: Simulation,
    units: pd.DataFrame,
    codes: npt.NDArray[np.str_],
    *,
    release: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the squares (one row each) and their values per year (one row per square and year).

    With ``release`` the simulation hands over each panel once the values frame holds its rows,
    except those in ``READ_LATER``: a national grid (420,000 squares, 13 years) does not fit in
    memory twice. Only the last reader of a simulation may release it.
    """
    grid, years = setting.grid, setting.years
    keep = np.flatnonzero(simulation.housing.dwellings.max(axis=1) > 0)
    ids = format_square_ids(grid.east_hm[keep], grid.north_hm[keep])
    unit = grid.unit[keep]
    squares = pd.DataFrame(
        {
            "square_id": ids,
            "x": grid.east_hm[keep] * 100,
            "y": grid.north_hm[keep] * 100,
            "buurtcode": units["buurtcode"].to_numpy(dtype=str)[unit],
            "wijkcode": units["wijkcode"].to_numpy(dtype=str)[unit],
            "gemeentecode": units["gemeentecode"].to_numpy(dtype=str)[unit],
            "synthetic": True,
        }
    )
    n, t = keep.size, years.size
    code_categories = pd.unique(codes.ravel())
    code_index = pd.Categorical(codes.ravel(), categories=code_categories).codes.reshape(codes.shape)
    data: dict[str, npt.ArrayLike] = {
        "jaar": np.tile(years, n).astype(np.int64),
        "square_id": pd.Categorical.from_codes(np.repeat(np.arange(n), t), categories=ids),
        "buurtcode": pd.Categorical.from_codes(code_index[unit].ravel(), categories=code_categories),
        "wijkcode": _repeated_categories(squares["wijkcode"].to_numpy(), t),
        "gemeentecode": _repeated_categories(squares["gemeentecode"].to_numpy(), t),
    }
    panels = count_panels(simulation)
    for name in list(panels):
        data[name] = panels.pop(name)[keep].astype(np.int32).ravel()
        if release:
            _release(simulation, name)
    people = simulation.housing.inhabitants[keep].astype(np.float64)
    # From the frame's own columns: the simulation may have handed those panels over already.
    households = np.asarray(data["households"], dtype=np.float64).reshape(n, t)
    with np.errstate(invalid="ignore", divide="ignore"):
        data["corporation_share"] = (
            simulation.housing.corporation[keep] / simulation.housing.dwellings[keep]
        ).ravel()
        data["vulnerable_share"] = np.asarray(data["vulnerable_total"], dtype=np.float64) / people.ravel()
        data["income_per_inhabitant"] = np.round(
            simulation.vulnerability.income_total[keep] / people, 1
        ).ravel()
        if release:
            _release(simulation, "income_total")
            _release(simulation, "vulnerable_share")
        data["pct_low_income_households"] = np.round(
            100 * np.asarray(data["low_income_households"], dtype=np.float64).reshape(n, t) / households, 1
        ).ravel()
        data["pct_below_social_minimum"] = np.round(
            100
            * np.asarray(data["below_social_minimum_households"], dtype=np.float64).reshape(n, t)
            / households,
            1,
        ).ravel()
    del people, households
    afw = simulation.liveability.afw()[keep]
    data["lbm"] = (REFERENCE_SCORE + afw).ravel()
    data["afw"] = afw.ravel()
    del afw
    for name in DIMENSIONS:
        data[name] = simulation.liveability.dimensions[name][keep].ravel()
        if release:
            _release(simulation, name)
    values = pd.DataFrame(data, copy=False)
    values["synthetic"] = True
    return squares, values
