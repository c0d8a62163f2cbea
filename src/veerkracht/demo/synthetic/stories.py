# SPDX-License-Identifier: EUPL-1.2
"""The designed stories: which buurten become resilient, not resilient, declining or stable, and where
the hidden hotspot complexes and the WMO mismatches sit.

A story fixes a buurt's change in vulnerable share (percentage points of inhabitants between the period's
start and end years) and its change in the Leefbaarometer dimension onv relative to the national change,
and for the veerkracht classes also the onv level at the end of the period (the "nuisance" level). The
levels are placed relative to the thresholds of the monitor's preset, read from its file; "threshold"
buurten sit just either side of each threshold (see :mod:`.thresholds`).
"""

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from .layout import ROLE_REGULAR
from .params import StoryCounts
from .setting import Setting
from .thresholds import preset_thresholds, threshold_cases

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

STORY_CLASSES = {
    "resilient": "bright_green",
    "not_resilient": "dark_red",
    "not_resilient_some_nuisance": "red",
    "declining_vulnerable": "olive",
    "stable": "yellow",
    "hotspot_host": "yellow",
}


@dataclass
class Hotspot:
    """A planned hidden hotspot: squares of one 200 m block inside a host buurt."""

    unit: int
    squares: IntArray
    vulnerable_change: float
    onv_relative_change: float


@dataclass
class StoryPlan:
    """Per-unit designed effects (NaN targets mean: no target) and the hidden hotspots."""

    story: list[str]
    vulnerable_change: FloatArray
    onv_relative_change: FloatArray
    onv_end_level: FloatArray
    hotspots: list[Hotspot] = field(default_factory=list)
    wmo_factor: FloatArray = field(default_factory=lambda: np.ones(0))
    wmo_direction: list[str] = field(default_factory=list)
    exact: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool))
    threshold_case: list[str] = field(default_factory=list)
    privacy_cells: list[dict[str, Any]] = field(default_factory=list)


def _city_units(setting: Setting, city: int) -> IntArray:
    return np.flatnonzero((setting.unit_city == city) & (setting.unit_role == ROLE_REGULAR))


