# SPDX-License-Identifier: EUPL-1.2
"""Need versus support: where is support (e.g. WMO) far above or below what need predicts?"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .frames import AREA_CODE, LEVEL, validate_areas
from .panel import Panel


@dataclass(frozen=True)
class NeedSupportFit:
    """The regression of support on need and every area's place relative to it.

    Attributes
    ----------
    areas : pandas.DataFrame
        ``area_code``, ``support``, the need columns, ``predicted``, ``residual``,
        ``studentized_residual`` and ``flag`` ("over_served", "under_served", "as_expected",
        "insufficient_data").
    coefficients : dict of str to float
        ``intercept`` and one slope per need indicator.
    r_squared : float
    n : int
        Areas in the fit.
    """

    areas: pd.DataFrame
    coefficients: dict[str, float]
    r_squared: float
    n: int


def fit_need_support(
    support: np.ndarray, need: np.ndarray, weights: np.ndarray | None = None, threshold: float = 2.0
) -> dict[str, np.ndarray | float]:
    """(Weighted) least squares of support on need with externally studentised residuals.

    The externally studentised residual leaves the area itself out of the residual variance, so one
    strongly over-served area cannot hide itself by inflating the spread (Belsley, Kuh and Welsch).

    Examples
    --------
    >>> need = np.arange(20.0)
    >>> support = 2 * need + 1 + np.sin(need)
    >>> support[5] += 15
    >>> out = fit_need_support(support, need.reshape(-1, 1))
    >>> int(np.argmax(out["studentized"])), round(float(out["coefficients"][1]), 1)
    (5, 1.9)
    """
    y = np.asarray(support, dtype=np.float64)
    x = np.asarray(need, dtype=np.float64).reshape(len(y), -1)
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=np.float64)
    usable = np.isfinite(y) & np.isfinite(x).all(axis=1) & np.isfinite(w) & (w > 0)
    design = np.column_stack([np.ones(len(y)), x])
    p = design.shape[1]
    n = int(usable.sum())
    nan = np.full(len(y), np.nan)
    if n <= p + 1:
        return {
            "coefficients": np.full(p, np.nan),
            "predicted": nan,
            "residual": nan,
            "studentized": nan,
            "r_squared": np.nan,
            "n": n,
        }
    root = np.sqrt(w[usable])
    xw, yw = design[usable] * root[:, None], y[usable] * root
    coefficients, *_ = np.linalg.lstsq(xw, yw, rcond=None)
    predicted = design @ coefficients
    residual = y - predicted
    ew = residual[usable] * root
    hat = np.einsum("ij,ij->i", xw @ np.linalg.pinv(xw.T @ xw), xw)
    sse = float(ew @ ew)
    leave_one_out = (sse - ew**2 / (1 - hat)) / (n - p - 1)
    studentized = nan.copy()
    with np.errstate(invalid="ignore", divide="ignore"):
        studentized[usable] = ew / np.sqrt(np.maximum(leave_one_out, 1e-300) * (1 - hat))
    total = float(((yw - np.average(y[usable], weights=w[usable]) * root) ** 2).sum())
    return {
        "coefficients": coefficients,
        "predicted": predicted,
        "residual": residual,
        "studentized": studentized,
        "r_squared": 1 - sse / total if total > 0 else np.nan,
        "n": n,
    }


def need_support_panel(
    panel: Panel,
    support: str,
    need: Sequence[str],
    *,
    period: int,
    level: str = "buurt",
    weight: str | None = None,
    threshold: float = 2.0,
) -> NeedSupportFit:
    """Panel form of :func:`need_versus_support`."""
    t = panel.period_index(period)
    rows = np.flatnonzero(panel.level_mask(level))
    for code in (support, *need, *([weight] if weight else [])):
        panel.ensure(code)
    y = panel.values[support][rows, t]
    x = np.column_stack([panel.values[code][rows, t] for code in need])
    w = panel.values[weight][rows, t] if weight else None
    fit = fit_need_support(y, x, w, threshold)
    studentized = np.asarray(fit["studentized"])
    flag = np.where(
        studentized > threshold,
        "over_served",
        np.where(studentized < -threshold, "under_served", "as_expected"),
    )
    flag = np.where(np.isfinite(studentized), flag, "insufficient_data")
    frame = pd.DataFrame({AREA_CODE: panel.area_codes[rows], LEVEL: level, "period": period, "support": y})
    for position, code in enumerate(need):
        frame[code] = x[:, position]
    frame["predicted"] = fit["predicted"]
    frame["residual"] = fit["residual"]
    frame["studentized_residual"] = studentized
    frame["flag"] = flag
    names = ["intercept", *need]
    return NeedSupportFit(
        frame,
        {n: float(c) for n, c in zip(names, np.asarray(fit["coefficients"]), strict=True)},
        float(fit["r_squared"]),
        int(fit["n"]),
    )


def need_versus_support(
    values: pd.DataFrame,
    areas: pd.DataFrame,
    support: str,
    need: Sequence[str],
    *,
    period: int,
    level: str = "buurt",
    weight: str | None = None,
    threshold: float = 2.0,
) -> NeedSupportFit:
    """Regress support on need across areas and flag areas far off the line (seed 001, Kaart 2-5/2-6).

    "Komen de middelen terecht waar ze het hardst nodig zijn?" An area whose externally
    studentised residual exceeds ``threshold`` gets much more support than its need predicts
    (over-served); below ``-threshold`` much less (under-served). The flag is a question to ask
    (an elderly buurt uses more household help), not a verdict.

    Parameters
    ----------
    values, areas : pandas.DataFrame
    support : str
        E.g. WMO clients per 1,000 inhabitants.
    need : sequence of str
        Predictors, e.g. the share of vulnerable residents (and the share of over-75s).
    period : int
    level : str
    weight : str, optional
        Weighted least squares with this indicator (e.g. inhabitants), so that tiny buurten do
        not steer the line.
    threshold : float

    Examples
    --------
    >>> codes = [f"B{i}" for i in range(20)]
    >>> need = np.linspace(5, 30, 20)
    >>> support = 3 * need + 10 + np.cos(np.arange(20))
    >>> support[3] += 40
    >>> support[15] -= 40
    >>> values = pd.DataFrame({"area_code": codes * 2, "period": 2020,
    ...     "indicator": ["need"] * 20 + ["wmo"] * 20, "value": np.concatenate([need, support])})
    >>> areas = pd.DataFrame({"area_code": codes, "level": "buurt"})
    >>> fit = need_versus_support(values, areas, "wmo", ["need"], period=2020)
    >>> fit.areas.set_index("area_code")["flag"][["B3", "B15", "B0"]].tolist()
    ['over_served', 'under_served', 'as_expected']
    """
    areas = validate_areas(areas).reset_index(drop=True)
    panel = Panel.from_long(values, areas)
    return need_support_panel(
        panel, support, need, period=period, level=level, weight=weight, threshold=threshold
    )
