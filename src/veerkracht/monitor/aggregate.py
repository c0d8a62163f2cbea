# SPDX-License-Identifier: EUPL-1.2
"""Aggregation between area levels: counts sum, shares and rates are recomputed, scores are weighted."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from .catalogue import Catalogue, IndicatorSpec, build_catalogue
from .frames import LEVEL_RANK, validate_areas, validate_membership, validate_values
from .hierarchy import Grouping, Hierarchy
from .panel import Panel


def aggregate(
    values: pd.DataFrame,
    areas: pd.DataFrame,
    membership: pd.DataFrame,
    catalogue: Iterable[IndicatorSpec | Mapping[str, Any]] | Mapping[str, IndicatorSpec],
    *,
    min_coverage: float = 1.0,
) -> pd.DataFrame:
    """Fill in every level above the data through the membership graph.

    Counts are summed with the membership weights; shares and rates are recomputed from the
    aggregated numerator and denominator (never averaged); scores are means weighted by their
    weight indicator (e.g. inhabitants or dwellings). Values that are in the input are never
    replaced, also not when they are NaN (a value the source kept secret stays secret). Indicators
    that are not in the catalogue are passed through unchanged: summing a percentage because its
    definition was forgotten would be silently wrong, a missing row is noticed.

    Parameters
    ----------
    values, areas, membership : pandas.DataFrame
        Frames of the contract (see :mod:`veerkracht.monitor.frames`).
    catalogue : iterable of IndicatorSpec or dict
        Indicator specifications; counts a share or score refers to are added automatically.
    min_coverage : float, default 1.0
        Fraction of a parent's membership weight that must have data. Below it the parent's value
        is NaN; at or above it but below 1 the value is computed from the children that have data
        and flagged ``estimated``.

    Returns
    -------
    pandas.DataFrame
        The long values frame with all input rows plus one row per (parent area, indicator,
        period) that could be computed. ``area_code`` and ``indicator`` are Categoricals.

    Examples
    --------
    >>> areas = pd.DataFrame({"area_code": ["BU1", "BU2", "WK1"], "level": ["buurt", "buurt", "wijk"]})
    >>> edges = pd.DataFrame({"child_code": ["BU1", "BU2"], "parent_code": ["WK1", "WK1"]})
    >>> values = pd.DataFrame({
    ...     "area_code": ["BU1", "BU1", "BU2", "BU2"], "period": 2020,
    ...     "indicator": ["kwetsbaar", "inwoners"] * 2, "value": [10, 100, 30, 100]})
    >>> spec = {"code": "kwetsbaar_pct", "kind": "share", "numerator": "kwetsbaar", "denominator": "inwoners"}
    >>> out = aggregate(values, areas, edges, [spec])
    >>> out.query("area_code == 'WK1'").set_index("indicator")["value"].to_dict()
    {'inwoners': 200.0, 'kwetsbaar': 40.0, 'kwetsbaar_pct': 20.0}
    """
    areas = validate_areas(areas).reset_index(drop=True)
    panel = Panel.from_long(validate_values(values), areas, validate=False)
    hierarchy = Hierarchy.build(validate_membership(membership, areas), areas, validate=False)
    result = aggregate_panel(panel, hierarchy, build_catalogue(catalogue), min_coverage=min_coverage)
    return result.to_long()


def aggregate_panel(
    panel: Panel, hierarchy: Hierarchy, catalogue: Catalogue, *, min_coverage: float = 1.0, copy: bool = True
) -> Panel:
    """Panel form of :func:`aggregate`; returns a new panel unless ``copy`` is False."""
    if not 0.0 < min_coverage <= 1.0:
        raise ValueError(f"min_coverage must be in (0, 1], got {min_coverage}")
    out = panel.copy() if copy else panel
    for code in catalogue:
        if code in out.values or any(code in spec.components() for spec in catalogue.values()):
            out.ensure(code)
    _derive_numerators(out, catalogue)
    counts = [c for c, s in catalogue.items() if s.kind == "count" and c in out.values]
    scores = [c for c, s in catalogue.items() if s.kind == "score" and c in out.values]
    ratios = [c for c, s in catalogue.items() if s.kind in ("share", "rate")]
    for rank in sorted({LEVEL_RANK[g.parent_level] for g in hierarchy.groupings}):
        groupings = [g for g in hierarchy.groupings if LEVEL_RANK[g.parent_level] == rank]
        for code in counts:
            _sum_up(out, code, groupings, min_coverage)
        for code in scores:
            _weighted_mean_up(out, code, catalogue[code].weight or "", groupings, min_coverage)
    for code in ratios:
        _recompute_ratio(out, catalogue[code])
    return out


def _derive_numerators(panel: Panel, catalogue: Catalogue) -> None:
    """Where only a share and its denominator are known, recover the numerator to aggregate it."""
    for spec in catalogue.values():
        if spec.kind not in ("share", "rate") or spec.code not in panel.values:
            continue
        numerator, denominator = spec.numerator or "", spec.denominator or ""
        panel.ensure(numerator)
        panel.ensure(denominator)
        share, den = panel.values[spec.code], panel.values[denominator]
        fill = ~panel.present[numerator] & panel.present[spec.code] & np.isfinite(share) & np.isfinite(den)
        panel.values[numerator][fill] = share[fill] * den[fill] / spec.scale
        panel.present[numerator][fill] = True
        panel.flag("estimated", numerator)[fill] = True
        panel.flag("synthetic", numerator)[fill] = panel.flag("synthetic", spec.code)[fill]


def _candidates(
    panel: Panel, groupings: list[Grouping], child_sums: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per parent cell, pick the grouping with the best coverage (ties: the finest child level).

    ``child_sums(grouping)`` returns (value, coverage, synthetic, estimated) per parent row.
    """
    shape = panel.shape
    best_cov = np.full(shape, -1.0)
    best_val = np.full(shape, np.nan)
    best_syn = np.zeros(shape, dtype=bool)
    best_est = np.zeros(shape, dtype=bool)
    for grouping in groupings:
        value, coverage, synthetic, estimated = child_sums(grouping)
        rows = grouping.parents
        better = coverage > best_cov[rows]
        target = best_cov[rows]
        target[better] = coverage[better]
        best_cov[rows] = target
        for array, new in ((best_val, value), (best_syn, synthetic), (best_est, estimated)):
            current = array[rows]
            current[better] = new[better]
            array[rows] = current
    return best_val, best_cov, best_syn, best_est


