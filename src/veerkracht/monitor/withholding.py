# SPDX-License-Identifier: EUPL-1.2
"""Carry small-number suppression over to derived results: blank the numbers, keep what is safe."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .catalogue import Catalogue
from .explanation import explain_frame
from .frames import AREA_CODE, PERIOD
from .panel import Panel
from .preset import Preset


def _suppressed(published: Panel, code: str, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    if code not in published.values:
        return np.zeros(len(rows), dtype=bool)
    flag = published.flags["suppressed"][code]
    valid = (rows >= 0) & (columns >= 0)
    out = np.zeros(len(rows), dtype=bool)
    out[valid] = flag[rows[valid], columns[valid]]
    return out


def _inputs(code: str, catalogue: Catalogue) -> set[str]:
    spec = catalogue.get(code)
    return {code, *(spec.components() if spec else ())}


def withhold_columns(
    frame: pd.DataFrame,
    published: Panel,
    indicator: str,
    columns: Sequence[str],
    *,
    period: int | None = None,
) -> pd.DataFrame:
    """Blank ``columns`` where ``indicator`` is suppressed for the row's area (and period).

    The frame needs ``area_code`` and, unless ``period`` is given, ``period``; a boolean
    ``withheld`` column records which rows lost numbers.
    """
    # A shallow copy is enough: pandas copies on write, and only whole columns are replaced.
    out = frame.copy(deep=False)
    if "withheld" not in out:
        out["withheld"] = False
    if out.empty or indicator not in published.values:
        return out
    rows = published.indices(out[AREA_CODE])
    periods = np.full(len(out), period) if period is not None else out[PERIOD].to_numpy(dtype=np.int64)
    cols = _period_columns(published, periods)
    mask = _suppressed(published, indicator, rows, cols)
    for column in columns:
        if column in out:
            out[column] = _blank(out[column], mask)
    out["withheld"] = out["withheld"].to_numpy(dtype=bool) | mask
    return out


def _period_columns(published: Panel, periods: np.ndarray) -> np.ndarray:
    """The panel column of each period (-1 for a period the panel does not have), vectorised."""
    known = np.asarray(published.periods, dtype=np.int64)
    order = np.argsort(known)
    wanted = np.asarray(periods, dtype=np.int64)
    at = np.clip(np.searchsorted(known[order], wanted), 0, max(len(known) - 1, 0))
    if not len(known):
        return np.full(len(wanted), -1, dtype=np.int64)
    return np.where(known[order][at] == wanted, order[at], -1).astype(np.int64)


def _blank(column: pd.Series, mask: np.ndarray) -> np.ndarray:
    """The column as floats, NaN where ``mask``."""
    values = column.to_numpy(dtype=np.float64, copy=True, na_value=np.nan)
    values[mask] = np.nan
    return values


def withhold_classes(
    classes: pd.DataFrame,
    published: Panel,
    preset: Preset,
    catalogue: Catalogue,
    period_start: int,
    period_end: int,
    *,
    explain: bool = False,
) -> pd.DataFrame:
    """Blank the numbers behind a class where they rest on suppressed counts; keep the class.

    A class says only in which direction three things moved; the numbers could give away a small
    count. Withheld rows get an explanation and a calculation in words only: rewritten here when
    ``classes`` has explanations, or written for every row with ``explain`` (one pass, which is
    what a whole run does).
    """
    out = classes.copy(deep=False)
    rows = published.indices(out[AREA_CODE])
    vulnerable_codes = {preset.population_indicator}
    for code in (preset.vulnerable.indicator, *preset.vulnerable.components):
        for part in _inputs(code, catalogue):
            vulnerable_codes |= _inputs(part, catalogue)
    nuisance_codes = _inputs(preset.nuisance.indicator, catalogue)
    groups = {
        "vulnerable": (
            vulnerable_codes,
            ["vulnerable_start", "vulnerable_end", "vulnerable_change", "residents_start", "residents_end"],
        ),
        "nuisance": (
            nuisance_codes,
            ["nuisance_start", "nuisance_end", "nuisance_change", "nuisance_relative_change"],
        ),
    }
    withheld = np.zeros(len(out), dtype=bool)
    masks = {}
    # Too few residents is a reason for "insufficient data" that may be said; the count may not.
    residents = np.fmin(
        out["residents_start"].to_numpy(dtype=np.float64), out["residents_end"].to_numpy(dtype=np.float64)
    )
    few = residents < preset.thresholds.minimum_residents
    for group, (codes, columns) in groups.items():
        mask = np.zeros(len(out), dtype=bool)
        for period in (period_start, period_end):
            if period not in published.periods:
                continue
            t = np.full(len(out), published.periods.index(period))
            for code in codes:
                mask |= _suppressed(published, code, rows, t)
        for column in columns:
            out[column] = _blank(out[column], mask)
        withheld |= mask
        masks[group] = mask
    out["withheld"] = withheld
    rows = np.ones(len(out), dtype=bool) if explain else withheld
    if rows.any() and (explain or "explanation_nl" in out):
        # Without the blanked numbers the sentence and calculation say in words which way things
        # moved and that the figures are withheld.
        reference = out.attrs.get("reference") or {}
        labels = (
            reference.get("label_nl") or preset.reference.labels()[0],
            reference.get("label_en") or preset.reference.labels()[1],
        )
        chosen = out.loc[rows]
        for language in ("nl", "en"):
            sentence, calculation = explain_frame(
                chosen,
                preset,
                labels,
                language,
                withheld_vulnerable=masks["vulnerable"][rows],
                withheld_nuisance=masks["nuisance"][rows],
                few_residents=few[rows],
            )
            if explain:
                out[f"explanation_{language}"] = sentence.to_numpy()
                out[f"calculation_{language}"] = calculation.to_numpy()
            else:
                out.loc[rows, f"explanation_{language}"] = sentence.to_numpy()
                out.loc[rows, f"calculation_{language}"] = calculation.to_numpy()
    return out


def withhold_hotspots(
    units: pd.DataFrame, per_buurt: pd.DataFrame, classes: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Blank hotspot numbers that rest on withheld classes; per buurt, blank the resident counts
    wherever one of its hotspots is withheld (a sum over a suppressed cell can undo its suppression).
    """
    withheld = classes.loc[classes["withheld"], AREA_CODE].to_numpy(dtype=object)

    def among_withheld(column: pd.Series) -> np.ndarray:
        # Object-dtype indexes hash; string isin on millions of Arrow strings would not.
        return np.asarray(pd.Index(column.to_numpy(dtype=object), dtype=object).isin(withheld))

    units = units.copy()
    mask = among_withheld(units[AREA_CODE]) | among_withheld(units["parent_code"])
    for column in ("vulnerable_end", "parent_vulnerable_end", "residents"):
        units[column] = units[column].astype(np.float64).where(~mask)
    units["withheld"] = mask
    per_buurt = per_buurt.copy()
    touched = units.loc[mask, "parent_code"].to_numpy(dtype=object)
    blank = np.asarray(pd.Index(per_buurt["parent_code"].to_numpy(dtype=object), dtype=object).isin(touched))
    for column in ("residents_in_hotspots", "parent_residents", "share_residents_pct"):
        per_buurt[column] = per_buurt[column].astype(np.float64).where(~blank)
    per_buurt["withheld"] = blank
    return units, per_buurt
