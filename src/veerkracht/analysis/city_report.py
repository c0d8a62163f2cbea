# SPDX-License-Identifier: EUPL-1.2
"""What the city report says, read from one analysis run (issue 12, in the spirit of seed 001 chapter II).

One section per layer (an indicator the run published for the buurten in its first and last year): a
static map of the last year with its legend, and a paragraph generated from the figures
(:mod:`veerkracht.monitor.report_text`). Then the veerkrachtkaart, the buurten whose class changed since
the previous run of the same method and gemeenten, and an annex with the method and the sources.
Everything comes from the run's published (already suppressed) result frames, as on the monitor's pages.
"""

import base64
import warnings
from html import escape
from typing import Any

import numpy as np
import pandas as pd
from django.conf import settings
from django.utils.translation import gettext as _

from veerkracht.analysis import methodology, queries
from veerkracht.analysis.layers import SUPPRESSED_COLOUR, language, run_preset
from veerkracht.analysis.models import AnalysisRun
from veerkracht.analysis.provenance import provenance_summary
from veerkracht.analysis.results import read_result
from veerkracht.analysis.small_maps import svg_shapes
from veerkracht.areas.queries import valid_in
from veerkracht.core.pdf import render_pdf
from veerkracht.geo.levels import NATIONAL_CODE
from veerkracht.indicators.models import Indicator
from veerkracht.monitor.colour_vision import NO_DATA_COLOUR
from veerkracht.monitor.legend import Legend, LegendError, build_legend, label_decimals
from veerkracht.monitor.report_text import AreaFigures, layer_story, number

TEMPLATE = "analysis/city_report_pdf.html"
LEVEL = "buurt"
MAP_WIDTH = 440.0