def _store(
    panel: Panel, code: str, found: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], min_coverage: float
) -> None:
    value, coverage, synthetic, estimated = found
    fill = (coverage > 0) & ~panel.present[code]
    complete_enough = coverage >= min_coverage - 1e-12
    panel.values[code][fill] = np.where(complete_enough, value, np.nan)[fill]
    panel.present[code][fill] = True
    panel.flag("synthetic", code)[fill] = synthetic[fill]
    panel.flag("estimated", code)[fill] = (estimated | (coverage < 1.0 - 1e-12))[fill]


def _sum_up(panel: Panel, code: str, groupings: list[Grouping], min_coverage: float) -> None:
    x, present = panel.values[code], panel.present[code]
    known = present & np.isfinite(x)
    synthetic, estimated = panel.flag("synthetic", code), panel.flag("estimated", code)

    def child_sums(g: Grouping) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        known_c = known[g.children]
        total_weight = np.asarray(g.matrix.sum(axis=1)).reshape(-1, 1)
        value = g.matrix @ np.where(known_c, x[g.children], 0.0)
        coverage = (g.matrix @ known_c.astype(np.float64)) / total_weight
        binary = g.binary
        syn = (binary @ (synthetic[g.children] & known_c).astype(np.float64)) > 0
        est = (binary @ (estimated[g.children] & known_c).astype(np.float64)) > 0
        return value, coverage, syn, est

    _store(panel, code, _candidates(panel, groupings, child_sums), min_coverage)


def _weighted_mean_up(
    panel: Panel, code: str, weight_code: str, groupings: list[Grouping], min_coverage: float
) -> None:
    panel.ensure(weight_code)
    x, w = panel.values[code], panel.values[weight_code]
    known = panel.present[code] & np.isfinite(x)
    both = known & np.isfinite(w) & (w >= 0)
    # A child without weight (no dwellings) has nothing to contribute: it is covered, not missing.
    covered = both | (np.isfinite(w) & (w == 0))
    synthetic, estimated = panel.flag("synthetic", code), panel.flag("estimated", code)

    def child_sums(g: Grouping) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        both_c = both[g.children]
        weights = np.where(both_c, w[g.children], 0.0)
        numerator = g.matrix @ (weights * np.where(both_c, x[g.children], 0.0))
        denominator = g.matrix @ weights
        with np.errstate(invalid="ignore", divide="ignore"):
            value = np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1.0), np.nan)
        total_weight = np.asarray(g.matrix.sum(axis=1)).reshape(-1, 1)
        coverage = (g.matrix @ covered[g.children].astype(np.float64)) / total_weight
        binary = g.binary
        syn = (binary @ (synthetic[g.children] & both_c).astype(np.float64)) > 0
        est = (binary @ (estimated[g.children] & both_c).astype(np.float64)) > 0
        return value, coverage, syn, est

    _store(panel, code, _candidates(panel, groupings, child_sums), min_coverage)


def _recompute_ratio(panel: Panel, spec: IndicatorSpec) -> None:
    numerator, denominator = spec.numerator or "", spec.denominator or ""
    panel.ensure(spec.code)
    num, den = panel.values[numerator], panel.values[denominator]
    fill = ~panel.present[spec.code] & panel.present[numerator] & panel.present[denominator]
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(den > 0, spec.scale * num / np.where(den > 0, den, 1.0), np.nan)
    panel.values[spec.code][fill] = ratio[fill]
    panel.present[spec.code][fill] = True
    for flag in ("synthetic", "estimated"):
        combined = panel.flag(flag, numerator) | panel.flag(flag, denominator)
        panel.flag(flag, spec.code)[fill] = combined[fill]
