# SPDX-License-Identifier: EUPL-1.2
"""The KPI dashboard: an organisation's meldingen and dossier figures per area, with two heatmaps.

Open to whoever has ``cases.view_kpis`` in an organisation, for that organisation only. The figures are
the stored snapshot (``queries.kpi_dashboard``, ADR 0026); "bijwerken" asks the worker to compute them
again. An organisation the person may not see answers the same 404 as one that does not exist.
"""

from __future__ import annotations

from html import escape

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from veerkracht.cases.dossier_access import organisations_with
from veerkracht.cases.queries.kpi_dashboard import AREA_COLUMNS, LEVELS, dashboard, years_of
from veerkracht.cases.queries.kpi_figures import Figure
from veerkracht.cases.queries.kpis import PUBLISHED
from veerkracht.cases.views.base import login_required
from veerkracht.core.calendar import local_day
from veerkracht.core.models import Organisation
from veerkracht.indicators.models import Indicator

VIEW_KPIS = "cases.view_kpis"
LEVEL_LABELS = {
    "gemeente": _("Gemeente"),
    "wijk": _("Wijk"),
    "buurt": _("Buurt"),
    "square": _("Vierkant van 100 meter"),
}


def _organisation(request: HttpRequest) -> tuple[Organisation, list[Organisation]]:
    allowed = organisations_with(request.user, VIEW_KPIS)
    if not allowed:
        raise PermissionDenied(VIEW_KPIS)
    choices = list(Organisation.objects.filter(pk__in=allowed).order_by("name"))
    wanted = request.GET.get("organisatie") or request.POST.get("organisatie") or choices[0].slug
    chosen = next((o for o in choices if o.slug == wanted), None)
    if chosen is None:
        raise Http404
    return chosen, choices


def _labels() -> dict[str, str]:
    english = (get_language() or "nl").startswith("en")
    rows = Indicator.objects.filter(code__in=PUBLISHED).values_list("code", "name_nl", "name_en")
    return {code: (en if english and en else nl) for code, nl, en in rows}


@login_required
@require_GET
def kpi_dashboard(request: HttpRequest) -> HttpResponse:
    """The figures of one organisation, year and area level: a table per level and two heatmaps."""
    organisation, choices = _organisation(request)
    current = local_day(timezone.now()).year
    stored = years_of(organisation.pk)
    years = sorted({*stored, current}, reverse=True)
    # Without figures of this year yet (a new year, the demo), the newest year that has them.
    default = current if current in stored or not stored else stored[0]
    try:
        year = int(request.GET.get("jaar", default))
    except ValueError:
        year = current
    if year not in years:
        raise Http404
    level = request.GET.get("niveau", "buurt")
    if level not in LEVELS:
        level = "buurt"
    board = dashboard(organisation.pk, year, level, page=request.GET.get("pagina") or 1)
    labels = _labels()
    totals = [
        (
            board.names.get(gemeente, gemeente),
            [(code, labels.get(code, code), figures[code]) for code in PUBLISHED if code in figures],
        )
        for gemeente, figures in board.totals.items()
    ]
    columns = [(code, labels.get(code, code)) for code in AREA_COLUMNS]
    areas = _area_rows(board.areas, columns)
    for heatmap in board.maps:
        heatmap["label"] = labels.get(heatmap["indicator"], heatmap["indicator"])
    context = {
        "organisation": organisation,
        "choices": choices,
        "years": years,
        "year": year,
        "level": level,
        "levels": [(code, LEVEL_LABELS[code]) for code in LEVELS],
        "board": board,
        "totals": totals,
        "area_columns": columns,
        "area_rows": areas,
        "level_label": LEVEL_LABELS[level],
        "refreshed": request.GET.get("bijgewerkt") == "1",
        "page": board.page,
    }
    return render(request, "cases/kpis.html", context)


@login_required
@require_POST
def kpi_refresh(request: HttpRequest) -> HttpResponse:
    """Ask the worker to compute the organisation's figures of a year again ("bijwerken")."""
    from veerkracht.cases.tasks import refresh_organisation_kpis

    organisation, _choices = _organisation(request)
    try:
        year = int(request.POST.get("jaar", ""))
    except ValueError:
        return HttpResponseBadRequest("Geen geldig jaar.")
    if not 2000 <= year <= local_day(timezone.now()).year:
        return HttpResponseBadRequest("Geen geldig jaar.")
    refresh_organisation_kpis.enqueue(organisation.pk, year)
    url = f"?organisatie={organisation.slug}&jaar={year}&bijgewerkt=1"
    return redirect(request.path.removesuffix("bijwerken/") + url)


def _area_rows(areas: list[tuple[str, str, dict[str, Figure]]], columns: list[tuple[str, str]]) -> str:
    """The area table's rows as one string: thousands of 100 m squares cost milliseconds this way, not the
    hundreds the template loop took (ADR 0026). Every text is escaped."""
    area_label = escape(str(_("Gebied")))
    heads = [(escape(code), escape(label)) for code, label in columns]
    rows = []
    for code, name, figures in areas:
        cells = []
        for (column, label), (column_key, _label) in zip(heads, columns, strict=True):
            figure = figures.get(column_key, Figure())
            text = escape(figure.text)
            shown = f'<span class="kpi-suppressed">{text}</span>' if figure.suppressed else text
            cells.append(f'<td data-label="{label}" data-indicator="{column}">{shown}</td>')
        head = f'<th scope="row" data-label="{area_label}">{escape(name)}</th>'
        rows.append(f'<tr data-area="{escape(code)}">{head}{"".join(cells)}</tr>')
    return mark_safe("".join(rows))
