# SPDX-License-Identifier: EUPL-1.2
"""Counts planted at the monitor's privacy minimum: one buurt with exactly the minimum, one with one less.

CBS publishes a count of 5 and never one of 1 to 4. The demo city holds both sides of that line (WMO
woonvoorzieningen at the period's end, in two buurten of different wijken), so a test can see that the
pages, the API and the downloads show the one and hide the other; hiding too much is a defect too.
"""

from typing import Any

import numpy as np
import pandas as pd

from veerkracht.monitor.catalogue import DEFAULT_MINIMUM_COUNT

from .layout import ROLE_REGULAR
from .setting import Setting
from .simulation import Simulation

SERVICE = "woonvoorziening"
INDICATOR = f"wmo_{SERVICE}"  # the catalogue code the WMO importer gives this column


def plant_privacy_cells(
    setting: Setting, simulation: Simulation, units: pd.DataFrame
) -> list[dict[str, Any]]:
    """Set the two counts in every city that has designed stories; return them for the truth file."""
    plan = simulation.plan
    end = int(np.searchsorted(setting.years, setting.period[1]))
    clients = simulation.wmo[SERVICE]
    cells: list[dict[str, Any]] = []
    for city in np.unique(setting.unit_city):
        mine = np.flatnonzero(setting.unit_city == city)
        if not plan.exact[mine].any():
            continue
        free = [
            int(u)
            for u in mine
            if setting.unit_role[u] == ROLE_REGULAR
            and plan.story[u] == "unremarkable"
            and not plan.wmo_direction[u]
        ]
        wijk = units["wijkcode"].to_numpy(dtype=str)
        # Different wijken: the buurt with one less needs a neighbour hidden with it, and that must not be
        # the buurt at the minimum, or the planted "published" count would be hidden for another reason.
        other = [u for u in free if wijk[u] != wijk[free[0]]] if free else []
        if not other:
            continue
        for unit, value, published in (
            (free[0], DEFAULT_MINIMUM_COUNT, True),
            (other[-1], DEFAULT_MINIMUM_COUNT - 1, False),
        ):
            clients[unit, end] = value
            cells.append(
                {
                    "buurtcode": str(units.at[unit, "buurtcode"]),
                    "indicator": INDICATOR,
                    "year": int(setting.years[end]),
                    "value": int(value),
                    "published": published,
                }
            )
    return cells
