# SPDX-License-Identifier: EUPL-1.2
"""CBS square statistics files: 100 m squares per year and 500 m squares for one year, as GeoPackage.

Columns follow the CBS vierkantstatistieken; counts below 5 hold CBS's secrecy value -99997.
"""

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from veerkracht.geo.squares import format_square_ids, square_origins

from .geofiles import write_geopackage

SECRECY = -99997
SECRET_BELOW = 5
CBS_COLUMNS = {
    "inhabitants": "aantal_inwoners",
    "dwellings": "aantal_woningen",
    "households": "aantal_part_huishoudens",
    "corporation_dwellings": "aantal_huurwoningen_in_bezit_woningcorporaties",
    "benefits_below_aow_age": "aantal_personen_met_uitkering_onder_aowlft",
}


def square_layer(values: pd.DataFrame, year: int, size: int = 100) -> gpd.GeoDataFrame:
    """Return the squares of one year (with inhabitants or dwellings) in CBS columns and RD polygons."""
    mine = values.loc[(values["jaar"] == year) & ((values["inhabitants"] > 0) | (values["dwellings"] > 0))]
    counts = pd.DataFrame(
        {
            "inhabitants": mine["inhabitants"].to_numpy(np.int64),
            "dwellings": mine["dwellings"].to_numpy(np.int64),
            "households": mine["households"].to_numpy(np.int64),
            "corporation_dwellings": mine["corporation_dwellings"].to_numpy(np.int64),
            "benefits_below_aow_age": (
                mine["bijstand"].to_numpy(np.int64)
                + mine["ao"].to_numpy(np.int64)
                + mine["ww"].to_numpy(np.int64)
            ),
        }
    )
    ids = mine["square_id"].astype(str).to_numpy()
    x, y = square_origins(ids)
    east, north = x // 100, y // 100
    if size != 100:
        factor = size // 100
        east, north = east // factor * factor, north // factor * factor
        key = pd.DataFrame({"east": east, "north": north})
        counts = pd.concat([key, counts], axis=1).groupby(["east", "north"], sort=True).sum().reset_index()
        east, north = counts.pop("east").to_numpy(), counts.pop("north").to_numpy()
    order = np.lexsort((east, north))
    east, north, counts = east[order], north[order], counts.iloc[order].reset_index(drop=True)
    frame = pd.DataFrame({f"crs28992res{size}m": format_square_ids(east, north)})
    for name, cbs in CBS_COLUMNS.items():
        column = counts[name].to_numpy(np.int64)
        frame[cbs] = np.where(column < SECRET_BELOW, SECRECY, column)
    geometry = shapely.box(east * 100.0, north * 100.0, east * 100.0 + size, north * 100.0 + size)
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:28992")


def write_squares(values: pd.DataFrame, years: list[int], year_500m: int, out_dir: Path) -> list[Path]:
    """Write ``vierkanten/cbs_vk100_<year>.gpkg`` for every year and one 500 m file; return the paths."""
    folder = out_dir / "vierkanten"
    written = []
    for year in years:
        path = folder / f"cbs_vk100_{year}.gpkg"
        write_geopackage(square_layer(values, year), path, f"vierkant_100m_{year}")
        written.append(path)
    path = folder / f"cbs_vk500_{year_500m}.gpkg"
    write_geopackage(square_layer(values, year_500m, size=500), path, f"vierkant_500m_{year_500m}")
    written.append(path)
    return written
