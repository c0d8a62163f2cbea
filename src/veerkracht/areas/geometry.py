# SPDX-License-Identifier: EUPL-1.2
"""Geometry for maps: simplified per level so neighbours keep their shared borders, served as WGS84."""

import geopandas as gpd
import numpy as np
import shapely

from veerkracht.geo.crs import rd_to_wgs84

# Six decimals of a degree is about 0.1 m: far finer than the simplification, and it keeps the JSON small.
COORDINATE_DECIMALS = 6


def _simplify_level(geometries: np.ndarray, tolerance: float) -> np.ndarray:
    """Simplify one level as a coverage, falling back per area where the coverage is not clean."""
    present = ~shapely.is_empty(geometries)
    result = geometries.copy()
    if not present.any():
        return result
    try:
        simplified = shapely.coverage_simplify(geometries[present], tolerance)
    except shapely.errors.GEOSException:
        simplified = shapely.simplify(geometries[present], tolerance, preserve_topology=True)
    broken = ~shapely.is_valid(simplified) | shapely.is_empty(simplified)
    if broken.any():
        # Overlapping or gapped sources (the coarse national TopoJSON) defeat coverage simplification.
        simplified[broken] = shapely.simplify(geometries[present][broken], tolerance, preserve_topology=True)
    result[present] = simplified
    return result


def _to_wgs84_rounded(geometry: shapely.Geometry) -> shapely.Geometry:
    transformer = rd_to_wgs84()

    def project(coords: np.ndarray) -> np.ndarray:
        lon, lat = transformer.transform(coords[:, 0], coords[:, 1])
        return np.round(np.column_stack([lon, lat]), COORDINATE_DECIMALS)

    return shapely.transform(geometry, project)


def map_geojson_for(
    frame: gpd.GeoDataFrame, tolerance: float = 8.0, level_column: str = "level"
) -> list[str]:
    """Return, per row, the simplified WGS84 GeoJSON geometry to draw on a map ("" when empty)."""
    geometries = frame.geometry.to_numpy()
    simplified = geometries.copy()
    levels = frame[level_column].to_numpy() if level_column in frame else np.zeros(len(frame))
    for level in np.unique(levels):
        mask = levels == level
        simplified[mask] = _simplify_level(geometries[mask], tolerance)
    return ["" if shapely.is_empty(g) else shapely.to_geojson(_to_wgs84_rounded(g)) for g in simplified]


def map_geojson_of(geometry: shapely.Geometry, tolerance: float = 8.0) -> str:
    """Return the simplified WGS84 GeoJSON of one geometry in RD New."""
    if shapely.is_empty(geometry):
        return ""
    simplified = shapely.simplify(geometry, tolerance, preserve_topology=True)
    return str(shapely.to_geojson(_to_wgs84_rounded(simplified)))
