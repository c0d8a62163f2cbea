# SPDX-License-Identifier: EUPL-1.2
"""Pages of the analysis app: the monitor with its indicator maps and the veerkrachtkaart, the
methodology, small maps of an indicator over the years and two runs side by side."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from veerkracht.analysis import layers, methodology, small_maps
from veerkracht.analysis import queries as analysis_queries
from veerkracht.analysis.models import AnalysisRun
from veerkracht.analysis.provenance import provenance_summary
from veerkracht.areas import queries as area_queries
from veerkracht.core.permissions import has_permission, permission_required
from veerkracht.indicators.models import Indicator
from veerkracht.monitor import available_presets, load_preset
from veerkracht.monitor.colour_vision import MINIMUM_DELTA_E, NO_DATA_COLOUR
from veerkracht.monitor.legend import SCHEMES

VIEWS = ("indicator", "classes")


def _levels() -> list[tuple[str, str]]:
    return [
        ("buurt", _("Buurten")),
        ("wijk", _("Wijken")),
        ("rayon", _("Rayons")),
        ("gemeente", _("Gemeente")),
        ("complex", _("Complexen")),
    ]


def _schemes() -> list[tuple[str, str]]:
    return [
        ("quantiles", _("Kwantielen")),
        ("natural_breaks", _("Natuurlijke grenzen")),
        ("equal_interval", _("Gelijke intervallen")),
        ("fixed", _("Vaste klassen")),
    ]


def _choice(request: HttpRequest, name: str, allowed: Any, default: str) -> str:
    value = request.GET.get(name, default)
    return value if value in allowed else default


def _succeeded_runs() -> list[AnalysisRun]:
    return list(AnalysisRun.objects.filter(status=AnalysisRun.Status.SUCCEEDED)[:50])


def _pick_run(runs: list[AnalysisRun], chosen: str | None) -> AnalysisRun:
    return next((r for r in runs if str(r.pk) == chosen), runs[0])


def _labels() -> dict[str, Any]:
    threshold = settings.VEERKRACHT_PRIVACY_THRESHOLD
    share = f"{settings.VEERKRACHT_CORPORATION_CONCENTRATION:g}"
    return {
        "suppressed": _("afgeschermd (minder dan %(n)s)") % {"n": threshold},
        "missing": _("geen gegevens"),
        "estimated": _("geschat"),
        "synthetic_mark": _("Synthetische cijfers"),
        "synthetic_source": _("Cijfers: synthetisch, gegenereerd voor demonstratie (geen CBS-cijfers)."),
        "attribution": _("Grenzen: CBS en Kadaster (CC BY 4.0); bronnen van de cijfers onder de kaart"),
        "attribution_synthetic": _("Grenzen: CBS en Kadaster (CC BY 4.0); cijfers: synthetisch"),
        "source": _("Bron"),
        "error": _("De gegevens konden niet laden."),
        "value": _("Waarde"),
        "class": _("Veerkrachtklasse"),
        "explanation": _("Uitleg"),
        "area": _("Gebied"),
        "code": _("Code"),
        "reference": _("referentie"),
        "area_one": _("gebied"),
        "area_other": _("gebieden"),
        "choose": _("— kies een gebied —"),
        "nothing_selected": _(
            "Kies een gebied op de kaart of in de lijst 'Gebied' voor de cijfers en de uitleg."
        ),
        "no_class": _("Geen veerkrachtklasse: voor dit gebied zijn er geen gegevens."),
        "how": _("Hoe is dit berekend?"),
        "method_link": _("Over de methode en de drempels"),
        "analysis_period": _("analyseperiode"),
        "counts_alone": _("Een aantal staat alleen: het aantal van de hele stad op dezelfde as zegt niets."),
        "table_values": _("Tabel van de waarden"),
        "table_classes": _("Tabel van de veerkrachtklassen met uitleg"),
        "hotspot_legend": _(
            "Verborgen brandhaard: een vierkant of complex onder druk in een buurt die dat niet is"
        ),
        "hotspot_one": _("verborgen brandhaard"),
        "hotspot_other": _("verborgen brandhaarden"),
        "hotspot_share": _("{share}% van de bewoners van de buurt woont erin"),
        "hotspot_share_withheld": _("het aandeel bewoners is afgeschermd wegens kleine aantallen"),
        "concentration_legend": _("Meer dan %(share)s%% corporatiewoningen") % {"share": share},
        "concentration_indicator": _("Aandeel corporatiewoningen"),
        "concentration_over": _("meer dan %(share)s%%") % {"share": share},
        "profile": _("Wijkprofiel van dit gebied"),
        "levels": {"buurt": _("Buurt"), "wijk": _("Wijk"), "rayon": _("Rayon"), "complex": _("Complex")},
    }


def _table_rows(layer: dict[str, Any], names: dict[str, str]) -> list[dict[str, Any]]:
    rows = [{"code": code, "name": names.get(code, code), **area} for code, area in layer["areas"].items()]
    return sorted(rows, key=lambda r: r["name"])


@permission_required("monitor.view")
def monitor(request: HttpRequest) -> HttpResponse:
    """The monitor: a choropleth of any indicator, level and year of a run, and the veerkrachtkaart."""
    runs = _succeeded_runs()
    if not runs:
        return render(request, "analysis/monitor.html", {"run": None})
    run = _pick_run(runs, request.GET.get("run"))
    present = analysis_queries.indicators_of(run)
    indicators = list(Indicator.objects.filter(code__in=present).order_by("name_nl"))
    preset = layers.run_preset(run)
    default = preset.vulnerable.indicator if preset and preset.vulnerable.indicator in present else ""
    default = default or next((i.code for i in indicators), "")
    indicator = _choice(request, "indicator", present, default)
    level = _choice(request, "level", dict(_levels()), "buurt")
    view = _choice(request, "view", VIEWS, "indicator")
    scheme = _choice(request, "scheme", SCHEMES, "quantiles")
    periods = sorted(int(p) for p in run.periods)
    period_text = request.GET.get("period", "")
    period = int(period_text) if period_text.isdigit() and int(period_text) in periods else periods[-1]
    if view == "classes":
        layer = layers.classes_layer(run, level)
    else:
        layer = layers.indicator_layer(
            run, indicator, level, period, scheme if scheme != "fixed" else "quantiles", 5
        )
    names = layers.area_names(run, level)
    extent = area_queries.extent_wgs84("buurt", run.indeling_year)
    concentration_code = settings.VEERKRACHT_CORPORATION_SHARE_INDICATOR
    by_code = {i.code: i for i in indicators}
    class_indicators = [
        {"code": code, "name": by_code[code].name_nl, "unit": by_code[code].unit}
        for code in ((preset.vulnerable.indicator, preset.nuisance.indicator) if preset else ())
        if code in by_code
    ]
    config = {
        "run": run.pk,
        "indeling": run.indeling_year,
        "synthetic": run.synthetic,
        "period_end": run.period_end,
        "no_data_colour": NO_DATA_COLOUR,
        "urls": {
            "geojson": reverse("api-areas-geojson"),
            "map": reverse("api-analysis-map", args=[run.pk]),
            "classes": reverse("api-analysis-classes", args=[run.pk]),
            "series": reverse("api-analysis-series", args=[run.pk]),
            "hotspots": reverse("api-analysis-hotspots", args=[run.pk]),
            "method": reverse("monitor-method"),
            # The neighbourhood profile of the area picked (issue 12); the page puts in the code.
            "profile": reverse("profiles-area", args=["AREA"]),
        },
        "concentration": {
            "indicator": concentration_code,
            "share": settings.VEERKRACHT_CORPORATION_CONCENTRATION,
        }
        if concentration_code in present
        else None,
        "class_indicators": class_indicators,
        "classes": [{"key": c.key, "description": c.description.nl} for c in preset.classes]
        if preset
        else [],
    }
    return render(
        request,
        "analysis/monitor.html",
        {
            "run": run,
            "runs": runs,
            "indicators": indicators,
            "indicator": indicator,
            "level": level,
            "levels": _levels(),
            "view": view,
            "scheme": scheme,
            "schemes": _schemes(),
            "palette": _choice(request, "palette", ("study", "accessible"), "study"),
            "show_hotspots": request.GET.get("hotspots") != "0",
            "show_concentration": request.GET.get("concentration") == "1",
            "concentration": config["concentration"],
            "periods": periods,
            "period": period,
            "rows": _table_rows(layer, names),
            "areas": sorted(names.items(), key=lambda item: item[1]),
            "preset": preset,
            "extent": list(extent) if extent else None,
            "can_export": has_permission(request.user, "monitor.export"),
            # Which inputs are real and which synthetic, per layer of the class and for the indicator.
            "provenance": provenance_summary(run, indicator or None),
            "privacy_threshold": settings.VEERKRACHT_PRIVACY_THRESHOLD,
            "monitor_labels": _labels(),
            "monitor_config": config,
        },
    )


def method(request: HttpRequest) -> HttpResponse:
    """How the veerkrachtkaart is made: the typology, its source, the preset version and thresholds.

    Public: it explains a method and shows no figures.
    """
    presets = [load_preset(name) for name in available_presets()]
    chosen = request.GET.get("preset", "veerkracht-2021")
    preset = next((p for p in presets if p.name == chosen), presets[0])
    return render(
        request,
        "analysis/method.html",
        {
            "preset": preset,
            "presets": presets,
            **methodology.describe(preset, layers.language()),
            "minimum_delta_e": MINIMUM_DELTA_E,
            "privacy_threshold": settings.VEERKRACHT_PRIVACY_THRESHOLD,
            "concentration_share": settings.VEERKRACHT_CORPORATION_CONCENTRATION,
        },
    )


@permission_required("monitor.view")
def years(request: HttpRequest) -> HttpResponse:
    """Small multiples: one indicator over the run's years, side by side, on one legend."""
    runs = _succeeded_runs()
    if not runs:
        return render(request, "analysis/years.html", {"run": None})
    run = _pick_run(runs, request.GET.get("run"))
    present = analysis_queries.indicators_of(run)
    indicators = list(Indicator.objects.filter(code__in=present).order_by("name_nl"))
    preset = layers.run_preset(run)
    default = preset.vulnerable.indicator if preset and preset.vulnerable.indicator in present else ""
    indicator = _choice(request, "indicator", present, default or next((i.code for i in indicators), ""))
    level = _choice(request, "level", dict(_levels()), "buurt")
    scheme = _choice(request, "scheme", SCHEMES, "quantiles")
    panels = small_maps.indicator_over_years(run, indicator, level, scheme) if indicator else None
    return render(
        request,
        "analysis/years.html",
        {
            "run": run,
            "runs": runs,
            "indicators": indicators,
            "indicator": indicator,
            "level": level,
            "levels": _levels(),
            "scheme": scheme,
            "schemes": _schemes(),
            "panels": panels,
            "area": request.GET.get("area", ""),
            "selected_area": request.GET.get("area", ""),
        },
    )


@permission_required("monitor.view")
def compare(request: HttpRequest) -> HttpResponse:
    """The same areas' classes in two runs side by side ("2021 versus 2025"), with what changed."""
    runs = _succeeded_runs()
    if not runs:
        return render(request, "analysis/compare.html", {"run_a": None})
    run_b = _pick_run(runs, request.GET.get("b"))
    older = [r for r in runs if r.pk != run_b.pk]
    run_a = _pick_run(runs, request.GET.get("a") or (str(older[0].pk) if older else str(run_b.pk)))
    level = _choice(request, "level", dict(_levels()), "buurt")
    comparison = small_maps.classes_side_by_side(run_a, run_b, level, request.GET.get("area", ""))
    return render(
        request,
        "analysis/compare.html",
        {"run_a": run_a, "run_b": run_b, "runs": runs, "level": level, "levels": _levels(), **comparison},
    )
