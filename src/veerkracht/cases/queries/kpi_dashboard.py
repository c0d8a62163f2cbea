# SPDX-License-Identifier: EUPL-1.2
"""What the KPI dashboard shows: one organisation's stored KPIs of a year, as a table and two heatmaps.

Reads the snapshot (``KpiSnapshot``, ADR 0026), never the meldingen themselves, so the page costs the
same at 350,000 meldingen as at 35. The heatmaps are static SVG (``geo.svg``): buurten and 100 m squares
coloured by meldingen overlast per 1,000 corporation dwellings where the stock is known (seed 001 Kaart
2-18), else by the number of meldingen overlast; suppressed cells are grey and say "afgeschermd".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from typing import Any

import numpy as np
import shapely
from django.core.cache import cache
from django.db.models import Q
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from veerkracht.areas.models import AreaLevel
from veerkracht.areas.queries import valid_in
from veerkracht.cases.models import KpiSnapshot
from veerkracht.cases.queries.kpis import NUISANCE_RATE, PUBLISHED
from veerkracht.geo.squares import square_origin
from veerkracht.geo.svg import svg_paths
from veerkracht.monitor.colour_vision import NO_DATA_COLOUR
from veerkracht.monitor.legend import LegendBin, LegendError, build_legend, label_decimals

LEVELS = ("gemeente", "wijk", "buurt", "square")
NUISANCE = "meldingen_overlast_intimidatie"
#: The columns of the area table, in order: the map's two figures first.
AREA_COLUMNS = (NUISANCE, NUISANCE_RATE, "meldingen_leefbaarheid", "dossiers_geopend")
SUPPRESSED_COLOUR = "#C8C8C8"
WIDTH = 480.0
MARGIN = 4.0
SQUARE_METRES = 100


@dataclass(frozen=True)
class Figure:
    """One cell: a value, or suppressed ("afgeschermd"), or nothing known (both empty)."""

    value: float | None = None
    suppressed: bool = False

    @property
    def text(self) -> str:
        """As the page writes it: "afgeschermd", "–" for nothing known, else the number in the language."""
        if self.suppressed:
            return str(_("afgeschermd"))
        if self.value is None:
            return "–"
        return number_text(self.value)


def number_text(value: float) -> str:
    """A figure as the page writes it: whole numbers without decimals, others with one, grouped by
    language (1.234,5 in Dutch, 1,234.5 in English). Plain string formatting: the page writes thousands.

    >>> from django.utils import translation
    >>> with translation.override("nl"):
    ...     number_text(1234.0), number_text(12.345)
    ('1.234', '12,3')
    """
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    if (get_language() or "nl").startswith("en"):
        return text
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


@dataclass
class Dashboard:
    year: int
    level: str
    computed_at: datetime | None
    #: Per gemeente code: indicator → figure (the totals table).
    totals: dict[str, dict[str, Figure]] = field(default_factory=dict)
    #: Per area of the chosen level: (code, name, {indicator: figure}), by name.
    areas: list[tuple[str, str, dict[str, Figure]]] = field(default_factory=list)
    maps: list[dict[str, Any]] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)


def years_of(organisation_id: int) -> list[int]:
    """The years with stored figures, newest first."""
    found = KpiSnapshot.objects.filter(organisation_id=organisation_id).values_list("year", flat=True)
    return sorted(set(found.distinct()), reverse=True)


def _cells(organisation_id: int, year: int, level: str) -> Any:
    """Only the cells the page shows: every total, the table's columns, the maps' two figures."""
    shown = (
        Q(level="gemeente", indicator__in=PUBLISHED)
        | Q(level=level, indicator__in=AREA_COLUMNS)
        | Q(level__in=["buurt", "square"], indicator__in=[NUISANCE, NUISANCE_RATE])
    )
    return (
        KpiSnapshot.objects.filter(organisation_id=organisation_id, year=year)
        .filter(shown)
        .values_list("area_code", "level", "indicator", "value", "suppressed")
    )


def dashboard(organisation_id: int, year: int, level: str) -> Dashboard:
    """The organisation's figures of the year: totals per gemeente, the chosen level's areas, two maps."""
    # One refresh writes all of a year's rows with one moment: any row tells it.
    moment = (
        KpiSnapshot.objects.filter(organisation_id=organisation_id, year=year)
        .values_list("computed_at", flat=True)
        .first()
    )
    board = Dashboard(year=year, level=level, computed_at=moment)
    per_area: dict[tuple[str, str], dict[str, Figure]] = {}
    for code, area_level, indicator, value, suppressed in _cells(organisation_id, year, level):
        per_area.setdefault((area_level, code), {})[indicator] = Figure(value, suppressed)
    gemeenten = sorted(code for lvl, code in per_area if lvl == "gemeente")
    board.totals = {code: per_area[("gemeente", code)] for code in gemeenten}
    board.names = _names(year, gemeenten)
    chosen = [(code, figures) for (lvl, code), figures in per_area.items() if lvl == level]
    board.areas = sorted(
        ((code, board.names.get(code, code), figures) for code, figures in chosen), key=lambda a: a[1]
    )
    if gemeenten:
        outline = _outline(year, tuple(gemeenten))
        board.maps = [
            _heatmap("buurt", per_area, outline, board.names),
            _heatmap("square", per_area, outline, board.names),
        ]
    return board


def _names(year: int, gemeenten: list[str]) -> dict[str, str]:
    rows = valid_in(year).filter(gemeente_code__in=gemeenten).values_list("code", "name")
    return {str(code): str(name) for code, name in rows}


def _outline(year: int, gemeenten: tuple[str, ...]) -> dict[str, Any]:
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
    outline = {
        "paths": {str(code): path for (code, _wkb), path in zip(rows, paths, strict=True) if path},
        "height": height,
        "bounds": bounds,
    }
    cache.set(key, outline, 6 * 3600)
    return outline


def _square_rect(square: str, bounds: tuple[float, ...], height: float) -> tuple[float, float, float] | None:
    """Where a 100 m square falls on the buurt map: x, y and side in pixels (the same fit as svg_paths)."""
    try:
        x, y = square_origin(square)
    except ValueError:
        return None
    minx, miny, maxx, _maxy = bounds
    scale = (WIDTH - 2 * MARGIN) / max(maxx - minx, 1e-9)
    side = SQUARE_METRES * scale
    left = (x - minx) * scale + MARGIN
    top = height - MARGIN - (y - miny) * scale - side
    return round(left, 1), round(top, 1), round(max(side, 0.5), 2)


def _heatmap(
    level: str,
    per_area: dict[tuple[str, str], dict[str, Figure]],
    outline: dict[str, Any],
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
    areas = []
    codes = outline["paths"].keys() if level == "buurt" else cells.keys()
    for code in sorted(codes, key=lambda c: names.get(c, c)):
        figure = cells.get(code, {}).get(indicator, Figure())
        fill = NO_DATA_COLOUR
        if figure.suppressed:
            fill = SUPPRESSED_COLOUR
        elif figure.value is not None and bins:
            fill = _colour(bins, figure.value)
        title = f"<title>{escape(names.get(code, code))}: {escape(figure.text)}</title>"
        if level == "buurt":
            shape = f'<path d="{outline["paths"][code]}" fill="{fill}" stroke="#fff" stroke-width="0.6">'
            areas.append(f"{shape}{title}</path>")
            continue
        if outline["bounds"] is None:
            continue
        rect = _square_rect(code, outline["bounds"], outline["height"])
        if rect is not None:
            x, y, side = rect
            shape = f'<rect x="{x:.1f}" y="{y:.1f}" width="{side:.2f}" height="{side:.2f}" fill="{fill}">'
            areas.append(f"{shape}{title}</rect>")
    return {
        "level": level,
        "indicator": indicator,
        # Drawn here, not in the template: thousands of squares cost milliseconds as strings (ADR 0026).
        "shapes": mark_safe("".join(areas)),
        "outline": list(outline["paths"].values()) if level == "square" else [],
        "height": outline["height"],
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
