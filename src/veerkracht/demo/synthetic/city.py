# SPDX-License-Identifier: EUPL-1.2
"""The generated city (or country) as frames, and the generator of the default city "Veerstad"."""

from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from .complexes import complex_frames
from .grid import concat_grids, squares_of
from .layout import RD, ROLE_SPLIT_PARENT, ROLE_SPLIT_PART, CityLayout, build_city_layout
from .liveability import national_average
from .names import buurt_names
from .params import CityParams, StoryCounts
from .privacy_cells import plant_privacy_cells
from .setting import Setting, build_setting
from .simulation import Simulation, simulate
from .tables import level_values, square_frames, unit_codes_by_year, unit_frame
from .truth import build_truth


@dataclass
class City:
    """A synthetic city or country: areas, squares and values per year, complexes and the truth.

    All geometries are in RD New (EPSG:28992); every frame has a column ``synthetic`` that is True.
    """

    parameters: dict[str, Any]
    gemeenten: gpd.GeoDataFrame
    wijken: gpd.GeoDataFrame
    buurten: gpd.GeoDataFrame
    rayons: pd.DataFrame
    squares: pd.DataFrame
    square_values: pd.DataFrame
    buurt_values: pd.DataFrame
    wijk_values: pd.DataFrame
    gemeente_values: pd.DataFrame
    complexes: pd.DataFrame
    complex_values: pd.DataFrame
    national_reference: pd.DataFrame
    truth: dict[str, Any] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        """The years with data."""
        return [int(y) for y in self.parameters["years"]]

    @property
    def boundary_years(self) -> list[int]:
        """The first year of each boundary version (one geojson per version)."""
        return sorted({int(y) for y in self.buurten["valid_from"]})

    def buurten_in(self, year: int) -> gpd.GeoDataFrame:
        """Return the buurten valid in ``year``."""
        valid = (self.buurten["valid_from"] <= year) & (self.buurten["valid_to"] >= year)
        return self.buurten.loc[valid].reset_index(drop=True)


def prepare(
    layouts: list[CityLayout], seed: int, years: tuple[int, ...], period: tuple[int, int]
) -> tuple[Setting, pd.DataFrame]:
    """Find the squares of laid-out cities and build the setting the value models share."""
    units = pd.concat([layout.units for layout in layouts], ignore_index=True)
    first_unit = np.cumsum([0] + [len(layout.units) for layout in layouts])
    grids = [
        squares_of(layout.units.geometry.to_numpy(), int(first_unit[c])) for c, layout in enumerate(layouts)
    ]
    unit_city = np.repeat(np.arange(len(layouts)), [len(layout.units) for layout in layouts])
    rng = np.random.default_rng(np.random.SeedSequence([seed, 1]))
    setting = build_setting(
        rng,
        concat_grids(grids),
        years,
        period,
        unit_city,
        units["role"].to_numpy(dtype=str),
        np.array([layout.centre for layout in layouts], dtype=np.float64),
        np.array([layout.radius for layout in layouts], dtype=np.float64),
        [layout.concentrations for layout in layouts],
    )
    return setting, units


def finish(
    layouts: list[CityLayout],
    setting: Setting,
    simulation: Simulation,
    units: pd.DataFrame,
    parameters: dict[str, Any],
    change_year: int | None,
    reference: pd.DataFrame | None = None,
) -> City:
    """Gather the simulated panels and the areas into a :class:`City` with its truth."""
    years = tuple(int(y) for y in setting.years)
    simulation.plan.privacy_cells = plant_privacy_cells(setting, simulation, units)
    codes = unit_codes_by_year(units, setting.years, change_year)
    per_unit = unit_frame(setting, simulation, units, codes)
    parents = pd.concat([layout.parents for layout in layouts], ignore_index=True)
    buurten = _buurt_versions(units, parents, years, change_year)
    wijken = gpd.GeoDataFrame(
        pd.concat([layout.wijken for layout in layouts], ignore_index=True), geometry="geometry", crs=RD
    )
    wijken["synthetic"] = True
    gemeenten = gpd.GeoDataFrame(
        {
            "gemeentecode": [layout.code for layout in layouts],
            "gemeentenaam": [layout.name for layout in layouts],
            "geometry": [wijken.loc[wijken["gemeentecode"] == layout.code].union_all() for layout in layouts],
        },
        geometry="geometry",
        crs=RD,
    )
    gemeenten["synthetic"] = True
    names = buurten.drop_duplicates("buurtcode")[["buurtcode", "buurtnaam"]]
    buurt_values = level_values(per_unit, "buurtcode", names)
    wijk_values = level_values(per_unit, "wijkcode", wijken[["wijkcode", "wijknaam"]])
    gemeente_values = level_values(per_unit, "gemeentecode", gemeenten[["gemeentecode", "gemeentenaam"]])
    squares, square_values = square_frames(setting, simulation, units, codes, release=True)
    complexes, complex_values, hotspot_ids = complex_frames(
        setting, simulation, units["buurtcode"].to_numpy(dtype=str)
    )
    rayons = _rayon_table(layouts, buurten)
    national = national_average(setting.years) if reference is None else reference.copy()
    national.insert(0, "gebied", "Nederland (synthetische referentie)" if reference is None else "Nederland")
    national["synthetic"] = reference is None
    city = City(
        parameters,
        gemeenten,
        wijken,
        buurten,
        rayons,
        squares,
        square_values,
        buurt_values,
        wijk_values,
        gemeente_values,
        complexes,
        complex_values,
        national,
    )
    city.truth = build_truth(city, setting, simulation, units, codes, hotspot_ids, change_year)
    return city


