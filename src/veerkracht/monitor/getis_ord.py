# SPDX-License-Identifier: EUPL-1.2
"""Getis-Ord Gi* hot spots on the 100 m square lattice, with a false-discovery-rate correction."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse, stats

from veerkracht.geo.squares import SQUARE_ID_PATTERN

from .fdr import benjamini_hochberg
from .frames import AREA_CODE, INDICATOR, PERIOD, VALUE
from .lattice import square_neighbours
from .panel import Panel

#: Columns of a Gi* frame, also when it is empty.
GI_COLUMNS = [AREA_CODE, PERIOD, VALUE, "n_neighbours", "gi_z", "p_value", "q_value", "hotspot", "confidence"]


def gi_star(y: np.ndarray, neighbours: sparse.csr_matrix) -> np.ndarray:
    """Standardised Gi* (Getis and Ord 1992, Ord and Getis 1995) with binary weights, self included.

    ``z_i = (sum_j w_ij y_j - ybar W_i) / (s sqrt((n W_i - W_i**2) / (n - 1)))`` with
    ``w_ii = 1``, ``W_i = sum_j w_ij`` and ``s`` the population standard deviation of y. This is
    what ``esda.G_Local(y, w, transform="B", star=True).Zs`` computes, as one sparse product.

    Examples
    --------
    >>> w = sparse.csr_matrix(np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], dtype=float))
    >>> gi_star(np.array([1.0, 2.0, 6.0]), w).round(3).tolist()
    [-1.389, 0.0, 0.926]
    """
    y = np.asarray(y, dtype=np.float64)
    n = len(y)
    if n < 3:
        return np.full(n, np.nan)
    lag = neighbours @ y + y
    weight_sum = np.asarray(neighbours.sum(axis=1)).ravel() + 1.0
    mean = y.mean()
    sd = np.sqrt(max((y**2).mean() - mean**2, 0.0))
    if sd == 0:
        return np.zeros(n)
    denominator = sd * np.sqrt(np.maximum(n * weight_sum - weight_sum**2, 0.0) / (n - 1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denominator > 0, (lag - mean * weight_sum) / denominator, 0.0)


def hot_spots(
    values: pd.DataFrame,
    indicator: str,
    *,
    distance: float | None = 150.0,
    k: int | None = None,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Gi* z-score, p-value and FDR-adjusted significance per square and period.

    Parameters
    ----------
    values : pandas.DataFrame
        Long values frame; only rows of ``indicator`` whose area code is a CBS square id are used.
    indicator : str
    distance, k : float, int
        Neighbourhood: distance band in metres between square centres (150: the 8 surrounding
        squares) or the k nearest squares.
    alpha : float
        False discovery rate for calling a square a hot or cold spot, per period.

    Returns
    -------
    pandas.DataFrame
        ``area_code``, ``period``, ``value``, ``n_neighbours``, ``gi_z``, ``p_value`` (two-sided,
        normal), ``q_value`` (Benjamini-Hochberg), ``hotspot`` ("hot", "cold", "not_significant")
        and ``confidence`` (99, 95, 90 at q <= 0.01, 0.05, 0.10; else 0). Hot means a cluster of
        high values: for an indicator where higher is better, hot is good.

    Examples
    --------
    >>> ids = [f"E{x:04d}N{y:04d}" for x in range(10) for y in range(10)]
    >>> high = [10.0 if x < 3 and y < 3 else 1.0 for x in range(10) for y in range(10)]
    >>> frame = pd.DataFrame({"area_code": ids, "indicator": "v", "period": 2020, "value": high})
    >>> out = hot_spots(frame, "v")
    >>> out.set_index("area_code").loc["E0001N0001", "hotspot"]
    'hot'
    """
    rows = values[values[INDICATOR].astype(str) == indicator]
    rows = rows[rows[AREA_CODE].astype(str).str.fullmatch(SQUARE_ID_PATTERN) & np.isfinite(rows[VALUE])]
    frames = []
    for period, group in rows.groupby(PERIOD, sort=True):
        codes = group[AREA_CODE].astype(str).to_numpy(dtype=object)
        y = group[VALUE].to_numpy(dtype=np.float64)
        frames.append(_gi_frame(codes, y, int(str(period)), distance=distance, k=k, alpha=alpha))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=GI_COLUMNS)


def _gi_frame(
    codes: np.ndarray,
    y: np.ndarray,
    period: int,
    *,
    distance: float | None,
    k: int | None,
    alpha: float,
    neighbours: sparse.csr_matrix | None = None,
) -> pd.DataFrame:
    w = neighbours if neighbours is not None else square_neighbours(codes, distance=distance, k=k)
    z = gi_star(y, w)
    p = 2.0 * stats.norm.sf(np.abs(z))
    significant, q = benjamini_hochberg(p, alpha)
    hotspot = np.where(
        significant & (z > 0), "hot", np.where(significant & (z < 0), "cold", "not_significant")
    )
    confidence = np.select([q <= 0.01, q <= 0.05, q <= 0.10], [99, 95, 90], 0)
    return pd.DataFrame(
        {
            AREA_CODE: codes,
            PERIOD: period,
            VALUE: y,
            "n_neighbours": np.diff(w.indptr),
            "gi_z": z,
            "p_value": p,
            "q_value": q,
            "hotspot": hotspot,
            "confidence": confidence,
        }
    )


def hot_spots_panel(
    panel: Panel,
    indicator: str,
    *,
    level: str = "square",
    distance: float | None = 150.0,
    k: int | None = None,
    alpha: float = 0.05,
    include: np.ndarray | None = None,
) -> pd.DataFrame:
    """Panel form of :func:`hot_spots`: the lattice is built once and cut per period.

    ``include`` is an optional (area x period) mask of cells allowed into the analysis (e.g.
    squares with enough residents).
    """
    rows = np.flatnonzero(panel.level_mask(level))
    if indicator not in panel.values or len(rows) == 0:
        return pd.DataFrame(columns=GI_COLUMNS)
    codes = panel.area_codes[rows]
    if k is None:
        full = square_neighbours(codes, distance=distance)
    frames = []
    for t, period in enumerate(panel.periods):
        y = panel.values[indicator][rows, t]
        keep = np.isfinite(y) & (include[rows, t] if include is not None else True)
        if keep.sum() < 3:
            continue
        index = np.flatnonzero(keep)
        if k is not None:
            w = square_neighbours(codes[index], k=k)
        else:
            w = full if len(index) == len(rows) else full[index][:, index]
        frames.append(
            _gi_frame(codes[index], y[index], period, distance=distance, k=k, alpha=alpha, neighbours=w)
        )
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=GI_COLUMNS)
