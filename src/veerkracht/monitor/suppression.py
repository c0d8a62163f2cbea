# SPDX-License-Identifier: EUPL-1.2
"""Small-number suppression: primary and complementary cell suppression in every published hierarchy.

What a leak is
--------------
Published are all (area, indicator, period) values that are not suppressed. Every membership
grouping (squares in a buurt, buurten in a wijk, buurten in a rayon, wijken in the gemeente, ...)
adds an equation ``parent = sum(weight * child)`` per period; the adversary knows all of them. A
count ``n`` with ``0 < n < threshold`` is disclosive (zero is not: CBS publishes zeros). The
result of :func:`suppress` guarantees, per count indicator and period:

1. no disclosive cell is published;
2. no suppressed disclosive cell is *determined*: the equations of all groupings together (also
   overlapping ones such as wijken and rayons) do not fix its value, checked exactly by linear
   algebra (:mod:`veerkracht.monitor.disclosure`); where they do, a published cell that the
   derivation uses is hidden as well (:mod:`veerkracht.monitor.disclosure_repair`);
3. in every equation whose parent is known (published or determined), the hidden remainder
   ``parent - known children`` is 0 or at least the threshold, so that no group of suppressed
   cells is revealed to hold a small number either (city minus all-but-one buurt; two buurten
   with 3 and 1 together).

Not covered (as with any cell suppression that is not solved as a linear program): differences
between suppressed cells that follow from combining two or more equations, and bounds from
non-negativity (an interval of 0 to 7 for a cell is not treated as a leak). Additive relations
between indicators (age groups summing to inhabitants) are not in the catalogue and are not
protected. Shares, rates and scores are suppressed wherever one of their counts is.

How
---
Per count: hide the disclosive cells; apply the per-equation rules until they add nothing
(:mod:`veerkracht.monitor.equation_rules`); find the determined cells; where a disclosive one is
determined, hide the cheapest published cells that break its derivation; repeat. Every round hides
at least one more cell, so the loop ends, at worst with the whole table hidden.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .catalogue import Catalogue, IndicatorSpec, build_catalogue
from .disclosure import determined_cells
from .disclosure_repair import cells_breaking_disclosures
from .equation_rules import enforce_equation_rules
from .frames import validate_areas, validate_membership, validate_values
from .hierarchy import Hierarchy
from .panel import Panel


@dataclass(frozen=True)
class SuppressionReport:
    """How much was suppressed, per reason."""

    thresholds: dict[str, float]
    primary: int
    complementary: int
    linked: int
    counts_protected: int


def count_thresholds(
    catalogue: Catalogue, threshold: float | None = None, floor: float = 0.0
) -> dict[str, float]:
    """The minimum per count: the strictest rule that refers to it (or ``threshold`` for all), and never
    below ``floor`` (the platform's own minimum, which no catalogue rule or threshold lowers).

    Examples
    --------
    >>> from veerkracht.monitor.catalogue import build_catalogue
    >>> catalogue = build_catalogue([{"code": "bijstand"}])
    >>> count_thresholds(catalogue), count_thresholds(catalogue, floor=10)
    ({'bijstand': 5.0}, {'bijstand': 10.0})
    """
    out: dict[str, float] = {}
    for spec in catalogue.values():
        if spec.privacy.minimum_count <= 0 and threshold is None:
            continue
        minimum = max(float(floor), float(threshold if threshold is not None else spec.privacy.minimum_count))
        for code in spec.privacy_counts():
            out[code] = max(out.get(code, 0.0), minimum)
    return out


def protect_count(
    hierarchy: Hierarchy, value: np.ndarray, known: np.ndarray, minimum: float
) -> tuple[np.ndarray, np.ndarray]:
    """Primary and complementary suppression of one count (area x period); returns (primary, suppressed).

    Every round hides at least one more published cell or ends, so this terminates after at most
    as many rounds as there are cells; it ends when no disclosive cell is determined any more, or
    (only with equations that contradict the data) when the disclosures left use no published cell.
    """
    primary = known & (value > 0) & (value < minimum)
    hidden = ~known | primary
    suppressed = primary.copy()
    determined = np.zeros_like(hidden)
    numbers = np.where(known, value, 0.0)
    groupings = hierarchy.groupings
    while True:
        while enforce_equation_rules(groupings, numbers, known, hidden, suppressed, determined, minimum):
            pass
        determined = determined_cells(hierarchy, hidden)
        if enforce_equation_rules(groupings, numbers, known, hidden, suppressed, determined, minimum):
            continue
        leaks = determined & primary
        if not leaks.any():
            break
        cells = cells_breaking_disclosures(hierarchy, hidden, leaks, known & ~hidden, numbers)
        if len(cells) == 0:
            break
        area, period = np.divmod(cells, hidden.shape[1])
        hidden[area, period] = suppressed[area, period] = True
    return primary, suppressed


def suppress_panel(
    panel: Panel,
    hierarchy: Hierarchy,
    catalogue: Catalogue,
    *,
    threshold: float | None = None,
    floor: float = 0.0,
) -> tuple[Panel, SuppressionReport]:
    """Panel form of :func:`suppress`; returns a new panel and a report."""
    out = panel.copy()
    minimums = count_thresholds(catalogue, threshold, floor)
    counts_done: dict[str, np.ndarray] = {}
    n_primary = n_complementary = n_counts = 0
    for code, minimum in sorted(minimums.items()):
        if code not in out.values:
            continue
        known = out.present[code] & np.isfinite(out.values[code]) & ~out.flag("suppressed", code)
        primary, suppressed = protect_count(hierarchy, out.values[code], known, minimum)
        counts_done[code] = suppressed | out.flag("suppressed", code)
        n_primary += int(primary.sum())
        n_complementary += int((suppressed & ~primary).sum())
        n_counts += 1
    n_linked = 0
    for spec in catalogue.values():
        if spec.code not in out.values:
            continue
        related = [
            c for c in {*spec.privacy_counts(), *spec.components()} if c in counts_done and c != spec.code
        ]
        mask = counts_done.get(spec.code, np.zeros(out.shape, dtype=bool)).copy()
        for code in related:
            linked = counts_done[code] & out.present[spec.code] & ~mask
            n_linked += int((linked & np.isfinite(out.values[spec.code])).sum())
            mask |= counts_done[code]
        mask &= out.present[spec.code]
        out.values[spec.code][mask] = np.nan
        out.flag("suppressed", spec.code)[mask] = True
    return out, SuppressionReport(minimums, n_primary, n_complementary, n_linked, n_counts)


def suppress(
    values: pd.DataFrame,
    areas: pd.DataFrame,
    membership: pd.DataFrame,
    catalogue: Iterable[IndicatorSpec | Mapping[str, Any]] | Mapping[str, IndicatorSpec],
    *,
    threshold: float | None = None,
    floor: float = 0.0,
) -> pd.DataFrame:
    """Blank every value that could disclose a small number, with the ``suppressed`` flag set.

    Parameters
    ----------
    values : pandas.DataFrame
        Long values frame with all published levels (aggregate first).
    areas, membership : pandas.DataFrame
        The published hierarchies: every (parent level, child level) grouping is an equation.
    catalogue : iterable of IndicatorSpec or dict
        Privacy rules per indicator (default: fewer than 5 is disclosive).
    threshold : float, optional
        One minimum for every count, overriding the catalogue (an organisation's own policy).
    floor : float
        A minimum no rule goes below (the platform's ``VEERKRACHT_PRIVACY_THRESHOLD``); 0: none.

    Returns
    -------
    pandas.DataFrame
        The same rows; suppressed values are NaN with ``suppressed`` True. See the module
        docstring for what is and is not guaranteed.

    Examples
    --------
    >>> areas = pd.DataFrame({"area_code": ["B1", "B2", "B3", "W"], "level": ["buurt"] * 3 + ["wijk"]})
    >>> edges = pd.DataFrame({"child_code": ["B1", "B2", "B3"], "parent_code": "W"})
    >>> values = pd.DataFrame({"area_code": ["B1", "B2", "B3", "W"], "indicator": "bijstand",
    ...                        "period": 2020, "value": [3.0, 40.0, 60.0, 103.0]})
    >>> out = suppress(values, areas, edges, [{"code": "bijstand"}])
    >>> out.set_index("area_code")["suppressed"].to_dict()
    {'B1': True, 'B2': True, 'B3': False, 'W': False}
    """
    areas = validate_areas(areas).reset_index(drop=True)
    panel = Panel.from_long(validate_values(values), areas, validate=False)
    hierarchy = Hierarchy.build(validate_membership(membership, areas), areas, validate=False)
    result, _ = suppress_panel(panel, hierarchy, build_catalogue(catalogue), threshold=threshold, floor=floor)
    return result.to_long()
