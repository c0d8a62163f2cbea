# SPDX-License-Identifier: EUPL-1.2
"""Emerging hot spots: Mann-Kendall trends on per-period Gi* z-scores, in ESRI's categories.

The rules (after ESRI's Emerging Hot Spot Analysis; ``n`` periods, a period is a hot (cold) bin
when the square is a significant hot (cold) spot after the FDR correction, "90 %" means at least
``ceil(0.9 n)`` periods, which for up to 10 periods is all but at most one and for fewer than 10
periods is all of them). Checked in this order for a square that is hot in the final period:

- ``oscillating_hot``: it was a significant cold spot in an earlier period (and < 90 % hot);
- ``new_hot``: it was never hot before;
- ``consecutive_hot``: one uninterrupted run of at least two hot periods at the end, never hot
  before the run, < 90 % hot;
- ``intensifying_hot`` / ``diminishing_hot``: >= 90 % hot with a significant increasing /
  decreasing Mann-Kendall trend of its z-scores;
- ``persistent_hot``: >= 90 % hot without a significant trend;
- ``sporadic_hot``: the rest (on-again, off-again, never cold).

A square not hot in the final period but hot in >= 90 % of them is ``historical_hot``. The cold
categories mirror these (an intensifying cold spot has a decreasing trend). Everything else is
``no_pattern``; squares lacking a z-score in some period are ``insufficient_data``. The Mann-Kendall
test needs enough periods to be significant at all: with 3 periods never, with 4 only at
alpha >= 0.089 (hence the default ``trend_alpha`` of 0.10), with 5 from 0.028.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pyarrow.compute as pc
from scipy import stats

from .frames import AREA_CODE, PERIOD
from .positions import as_strings, positions


def mann_kendall(series: np.ndarray, alpha: float = 0.05) -> dict[str, np.ndarray]:
    """Vectorised Mann-Kendall trend test on each row (same results as ``pymannkendall.original_test``).

    Parameters
    ----------
    series : numpy.ndarray
        (n_series, n_periods) without NaN.
    alpha : float

    Returns
    -------
    dict of str to numpy.ndarray
        ``s``, ``var_s`` (with the tie correction), ``z`` (continuity-corrected), ``p``
        (two-sided) and ``trend`` (1 increasing, -1 decreasing, 0 none).

    Examples
    --------
    >>> out = mann_kendall(np.array([[1.0, 2.0, 3.0, 4.0, 5.0], [3.0, 1.0, 3.0, 1.0, 3.0]]))
    >>> out["s"].tolist(), out["trend"].tolist()
    ([10.0, 0.0], [1, 0])
    """
    x = np.asarray(series, dtype=np.float64)
    n = x.shape[1]
    i, j = np.triu_indices(n, k=1)
    s = np.sign(x[:, j] - x[:, i]).sum(axis=1)
    ties = (x[:, :, None] == x[:, None, :]).sum(axis=2)  # size of the tie group of every value
    correction = ((ties - 1) * (2 * ties + 5)).sum(axis=1)
    var_s = (n * (n - 1) * (2 * n + 5) - correction) / 18.0
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(s > 0, (s - 1) / np.sqrt(var_s), np.where(s < 0, (s + 1) / np.sqrt(var_s), 0.0))
    z = np.nan_to_num(z)
    p = 2.0 * stats.norm.sf(np.abs(z))
    significant = np.abs(z) > stats.norm.ppf(1 - alpha / 2)
    trend = np.where(significant & (z > 0), 1, np.where(significant & (z < 0), -1, 0))
    return {"s": s, "var_s": var_s, "z": z, "p": p, "trend": trend}


def _family(hot: np.ndarray, cold: np.ndarray, trend: np.ndarray, prefix: str) -> np.ndarray:
    """Categories for the squares that are ``hot`` in the final period (``cold`` is the opposite)."""
    n = hot.shape[1]
    ninety = hot.sum(axis=1) >= math.ceil(0.9 * n)
    final = hot[:, -1]
    before = hot[:, :-1]
    # Length of the run of hot periods that ends at the final one.
    not_hot = ~hot[:, ::-1]
    run = np.where(not_hot.any(axis=1), not_hot.argmax(axis=1), n)
    first_hot = np.where(hot.any(axis=1), hot.argmax(axis=1), n)
    hot_before_run = first_hot < n - run
    out = np.full(len(hot), "", dtype=object)
    rules = [
        (final & ~ninety & cold[:, :-1].any(axis=1), "oscillating"),
        (final & ~before.any(axis=1), "new"),
        (final & ~ninety & (run >= 2) & ~hot_before_run, "consecutive"),
        (final & ninety & (trend == 1), "intensifying"),
        (final & ninety & (trend == -1), "diminishing"),
        (final & ninety, "persistent"),
        (final, "sporadic"),
        (~final & ninety, "historical"),
    ]
    for mask, name in rules:
        take = mask & (out == "")
        out[take] = f"{name}_{prefix}"
    return out


def classify_emerging(
    z: np.ndarray, hot: np.ndarray, cold: np.ndarray, *, trend_alpha: float = 0.10
) -> pd.DataFrame:
    """ESRI emerging hot spot category per row of (n_squares, n_periods) z-scores and hot/cold bins.

    Examples
    --------
    >>> z = np.array([[0.1, 0.2, 0.1, 3.0], [3.0, 3.5, 4.0, 5.0], [0.0, 0.1, -0.1, 0.0]])
    >>> hot = z > 2.5
    >>> classify_emerging(z, hot, np.zeros_like(hot))["category"].tolist()
    ['new_hot', 'intensifying_hot', 'no_pattern']
    """
    mk = mann_kendall(z, trend_alpha)
    hot_category = _family(hot, cold, mk["trend"], "hot")
    cold_category = _family(cold, hot, -mk["trend"], "cold")
    category = np.where(
        hot_category != "", hot_category, np.where(cold_category != "", cold_category, "no_pattern")
    )
    return pd.DataFrame(
        {
            "category": category,
            "n_hot": hot.sum(axis=1),
            "n_cold": cold.sum(axis=1),
            "trend_z": mk["z"],
            "trend_p": mk["p"],
            "trend": mk["trend"],
        }
    )


def emerging_hot_spots(gi: pd.DataFrame, *, trend_alpha: float = 0.10) -> pd.DataFrame:
    """Emerging hot spot category per square from the per-period Gi* results.

    Parameters
    ----------
    gi : pandas.DataFrame
        Output of :func:`veerkracht.monitor.hot_spots` for three or more periods.
    trend_alpha : float
        Significance of the Mann-Kendall trend (see the module docstring for why 0.10).

    Returns
    -------
    pandas.DataFrame
        ``area_code``, ``category``, ``n_periods``, ``n_hot``, ``n_cold``, ``trend_z``,
        ``trend_p``, ``trend``.

    Raises
    ------
    ValueError
        With fewer than three periods, where a trend means nothing.
    """
    periods = np.sort(gi[PERIOD].unique())
    if len(periods) < 3:
        raise ValueError(f"emerging hot spots need at least 3 periods, got {list(periods)}")
    # One (square x period) table, squares in sorted order as a pivot gives them, built by position:
    # two pivots of a national run's 1.7 million rows took seconds.
    codes = as_strings(gi[AREA_CODE].astype(str))
    squares = pc.unique(codes)
    squares = squares.take(pc.sort_indices(squares))
    row = positions(codes, squares)
    column = np.searchsorted(periods, gi[PERIOD].to_numpy())
    z_table = np.full((len(squares), len(periods)), np.nan)
    z_table[row, column] = gi["gi_z"].to_numpy(dtype=np.float64)
    hot = np.zeros((len(squares), len(periods)), dtype=bool)
    cold = np.zeros((len(squares), len(periods)), dtype=bool)
    hot[row, column] = (gi["hotspot"] == "hot").to_numpy(dtype=bool)
    cold[row, column] = (gi["hotspot"] == "cold").to_numpy(dtype=bool)
    complete = ~np.isnan(z_table).any(axis=1)
    result = classify_emerging(z_table[complete], hot[complete], cold[complete], trend_alpha=trend_alpha)
    out = pd.DataFrame(
        {
            AREA_CODE: pd.array(squares, dtype="str"),
            "category": "insufficient_data",
            "n_periods": len(periods),
        }
    )
    for column in ("n_hot", "n_cold", "trend_z", "trend_p", "trend"):
        out[column] = np.nan
        out.loc[complete, column] = result[column].to_numpy()
    out.loc[complete, "category"] = result["category"].to_numpy()
    return out
