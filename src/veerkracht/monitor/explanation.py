# SPDX-License-Identifier: EUPL-1.2
"""Why an area is in its class, in Dutch and English, with the numbers that decided it (vectorised)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .preset import CATEGORIES, Preset, Thresholds

MINUS = "\u2212"
Strings = Any  # a pyarrow string array or a plain str (broadcast)


def _join(*parts: Strings) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _numbers(values: np.ndarray, decimals: int, language: str, *, sign: bool = False) -> pa.Array:
    values = np.asarray(values, dtype=np.float64)
    finite = np.isfinite(values)
    scaled = np.rint(np.abs(np.where(finite, values, 0.0)) * 10**decimals).astype(np.int64)
    text = pc.cast(pa.array(scaled // 10**decimals), pa.string())
    if decimals > 0:
        fraction = pc.utf8_lpad(
            pc.cast(pa.array(scaled % 10**decimals), pa.string()), width=decimals, padding="0"
        )
        text = _join(text, "," if language == "nl" else ".", fraction)
    negative = (values < 0) & (scaled > 0)
    positive = (values > 0) & (scaled > 0) & sign
    prefix = pa.array(np.where(negative, MINUS, np.where(positive, "+", "")))
    return pc.if_else(pa.array(finite), _join(prefix, text), "?")


def format_numbers(values: np.ndarray, decimals: int, language: str, *, sign: bool = False) -> pd.Series:
    """Format numbers the Dutch (decimal comma) or English way, without a Python loop per value.

    National grids produce hundreds of thousands of explanations; formatting through integer
    arithmetic and Arrow string kernels keeps that well under a second.

    Examples
    --------
    >>> format_numbers(np.array([3.44, -0.12, 0.0, np.nan]), 1, "nl", sign=True).tolist()
    ['+3,4', '−0,1', '0,0', '?']
    >>> format_numbers(np.array([1234.5]), 2, "en").tolist()
    ['1234.50']
    """
    return pd.Series(pd.array(_numbers(values, decimals, language, sign=sign), dtype="str"))


def _pick(labels: list[str], codes: np.ndarray) -> pa.Array:
    return pa.array(labels, type=pa.string()).take(pa.array(np.asarray(codes, dtype=np.int64)))


def _choose(code: np.ndarray, options: dict[int, Strings], default: Strings) -> pa.Array:
    out = (
        default
        if isinstance(default, pa.Array)
        else pa.array(np.full(len(code), default, dtype=object), pa.string())
    )
    for value, text in options.items():
        out = pc.if_else(pa.array(code == value), text, out)
    return out


def explain(
    preset: Preset,
    thresholds: Thresholds,
    reference: tuple[str, str],
    *,
    vulnerable_change: np.ndarray,
    vulnerable_code: np.ndarray,
    residents: np.ndarray,
    nuisance_level: np.ndarray,
    level_code: np.ndarray,
    relative_change: np.ndarray,
    development_code: np.ndarray,
    language: str,
) -> pd.Series:
    """One explanation per area in ``language`` ("nl" or "en"); ``reference`` is its Dutch and English name.

    Example of the Dutch form: ``Aandeel kwetsbare bewoners +3,4 procentpunt (toename, drempel 1,0);
    onv −0,12 (veel overlast, drempel −0,08); ontwikkeling onv t.o.v. Nederland −0,030
    (verslechtering, marge 0,005)``.
    """
    nl = language == "nl"
    vr, nu, th = preset.vulnerable, preset.nuisance, thresholds
    w = {
        "threshold": "drempel" if nl else "threshold",
        "between": "tussen" if nl else "between",
        "and": "en" if nl else "and",
        "band": "marge" if nl else "dead band",
        "within": "binnen marge" if nl else "within dead band",
        "development": "ontwikkeling" if nl else "development of",
        "versus": "t.o.v." if nl else "relative to",
        "unknown": "onbekend" if nl else "unknown",
        "few": "te weinig bewoners" if nl else "too few residents",
    }

    def text(t: object) -> str:
        return str(getattr(t, language))

    def constant(x: float, decimals: int) -> str:
        return str(_numbers(np.array([x]), decimals, language)[0])

    cats = {f: [text(preset.category_labels[f][c]) for c in CATEGORIES[f]] for f in CATEGORIES}
    d_vr, d_nu = vr.decimals, nu.decimals
    low, high = constant(th.vulnerable_decrease_below, d_vr), constant(th.vulnerable_increase_above, d_vr)
    vr_threshold = _choose(
        vulnerable_code,
        {3: f", {w['threshold']} {high}", 1: f", {w['threshold']} {low}"},
        f", {w['between']} {low} {w['and']} {high}",
    )
    vr_part = _join(
        f"{text(vr.label)} ",
        _numbers(vulnerable_change, d_vr, language, sign=True),
        f" {text(vr.unit)} (",
        _pick(cats["vulnerable_change"], vulnerable_code),
        vr_threshold,
        ")",
    )
    few = np.isfinite(residents) & (residents < th.minimum_residents)
    few_text = _join(
        f"{text(vr.label)} {w['unknown']} ({w['few']}: ",
        _numbers(residents, 0, language),
        f", minimum {constant(th.minimum_residents, 0)})",
    )
    missing = pc.if_else(pa.array(few), few_text, f"{text(vr.label)} {w['unknown']}")
    vr_part = pc.if_else(pa.array(vulnerable_code == 0), missing, vr_part)

    much, some = constant(th.nuisance_much, d_nu), constant(th.nuisance_some, d_nu)
    level_threshold = _choose(
        level_code,
        {3: f", {w['threshold']} {much}", 2: f", {w['between']} {much} {w['and']} {some}"},
        f", {w['threshold']} {some}",
    )
    level_part = _join(
        f"{text(nu.short)} ",
        _numbers(nuisance_level, d_nu, language),
        " (",
        _pick(cats["nuisance_level"], level_code),
        level_threshold,
        ")",
    )
    level_part = pc.if_else(pa.array(level_code == 0), f"{text(nu.short)} {w['unknown']}", level_part)

    band = constant(th.development_dead_band, d_nu + 1)
    reference_name = reference[0 if nl else 1]
    lead = f"{w['development']} {text(nu.short)} {w['versus']} {reference_name}"
    band_text = _choose(development_code, {2: f"{w['within']} {band}"}, f"{w['band']} {band}")
    development_part = _join(
        f"{lead} ",
        _numbers(relative_change, d_nu + 1, language, sign=True),
        " (",
        _pick(cats["nuisance_development"], development_code),
        ", ",
        band_text,
        ")",
    )
    development_part = pc.if_else(pa.array(development_code == 0), f"{lead} {w['unknown']}", development_part)
    return pd.Series(pd.array(_join(vr_part, "; ", level_part, "; ", development_part), dtype="str"))
