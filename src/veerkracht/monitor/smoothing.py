# SPDX-License-Identifier: EUPL-1.2
"""Empirical-Bayes smoothing of rates for small areas (Poisson-Gamma, method of moments)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from .catalogue import IndicatorSpec
from .frames import AREA_CODE, LEVEL, PERIOD, validate_areas
from .hierarchy import Hierarchy
from .panel import Panel


def poisson_gamma(
    events: np.ndarray,
    population: np.ndarray,
    groups: np.ndarray | None = None,
    *,
    credibility: float = 0.90,
) -> dict[str, np.ndarray]:
    """Shrink raw rates ``events / population`` towards their group's mean (Marshall 1991).

    Per group the prior is a Gamma distribution with the group's mean rate ``m = sum(e) / sum(n)``
    and the method-of-moments variance ``a = s2 - m / mean(n)``, where ``s2`` is the
    population-weighted variance of the raw rates; a negative ``a`` (less spread than Poisson
    noise alone) means no real differences and shrinks fully to ``m``. The posterior of an area is
    ``Gamma(m**2/a + e, m/a + n)``: its mean is the smoothed rate and its quantiles give an
    equal-tailed credible interval. Small areas borrow more from the group than big ones.

    Parameters
    ----------
    events, population : numpy.ndarray
        Counts per area; areas with population <= 0 or missing get NaN.
    groups : numpy.ndarray, optional
        Group label per area for a local prior (e.g. the gemeente); default one global prior.
    credibility : float
        Mass of the credible interval.

    Returns
    -------
    dict of str to numpy.ndarray
        ``raw``, ``smoothed``, ``lower``, ``upper``, ``shrinkage`` (weight of the raw rate, 0..1),
        ``prior_mean`` and ``prior_variance`` (per event per person).

    Examples
    --------
    >>> out = poisson_gamma(np.array([2, 150, 30, 9]), np.array([10, 1000, 300, 100]))
    >>> out["raw"].round(3).tolist()
    [0.2, 0.15, 0.1, 0.09]
    >>> bool(out["shrinkage"][0] < out["shrinkage"][1])  # the small area is shrunk more
    True
    """
    events = np.asarray(events, dtype=np.float64)
    population = np.asarray(population, dtype=np.float64)
    usable = np.isfinite(events) & np.isfinite(population) & (population > 0) & (events >= 0)
    groups = np.zeros(len(events), dtype=np.int64) if groups is None else pd.factorize(np.asarray(groups))[0]
    groups = np.where(usable, groups, -1)
    n_groups = int(groups.max(initial=-1)) + 1
    keys = np.maximum(groups, 0)
    e = np.where(usable, events, 0.0)
    n = np.where(usable, population, 0.0)
    total_e = np.bincount(keys, weights=np.where(usable, e, 0), minlength=n_groups)
    total_n = np.bincount(keys, weights=n, minlength=n_groups)
    count = np.bincount(keys, weights=usable.astype(np.float64), minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total_e / total_n
        raw = np.where(usable, e / np.where(n > 0, n, 1.0), np.nan)
        m = mean[keys]
        s2 = (
            np.bincount(keys, weights=np.where(usable, n * (raw - m) ** 2, 0.0), minlength=n_groups) / total_n
        )
        variance = s2 - mean / (total_n / count)
    # A non-positive variance means the spread is Poisson noise: shrink (almost) fully.
    variance = np.where(
        np.isfinite(variance) & (variance > 0), variance, 1e-12 * np.maximum(mean, 1e-12) ** 2
    )
    a = variance[keys]
    with np.errstate(invalid="ignore", divide="ignore"):
        shape = np.where(m > 0, m**2 / a, 0.0) + e
        rate = np.where(m > 0, m / a, 0.0) + n
        smoothed = np.where(m > 0, shape / rate, 0.0)
        tail = (1.0 - credibility) / 2.0
        lower = np.where(m > 0, stats.gamma.ppf(tail, shape, scale=1.0 / rate), 0.0)
        upper = np.where(m > 0, stats.gamma.ppf(1.0 - tail, shape, scale=1.0 / rate), 0.0)
        shrinkage = np.where(m > 0, a / (a + m / np.where(n > 0, n, 1.0)), 0.0)
    nan = np.where(usable, 1.0, np.nan)
    return {
        "raw": raw,
        "smoothed": smoothed * nan,
        "lower": lower * nan,
        "upper": upper * nan,
        "shrinkage": shrinkage * nan,
        "prior_mean": m * nan,
        "prior_variance": a * nan,
    }


def smooth_rates(
    values: pd.DataFrame,
    areas: pd.DataFrame,
    spec: IndicatorSpec,
    *,
    level: str = "buurt",
    prior_level: str | None = None,
    membership: pd.DataFrame | None = None,
    credibility: float = 0.90,
) -> pd.DataFrame:
    """Empirical-Bayes smoothed rate with a credible interval per area and period.

    Parameters
    ----------
    values, areas : pandas.DataFrame
        Long values frame (with the spec's numerator and denominator counts) and areas.
    spec : IndicatorSpec
        A share or rate; its scale (percent, per 1,000) is applied to the output.
    level : str
        Level of the areas to smooth.
    prior_level : str, optional
        One prior per area of this level (e.g. "gemeente", needs ``membership``); default global.
    credibility : float
        Mass of the interval (0.90: 5 % and 95 % quantiles).

    Returns
    -------
    pandas.DataFrame
        ``area_code``, ``level``, ``period``, ``events``, ``population``, ``raw_rate``,
        ``smoothed_rate``, ``lower``, ``upper``, ``shrinkage``, ``prior_mean``, ``prior_group``.

    Examples
    --------
    >>> areas = pd.DataFrame({"area_code": ["B1", "B2", "B3"], "level": "buurt"})
    >>> values = pd.DataFrame({"area_code": ["B1", "B2", "B3"] * 2, "period": 2020,
    ...     "indicator": ["wmo"] * 3 + ["inwoners"] * 3, "value": [1, 50, 40, 4, 1000, 900]})
    >>> spec = IndicatorSpec("wmo_per_1000", "rate", numerator="wmo", denominator="inwoners", scale=1000.0)
    >>> out = smooth_rates(values, areas, spec)
    >>> out[["raw_rate", "smoothed_rate"]].round(1).to_dict("list")
    {'raw_rate': [250.0, 50.0, 44.4], 'smoothed_rate': [48.1, 48.4, 46.9]}
    """
    areas = validate_areas(areas).reset_index(drop=True)
    panel = Panel.from_long(values, areas)
    hierarchy = Hierarchy.build(membership, areas) if membership is not None else None
    return smooth_panel(
        panel, spec, level=level, prior_level=prior_level, hierarchy=hierarchy, credibility=credibility
    )


def smooth_panel(
    panel: Panel,
    spec: IndicatorSpec,
    *,
    level: str = "buurt",
    prior_level: str | None = None,
    hierarchy: Hierarchy | None = None,
    credibility: float = 0.90,
) -> pd.DataFrame:
    """Panel form of :func:`smooth_rates`."""
    if spec.kind not in ("share", "rate"):
        raise ValueError(f"indicator {spec.code!r} is a {spec.kind}; smoothing needs a share or rate")
    numerator, denominator = spec.numerator or "", spec.denominator or ""
    for code in (numerator, denominator):
        panel.ensure(code)
    rows = np.flatnonzero(panel.level_mask(level))
    if prior_level is not None:
        if hierarchy is None:
            raise ValueError("a prior per area of another level needs the membership")
        group = hierarchy.ancestor_at(prior_level)[rows]
    else:
        group = np.zeros(len(rows), dtype=np.int64)
    codes = panel.area_codes
    frames = []
    for t, period in enumerate(panel.periods):
        events = panel.values[numerator][rows, t]
        population = panel.values[denominator][rows, t]
        if not np.isfinite(events).any():
            continue
        result = poisson_gamma(events, population, group, credibility=credibility)
        frames.append(
            pd.DataFrame(
                {
                    AREA_CODE: codes[rows],
                    LEVEL: level,
                    PERIOD: period,
                    "indicator": spec.code,
                    "events": events,
                    "population": population,
                    "raw_rate": result["raw"] * spec.scale,
                    "smoothed_rate": result["smoothed"] * spec.scale,
                    "lower": result["lower"] * spec.scale,
                    "upper": result["upper"] * spec.scale,
                    "shrinkage": result["shrinkage"],
                    "prior_mean": result["prior_mean"] * spec.scale,
                    "prior_group": np.where(group >= 0, codes[np.maximum(group, 0)], None)
                    if prior_level
                    else "all",
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=[AREA_CODE, LEVEL, PERIOD, "indicator", "raw_rate", "smoothed_rate"])
    return pd.concat(frames, ignore_index=True)
