# SPDX-License-Identifier: EUPL-1.2
"""Corporation complexes: the corporation dwellings of one buurt within one 200 m block (1 to 4 squares)."""

import numpy as np
import numpy.typing as npt
import pandas as pd

from veerkracht.geo.squares import format_square_ids

from .housing import SEGMENTS
from .setting import Setting
from .simulation import Simulation

IntArray = npt.NDArray[np.int64]
MIN_COMPLEX_DWELLINGS = 10


def complex_members(setting: Setting, simulation: Simulation) -> tuple[IntArray, IntArray]:
    """Return (square index, complex number) for squares in a complex, complexes numbered 0..n-1.

    Complexes are numbered in order of buurt and then of their first square's id, so numbers do not
    betray which complexes are hidden hotspots.
    """
    grid = setting.grid
    corporation = simulation.housing.corporation[:, -1]
    member = np.flatnonzero(corporation >= MIN_COMPLEX_DWELLINGS)
    hot = (
        np.concatenate([h.squares for h in simulation.plan.hotspots])
        if simulation.plan.hotspots
        else member[:0]
    )
    member = np.union1d(member, hot)
    block = (grid.east_hm[member] // 2) * 10_000 + grid.north_hm[member] // 2
    key = grid.unit[member] * 100_000_000 + block
    order = np.lexsort((grid.north_hm[member], grid.east_hm[member], key))
    member, key = member[order], key[order]
    _, number = np.unique(key, return_inverse=True)
    return member, number.astype(np.int64)


def complex_frames(
    setting: Setting, simulation: Simulation, unit_codes: npt.NDArray[np.str_]
) -> tuple[pd.DataFrame, pd.DataFrame, dict[int, str]]:
    """Return the complexes, their values per year, and the complex id of each planned hotspot."""
    grid, years = setting.grid, setting.years
    member, number = complex_members(setting, simulation)
    n_complexes = int(number.max()) + 1 if number.size else 0
    ids = np.array([f"CX-{i + 1:04d}" for i in range(n_complexes)], dtype=object)
    square_ids = format_square_ids(grid.east_hm[member], grid.north_hm[member])
    first = np.r_[True, number[1:] != number[:-1]] if number.size else np.zeros(0, dtype=bool)
    buurt = unit_codes[grid.unit[member[first]]] if number.size else np.zeros(0, dtype=str)
    joined = pd.Series(square_ids).groupby(number).agg(";".join)
    housing = simulation.housing
    share = np.divide(
        housing.corporation[member],
        housing.dwellings[member],
        out=np.zeros(housing.corporation[member].shape),
        where=housing.dwellings[member] > 0,
    )
    tenants = np.rint(housing.inhabitants[member] * share)
    vulnerable = np.rint(simulation.vulnerability.total[member] * share)

    def per_complex(panel: npt.ArrayLike) -> npt.NDArray[np.int64]:
        values = np.asarray(panel, dtype=np.float64)
        return np.stack(
            [np.bincount(number, weights=values[:, t], minlength=n_complexes) for t in range(years.size)],
            axis=1,
        ).astype(np.int64)

    dwellings = per_complex(housing.corporation[member])
    complexes = pd.DataFrame(
        {
            "complex_id": ids,
            "buurtcode": buurt,
            "square_ids": joined.to_numpy(dtype=object) if n_complexes else [],
            "n_squares": np.bincount(number, minlength=n_complexes),
            "dwellings": dwellings[:, -1],
            "inhabitants": per_complex(tenants)[:, -1],
            "synthetic": True,
        }
    )
    data: dict[str, npt.ArrayLike] = {
        "jaar": np.tile(years, n_complexes),
        "complex_id": np.repeat(ids, years.size),
        "buurtcode": np.repeat(buurt, years.size),
        "dwellings": dwellings.ravel(),
    }
    for segment in SEGMENTS:
        data[f"corporation_{segment}"] = per_complex(housing.segments[segment][member]).ravel()
    data["inhabitants"] = per_complex(tenants).ravel()
    data["vulnerable_total"] = per_complex(vulnerable).ravel()
    values = pd.DataFrame(data, copy=False)
    values["synthetic"] = True
    hotspot_ids: dict[int, str] = {}
    # The complex of every square as an array: a dict of Python ints costs 100 MB on a national grid.
    position = np.full(grid.size, -1, dtype=np.int64)
    position[member] = number
    for k, hotspot in enumerate(simulation.plan.hotspots):
        hotspot_ids[k] = str(ids[position[int(hotspot.squares[0])]])
    return complexes, values, hotspot_ids
