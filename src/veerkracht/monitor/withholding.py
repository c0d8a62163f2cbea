# SPDX-License-Identifier: EUPL-1.2
"""Carry small-number suppression over to derived results: blank the numbers, keep what is safe."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .catalogue import Catalogue
from .frames import AREA_CODE, PERIOD
from .panel import Panel
from .preset import CATEGORIES, Preset


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
) -> pd.DataFrame:
    """Blank the numbers behind a class where they rest on suppressed counts; keep the class.

    A class says only in which direction three things moved; the numbers could give away a small
    count. Withheld rows get an explanation in words only.
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
    for codes, columns in groups.values():
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
    out["withheld"] = withheld
    if withheld.any() and "explanation_nl" in out:
        for language, note in (
            ("nl", "cijfers afgeschermd wegens kleine aantallen"),
            ("en", "figures withheld because of small numbers"),
        ):
            words = []
            for factor, column in (
                ("vulnerable_change", "vulnerable_category"),
                ("nuisance_level", "nuisance_level_category"),
                ("nuisance_development", "nuisance_development_category"),
            ):
                labels = {c: getattr(preset.category_labels[factor][c], language) for c in CATEGORIES[factor]}
                words.append(out.loc[withheld, column].map(labels))
            sentence = words[0] + "; " + words[1] + "; " + words[2] + " (" + note + ")"
            out.loc[withheld, f"explanation_{language}"] = sentence
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
