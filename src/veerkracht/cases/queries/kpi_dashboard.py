# SPDX-License-Identifier: EUPL-1.2
"""What the KPI dashboard shows: one organisation's stored KPIs of a year, as a table and two heatmaps.

Reads the snapshot (``KpiSnapshot``, ADR 0026), never the meldingen themselves, so the page costs the
same at 350,000 meldingen as at 35. The heatmaps are drawn once per snapshot (``queries.kpi_maps``). The
table of 100 m squares, thousands of rows in a city, comes a page at a time, the busiest squares first;
the other levels (a few hundred areas at most) come whole, by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F

from veerkracht.areas.queries import valid_in
from veerkracht.cases.models import KpiSnapshot
from veerkracht.cases.queries.kpi_figures import Figure
from veerkracht.cases.queries.kpi_maps import NUISANCE, heatmaps
from veerkracht.cases.queries.kpis import NUISANCE_RATE, PUBLISHED

__all__ = ["AREA_COLUMNS", "LEVELS", "SQUARES_PER_PAGE", "Dashboard", "Figure", "dashboard", "years_of"]

LEVELS = ("gemeente", "wijk", "buurt", "square")
#: The columns of the area table, in order: the map's two figures first.
AREA_COLUMNS = (NUISANCE, NUISANCE_RATE, "meldingen_leefbaarheid", "dossiers_geopend")
SQUARES_PER_PAGE = 100


@dataclass
class Dashboard:
    year: int
    level: str
    computed_at: datetime | None
    #: Per gemeente code: indicator → figure (the totals table).
    totals: dict[str, dict[str, Figure]] = field(default_factory=dict)
    #: Per area of the chosen level shown: (code, name, {indicator: figure}); by name, or for squares the
    #: page asked for, busiest first.
    areas: list[tuple[str, str, dict[str, Figure]]] = field(default_factory=list)
    maps: list[dict[str, Any]] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    #: The page of squares shown (None for the other levels, which come whole).
    page: Page | None = None


def years_of(organisation_id: int) -> list[int]:
    """The years with stored figures, newest first."""
    found = KpiSnapshot.objects.filter(organisation_id=organisation_id).values_list("year", flat=True)
    return sorted(set(found.distinct()), reverse=True)


def dashboard(organisation_id: int, year: int, level: str, page: Any = 1) -> Dashboard:
    """The organisation's figures of the year: totals per gemeente, the chosen level's areas (for squares
    one page of them), two maps."""
    stored = KpiSnapshot.objects.filter(organisation_id=organisation_id, year=year)
    # One refresh writes all of a year's rows with one moment: any row tells it.
    moment = stored.values_list("computed_at", flat=True).first()
    board = Dashboard(year=year, level=level, computed_at=moment)
    totals: dict[str, dict[str, Figure]] = {}
    rows = stored.filter(level="gemeente", indicator__in=PUBLISHED).values_list(
        "area_code", "indicator", "value", "suppressed"
    )
    for code, indicator, value, suppressed in rows:
        totals.setdefault(code, {})[indicator] = Figure(value, suppressed)
    gemeenten = sorted(totals)
    board.totals = {code: totals[code] for code in gemeenten}
    board.names = _names(year, gemeenten)
    shown = stored.filter(level=level, indicator__in=AREA_COLUMNS)
    if level == "square":
        board.page = Paginator(_busiest_first(stored), SQUARES_PER_PAGE).get_page(page)
        shown = shown.filter(area_code__in=list(board.page.object_list))
    per_area: dict[str, dict[str, Figure]] = {}
    for code, indicator, value, suppressed in shown.values_list(
        "area_code", "indicator", "value", "suppressed"
    ):
        per_area.setdefault(code, {})[indicator] = Figure(value, suppressed)
    if board.page is not None:
        order = [str(code) for code in board.page.object_list]
    else:
        order = sorted(per_area, key=lambda code: board.names.get(code, code))
    board.areas = [(code, board.names.get(code, code), per_area[code]) for code in order if code in per_area]
    if gemeenten and moment is not None:
        board.maps = heatmaps(organisation_id, year, moment, tuple(gemeenten), board.names)
    return board


def _busiest_first(stored: Any) -> Any:
    """The squares' codes, most meldingen overlast first; suppressed ones last (a suppressed cell has no
    value at rest, so they follow each other by code and their place tells nothing of their size).

    Every area of a level has a row of every count (``queries.kpis`` fills the missing ones with 0), so
    the meldingen overlast rows name every square."""
    return (
        stored.filter(level="square", indicator=NUISANCE)
        .order_by("suppressed", F("value").desc(nulls_last=True), "area_code")
        .values_list("area_code", flat=True)
    )


def _names(year: int, gemeenten: list[str]) -> dict[str, str]:
    rows = valid_in(year).filter(gemeente_code__in=gemeenten).values_list("code", "name")
    return {str(code): str(name) for code, name in rows}
