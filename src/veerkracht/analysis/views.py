# SPDX-License-Identifier: EUPL-1.2
"""Pages of the analysis app: the monitor with its indicator maps and the veerkrachtkaart."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from veerkracht.analysis import queries as analysis_queries
from veerkracht.analysis.models import AnalysisRun
from veerkracht.analysis.provenance import provenance_summary
from veerkracht.areas import queries as area_queries
from veerkracht.core.permissions import has_permission, permission_required
from veerkracht.indicators.models import Indicator
from veerkracht.monitor import load_preset


@permission_required("monitor.view")
def monitor(request: HttpRequest) -> HttpResponse:
    """The monitor: a choropleth of any indicator, level and year of a run, and the veerkrachtkaart."""
    runs = list(AnalysisRun.objects.filter(status=AnalysisRun.Status.SUCCEEDED)[:50])
    if not runs:
        return render(request, "analysis/monitor.html", {"run": None})
    chosen = request.GET.get("run")
    run = next((r for r in runs if str(r.pk) == chosen), runs[0])
    present = analysis_queries.indicators_of(run)
    indicators = list(Indicator.objects.filter(code__in=present).order_by("name_nl"))
    preset_indicator = load_preset(run.preset_name).vulnerable.indicator
    default = preset_indicator if preset_indicator in present else next((i.code for i in indicators), None)
    indicator = request.GET.get("indicator") or default or (indicators[0].code if indicators else "")
    level = request.GET.get("level", "buurt")
    # What the address bar says is only a wish: unknown values fall back to the defaults.
    if indicator not in present:
        indicator = default or ""
    if level not in analysis_queries.LEVELS:
        level = "buurt"
    periods = sorted(int(p) for p in run.periods)
    try:
        period = int(request.GET.get("period", periods[-1]))
    except ValueError:
        period = periods[-1]
    table = analysis_queries.indicator_map(run, indicator, level, period) if indicator else None
    names = dict(
        area_queries.valid_in(run.indeling_year)
        .filter(gemeente_code__in=run.gemeenten)
        .values_list("code", "name")
    )
    rows = []
    if table is not None and len(table):
        for row in table.itertuples():
            rows.append(
                {
                    "code": row.area_code,
                    "name": names.get(row.area_code, row.area_code),
                    "value": None if row.suppressed or row.value != row.value else row.value,
                    "suppressed": bool(row.suppressed),
                    "estimated": bool(row.estimated),
                }
            )
        rows.sort(key=lambda r: r["name"])
    extent = area_queries.extent_wgs84("buurt", run.indeling_year)
    return render(
        request,
        "analysis/monitor.html",
        {
            "run": run,
            "runs": runs,
            "indicators": indicators,
            "indicator": indicator,
            "level": level,
            "levels": [
                ("buurt", _("Buurten")),
                ("wijk", _("Wijken")),
                ("rayon", _("Rayons")),
                ("gemeente", _("Gemeente")),
                ("complex", _("Complexen")),
            ],
            "periods": periods,
            "period": period,
            "rows": rows,
            "extent": list(extent) if extent else None,
            "can_export": has_permission(request.user, "monitor.export"),
            # Which inputs are real and which synthetic, per layer of the class and for the indicator.
            "provenance": provenance_summary(run, indicator or None),
            "privacy_threshold": settings.VEERKRACHT_PRIVACY_THRESHOLD,
            "schemes": [
                ("quantiles", _("Kwantielen")),
                ("natural_breaks", _("Natuurlijke grenzen")),
                ("equal_interval", _("Gelijke intervallen")),
                ("fixed", _("Vaste klassen")),
            ],
            "monitor_labels": {
                "suppressed": _("geheim (minder dan %(n)s)") % {"n": settings.VEERKRACHT_PRIVACY_THRESHOLD},
                "estimated": _("geschat"),
                "missing": _("geen gegevens"),
                "synthetic": _("synthetisch"),
                "error": _("De gegevens konden niet laden."),
                "value": _("Waarde"),
                "class": _("Veerkrachtklasse"),
                "nl": _("Nederland"),
                "areas": _("gebieden"),
                "in": _("ligt in"),
            },
        },
    )
