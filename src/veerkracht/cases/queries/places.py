# SPDX-License-Identifier: EUPL-1.2
"""Areas as the meldingen pages offer and show them: wijken with their buurten, complexes, names by code.

A form that takes a location without a map offers these lists; a page that shows a melding names its
buurt and wijk instead of printing codes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from veerkracht.areas.models import AreaLevel
from veerkracht.areas.queries import current
from veerkracht.geo.crs import rd_to_wgs84

#: More areas than this make a list nobody scrolls; the forms then take a typed code.
MAX_CHOICES = 1500


@dataclass(frozen=True)
class Point:
    """A point in WGS84 degrees, for a map."""

    longitude: float
    latitude: float


def buurt_choices() -> list[tuple[str, list[tuple[str, str]]]] | None:
    """Buurten grouped by wijk, as form choices (None when there are too many to list)."""
    rows = list(
        current()
        .filter(level=AreaLevel.BUURT)
        .select_related("parent")
        .order_by("parent__name", "name")
        .values_list("code", "name", "parent__name")[: MAX_CHOICES + 1]
    )
    if len(rows) > MAX_CHOICES:
        return None
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, name, wijk in rows:
        groups.setdefault(wijk or "", []).append((code, name))
    return list(groups.items())


def area_filter_choices() -> list[tuple[str, list[tuple[str, str]]]] | None:
    """Wijken and their buurten for filtering a list (None when there are too many to list)."""
    wijken = list(
        current().filter(level=AreaLevel.WIJK).order_by("name").values_list("code", "name")[: MAX_CHOICES + 1]
    )
    buurten = buurt_choices()
    if buurten is None or len(wijken) > MAX_CHOICES:
        return None
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    by_name = dict(buurten)
    for code, name in wijken:
        groups.append((name, [(code, f"{name} (hele wijk)"), *by_name.pop(name, [])]))
    groups.extend((name, items) for name, items in by_name.items())
    return groups


def complex_choices() -> list[tuple[str, str]] | None:
    """A corporation's complexes as form choices (None when there are too many to list)."""
    rows = list(
        current()
        .filter(level=AreaLevel.COMPLEX)
        .order_by("name")
        .values_list("code", "name")[: MAX_CHOICES + 1]
    )
    if len(rows) > MAX_CHOICES:
        return None
    return [(code, f"{name} ({code})") for code, name in rows]


def names(codes: Iterable[str]) -> dict[str, str]:
    """The names of areas by code (codes that are not known are left out)."""
    wanted = {code for code in codes if code}
    if not wanted:
        return {}
    return dict(current().filter(code__in=wanted).values_list("code", "name"))


def to_wgs84(x: float | None, y: float | None) -> Point | None:
    """A point in RD New as longitude and latitude, for the map; None without a point."""
    if x is None or y is None:
        return None
    longitude, latitude = rd_to_wgs84().transform(x, y)
    return Point(round(float(longitude), 6), round(float(latitude), 6))
