# SPDX-License-Identifier: EUPL-1.2
"""What the monitor's map layers show: the indicator map, the veerkrachtkaart and the hidden hotspots.

Every area of the level gets a status, so a page can tell "geen gegevens" (no figure exists) from
"afgeschermd" (a figure exists but is below the privacy threshold) in its map, legend and table.
Everything comes from a run's published result frames.
"""

import json
import math
from typing import Any

import numpy as np
import pandas as pd
import shapely
from django.utils.translation import get_language

from veerkracht.analysis import queries
from veerkracht.analysis.models import AnalysisRun
from veerkracht.analysis.results import read_result
from veerkracht.areas.geometry import map_geojson_of
from veerkracht.areas.queries import valid_in
from veerkracht.geo.squares import square_origins
from veerkracht.indicators.models import Indicator
from veerkracht.monitor import load_preset
from veerkracht.monitor.colour_vision import NO_DATA_COLOUR
from veerkracht.monitor.legend import build_legend
from veerkracht.monitor.preset import Preset, PresetError

VALUE, SUPPRESSED, NO_DATA = "value", "suppressed", "no_data"
#: Grey with a cross-hatch (drawn by the page) for figures below the privacy threshold.
SUPPRESSED_COLOUR = "#C8C8C8"
#: The factor numbers a veerkrachtkaart row carries (blank where withheld).
NUMBERS = (
    "vulnerable_start",
    "vulnerable_end",
    "vulnerable_change",
    "residents_start",
    "residents_end",
    "nuisance_start",
    "nuisance_end",
    "nuisance_change",
    "reference_change",
    "nuisance_relative_change",
)


def number(value: Any) -> float | None:
    """A JSON-safe float: missing and NaN become None."""
    if value is None or value is pd.NA:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def area_names(run: AnalysisRun, level: str) -> dict[str, str]:
    """Code to name of every area of the level in the run's indeling and gemeenten."""
    rows = valid_in(run.indeling_year).filter(gemeente_code__in=run.gemeenten, level=level)
    return dict(rows.order_by("code").values_list("code", "name"))


def run_preset(run: AnalysisRun) -> Preset | None:
    """The run's preset as shipped now (its labels, descriptions and palettes), if it still exists."""
    try:
        return load_preset(run.preset_name)
    except PresetError:
        return None


def indicator_layer(
    run: AnalysisRun, indicator: str, level: str, period: int, scheme: str, k: int
) -> dict[str, Any]:
    """One indicator, level and year: legend in classes, and a status and value for every area."""
    meta = Indicator.objects.filter(code=indicator).first()
    frame = queries.indicator_map(run, indicator, level, period)
    values = frame.get("value", pd.Series(dtype=float)).to_numpy(float)
    legend = build_legend(
        values,
        scheme=scheme,
        k=k,
        direction=meta.direction if meta else "neutral",
        breaks=list(meta.legend_breaks) if meta else None,
        labels=list(meta.legend_labels) if meta else None,
    )
    bins: list[int] = legend.assign(values).tolist() if len(frame) else []
    areas: dict[str, dict[str, Any]] = {
        code: {"status": NO_DATA, "value": None, "bin": -1, "estimated": False}
        for code in area_names(run, level)
    }
    for row, b in zip(frame.itertuples(), bins, strict=True):
        value = number(row.value)
        status = SUPPRESSED if bool(row.suppressed) else (VALUE if value is not None else NO_DATA)
        areas[str(row.area_code)] = {
            "status": status,
            "value": value if status == VALUE else None,
            "bin": int(b) if status == VALUE else -1,
            "estimated": bool(row.estimated),
        }
    statuses = [a["status"] for a in areas.values()]
    return {
        "run": run.pk,
        "period": period,
        "level": level,
        "synthetic": run.synthetic,
        "indicator": indicator_meta(meta, indicator),
        "legend": legend.to_dict(),
        "suppressed": {"count": statuses.count(SUPPRESSED), "colour": SUPPRESSED_COLOUR},
        "no_data": {"count": statuses.count(NO_DATA), "colour": NO_DATA_COLOUR},
        "areas": areas,
    }


def indicator_meta(meta: Indicator | None, code: str) -> dict[str, Any]:
    if meta is None:
        # An indicator the run published but the catalogue lacks: the same fields, nothing known.
        return {
            "code": code,
            "name": code,
            "name_en": code,
            "unit": "",
            "kind": "",
            "direction": "neutral",
            "source": "",
            "licence": "",
            "definition": "",
        }
    return {
        "code": meta.code,
        "name": meta.name_nl,
        "name_en": meta.name_en,
        "unit": meta.unit,
        "kind": meta.kind,
        "direction": meta.direction,
        "source": meta.source,
        "licence": meta.licence,
        "definition": meta.definition_nl,
    }


def class_legend(preset: Preset | None, counts: dict[str, int], lang: str) -> list[dict[str, Any]]:
    """Every class of the preset in its order (most alarming first), also those with no area."""
    if preset is None:
        return []
    return [
        {
            "key": c.key,
            "label": getattr(c.label, lang),
            "description": getattr(c.description, lang),
            "colour": c.colour,
            "accessible_colour": c.accessible_colour,
            "pattern": c.pattern,
            "count": int(counts.get(c.key, 0)),
        }
        for c in preset.classes
    ]


