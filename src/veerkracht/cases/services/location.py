# SPDX-License-Identifier: EUPL-1.2
"""Where a melding is: an address, a point, a complex or an area, resolved to buurt, wijk, gemeente."""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from veerkracht.areas.lookup import AreaIndex
from veerkracht.areas.models import AreaLevel
from veerkracht.areas.queries import area_index, current
from veerkracht.cases.addresses import address_key
from veerkracht.geo.squares import square_ids

# Area rows read before, with the index (of this data version) they belong to.
_rows_lock = threading.Lock()
_rows_of: list[Any] = [None, {}]

# The Netherlands in RD New, with a margin: a point outside is a typing error or WGS84 sent as RD.
RD_X = (0.0, 300_000.0)
RD_Y = (289_000.0, 629_000.0)


@dataclass(frozen=True)
class Location:
    """A location as given at intake: at least a point (RD New), a complex or an area code."""

    address: str = ""
    x: float | None = None
    y: float | None = None
    complex_code: str = ""
    #: A buurt, wijk or gemeente code, for a melding about an area rather than a spot.
    area_code: str = ""


@dataclass(frozen=True)
class Place:
    """A location resolved to the areas it lies in."""

    address: str
    address_key: str
    x: float | None
    y: float | None
    complex_code: str
    buurt_code: str
    wijk_code: str
    gemeente_code: str
    square_id: str

    @property
    def area_codes(self) -> frozenset[str]:
        """Every area code the place lies in (what routing rules match on)."""
        codes = (self.buurt_code, self.wijk_code, self.gemeente_code, self.complex_code)
        return frozenset(code for code in codes if code)


def resolve(locations: Sequence[Location]) -> list[Place | dict[str, str]]:
    """Resolve locations in one go; per location a :class:`Place`, or its problems per field."""
    points = [i for i, loc in enumerate(locations) if loc.x is not None and loc.y is not None]
    located: dict[int, str | None] = {}
    index = None
    if points:
        index = area_index("buurt")
        found = index.locate_many(
            [float(locations[i].x) for i in points],  # type: ignore[arg-type]
            [float(locations[i].y) for i in points],  # type: ignore[arg-type]
        )
        located = dict(zip(points, found, strict=True))
    wanted = {code for code in located.values() if code}
    wanted |= {loc.complex_code.strip() for loc in locations if loc.complex_code.strip()}
    wanted |= {loc.area_code.strip() for loc in locations if loc.area_code.strip()}
    areas = _areas(wanted, index)
    # A complex names its buurt; the buurt's own row says its wijk.
    parents = {str(row["parent__code"]) for row in areas.values() if row["level"] == AreaLevel.COMPLEX}
    areas.update(_areas(parents - set(areas), index))
    squares = _squares(locations, points)
    return [_resolve_one(loc, located.get(i), areas, squares.get(i, "")) for i, loc in enumerate(locations)]


def _squares(locations: Sequence[Location], points: list[int]) -> dict[int, str]:
    """The 100 m squares of the points inside the Netherlands, all at once (one call per point is slow)."""
    inside = [i for i in points if _in_netherlands(float(locations[i].x), float(locations[i].y))]  # type: ignore[arg-type]
    if not inside:
        return {}
    found = square_ids(
        [float(locations[i].x) for i in inside],  # type: ignore[arg-type]
        [float(locations[i].y) for i in inside],  # type: ignore[arg-type]
    )
    return dict(zip(inside, (str(code) for code in found), strict=True))


def _in_netherlands(x: float, y: float) -> bool:
    return math.isfinite(x) and math.isfinite(y) and RD_X[0] <= x <= RD_X[1] and RD_Y[0] <= y <= RD_Y[1]


def _areas(codes: set[str], index: AreaIndex | None) -> dict[str, dict[str, Any]]:
    """The rows of these area codes; with the current index, those read before come from memory.

    The index is built anew whenever the areas change, so rows remembered with it cannot be stale.
    """
    if not codes:
        return {}
    known: dict[str, dict[str, Any]] = {}
    with _rows_lock:
        if index is not None and _rows_of[0] is index:
            known = {code: _rows_of[1][code] for code in codes if code in _rows_of[1]}
    missing = codes - set(known)
    if missing:
        rows = {
            row["code"]: dict(row)
            for row in current()
            .filter(code__in=missing)
            .values("code", "level", "gemeente_code", "parent__code", "parent__level")
        }
        known.update(rows)
        if index is not None:
            with _rows_lock:
                if _rows_of[0] is not index:
                    _rows_of[:] = [index, {}]
                _rows_of[1].update(rows)
    return known


def _resolve_one(
    loc: Location, buurt_of_point: str | None, areas: dict[str, dict[str, Any]], square: str
) -> Place | dict[str, str]:
    problems: dict[str, str] = {}
    complex_code, area_code = loc.complex_code.strip(), loc.area_code.strip()
    has_point = loc.x is not None and loc.y is not None
    if (loc.x is None) != (loc.y is None):
        problems["location.x" if loc.x is None else "location.y"] = "geef zowel x als y (RD New)"
    if not (has_point or complex_code or area_code):
        problems["location"] = "geef een punt op de kaart, een complex of een buurt"
    buurt = wijk = gemeente = ""
    if has_point:
        x, y = float(loc.x), float(loc.y)  # type: ignore[arg-type]
        if not _in_netherlands(x, y):
            problems["location.x"] = (
                f"punt ({x}, {y}) ligt niet in Nederland; verwacht RD New-coördinaten "
                "(x tussen 0 en 300.000, y tussen 289.000 en 629.000 meter)"
            )
        elif buurt_of_point is None:
            problems["location.x"] = f"punt ({x:.0f}, {y:.0f}) ligt in geen enkele buurt die Veerkracht kent"
        else:
            buurt = buurt_of_point
    if complex_code:
        spec = areas.get(complex_code)
        if spec is None or spec["level"] != AreaLevel.COMPLEX:
            problems["location.complex_code"] = f"complex '{complex_code}' bestaat niet"
        elif not buurt:
            buurt = str(spec["parent__code"] or "")
    if area_code and not (buurt or complex_code):
        spec = areas.get(area_code)
        if spec is None or spec["level"] not in (AreaLevel.BUURT, AreaLevel.WIJK, AreaLevel.GEMEENTE):
            problems["location.area_code"] = (
                f"'{area_code}' is geen buurt, wijk of gemeente die Veerkracht kent"
            )
        elif spec["level"] == AreaLevel.BUURT:
            buurt = area_code
        elif spec["level"] == AreaLevel.WIJK:
            wijk = area_code
        gemeente = str(spec["gemeente_code"]) if spec is not None else ""
    if buurt:
        spec = areas.get(buurt)
        if spec is not None:
            gemeente = str(spec["gemeente_code"])
            if spec["parent__level"] == AreaLevel.WIJK:
                wijk = str(spec["parent__code"])
    if problems:
        return problems
    return Place(
        address=loc.address.strip()[:300],
        address_key=address_key(loc.address)[:300],
        x=float(loc.x) if has_point else None,  # type: ignore[arg-type]
        y=float(loc.y) if has_point else None,  # type: ignore[arg-type]
        complex_code=complex_code,
        buurt_code=buurt,
        wijk_code=wijk,
        gemeente_code=gemeente,
        square_id=square if buurt_of_point else "",
    )
