# SPDX-License-Identifier: EUPL-1.2
"""The areas of one synthetic city: footprint, buurten, wijken, rayons, codes and names."""

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .boundaries import split_in_two
from .codes import buurt_code, gemeente_code, rayon_code, wijk_code
from .footprint import city_footprint, footprint_radius
from .grouping import grow_regions, neighbours_of, order_by_angle
from .names import WIJK_NAMES, NamePicker, compass_name
from .tessellation import adjacency_pairs, tessellate

RD = "EPSG:28992"
ROLE_REGULAR = "regular"
ROLE_INDUSTRIAL = "industrial"
ROLE_SPLIT_PARENT = "split_parent"
ROLE_SPLIT_PART = "split_part"


@dataclass
class CityLayout:
    """One gemeente: its buurten (finest units), wijken, rayons and where corporation stock clusters."""

    number: int
    code: str
    name: str
    centre: tuple[float, float]
    radius: float
    units: gpd.GeoDataFrame
    parents: gpd.GeoDataFrame
    wijken: gpd.GeoDataFrame
    rayons: pd.DataFrame
    concentrations: list[tuple[float, float, float, float]] = field(default_factory=list)


def _concentrations(
    rng: np.random.Generator, centre: tuple[float, float], radius: float, bearing: float | None
) -> list[tuple[float, float, float, float]]:
    """Return (x, y, sigma, strength) of the corporation concentration areas."""
    main = np.radians(bearing if bearing is not None else rng.uniform(0, 360))
    other = main + np.radians(rng.uniform(110, 250))
    spots = [(main, 0.55, 0.32, 1.0), (other, 0.5, 0.2, 0.65)]
    return [
        (centre[0] + d * radius * np.sin(b), centre[1] + d * radius * np.cos(b), s * radius, w)
        for b, d, s, w in spots
    ]


def build_city_layout(
    rng: np.random.Generator,
    number: int,
    name: str,
    centre: tuple[float, float],
    n_buurten: int,
    n_wijken: int,
    n_rayons: int,
    names: NamePicker,
    mean_buurt_area_ha: float = 45.0,
    split_buurt: bool = False,
    tiny_buurt: bool = False,
    concentration_bearing: float | None = None,
) -> CityLayout:
    """Lay out one city: tessellate its footprint into buurten and group them into wijken and rayons."""
    area = n_buurten * mean_buurt_area_ha * 10_000.0
    outline = city_footprint(rng, centre, area)
    cells = tessellate(rng, outline, n_buurten)
    points = np.array([(c.centroid.x, c.centroid.y) for c in cells])
    neighbours = neighbours_of(len(cells), adjacency_pairs(cells))
    central = int(np.argmin(np.linalg.norm(points - np.asarray(centre), axis=1)))
    wijk_label = grow_regions(points, neighbours, n_wijken, first=central)
    wijk_points = np.array([points[wijk_label == w].mean(axis=0) for w in range(n_wijken)])
    wijk_order = order_by_angle(wijk_points, centre)
    wijk_number = np.empty(n_wijken, dtype=np.int64)
    wijk_number[wijk_order] = np.arange(n_wijken)
    gm = gemeente_code(number)
    rows = []
    for w in range(n_wijken):
        members = np.flatnonzero(wijk_label == w)
        # Number buurten within a wijk from north-west to south-east, as a reader scans a map.
        members = members[np.lexsort((points[members, 0], -points[members, 1]))]
        for b, unit in enumerate(members):
            rows.append(
                {
                    "cell": int(unit),
                    "wijk": int(wijk_number[w]),
                    "buurt": b,
                    "buurtcode": buurt_code(number, int(wijk_number[w]), b),
                    "buurtnaam": names.take(),
                    "role": ROLE_REGULAR,
                    "geometry": cells[unit],
                }
            )
    units = pd.DataFrame(rows)
    distance = np.linalg.norm(points[units["cell"]] - np.asarray(centre), axis=1)
    areas = np.array([g.area for g in units["geometry"]])
    if tiny_buurt:
        units.loc[int(np.argmax(distance)), "role"] = ROLE_INDUSTRIAL
    parents = units.iloc[0:0].copy()
    if split_buurt:
        candidates = units.index[(units["role"] == ROLE_REGULAR) & (distance > 0.25 * footprint_radius(area))]
        biggest = candidates[np.argsort(-areas[candidates], kind="stable")[:4]]
        parent = int(rng.choice(biggest))
        parents = units.loc[[parent]].copy()
        parents["role"] = ROLE_SPLIT_PARENT
        halves = split_in_two(units.at[parent, "geometry"])
        wijk = int(units.at[parent, "wijk"])
        next_number = int(units.loc[units["wijk"] == wijk, "buurt"].max()) + 1
        new_rows = []
        for offset, (geometry, direction) in enumerate(zip(halves[:2], halves[2], strict=True)):
            new_rows.append(
                {
                    "cell": int(units.at[parent, "cell"]),
                    "wijk": wijk,
                    "buurt": next_number + offset,
                    "buurtcode": buurt_code(number, wijk, next_number + offset),
                    "buurtnaam": f"{units.at[parent, 'buurtnaam']}-{direction}",
                    "role": ROLE_SPLIT_PART,
                    "geometry": geometry,
                }
            )
        units = pd.concat([units.drop(index=parent), pd.DataFrame(new_rows)], ignore_index=True)
        units["parent_code"] = units["buurtcode"]
        units.loc[units["role"] == ROLE_SPLIT_PART, "parent_code"] = parents["buurtcode"].iloc[0]
    else:
        units["parent_code"] = units["buurtcode"]
    parents["parent_code"] = parents["buurtcode"]
    units["wijkcode"] = [wijk_code(number, int(w)) for w in units["wijk"]]
    parents["wijkcode"] = [wijk_code(number, int(w)) for w in parents["wijk"]]
    units = units.sort_values("buurtcode", ignore_index=True)
    for frame in (units, parents):
        frame["gemeentecode"] = gm
        frame["gemeentenaam"] = name
    wijken = _wijken(units, number, name, centre, n_wijken)
    rayon_of, rayons = _rayons(wijken, neighbours, wijk_label, wijk_number, number, centre, n_rayons)
    wijken["rayon_code"] = wijken["wijkcode"].map(rayon_of)
    columns = ["buurtcode", "buurtnaam", "wijkcode", "gemeentecode", "gemeentenaam", "role", "parent_code"]
    return CityLayout(
        number=number,
        code=gm,
        name=name,
        centre=centre,
        radius=footprint_radius(area),
        units=gpd.GeoDataFrame(units[[*columns, "geometry"]], geometry="geometry", crs=RD),
        parents=gpd.GeoDataFrame(parents[[*columns, "geometry"]], geometry="geometry", crs=RD),
        wijken=wijken,
        rayons=rayons,
        concentrations=_concentrations(rng, centre, footprint_radius(area), concentration_bearing),
    )


