# SPDX-License-Identifier: EUPL-1.2
"""A synthetic country for benchmarks: hundreds of cities spread over the RD extent of the Netherlands."""

import numpy as np

from .city import City, assemble
from .layout import CityLayout, build_city_layout
from .names import buurt_names, gemeente_names
from .params import DEFAULT_YEARS, StoryCounts

RD_EXTENT = (13_000.0, 306_000.0, 278_000.0, 620_000.0)
MEAN_BUURTEN_PER_GEMEENTE = 34
MAX_BUURTEN_PER_GEMEENTE = 250
FIRST_GEMEENTE = 5000


def _city_sizes(rng: np.random.Generator, n_buurten: int, n_gemeenten: int) -> list[int]:
    """Return buurten per gemeente: a skewed spread (many towns, few cities) summing to n_buurten."""
    raw = rng.lognormal(0.0, 0.8, n_gemeenten)
    sizes = np.clip(np.floor(raw / raw.sum() * n_buurten), 3, MAX_BUURTEN_PER_GEMEENTE).astype(np.int64)
    while sizes.sum() != n_buurten:
        step = 1 if sizes.sum() < n_buurten else -1
        room = (sizes < MAX_BUURTEN_PER_GEMEENTE) if step > 0 else (sizes > 3)
        candidates = np.flatnonzero(room)
        sizes[
            rng.choice(
                candidates, size=min(candidates.size, abs(n_buurten - int(sizes.sum()))), replace=False
            )
        ] += step
    return sizes.tolist()


def generate_country(
    seed: int = 1,
    n_buurten: int = 12_000,
    years: tuple[int, ...] = DEFAULT_YEARS,
    period: tuple[int, int] = (2014, 2022),
    mean_buurt_area_ha: float = 40.0,
    stories: bool = True,
) -> City:
    """Generate many synthetic gemeenten (GM5000 onwards) tiled over the RD extent, for benchmarks.

    Parameters
    ----------
    seed : int
        Same seed, same country.
    n_buurten : int
        Total number of buurten; about one gemeente per 34 buurten (12,000 gives ~350 gemeenten and
        ~400,000 populated 100 m squares).
    years, period : tuple
        Years with data and the period the stories are designed over.
    mean_buurt_area_ha : float
        Mean buurt area; sets how many squares a buurt has.
    stories : bool
        Whether to plant stories and hidden hotspots in every city of 12 buurten or more.

    Returns
    -------
    City
        One City holding all gemeenten; squares carry no geometry (it follows from the square id).
    """
    rng = np.random.default_rng(np.random.SeedSequence([seed, 7]))
    n_gemeenten = max(1, round(n_buurten / MEAN_BUURTEN_PER_GEMEENTE))
    sizes = _city_sizes(rng, n_buurten, n_gemeenten)
    min_x, min_y, max_x, max_y = RD_EXTENT
    columns = int(np.ceil(np.sqrt(n_gemeenten * (max_x - min_x) / (max_y - min_y))))
    rows = int(np.ceil(n_gemeenten / columns))
    cell_w, cell_h = (max_x - min_x) / columns, (max_y - min_y) / rows
    cells = rng.permutation(columns * rows)[:n_gemeenten]
    # Big cities first in the list keeps their codes low, like the old large gemeenten.
    order = np.argsort(-np.asarray(sizes), kind="stable")
    city_names = gemeente_names(rng)
    names = buurt_names(rng)
    layouts: list[CityLayout] = []
    counts: list[StoryCounts] = []
    for position, index in enumerate(order):
        size = sizes[index]
        cell = int(cells[position])
        radius = 1.3 * np.sqrt(size * mean_buurt_area_ha * 10_000 / np.pi)
        slack_x, slack_y = max(cell_w / 2 - radius, 0.0), max(cell_h / 2 - radius, 0.0)
        centre = (
            min_x + (cell % columns + 0.5) * cell_w + rng.uniform(-slack_x, slack_x),
            min_y + (cell // columns + 0.5) * cell_h + rng.uniform(-slack_y, slack_y),
        )
        n_wijken = int(np.clip(round(size / 6), 1, 99))
        n_rayons = int(np.clip(n_wijken // 2, 1, 4))
        layouts.append(
            build_city_layout(
                rng,
                FIRST_GEMEENTE + position,
                city_names.take(),
                centre,
                size,
                n_wijken,
                n_rayons,
                names,
                mean_buurt_area_ha,
                split_buurt=False,
                tiny_buurt=False,
            )
        )
        counts.append(StoryCounts().scaled(size) if stories else StoryCounts.none())
    parameters = {
        "seed": seed,
        "n_buurten": n_buurten,
        "n_gemeenten": n_gemeenten,
        "years": list(years),
        "period": list(period),
        "mean_buurt_area_ha": mean_buurt_area_ha,
        "stories": stories,
        "extent_rd": list(RD_EXTENT),
    }
    return assemble(layouts, parameters, counts, seed, years, period, None)