def choose_hotspots(setting: Setting, counts: list[StoryCounts]) -> list[Hotspot]:
    """Pick hidden hotspot blocks inside large buurten with little corporation pull."""
    rng, grid = setting.rng, setting.grid
    squares_per_unit = np.bincount(grid.unit, minlength=setting.n_units)
    pull = setting.unit_mean(setting.concentration, np.ones(grid.size))
    hotspots: list[Hotspot] = []
    for city, count in enumerate(counts):
        units = _city_units(setting, city)
        units = units[(squares_per_unit[units] >= 25) & (pull[units] < 0.35)]
        # The largest buurten hide a complex best: it moves their average least.
        units = units[np.argsort(-squares_per_unit[units], kind="stable")][: 3 * count.hidden_hotspots]
        chosen = rng.permutation(units)[: count.hidden_hotspots]
        for host in sorted(chosen.tolist()):
            mine = setting.unit_squares(host)
            block = (grid.east_hm[mine] // 2) * 100_000 + grid.north_hm[mine] // 2
            keys, sizes = np.unique(block, return_counts=True)
            fitting = (sizes >= 2) & (sizes <= 3)
            best = keys[fitting] if fitting.any() else keys[sizes == sizes.max()]
            key = rng.choice(best)
            hotspots.append(
                Hotspot(
                    unit=host,
                    squares=mine[block == key],
                    vulnerable_change=float(rng.uniform(0.20, 0.26)),
                    onv_relative_change=float(rng.uniform(-0.18, -0.13)),
                )
            )
    return hotspots


def plan_stories(
    setting: Setting,
    base_share: FloatArray,
    base_corporation: FloatArray,
    counts: list[StoryCounts],
    hotspots: list[Hotspot],
    base_people: FloatArray | None = None,
) -> StoryPlan:
    """Assign the stories per city from each buurt's base vulnerable share (before any story)."""
    rng, n = setting.rng, setting.n_units
    th = preset_thresholds()
    much, some = th.nuisance_much, th.nuisance_some
    story = ["unremarkable"] * n
    for role_unit in np.flatnonzero(setting.unit_role != ROLE_REGULAR):
        story[role_unit] = str(setting.unit_role[role_unit])
    vulnerable = 0.012 * base_corporation - 0.004 + rng.normal(0, 0.004, n)
    vulnerable = np.clip(vulnerable, -0.015, 0.015)
    onv_relative = np.clip(rng.normal(0.004, 0.008, n), -0.015, 0.02)
    onv_end = np.full(n, np.nan)
    wmo_factor = np.clip(rng.lognormal(0.0, 0.08, n), 0.8, 1.25)
    wmo_direction = [""] * n
    for hotspot in hotspots:
        story[hotspot.unit] = "hotspot_host"
        vulnerable[hotspot.unit] = 0.0
        onv_relative[hotspot.unit] = 0.0
    for city, count in enumerate(counts):
        units = _city_units(setting, city)
        units = units[[story[u] == "unremarkable" for u in units]]
        ranked = units[np.argsort(-base_share[units], kind="stable")]
        top = ranked[: max(1, len(ranked) // 4)]
        dark = rng.permutation(top)[: count.not_resilient]
        rest = [u for u in ranked if u not in set(dark.tolist())]
        upper = np.asarray(rest[: max(1, len(ranked) // 2)], dtype=np.int64)
        resilient = rng.permutation(upper)[: count.resilient]
        taken = set(dark.tolist()) | set(resilient.tolist())
        middle = np.asarray([u for u in ranked[len(ranked) // 4 : 3 * len(ranked) // 4] if u not in taken])
        red = rng.permutation(middle)[: count.not_resilient_some_nuisance] if middle.size else middle
        taken |= set(red.tolist())
        # A decline of 3-5 points needs a share to decline from.
        pool = np.asarray([u for u in ranked if u not in taken and base_share[u] >= 0.08], dtype=np.int64)
        declining = rng.permutation(pool)[: count.declining_vulnerable]
        taken |= set(declining.tolist())
        stable = rng.permutation(np.asarray([u for u in ranked if u not in taken], dtype=np.int64))
        stable = stable[: count.stable]
        for u in dark:
            story[u] = "not_resilient"
            vulnerable[u] = rng.uniform(0.04, 0.07)
            onv_relative[u] = rng.uniform(-0.06, -0.035)
            onv_end[u] = rng.uniform(much - 0.20, much - 0.06)
        for u in red:
            story[u] = "not_resilient_some_nuisance"
            vulnerable[u] = rng.uniform(0.035, 0.06)
            onv_relative[u] = rng.uniform(-0.05, -0.03)
            onv_end[u] = rng.uniform(much + 0.02, some - 0.02)
        for u in resilient:
            story[u] = "resilient"
            vulnerable[u] = rng.uniform(0.04, 0.07)
            onv_relative[u] = rng.uniform(0.035, 0.05)
            onv_end[u] = rng.uniform(much + 0.02, some - 0.02)
        for u in declining:
            story[u] = "declining_vulnerable"
            vulnerable[u] = -min(rng.uniform(0.03, 0.05), 0.45 * base_share[u])
            onv_relative[u] = rng.normal(0.0, 0.006)
        for u in stable:
            story[u] = "stable"
            vulnerable[u] = rng.uniform(-0.003, 0.003)
            onv_relative[u] = rng.normal(0.0, 0.006)
        # The need-versus-support fit weighs buurten by inhabitants: a mismatch in a small buurt would
        # be a whisper in it, so the planted ones are buurten of at least the city's median size.
        people = np.ones(n) if base_people is None else base_people
        big_enough = people >= np.median(people[units]) if units.size else np.ones(n, dtype=bool)
        eligible = np.asarray(
            [
                u
                for u in units
                if story[u] in ("unremarkable", "declining_vulnerable", "stable") and big_enough[u]
            ]
        )
        if eligible.size:
            by_need = eligible[np.argsort(base_share[eligible], kind="stable")]
            third = max(1, by_need.size // 3)
            for u in rng.permutation(by_need[:third])[: count.wmo_over]:
                wmo_factor[u], wmo_direction[u] = rng.uniform(2.6, 3.2), "over"
            for u in rng.permutation(by_need[-third:])[: count.wmo_under]:
                if not wmo_direction[u]:
                    wmo_factor[u], wmo_direction[u] = rng.uniform(0.05, 0.15), "under"
    exact = np.zeros(n, dtype=bool)
    case_of = [""] * n
    for city, count in enumerate(counts):
        # Spread over the city without drawing random numbers, so the rest of the city stays as it was.
        free = [u for u in _city_units(setting, city) if story[u] == "unremarkable" and not wmo_direction[u]]
        cases = threshold_cases(th)[: min(count.threshold_buurten, len(free))]
        if not cases:
            continue
        picks = np.unique(np.linspace(0, len(free) - 1, len(cases)).round().astype(np.int64))
        for case, pick in zip(cases, picks, strict=False):
            u = free[int(pick)]
            story[u], case_of[u], exact[u] = "threshold", case.name, True
            vulnerable[u] = case.vulnerable_change_pp / 100.0
            onv_relative[u] = case.onv_relative_change
            onv_end[u] = case.onv_end
    return StoryPlan(
        story, vulnerable, onv_relative, onv_end, hotspots, wmo_factor, wmo_direction, exact, case_of
    )
