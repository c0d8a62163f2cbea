# SPDX-License-Identifier: EUPL-1.2
"""Open a geographic file in any of the forms CBS publishes and return its layers in RD New."""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pyogrio
from pyogrio.errors import DataLayerError, DataSourceError

from veerkracht.geo.crs import RD_NEW, WGS84
from veerkracht.importing import ImportProblem

# Plausible bounds of the Netherlands, to tell coordinates without a declared CRS apart.
_RD_BOUNDS = (-10_000.0, 290_000.0, 310_000.0, 640_000.0)
_LONLAT_BOUNDS = (2.5, 50.5, 7.5, 54.0)

FORMATS = {
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".topojson": "TopoJSON",
    ".gpkg": "GPKG",
    ".shp": "ESRI Shapefile",
    ".zip": "ESRI Shapefile",
}


@dataclass(frozen=True)
class GeoLayer:
    """One layer of a file, reprojected to RD New."""

    name: str
    frame: gpd.GeoDataFrame


def sha256_of(path: Path) -> str:
    """Return the SHA-256 of a file, read in blocks so large files do not fill memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def detect_format(path: Path) -> str:
    """Name the file's format from its extension, looking inside JSON for a TopoJSON topology."""
    if not path.exists():
        raise ImportProblem(path, "bestand bestaat niet")
    if path.is_dir():
        raise ImportProblem(
            path, "dit is een map; geef een bestand (GeoJSON, GeoPackage, shapefile of TopoJSON)"
        )
    suffix = path.suffix.lower()
    kind = FORMATS.get(suffix)
    if kind is None:
        raise ImportProblem(
            path,
            f"onbekend bestandstype '{suffix or '(geen extensie)'}'; verwacht .geojson, .json, .topojson, "
            ".gpkg, .shp of .zip (shapefile)",
        )
    if kind == "GeoJSON":
        with path.open("rb") as handle:
            head = handle.read(4096)
        if b'"Topology"' in head:
            return "TopoJSON"
    return kind


def _open_path(path: Path, kind: str) -> str:
    if kind == "TopoJSON":
        # GDAL only recognises TopoJSON by content for some extensions; name the driver explicitly.
        return f"TopoJSON:{path}"
    if kind == "ESRI Shapefile" and path.suffix.lower() == ".zip":
        return f"/vsizip/{path}"
    return str(path)


def _check_topojson(path: Path) -> None:
    """Fail clearly on a topology without objects, which GDAL reads as an empty layer."""
    try:
        with path.open(encoding="utf-8") as handle:
            topology = json.load(handle)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportProblem(path, f"geen geldige JSON: {error}") from error
    if not isinstance(topology.get("objects"), dict) or not topology["objects"]:
        raise ImportProblem(path, "TopoJSON zonder 'objects': er staan geen gebieden in")


def _to_rd(path: Path, layer: str, frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if frame.crs is None:
        minx, miny, maxx, maxy = frame.total_bounds
        if _within(minx, miny, maxx, maxy, _LONLAT_BOUNDS):
            frame = frame.set_crs(WGS84)
        elif _within(minx, miny, maxx, maxy, _RD_BOUNDS):
            frame = frame.set_crs(RD_NEW)
        else:
            raise ImportProblem(
                path,
                f"laag '{layer}' heeft geen coördinatenstelsel en de coördinaten ({minx:.1f}, {miny:.1f}) - "
                f"({maxx:.1f}, {maxy:.1f}) liggen niet in Nederland in RD New of WGS84",
            )
    try:
        frame = frame.to_crs(RD_NEW)
    except Exception as error:  # pyproj raises several types for unusable definitions
        raise ImportProblem(path, f"laag '{layer}': kan niet omrekenen naar RD New: {error}") from error
    minx, miny, maxx, maxy = frame.total_bounds
    if not _within(minx, miny, maxx, maxy, _RD_BOUNDS):
        raise ImportProblem(
            path, f"laag '{layer}' ligt na omrekening niet in Nederland; klopt het coördinatenstelsel?"
        )
    return frame


def _within(minx: float, miny: float, maxx: float, maxy: float, bounds: tuple[float, ...]) -> bool:
    return minx >= bounds[0] and miny >= bounds[1] and maxx <= bounds[2] and maxy <= bounds[3]


def read_layers(path: Path, kind: str, layers: list[str] | None = None) -> list[GeoLayer]:
    """Read the requested layers (all when None) and return them in RD New."""
    if kind == "TopoJSON":
        _check_topojson(path)
    source = _open_path(path, kind)
    try:
        available = [str(name) for name, _geometry in pyogrio.list_layers(source)]
    except (DataSourceError, DataLayerError, OSError) as error:
        raise ImportProblem(path, f"kan het bestand niet lezen als {kind}: {error}") from error
    wanted = layers or available
    missing = [name for name in wanted if name not in available]
    if missing:
        raise ImportProblem(path, f"laag {missing[0]!r} ontbreekt; het bestand heeft {available}")
    result = []
    for name in wanted:
        try:
            frame = gpd.read_file(source, layer=name, engine="pyogrio")
        except (DataSourceError, DataLayerError, OSError, ValueError) as error:
            raise ImportProblem(path, f"laag '{name}' is niet leesbaar: {error}") from error
        if frame.empty:
            continue
        if frame.geometry.isna().all():
            raise ImportProblem(path, f"laag '{name}' heeft geen geometrie")
        result.append(GeoLayer(name=name, frame=_to_rd(path, name, frame)))
    if not result:
        raise ImportProblem(path, "het bestand bevat geen gebieden")
    return result
