# SPDX-License-Identifier: EUPL-1.2
"""Deterministic writing of GeoJSON and GeoPackage files through pyogrio."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd
import pyogrio

# GeoPackages store a "last change" timestamp; pinning it makes same-seed files byte-identical.
_PINNED_OPTIONS = {"OGR_CURRENT_DATE": "2000-01-01T00:00:00.000Z"}


@contextmanager
def pinned_gdal_options() -> Iterator[None]:
    """Pin GDAL's clock for the duration of a write and restore the caller's options afterwards."""
    previous = {key: pyogrio.get_gdal_config_option(key) for key in _PINNED_OPTIONS}
    pyogrio.set_gdal_config_options(_PINNED_OPTIONS)
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options(previous)


def write_geojson(frame: gpd.GeoDataFrame, path: Path, layer: str) -> None:
    """Write a frame as GeoJSON in CRS84 (lon/lat), like the CBS Wijk- en Buurtkaart downloads."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    with pinned_gdal_options():
        pyogrio.write_dataframe(
            frame.to_crs(4326), path, layer=layer, driver="GeoJSON", COORDINATE_PRECISION=7, WRITE_BBOX="NO"
        )


def write_geopackage(frame: gpd.GeoDataFrame, path: Path, layer: str) -> None:
    """Write a frame as a one-layer GeoPackage in its own CRS."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    with pinned_gdal_options():
        pyogrio.write_dataframe(frame, path, layer=layer, driver="GPKG", spatial_index=False)