def _wijken(
    units: pd.DataFrame, number: int, name: str, centre: tuple[float, float], n: int
) -> gpd.GeoDataFrame:
    rows = []
    used: set[str] = set()
    for w in range(n):
        code = wijk_code(number, w)
        geometry = shapely.union_all(units.loc[units["wijkcode"] == code, "geometry"].to_numpy())
        offset = (geometry.centroid.x - centre[0], geometry.centroid.y - centre[1])
        label = "Centrum" if w == 0 else "Buitenwijk " + compass_name(*offset).replace("-", "").capitalize()
        if label in used:
            label = WIJK_NAMES[(w + len(used)) % len(WIJK_NAMES)]
        used.add(label)
        rows.append(
            {
                "wijkcode": code,
                "wijknaam": f"Wijk {w:02d} {label}",
                "gemeentecode": gemeente_code(number),
                "gemeentenaam": name,
                "geometry": geometry,
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=RD)


def _rayons(
    wijken: gpd.GeoDataFrame,
    neighbours: list[list[int]],
    wijk_label: np.ndarray,
    wijk_number: np.ndarray,
    number: int,
    centre: tuple[float, float],
    n_rayons: int,
) -> tuple[dict[str, str], pd.DataFrame]:
    n_wijken = len(wijken)
    pairs = {
        (int(wijk_number[wijk_label[i]]), int(wijk_number[wijk_label[j]]))
        for i, row in enumerate(neighbours)
        for j in row
        if wijk_label[i] != wijk_label[j]
    }
    wijk_neighbours = neighbours_of(n_wijken, sorted(pairs))
    points = np.array([(g.centroid.x, g.centroid.y) for g in wijken.geometry])
    far = int(np.argmax(np.linalg.norm(points - np.asarray(centre), axis=1)))
    label = grow_regions(points, wijk_neighbours, n_rayons, first=far)
    rayon_points = np.array([points[label == r].mean(axis=0) for r in range(n_rayons)])
    order = order_by_angle(rayon_points, centre, central_first=False)
    rows, rayon_of, used = [], {}, set()
    for position, r in enumerate(order, start=1):
        direction = compass_name(rayon_points[r, 0] - centre[0], rayon_points[r, 1] - centre[1])
        label_text = f"Rayon {direction}" if direction not in used else f"Rayon {direction} {position}"
        used.add(direction)
        code = rayon_code(number, position)
        rows.append({"rayon_code": code, "rayon_naam": label_text, "gemeentecode": gemeente_code(number)})
        for w in np.flatnonzero(label == r):
            rayon_of[str(wijken.at[int(w), "wijkcode"])] = code
    return rayon_of, pd.DataFrame(rows)
