# SPDX-License-Identifier: EUPL-1.2
"""Complete an indeling from its buurten: wijken and gemeenten that a file implies but does not contain."""

import geopandas as gpd
import pandas as pd

from veerkracht.areas.importers.columns import CODE_COLUMNS, NAME_COLUMNS, clean_text, first_present
from veerkracht.geo import levels
from veerkracht.geo.crs import RD_NEW


def derive_parents(rows: gpd.GeoDataFrame, names: dict[str, str | None]) -> gpd.GeoDataFrame:
    """Add wijken and gemeenten that the file implies but does not contain, by dissolving children."""
    for level, child_level in (("wijk", "buurt"), ("gemeente", "wijk")):
        children = rows[(rows["level"] == child_level) & ~rows["parent_code"].isin(set(rows["code"]))]
        if children.empty:
            continue
        dissolved = children[["parent_code", "geometry"]].dissolve(by="parent_code").reset_index()
        parents = gpd.GeoDataFrame(
            {
                "row": None,
                "code": dissolved["parent_code"],
                "name": dissolved["parent_code"].map(names),
                "level": level,
                "parent_code": dissolved["parent_code"].map(levels.parent_of),
                "derived": True,
            },
            geometry=dissolved.geometry.to_numpy(),
            crs=RD_NEW,
        )
        rows = gpd.GeoDataFrame(
            pd.concat([rows, parents], ignore_index=True), geometry="geometry", crs=RD_NEW
        )
    return rows


def parent_names(frames: list[gpd.GeoDataFrame]) -> dict[str, str | None]:
    """Collect wijk and gemeente names that buurt rows carry (WK_NAAM, GM_NAAM, ...)."""
    names: dict[str, str | None] = {}
    for frame in frames:
        for level in ("wijk", "gemeente"):
            code_column = first_present(frame, CODE_COLUMNS[level])
            name_column = first_present(frame, NAME_COLUMNS[level])
            if code_column is None or name_column is None:
                continue
            for code, name in zip(
                frame[code_column].map(clean_text), frame[name_column].map(clean_text), strict=True
            ):
                if code and name:
                    names.setdefault(code, name)
    return names
