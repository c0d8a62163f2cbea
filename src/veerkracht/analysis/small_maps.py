# SPDX-License-Identifier: EUPL-1.2
"""Small multiples as static SVG maps: one indicator over the years on one legend, and the
veerkrachtkaart of two runs side by side with what changed.

The maps are drawn on the server (no map library, no script), so they print, work without
JavaScript and carry a <title> per area for screen readers; the table beside them says the same.
"""

from typing import Any

import numpy as np
import pandas as pd

from veerkracht.analysis import queries
from veerkracht.analysis.layers import (
    NO_DATA,
    SUPPRESSED,
    SUPPRESSED_COLOUR,
    VALUE,
    language,
    number,
    run_preset,
)
from veerkracht.analysis.models import AnalysisRun
from veerkracht.analysis.results import read_result
from veerkracht.geo.svg import svg_paths
from veerkracht.indicators.models import Indicator
from veerkracht.monitor.colour_vision import NO_DATA_COLOUR
from veerkracht.monitor.legend import LegendError, build_legend, label_decimals

WIDTH = 240.0


def svg_shapes(run: AnalysisRun, level: str, width: float = WIDTH) -> tuple[pd.DataFrame, float]:
    """The areas of a level as SVG paths (code, name, path; sorted by name) and the map's height."""
    shapes = queries.area_shapes(run, level)
    paths, height = svg_paths(list(shapes.geometry), width=width)
    frame = pd.DataFrame({"area_code": shapes["area_code"], "name": shapes["name"], "path": paths})
    return frame[frame["path"] != ""].sort_values("name").reset_index(drop=True), height


def _format(value: float | None, decimals: int) -> str:
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".") if language() == "nl" else text


def indicator_over_years(run: AnalysisRun, indicator: str, level: str, scheme: str) -> dict[str, Any]:
    """One small map per year of the run for the indicator, all coloured by one legend."""
    shapes, height = svg_shapes(run, level)
    values = read_result(run.pk, "values", filters=[("indicator", "==", indicator)])
    values = values[values["area_code"].isin(set(shapes["area_code"]))] if len(values) else values
    meta = Indicator.objects.filter(code=indicator).first()
    published = (
        values.loc[~values["suppressed"].astype(bool), "value"] if len(values) else pd.Series(dtype=float)
    )
    try:
        legend = build_legend(
            published.to_numpy(float),
            scheme=scheme,
            k=5,
            direction=meta.direction if meta else "neutral",
            breaks=list(meta.legend_breaks) if meta else None,
            labels=list(meta.legend_labels) if meta else None,
        )
    except LegendError:
        legend = build_legend(published.to_numpy(float), scheme="quantiles", k=5)
    decimals = label_decimals(legend.bins)
    periods = sorted(int(p) for p in run.periods)
    panels = []
    for period in periods:
        rows = values[values["period"] == period].set_index("area_code") if len(values) else pd.DataFrame()
        areas = []
        counts = {VALUE: 0, SUPPRESSED: 0, NO_DATA: 0}
        for shape in shapes.itertuples():
            row = rows.loc[shape.area_code] if shape.area_code in rows.index else None
            suppressed = row is not None and bool(row["suppressed"])
            value = None if row is None or suppressed else number(row["value"])
            status = SUPPRESSED if suppressed else (VALUE if value is not None else NO_DATA)
            counts[status] += 1
            fill = NO_DATA_COLOUR
            if status == VALUE and value is not None:
                fill = legend.bins[int(legend.assign([value])[0])].colour
            elif status == SUPPRESSED:
                fill = SUPPRESSED_COLOUR
            areas.append(
                {
                    "code": shape.area_code,
                    "name": shape.name,
                    "path": shape.path,
                    "fill": fill,
                    "status": status,
                    "value": _format(value, decimals),
                }
            )
        panels.append(
            {
                "period": period,
                "areas": areas,
                "counts": counts,
                "in_analysis": run.period_start <= period <= run.period_end,
            }
        )
    bins = [
        {
            "colour": b.colour,
            "label": b.label,
            "lower": _format(b.lower, decimals),
            "upper": _format(b.upper, decimals),
        }
        for b in legend.bins
    ]
    return {
        "panels": panels,
        "bins": bins,
        "height": height,
        "width": WIDTH,
        "meta": meta,
        "no_data_colour": NO_DATA_COLOUR,
        "suppressed_colour": SUPPRESSED_COLOUR,
    }


def classes_side_by_side(run_a: AnalysisRun, run_b: AnalysisRun, level: str, area: str) -> dict[str, Any]:
    """The veerkrachtkaart of two runs as small maps, the areas whose class changed, and one area's
    class and explanation in both."""
    lang = language()
    panels: list[dict[str, Any]] = []
    frames = {}
    legend: dict[str, dict[str, Any]] = {}
    height = WIDTH
    for run in (run_a, run_b):
        shapes, height = svg_shapes(run, level)
        classes = queries.classes(run, level)
        frames[run.pk] = classes.set_index("area_code") if len(classes) else pd.DataFrame()
        preset = run_preset(run)
        by_key = {c.key: c for c in preset.classes} if preset else {}
        for c in by_key.values():
            legend.setdefault(
                c.key, {"label": getattr(c.label, lang), "colour": c.colour, "pattern": c.pattern}
            )
        areas = []
        for shape in shapes.itertuples():
            row = frames[run.pk].loc[shape.area_code] if shape.area_code in frames[run.pk].index else None
            klass = by_key.get(str(row["class_key"])) if row is not None else None
            areas.append(
                {
                    "code": shape.area_code,
                    "name": shape.name,
                    "path": shape.path,
                    "fill": klass.colour if klass else (row["colour"] if row is not None else NO_DATA_COLOUR),
                    "pattern": klass.pattern if klass else "",
                    "label": getattr(klass.label, lang)
                    if klass
                    else (row[f"class_label_{lang}"] if row is not None else ""),
                    "highlight": shape.area_code == area,
                }
            )
        panels.append({"run": run, "areas": areas})
    a, b = frames[run_a.pk], frames[run_b.pk]
    codes = sorted(set(a.index) | set(b.index)) if len(a) or len(b) else []
    names = {row["code"]: row["name"] for panel in panels for row in panel["areas"]}
    changes = []
    for code in codes:
        key_a = str(a.loc[code, "class_key"]) if code in a.index else ""
        key_b = str(b.loc[code, "class_key"]) if code in b.index else ""
        if key_a == key_b:
            continue
        changes.append(
            {
                "code": code,
                "name": names.get(code, code),
                "label_a": legend.get(key_a, {}).get("label", "—") if key_a else "—",
                "label_b": legend.get(key_b, {}).get("label", "—") if key_b else "—",
            }
        )
    focus = None
    if area:
        focus = {
            "code": area,
            "name": names.get(area, area),
            "sides": [
                {
                    "run": run,
                    "label": legend.get(str(frame.loc[area, "class_key"]), {}).get("label", "")
                    if area in frame.index
                    else "",
                    "explanation": frame.loc[area, f"explanation_{lang}"] if area in frame.index else "",
                }
                for run, frame in ((run_a, a), (run_b, b))
            ],
        }
    same = int(np.sum([1 for c in codes if c in a.index and c in b.index])) - len(
        [c for c in changes if c["label_a"] != "—" and c["label_b"] != "—"]
    )
    return {
        "panels": panels,
        "legend": list(legend.values()),
        "changes": changes,
        "unchanged": same,
        "focus": focus,
        "height": height,
        "width": WIDTH,
        "no_data_colour": NO_DATA_COLOUR,
    }