def map_image(areas: list[dict[str, Any]], width: float, height: float, label: str) -> str:
    """The areas as an SVG image in a data URL (the PDF renderer fetches nothing else; ADR 0025)."""
    paths = "".join(
        f'<path d="{a["path"]}" fill="{a["fill"]}" stroke="#ffffff" stroke-width="0.5">'
        f"<title>{escape(str(a['name']))}</title></path>"
        for a in areas
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>{escape(label)}</title>{paths}</svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def decimals_of(meta: Indicator | None) -> int:
    """Counts are whole numbers; shares, rates and scores get one decimal."""
    return 0 if meta is not None and meta.kind == Indicator.Kind.COUNT else 1


def previous_run(run: AnalysisRun) -> AnalysisRun | None:
    """The last succeeded run of the same method and gemeenten started before this one."""
    earlier = AnalysisRun.objects.filter(
        status=AnalysisRun.Status.SUCCEEDED, preset_name=run.preset_name, started_at__lt=run.started_at
    ).exclude(pk=run.pk)
    for candidate in earlier.order_by("-started_at", "-id"):
        if sorted(candidate.gemeenten) == sorted(run.gemeenten):
            return candidate
    return None


def _place(run: AnalysisRun) -> str:
    names = dict(valid_in(run.indeling_year).filter(code__in=run.gemeenten).values_list("code", "name"))
    return ", ".join(names.get(code, code) for code in run.gemeenten)


def _value(frame: pd.DataFrame, code: str, period: int) -> float | None:
    rows = frame[(frame["area_code"] == code) & (frame["period"] == period) & ~frame["suppressed"]]
    if rows.empty or pd.isna(rows["value"].iloc[0]):
        return None
    return float(rows["value"].iloc[0])


def _legend(published: np.ndarray, meta: Indicator | None) -> Legend:
    try:
        return build_legend(
            published,
            scheme="quantiles",
            k=5,
            direction=meta.direction if meta else "neutral",
            breaks=list(meta.legend_breaks) if meta else None,
            labels=list(meta.legend_labels) if meta else None,
        )
    except LegendError:
        return build_legend(published, scheme="quantiles", k=5)


def _layer(
    run: AnalysisRun,
    code: str,
    frame: pd.DataFrame,
    shapes: pd.DataFrame,
    height: float,
    meta: Indicator | None,
    place: str,
    lang: str,
) -> dict[str, Any]:
    first, last = run.period_start, run.period_end
    buurten = frame[frame["area_code"].isin(set(shapes["area_code"]))]
    end = buurten[buurten["period"] == last].set_index("area_code")
    start = buurten[buurten["period"] == first].set_index("area_code")
    published = end.loc[~end["suppressed"].astype(bool), "value"].dropna().to_numpy(float)
    # Fewer distinct values than classes only means fewer classes; the legend shows what it has.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        legend = _legend(published, meta)

    legend_decimals = label_decimals(legend.bins)
    # As many decimals as the legend needs to tell its classes apart: a score of -0.07 is not "0,0".
    decimals = max(decimals_of(meta), min(legend_decimals, 3))
    areas, figures = [], []
    for shape in shapes.itertuples():
        row_end = end.loc[shape.area_code] if shape.area_code in end.index else None
        row_start = start.loc[shape.area_code] if shape.area_code in start.index else None
        suppressed = any(r is not None and bool(r["suppressed"]) for r in (row_end, row_start))
        value = None if row_end is None or bool(row_end["suppressed"]) else row_end["value"]
        value = None if value is None or pd.isna(value) else float(value)
        fill = NO_DATA_COLOUR
        if row_end is not None and bool(row_end["suppressed"]):
            fill = SUPPRESSED_COLOUR
        elif value is not None:
            fill = legend.bins[int(legend.assign([value])[0])].colour
        areas.append({"name": shape.name, "path": shape.path, "fill": fill})
        before = None if row_start is None or pd.isna(row_start["value"]) else float(row_start["value"])
        figures.append(AreaFigures(str(shape.name), before, value, suppressed=suppressed))
    story = layer_story(
        place=place,
        reference=_("Nederland"),
        first=first,
        last=last,
        decimals=decimals,
        city=(_value(frame, run.gemeenten[0], first), _value(frame, run.gemeenten[0], last))
        if len(run.gemeenten) == 1
        else (None, None),
        country=(_value(frame, NATIONAL_CODE, first), _value(frame, NATIONAL_CODE, last)),
        areas=figures,
        language=lang,
    )

    def shown(x: float) -> str:
        return number(round(x * 10**legend_decimals), legend_decimals, lang) if np.isfinite(x) else ""

    name = (meta.name_en or meta.name_nl if lang == "en" else meta.name_nl) if meta else code
    return {
        "code": code,
        "anchor": f"laag-{code}",
        "name": name,
        "unit": meta.unit if meta else "",
        "source": meta.source if meta else "",
        "map": map_image(areas, MAP_WIDTH, height, name),
        "bins": [
            {"colour": b.colour, "label": b.label, "lower": shown(b.lower), "upper": shown(b.upper)}
            for b in legend.bins
        ],
        "suppressed": sum(1 for a in figures if a.suppressed),
        "story": story,
    }


def _layers(
    run: AnalysisRun, shapes: pd.DataFrame, height: float, place: str, lang: str
) -> list[dict[str, Any]]:
    values = read_result(run.pk, "values", filters=[("period", "in", [run.period_start, run.period_end])])
    if values.empty:
        return []
    values = values.assign(suppressed=values["suppressed"].astype(bool))
    buurt_rows = values[values["area_code"].isin(set(shapes["area_code"]))]
    # A layer needs figures of its buurten in both years; otherwise there is no development to tell.
    years = buurt_rows.groupby("indicator")["period"].nunique()
    # Counts say more about a buurt's size than about its people: the maps show shares, rates and scores,
    # as the study's chapter II did.
    metas = {
        m.code: m
        for m in Indicator.objects.filter(code__in=[str(c) for c in years[years == 2].index]).exclude(
            kind=Indicator.Kind.COUNT
        )
    }
    codes = sorted(metas)
    preset = run_preset(run)
    first = [preset.vulnerable.indicator, preset.nuisance.indicator] if preset else []
    order = sorted(
        codes,
        key=lambda c: (
            c not in first,
            first.index(c) if c in first else 0,
            metas[c].name_nl if c in metas else c,
        ),
    )
    grouped = dict(tuple(values[values["indicator"].isin(codes)].groupby("indicator")))
    return [_layer(run, code, grouped[code], shapes, height, metas.get(code), place, lang) for code in order]


def _classes(run: AnalysisRun, shapes: pd.DataFrame, height: float, lang: str) -> dict[str, Any]:
    preset = run_preset(run)
    by_key = {c.key: c for c in preset.classes} if preset else {}
    frame = queries.classes(run, LEVEL)
    rows = frame.set_index("area_code") if len(frame) else pd.DataFrame()
    areas = []
    for shape in shapes.itertuples():
        row = rows.loc[shape.area_code] if shape.area_code in rows.index else None
        klass = by_key.get(str(row["class_key"])) if row is not None else None
        fill = klass.colour if klass else (str(row["colour"]) if row is not None else NO_DATA_COLOUR)
        areas.append({"name": shape.name, "path": shape.path, "fill": fill})
    counts = frame["class_key"].value_counts().to_dict() if len(frame) else {}
    legend = [
        {"label": getattr(c.label, lang), "colour": c.colour, "count": int(counts.get(c.key, 0))}
        for c in (preset.classes if preset else [])
    ]
    return {"map": map_image(areas, MAP_WIDTH, height, _("De veerkrachtkaart")), "legend": legend}


def _changes(run: AnalysisRun, previous: AnalysisRun | None, lang: str) -> list[dict[str, str]]:
    if previous is None:
        return []
    changes = queries.compare_runs(previous.pk, run.pk, level=LEVEL)
    changes = changes[changes["changed"]].sort_values("name")
    column = f"class_label_{lang}"
    return [
        {
            "name": str(row["name"]),
            "before": str(row[f"{column}_a"]) if pd.notna(row[f"{column}_a"]) else "—",
            "after": str(row[f"{column}_b"]) if pd.notna(row[f"{column}_b"]) else "—",
        }
        for row in changes.to_dict("records")
    ]


def _sources(layers: list[dict[str, Any]]) -> list[dict[str, str]]:
    metas = Indicator.objects.filter(code__in=[layer["code"] for layer in layers]).order_by("name_nl")
    return [
        {"name": m.name_nl, "source": m.source, "licence": m.licence, "definition": m.definition_nl}
        for m in metas
    ]


def report_context(run: AnalysisRun, *, progress: Any = None) -> dict[str, Any]:
    """Everything the report's template shows, in the active language."""
    lang = language()
    step = progress or (lambda _step, _done, _total: None)
    step("kaarten", 0, 5)
    shapes, height = svg_shapes(run, LEVEL, width=MAP_WIDTH)
    place = _place(run)
    step("lagen", 1, 5)
    layers = _layers(run, shapes, height, place, lang)
    step("veerkrachtkaart", 2, 5)
    previous = previous_run(run)
    preset = run_preset(run)
    step("bijlage", 3, 5)
    return {
        "run": run,
        "place": place,
        "synthetic": run.synthetic,
        "width": MAP_WIDTH,
        "height": height,
        "layers": layers,
        "classes": _classes(run, shapes, height, lang),
        "previous": previous,
        "changes": _changes(run, previous, lang),
        "preset": preset,
        "method": methodology.describe(preset, lang) if preset else None,
        "provenance": provenance_summary(run),
        "sources": _sources(layers),
        "privacy_threshold": settings.VEERKRACHT_PRIVACY_THRESHOLD,
        "no_data_colour": NO_DATA_COLOUR,
        "suppressed_colour": SUPPRESSED_COLOUR,
    }


def render_city_report(run: AnalysisRun, *, language_code: str = "nl", progress: Any = None) -> bytes:
    """The city report of a succeeded run as PDF bytes (A4, page numbers, a table of contents)."""
    from django.utils import timezone, translation

    step = progress or (lambda _step, _done, _total: None)
    with translation.override(language_code):
        context = report_context(run, progress=step)
        context["made_on"] = timezone.localdate()
        step("pdf", 4, 5)
        content = render_pdf(TEMPLATE, context, language=language_code)
    step("klaar", 5, 5)
    return content
