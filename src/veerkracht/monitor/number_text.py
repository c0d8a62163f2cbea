# SPDX-License-Identifier: EUPL-1.2
"""Numbers as text, the Dutch or the English way, and rounding that never changes a category.

National grids produce hundreds of thousands of explanations; integer arithmetic and Arrow string
kernels format them without a Python loop per value.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

MINUS = "\u2212"
#: How many decimals beyond the preset's a number may get to stay in its category.
EXTRA_DECIMALS = 9


def _join(*parts: Any) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _fixed(values: np.ndarray, decimals: int, language: str, sign: bool) -> pa.Array:
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


def numbers_text(values: np.ndarray, decimals: Any, language: str, *, sign: bool = False) -> pa.Array:
    """Arrow strings of ``values`` with ``decimals`` (one number, or one per value)."""
    values = np.asarray(values, dtype=np.float64)
    per_row = np.asarray(decimals, dtype=np.int64)
    if per_row.ndim == 0 or len(np.unique(per_row)) == 1:
        return _fixed(values, int(per_row.flat[0]) if per_row.size else 0, language, sign)
    # Most rows share the preset's decimals; format each group once and put the rows back in order.
    pieces, order = [], []
    for d in np.unique(per_row):
        rows = np.flatnonzero(per_row == d)
        pieces.append(_fixed(values[rows], int(d), language, sign))
        order.append(rows)
    inverse = np.empty(len(values), dtype=np.int64)
    inverse[np.concatenate(order)] = np.arange(len(values))
    return pa.concat_arrays(pieces).take(pa.array(inverse))


def format_numbers(values: np.ndarray, decimals: Any, language: str, *, sign: bool = False) -> pd.Series:
    """Format numbers the Dutch (decimal comma) or English way, without a Python loop per value.

    ``decimals`` is one number or one per value. National grids produce hundreds of thousands of
    explanations; integer arithmetic and Arrow string kernels keep that well under a second.

    Examples
    --------
    >>> format_numbers(np.array([3.44, -0.12, 0.0, np.nan]), 1, "nl", sign=True).tolist()
    ['+3,4', '−0,1', '0,0', '?']
    >>> format_numbers(np.array([1234.5, 0.0051]), [2, 4], "en").tolist()
    ['1234.50', '0.0051']
    """
    return pd.Series(pd.array(numbers_text(values, decimals, language, sign=sign), dtype="str"))


def rounded(values: np.ndarray, decimals: Any) -> np.ndarray:
    """Round half to even exactly as :func:`format_numbers` shows the value.

    >>> rounded(np.array([0.0051, -1.25]), [2, 1]).tolist()
    [0.01, -1.2]
    """
    values = np.asarray(values, dtype=np.float64)
    scale = 10.0 ** np.asarray(decimals, dtype=np.float64)
    return np.sign(values) * np.rint(np.abs(values) * scale) / scale


def decimals_of(value: float, at_least: int) -> int:
    """The fewest decimals (at least ``at_least``) that show ``value`` exactly.

    >>> decimals_of(0.005, 2), decimals_of(-0.08, 1), decimals_of(1.0, 1)
    (3, 2, 1)
    """
    for d in range(at_least, at_least + EXTRA_DECIMALS):
        if abs(round(value, d) - value) < 1e-12:
            return d
    return at_least + EXTRA_DECIMALS


def consistent_decimals(base: int, n: int, checks: list[tuple[Any, np.ndarray, np.ndarray]]) -> np.ndarray:
    """Per row the fewest decimals (at least ``base``) at which every check holds.

    A check is ``(categories_at(decimals), expected_codes, applies)``: the categories that the
    numbers rounded to ``decimals`` fall in must equal the expected ones where ``applies``.

    >>> from veerkracht.monitor import load_preset
    >>> from veerkracht.monitor.categories import vulnerable_category
    >>> th = load_preset().thresholds
    >>> change = np.array([1.04, 3.0, 1.0004])
    >>> at = lambda d: vulnerable_category(rounded(change, d), np.full(3, 100.0), th)
    >>> consistent_decimals(1, 3, [(at, np.array([3, 3, 3]), np.ones(3, dtype=bool))]).tolist()
    [2, 1, 4]
    """
    chosen = np.full(n, base + EXTRA_DECIMALS, dtype=np.int64)
    undecided = np.ones(n, dtype=bool)
    for decimals in range(base, base + EXTRA_DECIMALS + 1):
        ok = np.ones(n, dtype=bool)
        for categories_at, expected, applies in checks:
            ok &= ~applies | (categories_at(decimals) == expected)
        chosen[undecided & ok] = decimals
        undecided &= ~ok
        if not undecided.any():
            break
    return chosen
