# SPDX-License-Identifier: EUPL-1.2
"""The KPI dashboard's two heatmaps as static SVG: buurten and 100 m squares (ADR 0026).

Coloured by meldingen overlast per 1,000 corporation dwellings where the stock is known (seed 001 Kaart
2-18), else by the number of meldingen overlast; suppressed cells are grey and say "afgeschermd". A
snapshot never changes once stored, so its maps are drawn once per snapshot and language and kept in the
cache under the snapshot's ``computed_at``: a new refresh gives a new key, so a stale map is never shown.
Drawing thousands of squares cost most of a request's CPU before (CHANGELOG, issue 10).
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

import numpy as np
import shapely
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from veerkracht.areas.models import AreaLevel
from veerkracht.areas.queries import valid_in
from veerkracht.cases.models import KpiSnapshot
from veerkracht.cases.queries.kpi_figures import Figure
from veerkracht.cases.queries.kpis import NUISANCE_RATE
from veerkracht.geo.squares import InvalidSquareId, square_origins
from veerkracht.geo.svg import svg_paths
from veerkracht.monitor.colour_vision import NO_DATA_COLOUR
from veerkracht.monitor.legend import LegendBin, LegendError, build_legend, label_decimals

NUISANCE = "meldingen_overlast_intimidatie"
SUPPRESSED_COLOUR = "#C8C8C8"
WIDTH = 480.0
MARGIN = 4.0
SQUARE_METRES = 100
#: As long as the buurt outline: a snapshot's maps are keyed by its moment, so this only frees memory.
KEPT_SECONDS = 6 * 3600


def heatmaps(
    organisation_id: int, year: int, moment: datetime, gemeenten: tuple[str, ...], names: dict[str, str]
) -> list[dict[str, Any]]:
    """The snapshot's map per buurt and per square, drawn once per snapshot and language."""
    language = (get_language() or "nl").split("-")[0]
    key = f"cases-kpi-maps:{organisation_id}:{year}:{moment.isoformat()}:{language}:{','.join(gemeenten)}"
    found = cache.get(key)
    if found is not None:
        return list(found)
    cells: dict[tuple[str, str], dict[str, Figure]] = {}
    rows = KpiSnapshot.objects.filter(
        organisation_id=organisation_id,
        year=year,
        level__in=["buurt", "square"],
        indicator__in=[NUISANCE, NUISANCE_RATE],
    ).values_list("area_code", "level", "indicator", "value", "suppressed")
    for code, level, indicator, value, suppressed in rows:
        cells.setdefault((level, code), {})[indicator] = Figure(value, suppressed)
    shape = outline(year, gemeenten)
    maps = [_heatmap("buurt", cells, shape, names), _heatmap("square", cells, shape, names)]
    cache.set(key, maps, KEPT_SECONDS)
    return maps


def outline(year: int, gemeenten: tuple[str, ...]) -> dict[str, Any]:
    """The buurten as SVG paths and the box they fill; kept in the cache (geometries change yearly)."""
    key = f"cases-kpi-outline:{year}:{','.join(gemeenten)}"
    found = cache.get(key)
    if found is not None:
        return dict(found)
    rows = list(
        valid_in(year)
        .filter(gemeente_code__in=gemeenten, level=AreaLevel.BUURT)
        .values_list("code", "geometry_wkb")
    )
    shapes = [shapely.from_wkb(bytes(wkb)) for _code, wkb in rows]
    paths, height = svg_paths(shapes, width=WIDTH, margin=MARGIN)
    present = [s for s in shapes if s is not None and not shapely.is_empty(s)]
    bounds = (
        tuple(float(b) for b in shapely.total_bounds(np.asarray(present, dtype=object))) if present else None
    )
    found = {
        "paths": {str(code): path for (code, _wkb), path in zip(rows, paths, strict=True) if path},
        "height": height,
        "bounds": bounds,
    }
    cache.set(key, found, KEPT_SECONDS)
    return found


