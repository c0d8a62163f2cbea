# SPDX-License-Identifier: EUPL-1.2
"""One analysis run: the whole pipeline on given frames, with a manifest to repeat and compare it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .aggregate import aggregate_panel
from .catalogue import IndicatorSpec, build_catalogue
from .emerging import emerging_hot_spots
from .frames import AREA_CODE, validate_areas, validate_membership, validate_values
from .getis_ord import hot_spots_panel
from .hidden_hotspots import hidden_hotspots
from .hierarchy import Hierarchy
from .manifest import build_manifest
from .need_support import need_support_panel
from .panel import Panel
from .parameters import AnalysisParameters
from .preset import Preset
from .resilience import classify_panel
from .smoothing import smooth_panel
from .suppression import suppress_panel
from .withholding import withhold_classes, withhold_columns, withhold_hotspots

#: The frames of an :class:`AnalysisResult`, in the order of its fields.
RESULT_FRAMES = (
    "classes",
    "values",
    "smoothed",
    "hidden_hotspots",
    "hidden_hotspot_summary",
    "gi",
    "emerging",
    "need_support",
)


@dataclass(frozen=True)
class AnalysisInputs:
    """The frames of one run and where they came from.

    ``identifiers`` are passed through to the manifest, e.g. ``{"import_run:41": "sha256:..."}``:
    the engine cannot know the import runs, the Django side can.
    """

    values: pd.DataFrame
    areas: pd.DataFrame
    membership: pd.DataFrame
    catalogue: Iterable[IndicatorSpec | Mapping[str, Any]] | Mapping[str, IndicatorSpec]
    identifiers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AnalysisResult:
    """Everything a run produces; persistence is the caller's (the Django side stores runs).

    Attributes
    ----------
    classes : pandas.DataFrame
        One row per classified area: class, colour, labels, factor numbers and explanations.
    values : pandas.DataFrame
        All values at all levels after aggregation and small-number suppression (publishable).
    smoothed : pandas.DataFrame
        Empirical-Bayes smoothed rates with credible intervals.
    hidden_hotspots, hidden_hotspot_summary : pandas.DataFrame
    gi : pandas.DataFrame
        Gi* per square and period.
    emerging : pandas.DataFrame
        Emerging hot spot category per square (three or more periods).
    need_support : pandas.DataFrame
    manifest : dict
        Inputs, parameters, preset (name, version, SHA-256), code version, row counts, model fits.
    """

    classes: pd.DataFrame
    values: pd.DataFrame
    smoothed: pd.DataFrame
    hidden_hotspots: pd.DataFrame
    hidden_hotspot_summary: pd.DataFrame
    gi: pd.DataFrame
    emerging: pd.DataFrame
    need_support: pd.DataFrame
    manifest: dict[str, Any]

    def frames(self) -> dict[str, pd.DataFrame]:
        """The result frames by name, e.g. to write each to Parquet."""
        return {name: getattr(self, name) for name in RESULT_FRAMES}


def run_analysis(inputs: AnalysisInputs, preset: Preset, parameters: AnalysisParameters) -> AnalysisResult:
    """Run the whole veerkracht analysis on the given frames.

    Aggregation to every level, the veerkracht classification with explanations, small-number
    suppression of everything published, empirical-Bayes smoothing, hidden hotspots, Gi* with an
    FDR correction, emerging hot spots (three or more periods) and need versus support. Pure:
    the same inputs, preset and parameters give the same result.

    Examples
    --------
    >>> from veerkracht.monitor import ReferenceSpec, load_preset
    >>> areas = pd.DataFrame({"area_code": ["B1", "B2", "W1"], "level": ["buurt", "buurt", "wijk"]})
    >>> edges = pd.DataFrame({"child_code": ["B1", "B2"], "parent_code": "W1"})
    >>> rows = [(a, i, p, v) for a, base in (("B1", 0), ("B2", 1)) for p in (2014, 2018)
    ...         for i, v in (("inwoners", 800 + 10 * base),
    ...                      ("kwetsbaar", 80 + (40 if p == 2018 else 0)),
    ...                      ("lbm_onv", -0.1 if p == 2014 else -0.12 + 0.05 * base))]
    >>> values = pd.DataFrame(rows, columns=["area_code", "indicator", "period", "value"])
    >>> catalogue = [{"code": "aandeel_kwetsbaar", "kind": "share", "numerator": "kwetsbaar",
    ...               "denominator": "inwoners"}, {"code": "lbm_onv", "kind": "score", "weight": "inwoners"}]
    >>> parameters = AnalysisParameters(2014, 2018, reference=ReferenceSpec("fixed", value=0.0))
    >>> inputs = AnalysisInputs(values, areas, edges, catalogue, {"demo": "doctest"})
    >>> result = run_analysis(inputs, load_preset(), parameters)
    >>> result.classes.set_index("area_code")["class_key"].to_dict()
    {'B1': 'under_pressure_severe', 'B2': 'resilient', 'W1': 'resilient'}
    >>> result.manifest["preset"]["name"]
    'veerkracht-2021'
    """
    p = parameters
    areas = validate_areas(inputs.areas).reset_index(drop=True)
    values = validate_values(inputs.values, check_duplicates=False)
    membership = validate_membership(inputs.membership, areas)
    catalogue = build_catalogue(inputs.catalogue)
    if p.thresholds:
        preset = preset.with_thresholds(**dict(p.thresholds))
    reference = p.reference or preset.reference
    panel = Panel.from_long(values, areas, validate=False)
    hierarchy = Hierarchy.build(membership, areas, validate=False)
    full = aggregate_panel(panel, hierarchy, catalogue, min_coverage=p.min_coverage, copy=False)
    del panel, values
    classes = classify_panel(
        full,
        preset,
        period_start=p.period_start,
        period_end=p.period_end,
        reference=reference,
        hierarchy=hierarchy,
        levels=p.classify_levels,
        # Written once, after the withholding below knows which numbers may be shown.
        explanations=False,
    )
    # Hidden hotspots need the numbers behind the classes, so they come before the withholding.
    units, per_buurt = hidden_hotspots(
        classes,
        membership,
        worst_classes=preset.hidden_hotspot_classes,
        parent_level=p.hotspot_parent_level,
        excess=p.hotspot_excess,
        parent_quantile=p.hotspot_parent_quantile,
        min_residents=preset.thresholds.minimum_residents,
    )
    published, report = suppress_panel(
        full, hierarchy, catalogue, threshold=p.suppression_threshold, floor=p.suppression_floor
    )
    reference_used = classes.attrs.get("reference", {})
    classes = withhold_classes(
        classes, published, preset, catalogue, p.period_start, p.period_end, explain=p.explanations
    )
    units, per_buurt = withhold_hotspots(units, per_buurt, classes)
    smoothed = _smooth(full, published, hierarchy, catalogue, p)
    gi_indicator = p.gi_indicator or preset.vulnerable.indicator
    min_residents = preset.thresholds.minimum_residents if p.gi_min_residents is None else p.gi_min_residents
    include = None
    if preset.population_indicator in full.values:
        include = ~(full.values[preset.population_indicator] < min_residents)
    gi = hot_spots_panel(
        full, gi_indicator, distance=p.gi_distance, k=p.gi_k, alpha=p.gi_alpha, include=include
    )
    gi = withhold_columns(gi, published, gi_indicator, ["value"])
    emerging = (
        emerging_hot_spots(gi, trend_alpha=p.trend_alpha)
        if gi["period"].nunique() >= 3
        else pd.DataFrame(columns=[AREA_CODE, "category"])
    )
    need_frame, need_model = _need_support(full, published, preset, p)

    manifest = build_manifest(
        inputs=inputs,
        preset=preset,
        parameters=p,
        reference=reference_used,
        catalogue=sorted(catalogue),
        periods=list(full.periods),
        classes=classes,
        suppression=report,
        need_support_model=need_model,
    )
    return AnalysisResult(
        classes, published.to_long(), smoothed, units, per_buurt, gi, emerging, need_frame, manifest
    )


def _smooth(
    full: Panel,
    published: Panel,
    hierarchy: Hierarchy,
    catalogue: dict[str, IndicatorSpec],
    p: AnalysisParameters,
) -> pd.DataFrame:
    codes = p.smoothing_indicators
    if codes is None:
        codes = tuple(c for c, s in catalogue.items() if s.kind == "rate")
    frames = []
    for code in codes:
        spec = catalogue[code]
        frame = smooth_panel(
            full,
            spec,
            level=p.smoothing_level,
            prior_level=p.smoothing_prior_level,
            hierarchy=hierarchy,
            credibility=p.credibility,
        )
        # The posterior mean is an invertible function of the event count: withhold it where the count is.
        frame = withhold_columns(
            frame, published, spec.numerator or "", ["events", "raw_rate", "smoothed_rate", "lower", "upper"]
        )
        frames.append(withhold_columns(frame, published, spec.denominator or "", ["population"]))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[AREA_CODE, "indicator"])


def _need_support(
    full: Panel, published: Panel, preset: Preset, p: AnalysisParameters
) -> tuple[pd.DataFrame, dict[str, Any]]:
    if p.need_support is None:
        return pd.DataFrame(columns=[AREA_CODE, "flag"]), {}
    ns = p.need_support
    need = ns.need or (preset.vulnerable.indicator,)
    fit = need_support_panel(
        full,
        ns.support,
        need,
        period=ns.period or p.period_end,
        level=ns.level,
        weight=ns.weight,
        threshold=ns.threshold,
    )
    frame = fit.areas
    for code, column in ((ns.support, "support"), *((c, c) for c in need)):
        frame = withhold_columns(frame, published, code, [column], period=ns.period or p.period_end)
    return frame, {"coefficients": fit.coefficients, "r_squared": fit.r_squared, "n": fit.n}


@dataclass(frozen=True)
class AnalysisRun:
    """A run as a value: inputs, preset and parameters; :meth:`execute` gives the result."""

    inputs: AnalysisInputs
    preset: Preset
    parameters: AnalysisParameters

    def execute(self) -> AnalysisResult:
        return run_analysis(self.inputs, self.preset, self.parameters)
