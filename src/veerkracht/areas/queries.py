# SPDX-License-Identifier: EUPL-1.2
"""Reads of areas that are more than a lookup: versions valid in a year, map layers and point lookup."""

import json
import threading
from collections.abc import Sequence

import numpy as np
import pandas as pd
import shapely
from django.db import connection
from django.db.models import Max, Min, Q, QuerySet

from veerkracht.areas.lookup import AreaIndex
from veerkracht.areas.models import Area, AreaSetMembership
from veerkracht.geo import levels
from veerkracht.geo.crs import rd_to_wgs84, wgs84_to_rd

_cache_lock = threading.Lock()
_index_cache: dict[tuple[object, ...], AreaIndex] = {}
_layer_cache: dict[tuple[object, ...], str] = {}


def valid_in(year: int) -> QuerySet[Area]:
    """Area versions valid in the given year."""
    return Area.objects.filter(valid_from__lte=year).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=year))


def current() -> QuerySet[Area]:
    """The latest version of every area."""
    return Area.objects.filter(valid_to__isnull=True)


def data_version() -> tuple[object, ...]:
    """A value that changes whenever areas change: caches of maps and indexes key on it."""
    # One statement (it is asked on every point lookup, so on every melding taken in).
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), MAX({quote('changed_at')}), "
            f"(SELECT COUNT(*) FROM {quote(AreaSetMembership._meta.db_table)}) "
            f"FROM {quote(Area._meta.db_table)}"
        )
        return tuple(cursor.fetchone())


def versions_of_level(level: str, year: int | None = None, gemeente: str | None = None) -> QuerySet[Area]:
    """Area versions of one level, in a year (current when None), optionally within one gemeente."""
    areas = valid_in(year) if year is not None else current()
    areas = areas.filter(level=level)
    if gemeente:
        areas = areas.filter(gemeente_code=gemeente)
    return areas


def available_years() -> list[int]:
    """Years for which areas were imported, newest first."""
    return sorted(set(Area.objects.values_list("valid_from", flat=True)), reverse=True)


def feature_collection(level: str, year: int | None = None, gemeente: str | None = None) -> str:
    """Return the areas of one level as a GeoJSON FeatureCollection in WGS84 (cached per data version)."""
    key = ("layer", level, year, gemeente, data_version())
    with _cache_lock:
        cached = _layer_cache.get(key)
    if cached is not None:
        return cached
    rows = (
        versions_of_level(level, year, gemeente)
        .exclude(map_geojson="")
        .select_related("parent")
        .order_by("code")
        .values_list(
            "code", "name", "level", "parent__code", "parent__name", "synthetic", "valid_from", "map_geojson"
        )
    )
    features = []
    for code, name, area_level, parent_code, parent_name, synthetic, valid_from, shape in rows:
        properties = json.dumps(
            {
                "code": code,
                "name": name,
                "level": area_level,
                "parent_code": parent_code,
                "parent_name": parent_name,
                "synthetic": synthetic,
                "valid_from": valid_from,
            },
            ensure_ascii=False,
        )
        features.append(f'{{"type":"Feature","id":"{code}","properties":{properties},"geometry":{shape}}}')
    text = '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"
    with _cache_lock:
        _layer_cache.clear()  # one version at a time is enough; old versions are dead weight
        _layer_cache[key] = text
    return text


def area_index(level: str = "buurt", year: int | None = None) -> AreaIndex:
    """Return the in-memory spatial index of one level (built once per data version)."""
    key = ("index", level, year, data_version())
    with _cache_lock:
        cached = _index_cache.get(key)
    if cached is not None:
        return cached
    rows = list(
        (valid_in(year) if year is not None else current())
        .filter(level=level, min_x__isnull=False)
        .values_list("code", "geometry_wkb")
    )
    index = AreaIndex([code for code, _ in rows], [shapely.from_wkb(bytes(wkb)) for _, wkb in rows])
    with _cache_lock:
        for stale in [k for k in _index_cache if k[1:3] == (level, year)]:
            del _index_cache[stale]
        _index_cache[key] = index
    return index


def locate(
    x: float, y: float, *, level: str = "buurt", year: int | None = None, wgs84: bool = False
) -> Area | None:
    """Return the area of a level that contains the point, or None when it lies outside all of them."""
    if wgs84:
        x, y = wgs84_to_rd().transform(x, y)
    code = area_index(level, year).locate(x, y)
    if code is None:
        return None
    return (
        (valid_in(year) if year is not None else current())
        .filter(code=code)
        .select_related("parent", "parent__parent")
        .first()
    )


def locate_many(
    xs: Sequence[float], ys: Sequence[float], *, year: int | None = None, wgs84: bool = False
) -> pd.DataFrame:
    """Place many points (address points, say) in their buurt, wijk and gemeente; None outside all buurten."""
    x = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=float)
    if wgs84:
        x, y = wgs84_to_rd().transform(x, y)
    buurten = area_index("buurt", year).locate_many(x, y)
    parents = dict(
        (valid_in(year) if year is not None else current())
        .filter(level="buurt")
        .values_list("code", "parent__code")
    )
    wijken = [parents.get(code) if code else None for code in buurten]
    return pd.DataFrame(
        {
            "buurtcode": buurten,
            "wijkcode": wijken,
            "gemeentecode": [levels.gemeente_of(code) if code else None for code in buurten],
        }
    )


def extent_wgs84(
    level: str = "gemeente", year: int | None = None
) -> tuple[float, float, float, float] | None:
    """Return the bounding box (west, south, east, north in lon/lat) of a level's areas, to frame a map."""
    box = (
        (valid_in(year) if year is not None else current())
        .filter(level=level)
        .aggregate(min_x=Min("min_x"), min_y=Min("min_y"), max_x=Max("max_x"), max_y=Max("max_y"))
    )
    if box["min_x"] is None:
        return None
    transformer = rd_to_wgs84()
    west, south = transformer.transform(box["min_x"], box["min_y"])
    east, north = transformer.transform(box["max_x"], box["max_y"])
    return (west, south, east, north)
