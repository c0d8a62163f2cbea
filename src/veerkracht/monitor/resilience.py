# SPDX-License-Identifier: EUPL-1.2
"""The veerkracht classification: three factors per area, cut by thresholds, looked up in the preset."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from .categories import development_category, nuisance_level_category, vulnerable_category
from .change import ReferenceSpec, reference_changes
from .explanation import explain_frame
from .frames import AREA_CODE, LEVEL, NAME, validate_areas
from .hierarchy import Hierarchy
from .panel import Panel
from .preset import CATEGORIES, Preset
from .vulnerability import concentration_panel


def classify_panel(
    panel: Panel,
    preset: Preset,
    *,
    period_start: int,
    period_end: int,
    reference: ReferenceSpec | None = None,
    hierarchy: Hierarchy | None = None,
    levels: Sequence[str] | None = None,
    explanations: bool = True,
) -> pd.DataFrame:
    """Panel form of :func:`classify`."""
    reference = reference or preset.reference
    th = preset.thresholds
    all_levels = panel.areas[LEVEL].to_numpy(dtype=object)
    rows = np.flatnonzero(np.isin(all_levels, list(levels)) if levels else np.ones(panel.n_areas, dtype=bool))
    t0, t1 = panel.period_index(period_start), panel.period_index(period_end)
    concentration = concentration_panel(panel, preset.vulnerable, period_start)[rows]
    vr_start, vr_end = concentration[:, t0], concentration[:, t1]
    vr_change = vr_end - vr_start
    population = preset.population_indicator
    if population in panel.values:
        residents_start, residents_end = (
            panel.values[population][rows, t0],
            panel.values[population][rows, t1],
        )
    else:
        residents_start = residents_end = np.full(len(rows), np.nan)
    # A share change needs enough residents at both ends; a missing count does not block a class.
    residents = np.fmin(residents_start, residents_end)
    panel.ensure(preset.nuisance.indicator)
    nuisance = panel.values[preset.nuisance.indicator][rows]
    nu_start, nu_end = nuisance[:, t0], nuisance[:, t1]
    nu_change = nu_end - nu_start
    resolved = reference_changes(
        panel, preset.nuisance.indicator, period_start, period_end, reference, rows, hierarchy
    )
    ref = resolved.changes
    relative = nu_change - ref
    v_code = vulnerable_category(vr_change, residents, th)
    l_code = nuisance_level_category(nu_end, th)
    d_code = development_category(relative, th)
    class_index = preset.table[v_code, l_code, d_code]
    classes = preset.classes
    out = pd.DataFrame(
        {
            AREA_CODE: _text(panel.areas[AREA_CODE], rows),
            LEVEL: _text(panel.areas[LEVEL], rows),
            NAME: _text(panel.areas[NAME], rows) if NAME in panel.areas else "",
            "period_start": period_start,
            "period_end": period_end,
            "class_key": _pick([c.key for c in classes], class_index),
            "class_label_nl": _pick([c.label.nl for c in classes], class_index),
            "class_label_en": _pick([c.label.en for c in classes], class_index),
            "colour": _pick([c.colour for c in classes], class_index),
            "vulnerable_start": vr_start,
            "vulnerable_end": vr_end,
            "vulnerable_change": vr_change,
            "vulnerable_category": _pick(_names("vulnerable_change"), v_code),
            "residents_start": residents_start,
            "residents_end": residents_end,
            "nuisance_start": nu_start,
            "nuisance_end": nu_end,
            "nuisance_level_category": _pick(_names("nuisance_level"), l_code),
            "nuisance_change": nu_change,
            "reference_change": ref,
            "nuisance_relative_change": relative,
            "nuisance_development_category": _pick(_names("nuisance_development"), d_code),
        }
    )
    if explanations:
        for language in ("nl", "en"):
            sentence, calculation = explain_frame(
                out, preset, (resolved.label_nl, resolved.label_en), language
            )
            out[f"explanation_{language}"] = sentence.array
            out[f"calculation_{language}"] = calculation.array
    out.attrs["reference"] = {
        "scope": reference.scope,
        "label_nl": resolved.label_nl,
        "label_en": resolved.label_en,
        "note": resolved.note,
    }
    return out


def _pick(labels: list[str], codes: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """labels[codes] as text straight from Arrow (a national grid has 435,000 rows per column)."""
    return pd.array(pa.array(labels, type=pa.large_string()).take(pa.array(np.asarray(codes))), dtype="str")


def _text(column: pd.Series, rows: np.ndarray) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """Rows of a text column, without a round trip through Python strings."""
    if isinstance(column.array, pd.arrays.ArrowStringArray):
        return column.array.take(rows)
    return column.to_numpy(dtype=object)[rows]


def _names(factor: str) -> list[str]:
    return list(CATEGORIES[factor])


def classify(
    values: pd.DataFrame,
    areas: pd.DataFrame,
    preset: Preset,
    *,
    period_start: int,
    period_end: int,
    reference: ReferenceSpec | None = None,
    membership: pd.DataFrame | None = None,
    levels: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Put every area in exactly one veerkracht class, with the numbers and words that put it there.

    Parameters
    ----------
    values : pandas.DataFrame
        Long values frame with, for both periods, the preset's vulnerable-residents indicator (or
        its composite components), the nuisance indicator and the population; aggregate first
        (:func:`veerkracht.monitor.aggregate`) to classify coarser levels.
    areas : pandas.DataFrame
    preset : Preset
        Methodology (see :func:`veerkracht.monitor.load_preset`); thresholds via
        ``preset.with_thresholds(...)``.
    period_start, period_end : int
    reference : ReferenceSpec, optional
        Defaults to the preset's (national).
    membership : pandas.DataFrame, optional
        Needed for a municipal reference.
    levels : sequence of str, optional
        Only classify these levels (default: all areas).

    Returns
    -------
    pandas.DataFrame
        One row per area: ``class_key``, labels, ``colour``, the three factors with their numbers
        and categories, ``explanation_nl`` / ``explanation_en`` (one plain sentence) and
        ``calculation_nl`` / ``calculation_en`` (the thresholds that decided it).

    Examples
    --------
    >>> from veerkracht.monitor import load_preset
    >>> areas = pd.DataFrame({"area_code": ["BU1", "NL"], "level": ["buurt", "land"]})
    >>> values = pd.DataFrame({
    ...     "area_code": ["BU1"] * 6 + ["NL"] * 2, "period": [2014, 2018] * 4,
    ...     "indicator": ["aandeel_kwetsbaar"] * 2 + ["lbm_onv", "lbm_onv", "inwoners", "inwoners"]
    ...     + ["lbm_onv"] * 2,
    ...     "value": [20.0, 23.4, -0.09, -0.12, 900, 950, 0.04, 0.05]})
    >>> out = classify(values, areas, load_preset(), period_start=2014, period_end=2018, levels=["buurt"])
    >>> out.loc[0, "class_key"]
    'under_pressure_severe'
    >>> print(out.loc[0, "explanation_nl"])  # doctest: +NORMALIZE_WHITESPACE
    Het aandeel kwetsbare bewoners steeg van 20,0% in 2014 naar 23,4% in 2018 (+3,4 procentpunt),
    en de Leefbaarometer-score voor overlast en onveiligheid verslechterde van −0,09 naar −0,12
    (veel overlast), terwijl die in Nederland in dezelfde jaren met 0,01 verbeterde: een slechtere
    ontwikkeling dan in Nederland.
    >>> print(out.loc[0, "calculation_nl"])  # doctest: +NORMALIZE_WHITESPACE
    Aandeel kwetsbare bewoners: toename, want +3,4 procentpunt is meer dan de drempel van 1,0.
    Overlast en onveiligheid (onv): veel overlast, want −0,12 is lager dan −0,08. Ontwikkeling ten
    opzichte van Nederland: verslechtering, want −0,03 min +0,01 is −0,04, minder dan −0,005.
    """
    areas = validate_areas(areas).reset_index(drop=True)
    panel = Panel.from_long(values, areas)
    hierarchy = Hierarchy.build(membership, areas) if membership is not None else None
    return classify_panel(
        panel,
        preset,
        period_start=period_start,
        period_end=period_end,
        reference=reference,
        hierarchy=hierarchy,
        levels=levels,
    )