def assemble(
    layouts: list[CityLayout],
    parameters: dict[str, Any],
    counts: list[StoryCounts],
    seed: int,
    years: tuple[int, ...],
    period: tuple[int, int],
    change_year: int | None,
) -> City:
    """Simulate the values of laid-out cities and gather everything into a :class:`City`."""
    setting, units = prepare(layouts, seed, years, period)
    return finish(layouts, setting, simulate(setting, counts), units, parameters, change_year)


def _buurt_versions(
    units: pd.DataFrame, parents: pd.DataFrame, years: tuple[int, ...], change_year: int | None
) -> gpd.GeoDataFrame:
    frame = pd.concat([units, parents], ignore_index=True)
    frame["valid_from"] = years[0]
    frame["valid_to"] = years[-1]
    if change_year is not None:
        frame.loc[frame["role"] == ROLE_SPLIT_PART, "valid_from"] = change_year
        frame.loc[frame["role"] == ROLE_SPLIT_PARENT, "valid_to"] = change_year - 1
    frame["synthetic"] = True
    columns = [
        "buurtcode",
        "buurtnaam",
        "wijkcode",
        "gemeentecode",
        "gemeentenaam",
        "role",
        "valid_from",
        "valid_to",
        "synthetic",
        "geometry",
    ]
    ordered = frame[columns].sort_values(["buurtcode"], ignore_index=True)
    return gpd.GeoDataFrame(ordered, geometry="geometry", crs=RD)


def _rayon_table(layouts: list[CityLayout], buurten: gpd.GeoDataFrame) -> pd.DataFrame:
    rows = []
    for layout in layouts:
        rayon_of = dict(zip(layout.wijken["wijkcode"], layout.wijken["rayon_code"], strict=True))
        names = dict(zip(layout.rayons["rayon_code"], layout.rayons["rayon_naam"], strict=True))
        mine = buurten.loc[buurten["gemeentecode"] == layout.code]
        for code, wijk in zip(mine["buurtcode"], mine["wijkcode"], strict=True):
            rows.append(
                {
                    "rayon_code": rayon_of[wijk],
                    "rayon_naam": names[rayon_of[wijk]],
                    "buurtcode": code,
                    "gemeentecode": layout.code,
                }
            )
    table = pd.DataFrame(rows).sort_values(["rayon_code", "buurtcode"], ignore_index=True)
    table["synthetic"] = True
    return table


def generate_city(seed: int = 1, **overrides: Any) -> City:
    """Generate the default synthetic city "Veerstad" (GM5001), deterministically from ``seed``.

    Parameters
    ----------
    seed : int
        Same seed, same city (and byte-identical files from :func:`write_city`).
    **overrides
        Any field of :class:`CityParams` (e.g. ``n_buurten``, ``years``, ``boundary_change_year``).

    Returns
    -------
    City
        Areas, squares, values per year, complexes and the truth about the designed stories.
    """
    params = CityParams(seed=seed, **overrides)
    rng = np.random.default_rng(np.random.SeedSequence([seed, 0]))
    layout = build_city_layout(
        rng,
        params.gemeente_number,
        params.gemeente_name,
        params.centre,
        params.n_buurten,
        params.n_wijken,
        params.n_rayons,
        buurt_names(rng),
        params.mean_buurt_area_ha,
        split_buurt=params.boundary_change_year is not None,
        tiny_buurt=params.with_tiny_buurt,
        concentration_bearing=315.0,
    )
    counts = [params.stories.scaled(params.n_buurten)]
    return assemble(
        [layout], params.as_dict(), counts, seed, params.years, params.period, params.boundary_change_year
    )