def classes_layer(run: AnalysisRun, level: str) -> dict[str, Any]:
    """The veerkrachtkaart of one level: the legend of all classes and, per area, class and why."""
    lang = language()
    preset = run_preset(run)
    frame = queries.classes(run, level)
    names = area_names(run, level)
    by_key = {c.key: c for c in preset.classes} if preset else {}
    areas: dict[str, dict[str, Any]] = {}
    for row in frame.to_dict("records"):
        code = str(row["area_code"])
        klass = by_key.get(str(row["class_key"]))
        areas[code] = {
            "area_code": code,
            "status": VALUE,
            "class_key": row["class_key"],
            "label": getattr(klass.label, lang) if klass else row.get(f"class_label_{lang}", ""),
            "colour": klass.colour if klass else row["colour"],
            "accessible_colour": klass.accessible_colour if klass else row["colour"],
            "pattern": klass.pattern if klass else "",
            "explanation": row.get(f"explanation_{lang}") or "",
            "calculation": row.get(f"calculation_{lang}") or "",
            "withheld": bool(row.get("withheld", False)),
            **{name: number(row.get(name)) for name in NUMBERS},
            # Both languages as the run stored them, for API users.
            **{
                f"{field}_{other}": row.get(f"{field}_{other}") or ""
                for field in ("class_label", "explanation", "calculation")
                for other in ("nl", "en")
            },
        }
    no_data = [code for code in names if code not in areas]
    for code in no_data:
        areas[code] = {"area_code": code, "status": NO_DATA}
    counts = frame["class_key"].value_counts().to_dict() if len(frame) else {}
    return {
        "run": run.pk,
        "level": level,
        "period_start": run.period_start,
        "period_end": run.period_end,
        "reference": run.manifest.get("reference", {}),
        "synthetic": run.synthetic,
        # Per layer of the class and per indicator: which inputs are real, which synthetic (ADR 0019).
        "provenance": run.manifest.get("provenance", {}),
        "preset": {
            "name": run.preset_name,
            "version": run.preset_version,
            "title": getattr(preset.title, lang) if preset else run.preset_name,
        },
        "legend": class_legend(preset, counts, lang),
        "no_data": {"count": len(no_data), "colour": NO_DATA_COLOUR},
        "areas": areas,
    }


def _square_boxes(codes: list[str]) -> list[shapely.Geometry]:
    xs, ys = square_origins(codes)
    return list(shapely.box(xs, ys, xs + 100, ys + 100))


def hotspots_geojson(run: AnalysisRun) -> dict[str, Any]:
    """Hidden hotspots as GeoJSON (WGS84): squares or complexes outlined inside their buurt, with the
    share of the buurt's residents who live in its hotspots."""
    units = read_result(run.pk, "hidden_hotspots")
    summary = read_result(run.pk, "hidden_hotspot_summary")
    if units.empty:
        return {"type": "FeatureCollection", "features": [], "buurten": {}}
    lang = language()
    preset = run_preset(run)
    labels = {c.key: getattr(c.label, lang) for c in preset.classes} if preset else {}
    codes = units["area_code"].astype(str).tolist()
    squares = units["level"].astype(str).to_numpy() == "square"
    geometries: list[shapely.Geometry | None] = [None] * len(units)
    for position, shape in zip(
        np.flatnonzero(squares), _square_boxes([codes[i] for i in np.flatnonzero(squares)]), strict=True
    ):
        geometries[position] = shape
    others = [codes[i] for i in np.flatnonzero(~squares)]
    if others:
        shapes = {a.code: a.geometry for a in valid_in(run.indeling_year).filter(code__in=others)}
        for position in np.flatnonzero(~squares):
            geometries[position] = shapes.get(codes[position])
    parents = area_names(run, "buurt")
    complexes = area_names(run, "complex")
    features = []
    for row, shape in zip(units.to_dict("records"), geometries, strict=True):
        if shape is None:
            continue
        complex_code = row.get("complex_code")
        complex_code = None if complex_code is None or complex_code is pd.NA else str(complex_code)
        properties = {
            "code": str(row["area_code"]),
            "level": str(row["level"]),
            "parent_code": str(row["parent_code"]),
            "parent_name": parents.get(str(row["parent_code"]), str(row["parent_code"])),
            "complex_code": complex_code,
            "complex_name": complexes.get(complex_code or "", None),
            "class_key": str(row["class_key"]),
            "class_label": labels.get(str(row["class_key"]), str(row["class_key"])),
            "reason": str(row["reason"]),
            "residents": None if row.get("withheld") else number(row.get("residents")),
        }
        features.append(
            {
                "type": "Feature",
                "id": properties["code"],
                "properties": properties,
                "geometry": json.loads(map_geojson_of(shape, tolerance=0.0)),
            }
        )
    buurten = {
        str(row["parent_code"]): {
            "hotspots": int(row["n_hotspots"]),
            "share_residents_pct": None if row.get("withheld") else number(row.get("share_residents_pct")),
        }
        for row in summary.to_dict("records")
    }
    return {"type": "FeatureCollection", "features": features, "buurten": buurten}
