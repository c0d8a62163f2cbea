# SPDX-License-Identifier: EUPL-1.2
"""Repair invalid area geometry the way an analyst would: keep the areas, drop collapsed slivers."""

import geopandas as gpd
import numpy as np
import shapely


def polygonal(geometry: shapely.Geometry) -> shapely.Geometry:
    """Keep the polygons of a repaired geometry; make_valid can leave slivers as lines or points."""
    parts = shapely.get_parts(geometry)
    polygons = parts[np.isin(shapely.get_type_id(parts), [3, 6])]
    return shapely.union_all(polygons)


def repair_polygons(geometries: gpd.GeoSeries) -> tuple[gpd.GeoSeries, int]:
    invalid = ~geometries.is_valid
    if invalid.any():
        geometries = geometries.copy()
        # "structure" keeps areas as areas (rings become polygons) and drops collapsed slivers.
        repaired = shapely.make_valid(
            geometries[invalid].to_numpy(), method="structure", keep_collapsed=False
        )
        geometries[invalid] = [polygonal(g) for g in repaired]
    return geometries, int(invalid.sum())