def square_rects(
    squares: list[str], bounds: tuple[float, ...], height: float
) -> dict[str, tuple[float, float, float]]:
    """Where 100 m squares fall on the buurt map: x, y and side in pixels (the same fit as svg_paths).

    A text that is no square id gets no place (it is left off the map, as before).

    >>> square_rects(["E1766N3184", "nonsense"], (176600.0, 318400.0, 176800.0, 318600.0), 480.0)
    {'E1766N3184': (4.0, 240.0, 236.0)}
    """
    try:
        xs, ys = square_origins(squares)
        valid = squares
    except InvalidSquareId:
        valid = [s for s in squares if _is_square(s)]
        xs, ys = square_origins(valid)
    minx, miny, maxx, _maxy = bounds
    scale = (WIDTH - 2 * MARGIN) / max(maxx - minx, 1e-9)
    side = round(max(SQUARE_METRES * scale, 0.5), 2)
    lefts = (xs - minx) * scale + MARGIN
    tops = height - MARGIN - (ys - miny) * scale - SQUARE_METRES * scale
    return {
        square: (round(float(left), 1), round(float(top), 1), side)
        for square, left, top in zip(valid, lefts.tolist(), tops.tolist(), strict=True)
    }


def _is_square(text: str) -> bool:
    try:
        square_origins([text])
    except InvalidSquareId:
        return False
    return True


def _heatmap(
    level: str,
    per_area: dict[tuple[str, str], dict[str, Figure]],
    shape: dict[str, Any],
    names: dict[str, str],
) -> dict[str, Any]:
    cells = {code: figures for (lvl, code), figures in per_area.items() if lvl == level}
    rated = any(f.get(NUISANCE_RATE) for f in cells.values())
    indicator = NUISANCE_RATE if rated else NUISANCE
    shown = [f[indicator].value for f in cells.values() if indicator in f and f[indicator].value is not None]
    try:
        bins = build_legend(np.asarray(shown, dtype=float), k=5, direction="higher_is_worse").bins
    except LegendError:
        bins = ()
    decimals = label_decimals(bins) if bins else 0
    codes = sorted(shape["paths"].keys() if level == "buurt" else cells.keys(), key=lambda c: names.get(c, c))
    rects: dict[str, tuple[float, float, float]] = {}
    if level == "square" and shape["bounds"] is not None and codes:
        rects = square_rects(codes, shape["bounds"], shape["height"])
    areas = []
    for code in codes:
        figure = cells.get(code, {}).get(indicator, Figure())
        fill = NO_DATA_COLOUR
        if figure.suppressed:
            fill = SUPPRESSED_COLOUR
        elif figure.value is not None and bins:
            fill = _colour(bins, figure.value)
        title = f"<title>{escape(names.get(code, code))}: {escape(figure.text)}</title>"
        if level == "buurt":
            path = f'<path d="{shape["paths"][code]}" fill="{fill}" stroke="#fff" stroke-width="0.6">'
            areas.append(f"{path}{title}</path>")
            continue
        rect = rects.get(code)
        if rect is not None:
            x, y, side = rect
            square = f'<rect x="{x:.1f}" y="{y:.1f}" width="{side:.2f}" height="{side:.2f}" fill="{fill}">'
            areas.append(f"{square}{title}</rect>")
    return {
        "level": level,
        "indicator": indicator,
        # Drawn here, not in the template: thousands of squares cost milliseconds as strings (ADR 0026).
        "shapes": mark_safe("".join(areas)),
        "outline": list(shape["paths"].values()) if level == "square" else [],
        "height": shape["height"],
        "width": WIDTH,
        "decimals": decimals,
        "bins": [{"colour": b.colour, "lower": b.lower, "upper": b.upper} for b in bins],
        "suppressed_colour": SUPPRESSED_COLOUR,
        "no_data_colour": NO_DATA_COLOUR,
    }


def _colour(bins: tuple[LegendBin, ...], value: float) -> str:
    """The colour of the first bin whose upper bound holds the value (as ``Legend.assign``)."""
    for legend_bin in bins:
        if value <= legend_bin.upper:
            return legend_bin.colour
    return bins[-1].colour
