# SPDX-License-Identifier: EUPL-1.2
"""Area files: buurten, wijken and gemeenten per boundary version in CBS Wijk- en Buurtkaart style.

Attributes carry CBS's uppercase names; percentages and averages of buurten with fewer than
``SECRET_BELOW`` inhabitants hold CBS's secrecy code -99999999, as in the real downloads.
"""

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from .geofiles import write_geojson

SECRECY = -99999999
SECRET_BELOW = 10


def _figures(values: pd.DataFrame, key: str, year: int) -> pd.DataFrame:
    mine = values.loc[values["jaar"] == year].set_index(key)
    tiny = mine["inhabitants"] < SECRET_BELOW
    figures = pd.DataFrame(
        {
            "AANT_INW": mine["inhabitants"],
            "AANTAL_HH": mine["households"],
            "GEM_HH_GR": (mine["inhabitants"] / mine["households"].where(mine["households"] > 0)).round(1),
            "WONINGEN": mine["dwellings"],
            "P_KOOPWON": (100 * mine["owner_occupied_share"]).round(0),
            "P_HUURWON": (100 * (1 - mine["owner_occupied_share"])).round(0),
        },
        index=mine.index,
    )
    for column in ("GEM_HH_GR", "P_KOOPWON", "P_HUURWON"):
        figures.loc[tiny | figures[column].isna(), column] = SECRECY
    figures["P_KOOPWON"] = figures["P_KOOPWON"].astype(np.int64)
    figures["P_HUURWON"] = figures["P_HUURWON"].astype(np.int64)
    return figures


def _with_area(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    hectares = np.rint(frame.geometry.area.to_numpy() / 10_000).astype(np.int64)
    frame["OPP_TOT"] = hectares
    frame["OPP_LAND"] = hectares
    frame["OPP_WATER"] = 0
    return frame


def buurten_layer(buurten: gpd.GeoDataFrame, values: pd.DataFrame, year: int) -> gpd.GeoDataFrame:
    """Return the buurten valid in ``year`` with CBS attribute names and that year's figures."""
    valid = buurten.loc[(buurten["valid_from"] <= year) & (buurten["valid_to"] >= year)]
    frame = gpd.GeoDataFrame(
        {
            "BU_CODE": valid["buurtcode"].to_numpy(),
            "BU_NAAM": valid["buurtnaam"].to_numpy(),
            "WK_CODE": valid["wijkcode"].to_numpy(),
            "GM_CODE": valid["gemeentecode"].to_numpy(),
            "GM_NAAM": valid["gemeentenaam"].to_numpy(),
            "IND_WBI": 1,
            "WATER": "NEE",
        },
        geometry=valid.geometry.to_numpy(),
        crs=buurten.crs,
    )
    figures = _figures(values, "buurtcode", year).reindex(frame["BU_CODE"])
    for column in figures.columns:
        frame[column] = figures[column].to_numpy()
    frame["BEV_DICHTH"] = np.where(
        frame["AANT_INW"] >= SECRET_BELOW,
        np.rint(frame["AANT_INW"] / np.maximum(frame.geometry.area / 1e6, 1e-9)),
        SECRECY,
    ).astype(np.int64)
    return _with_area(frame)


def write_gebieden(
    city_buurten: gpd.GeoDataFrame,
    wijken: gpd.GeoDataFrame,
    gemeenten: gpd.GeoDataFrame,
    rayons: pd.DataFrame,
    buurt_values: pd.DataFrame,
    wijk_values: pd.DataFrame,
    gemeente_values: pd.DataFrame,
    boundary_years: list[int],
    out_dir: Path,
) -> list[Path]:
    """Write buurten/wijken/gemeenten GeoJSON per boundary version and rayons.csv; return the paths."""
    folder = out_dir / "gebieden"
    written = []
    for year in boundary_years:
        path = folder / f"buurten_{year}.geojson"
        write_geojson(buurten_layer(city_buurten, buurt_values, year), path, f"buurten_{year}")
        written.append(path)
        wijk_figures = wijk_values.loc[wijk_values["jaar"] == year].set_index("wijkcode")
        wijk_frame = gpd.GeoDataFrame(
            {
                "WK_CODE": wijken["wijkcode"].to_numpy(),
                "WK_NAAM": wijken["wijknaam"].to_numpy(),
                "GM_CODE": wijken["gemeentecode"].to_numpy(),
                "GM_NAAM": wijken["gemeentenaam"].to_numpy(),
                "IND_WBI": 1,
                "WATER": "NEE",
                "AANT_INW": wijk_figures["inhabitants"].reindex(wijken["wijkcode"]).to_numpy(),
                "AANTAL_HH": wijk_figures["households"].reindex(wijken["wijkcode"]).to_numpy(),
            },
            geometry=wijken.geometry.to_numpy(),
            crs=wijken.crs,
        )
        path = folder / f"wijken_{year}.geojson"
        write_geojson(_with_area(wijk_frame), path, f"wijken_{year}")
        written.append(path)
        gm_figures = gemeente_values.loc[gemeente_values["jaar"] == year].set_index("gemeentecode")
        gm_frame = gpd.GeoDataFrame(
            {
                "GM_CODE": gemeenten["gemeentecode"].to_numpy(),
                "GM_NAAM": gemeenten["gemeentenaam"].to_numpy(),
                "WATER": "NEE",
                "AANT_INW": gm_figures["inhabitants"].reindex(gemeenten["gemeentecode"]).to_numpy(),
                "AANTAL_HH": gm_figures["households"].reindex(gemeenten["gemeentecode"]).to_numpy(),
            },
            geometry=gemeenten.geometry.to_numpy(),
            crs=gemeenten.crs,
        )
        path = folder / f"gemeenten_{year}.geojson"
        write_geojson(_with_area(gm_frame), path, f"gemeenten_{year}")
        written.append(path)
    path = folder / "rayons.csv"
    rayons[["rayon_code", "rayon_naam", "buurtcode"]].to_csv(path, index=False, lineterminator="\n")
    written.append(path)
    return written
