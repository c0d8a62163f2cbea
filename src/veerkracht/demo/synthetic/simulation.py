# SPDX-License-Identifier: EUPL-1.2
"""One generation run over a setting: housing, stories, vulnerability, liveability and WMO in order."""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .housing import Housing, PopulationTargets, simulate_housing
from .liveability import Liveability, simulate_liveability
from .params import StoryCounts
from .setting import Setting
from .stories import StoryPlan, choose_hotspots, plan_stories
from .vulnerability import Vulnerability, base_vulnerable_share, simulate_vulnerability
from .wmo import expected_need, simulate_wmo

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass
class Simulation:
    """All simulated panels of a run, square by year, plus per-unit WMO and the story plan."""

    housing: Housing
    vulnerability: Vulnerability
    liveability: Liveability
    wmo: dict[str, IntArray]
    wmo_need: dict[str, FloatArray]
    plan: StoryPlan


def simulate(
    setting: Setting, counts: list[StoryCounts], targets: PopulationTargets | None = None
) -> Simulation:
    """Run every value model over the setting, in the order their inputs require."""
    hotspots = choose_hotspots(setting, counts)
    hotspot = np.zeros(setting.grid.size, dtype=bool)
    for spot in hotspots:
        hotspot[spot.squares] = True
    housing = simulate_housing(setting, hotspot, targets)
    base_share = base_vulnerable_share(setting, housing, hotspot)
    weights = housing.inhabitants[:, 0].astype(np.float64)
    unit_share = setting.unit_mean(base_share, weights)
    unit_corporation = setting.unit_mean(
        housing.corporation_share, housing.dwellings[:, 0].astype(np.float64)
    )
    people = setting.unit_sum(housing.inhabitants[:, 0])
    plan = plan_stories(setting, unit_share, unit_corporation, counts, hotspots, people)
    vulnerability = simulate_vulnerability(setting, housing, plan, base_share)
    liveability = simulate_liveability(setting, housing, vulnerability, plan)
    wmo = simulate_wmo(setting, vulnerability, housing.inhabitants, plan)
    need = expected_need(setting, vulnerability, housing.inhabitants)
    return Simulation(housing, vulnerability, liveability, wmo, need, plan)
