# SPDX-License-Identifier: EUPL-1.2
"""Hidden hotspots: squares or complexes in trouble inside buurten whose own figures look fine."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .frames import AREA_CODE, CHILD_CODE, LEVEL, PARENT_CODE, WEIGHT
from .positions import as_strings, positions


def hidden_hotspots(
    classes: pd.DataFrame,
    membership: pd.DataFrame,
    *,
    worst_classes: Sequence[str],
    parent_level: str = "buurt",
    fine_levels: Sequence[str] = ("square", "complex"),
    excess: float | None = None,
    parent_quantile: float = 0.75,
    min_residents: float = 0.0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Find fine areas that are much worse off than the buurt they are averaged into (seed 001, De Heeg).

    "Statistisch ondergesneeuwd, omdat het gemiddeld wel meevalt": a buurt can look fine while a
    few flats hold a heavy concentration of problems. A fine area (square or complex) is a hidden
    hotspot when

    - its class is one of ``worst_classes`` while its buurt's class is not (and is known), or
    - (when ``excess`` is given) its concentration of vulnerable residents exceeds its buurt's by
      at least ``excess`` while the buurt itself is not above the ``parent_quantile`` of buurten.

    Parameters
    ----------
    classes : pandas.DataFrame
        Output of :func:`veerkracht.monitor.classify` covering the fine level and the buurten.
    membership : pandas.DataFrame
        Edges from the fine areas to the buurten (the heaviest edge counts).
    worst_classes : sequence of str
        E.g. the preset's ``hidden_hotspot_classes``.
    min_residents : float
        Ignore fine areas with fewer residents (end period).

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        The hotspots (``area_code``, ``level``, ``parent_code``, ``reason``, classes, concentrations,
        ``residents``) and per buurt with at least one: ``n_hotspots``, ``residents_in_hotspots``,
        ``parent_residents`` and ``share_residents_pct``.

    Examples
    --------
    >>> classes = pd.DataFrame({
    ...     "area_code": ["E1", "E2", "E3", "B1"], "level": ["square"] * 3 + ["buurt"],
    ...     "class_key": ["under_pressure", "about_equal", "decrease", "about_equal"],
    ...     "vulnerable_category": ["increase", "about_equal", "decrease", "about_equal"],
    ...     "vulnerable_end": [40.0, 12.0, 8.0, 15.0], "residents_end": [120, 300, 180, 600]})
    >>> edges = pd.DataFrame({"child_code": ["E1", "E2", "E3"], "parent_code": "B1"})
    >>> units, per_buurt = hidden_hotspots(classes, edges, worst_classes=["under_pressure"])
    >>> units["area_code"].tolist(), per_buurt["share_residents_pct"].tolist()
    (['E1'], [20.0])
    """
    codes = as_strings(classes[AREA_CODE].astype(str))
    level = classes[LEVEL].to_numpy(dtype=object)
    class_key = classes["class_key"].to_numpy(dtype=object)
    known = classes["vulnerable_category"].to_numpy(dtype=object) != "missing"
    concentration = classes["vulnerable_end"].to_numpy(dtype=np.float64)
    residents = classes["residents_end"].to_numpy(dtype=np.float64)
    weight = (
        membership[WEIGHT].to_numpy(dtype=np.float64) if WEIGHT in membership else np.ones(len(membership))
    )
    child = positions(membership[CHILD_CODE].astype(str), codes)
    parent = positions(membership[PARENT_CODE].astype(str), codes)
    usable = (child >= 0) & (parent >= 0)
    usable[usable] = (level[parent[usable]] == parent_level) & np.isin(
        level[child[usable]], list(fine_levels)
    )
    child, parent, weight = child[usable], parent[usable], weight[usable]
    # The heaviest edge decides a fine area's buurt.
    order = np.lexsort((-weight, child))
    first = np.ones(len(order), dtype=bool)
    first[1:] = child[order][1:] != child[order][:-1]
    unit, home = child[order][first], parent[order][first]
    worst = np.isin(class_key, list(worst_classes))
    by_class = worst[unit] & ~worst[home] & known[home]
    by_excess = np.zeros(len(unit), dtype=bool)
    if excess is not None:
        parents_all = concentration[(level == parent_level) & np.isfinite(concentration)]
        ceiling = np.quantile(parents_all, parent_quantile) if len(parents_all) else np.nan
        by_excess = (concentration[unit] - concentration[home] >= excess) & (concentration[home] <= ceiling)
    hit = (by_class | by_excess) & ~(residents[unit] < min_residents)
    unit, home = unit[hit], home[hit]
    reason = np.where(
        by_class[hit] & by_excess[hit], "class+deviation", np.where(by_class[hit], "class", "deviation")
    )
    area_codes = classes[AREA_CODE].astype(str).to_numpy(dtype=object)
    units = pd.DataFrame(
        {
            AREA_CODE: area_codes[unit],
            LEVEL: level[unit],
            "parent_code": area_codes[home],
            "reason": reason,
            "class_key": class_key[unit],
            "parent_class_key": class_key[home],
            "vulnerable_end": concentration[unit],
            "parent_vulnerable_end": concentration[home],
            "residents": residents[unit],
        }
    )
    parents, inverse = np.unique(home, return_inverse=True)
    in_hotspots = np.bincount(inverse, weights=residents[unit], minlength=len(parents))
    with np.errstate(invalid="ignore", divide="ignore"):
        share = 100.0 * in_hotspots / residents[parents]
    summary = pd.DataFrame(
        {
            "parent_code": area_codes[parents],
            "parent_class_key": class_key[parents],
            "n_hotspots": np.bincount(inverse, minlength=len(parents)),
            "residents_in_hotspots": in_hotspots,
            "parent_residents": residents[parents],
            "share_residents_pct": share,
        }
    )
    return units, summary
