# SPDX-License-Identifier: EUPL-1.2
"""Carry values across a boundary change with crosswalk weights, the way each kind of indicator needs.

Counts are split by the weights and summed; shares and rates are recomputed from the carried
numerator and denominator; scores become means weighted by the crosswalk weight times their weight
indicator. Every carried value that did not simply map onto an unchanged area is flagged
``estimated``, and the result says which method produced it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from .catalogue import IndicatorSpec, build_catalogue

KEYS = ["area_code", "indicator", "period"]


def crosswalk_values(
    values: pd.DataFrame,
    weights: pd.DataFrame,
    catalogue: Iterable[IndicatorSpec | Mapping[str, Any]] | Mapping[str, IndicatorSpec],
) -> pd.DataFrame:
    """Return the values of the old areas expressed in the new areas.

    Parameters
    ----------
    values : pandas.DataFrame
        Long values (``area_code``, ``indicator``, ``period``, ``value``) of the old indeling.
    weights : pandas.DataFrame
        ``from_code``, ``to_code``, ``weight`` and ``method`` (see :mod:`veerkracht.geo.crosswalk`).
    catalogue : iterable of IndicatorSpec or dict
        Indicators that are not in the catalogue are treated as counts.

    Returns
    -------
    pandas.DataFrame
        ``area_code`` (new), ``indicator``, ``period``, ``value``, ``estimated`` and ``method``.

    Examples
    --------
    >>> values = pd.DataFrame({"area_code": ["OLD"] * 3, "indicator": ["inwoners", "kwetsbaar", "onv"],
    ...                        "period": 2014, "value": [1000.0, 100.0, -0.1]})
    >>> weights = pd.DataFrame({"from_code": ["OLD", "OLD"], "to_code": ["A", "B"],
    ...                         "weight": [0.25, 0.75], "method": "adressen"})
    >>> catalogue = [{"code": "kwetsbaar_pct", "kind": "share", "numerator": "kwetsbaar",
    ...               "denominator": "inwoners"}, {"code": "onv", "kind": "score", "weight": "inwoners"}]
    >>> out = crosswalk_values(values, weights, catalogue)
    >>> table = out.pivot(index="area_code", columns="indicator", values="value").round(2)
    >>> table.loc["A"].to_dict(), table.loc["B"].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    ({'inwoners': 250.0, 'kwetsbaar': 25.0, 'onv': -0.1},
     {'inwoners': 750.0, 'kwetsbaar': 75.0, 'onv': -0.1})
    """
    specs = build_catalogue(catalogue)
    frame = values.loc[:, [*KEYS, "value"]].merge(
        weights.rename(columns={"from_code": "area_code"}), on="area_code", how="inner"
    )
    frame["estimated"] = frame["method"] != "ongewijzigd"
    kinds = frame["indicator"].map(lambda code: specs[code].kind if code in specs else "count")
    carried = []

    counts = frame[kinds == "count"].assign(value=lambda f: f["value"] * f["weight"])
    carried.append(_combine(counts, lambda g: g["value"].sum(min_count=1)))

    count_values = pd.concat(carried, ignore_index=True)
    for code in frame.loc[kinds.isin(["share", "rate"]), "indicator"].unique():
        carried.append(_ratio(frame[frame["indicator"] == code], specs[code], count_values))
    for code in frame.loc[kinds == "score", "indicator"].unique():
        carried.append(_score(frame[frame["indicator"] == code], specs[code], values))
    result = pd.concat([c for c in carried if len(c)], ignore_index=True)
    return result.sort_values(KEYS).reset_index(drop=True)


def _combine(frame: pd.DataFrame, reduce: Any) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(columns=[*KEYS, "value", "estimated", "method"])
    grouped = frame.rename(columns={"area_code": "from_code", "to_code": "area_code"}).groupby(
        KEYS, sort=False
    )
    out = grouped.apply(reduce, include_groups=False).rename("value").reset_index()
    flags = grouped.agg(estimated=("estimated", "any"), method=("method", _method)).reset_index()
    return out.merge(flags, on=KEYS)


def _method(methods: pd.Series) -> str:
    return ",".join(sorted(set(methods)))


def _ratio(frame: pd.DataFrame, spec: IndicatorSpec, counts: pd.DataFrame) -> pd.DataFrame:
    """Recompute a share from carried counts where both exist; else a mean weighted by the crosswalk."""
    numerator = counts[counts["indicator"] == spec.numerator].set_index(["area_code", "period"])["value"]
    denominator = counts[counts["indicator"] == spec.denominator].set_index(["area_code", "period"])["value"]
    if numerator.empty or denominator.empty:
        return _combine(frame.assign(w=frame["weight"]), _weighted_mean)
    flags = _combine(frame, lambda g: np.nan)
    key = pd.MultiIndex.from_frame(flags[["area_code", "period"]])
    num = numerator.reindex(key).to_numpy(float)
    den = denominator.reindex(key).to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        flags["value"] = np.where(den > 0, num / den * spec.scale, np.nan)
    return flags


def _score(frame: pd.DataFrame, spec: IndicatorSpec, values: pd.DataFrame) -> pd.DataFrame:
    """A score's carried value is its mean weighted by crosswalk weight times its weight indicator."""
    weight = values[values["indicator"] == spec.weight].set_index(["area_code", "period"])["value"]
    basis = weight.reindex(pd.MultiIndex.from_frame(frame[["area_code", "period"]])).to_numpy(float)
    basis = np.where(np.isfinite(basis) & (basis > 0), basis, 1.0) if len(weight) else np.ones(len(frame))
    return _combine(frame.assign(w=frame["weight"].to_numpy() * basis), _weighted_mean)


def _weighted_mean(group: pd.DataFrame) -> float:
    valid = group["value"].notna()
    if not valid.any():
        return float("nan")
    return float(np.average(group.loc[valid, "value"], weights=group.loc[valid, "w"]))
