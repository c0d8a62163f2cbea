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
   algebra (:mod:`veerkracht.monitor.disclosure`);
3. in every equation whose parent is known (published or determined), the hidden remainder
   ``parent - known children`` is 0 or at least the threshold, so that no group of suppressed
   cells is revealed to hold a small number either (city minus all-but-one buurt; two buurten
   with 3 and 1 together).

Not covered (as with any cell suppression that is not solved as a linear program): differences
between suppressed cells that follow from combining two or more equations, and bounds from
non-negativity (an interval of 0 to 7 for a cell is not treated as a leak). Additive relations
between indicators (age groups summing to inhabitants) are not in the catalogue and are not
protected. Shares, rates and scores are suppressed wherever one of their counts is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .catalogue import Catalogue, IndicatorSpec, build_catalogue
from .disclosure import determined_cells
from .frames import validate_areas, validate_membership, validate_values
from .hierarchy import Grouping, Hierarchy
from .panel import Panel

_TINY = 1e-9
_MAX_ROUNDS = 500


@dataclass(frozen=True)
class SuppressionReport:
    """How much was suppressed, per reason."""

    thresholds: dict[str, float]
    primary: int
    complementary: int
    linked: int
    counts_protected: int


def count_thresholds(catalogue: Catalogue, threshold: float | None = None) -> dict[str, float]:
    """The minimum per count: the strictest rule that refers to it (or ``threshold`` for all)."""
    out: dict[str, float] = {}
    for spec in catalogue.values():
        if spec.privacy.minimum_count <= 0 and threshold is None:
            continue
        minimum = float(threshold if threshold is not None else spec.privacy.minimum_count)
        for code in spec.privacy_counts():
            out[code] = max(out.get(code, 0.0), minimum)
    return out


def _published(known: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    return known & ~hidden


def _local_pass(
    groupings: tuple[Grouping, ...],
    numbers: np.ndarray,
    known: np.ndarray,
    hidden: np.ndarray,
    suppressed: np.ndarray,
    determined: np.ndarray,
    minimum: float,
) -> int:
    """One sweep of the per-equation rules; adds complementary cells in place and returns how many.

    ``numbers`` are the values with unknown cells as 0, so a hidden sum never overstates what
    protects a cell.
    """
    added = 0
    for g in groupings:
        secret_children = (suppressed[g.children] & ~determined[g.children]).astype(np.float64)
        secret_parents = suppressed[g.parents] & ~determined[g.parents]
        involved = ((g.binary @ secret_children) > 0) | secret_parents
        if not involved.any():
            continue
        # Only parents that hold a suppressed cell matter; work on their rows alone.
        active = np.flatnonzero(involved.any(axis=1))
        block = g.binary[active]
        weights = g.matrix[active]
        u_children = hidden[g.children] & ~determined[g.children]
        n_unknown = block @ u_children.astype(np.float64)
        hidden_sum = weights @ np.where(u_children, numbers[g.children], 0.0)
        parent_cells = g.parents[active]
        parent_unknown = hidden[parent_cells] & ~determined[parent_cells]
        small = (hidden_sum > _TINY) & (hidden_sum < minimum - _TINY)
        involved_active = involved[active]
        broken_open = involved_active & ~parent_unknown & ((n_unknown == 1) | small)
        broken = broken_open | (involved_active & parent_unknown & (n_unknown == 0))
        if not broken.any():
            continue
        # A "sum" repair must lift the hidden remainder to the threshold; a "count" repair only needs
        # a second unknown cell next to a lone one.
        sum_mode = broken_open & (hidden_sum < minimum - _TINY)
        need = np.where(sum_mode, minimum - hidden_sum, _TINY)
        position = np.full(len(g.parents), -1, dtype=np.int64)
        position[active] = np.arange(len(active))
        edge_row = position[g.edge_parent]
        on_active = edge_row >= 0
        er_all, area_all = edge_row[on_active], g.children[g.edge_child[on_active]]
        weight_all = g.edge_weight[on_active]
        for t in np.flatnonzero(broken.any(axis=0)):
            rows = broken[:, t]
            candidate = rows[er_all] & known[area_all, t] & ~hidden[area_all, t]
            chosen, unserved = _choose_complements(
                er_all[candidate],
                area_all[candidate],
                weight_all[candidate] * numbers[area_all[candidate], t],
                need[:, t],
                sum_mode[:, t],
            )
            hidden[chosen, t] = suppressed[chosen, t] = True
            added += len(chosen)
            lonely = rows & broken_open[:, t] & unserved(len(rows))
            orphans = parent_cells[lonely]
            orphans = orphans[known[orphans, t] & ~hidden[orphans, t]]
            hidden[orphans, t] = suppressed[orphans, t] = True
            added += len(orphans)
    return added


def _choose_complements(
    row: np.ndarray, area: np.ndarray, contribution: np.ndarray, need: np.ndarray, sum_mode: np.ndarray
) -> tuple[np.ndarray, Any]:
    """Pick published children to hide, per broken equation (``row``), least information first.

    The smallest child that meets the need on its own; else, for a sum repair, the largest
    children until the need is met, and if even all of them fall short nothing (the parent is
    hidden instead); for a count repair any child. Returns the chosen areas and a function giving
    the rows left unserved.
    """
    enough = contribution >= need[row]
    order = np.lexsort((area, np.where(enough, contribution, -contribution), ~enough, row))
    row_o, area_o, contribution_o, enough_o = row[order], area[order], contribution[order], enough[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = row_o[1:] != row_o[:-1]
    single = first & (enough_o | ~sum_mode[row_o])
    chosen = [area_o[single]]
    served_rows = [row_o[single]]
    # Greedy by size where no single child suffices: rows whose first candidate is not enough.
    greedy_rows = row_o[first & ~enough_o & sum_mode[row_o]]
    if len(greedy_rows):
        in_greedy = np.isin(row_o, greedy_rows)
        r, a, c = row_o[in_greedy], area_o[in_greedy], contribution_o[in_greedy]
        start = np.r_[0, np.flatnonzero(r[1:] != r[:-1]) + 1]
        cumulative = np.cumsum(c)
        offset = np.repeat(cumulative[start] - c[start], np.diff(np.r_[start, len(r)]))
        before = cumulative - offset - c
        total = np.bincount(np.searchsorted(r[start], r), weights=c)[np.searchsorted(r[start], r)]
        reachable = total >= need[r] - _TINY
        take = reachable & (before < need[r] - _TINY)
        chosen.append(a[take])
        served_rows.append(np.unique(r[take]))
    served = np.concatenate(served_rows)

    def unserved(n_rows: int) -> np.ndarray:
        mask = np.ones(n_rows, dtype=bool)
        mask[served] = False
        return mask

    return np.concatenate(chosen), unserved


def _fix_determined(
    hierarchy: Hierarchy,
    value: np.ndarray,
    known: np.ndarray,
    hidden: np.ndarray,
    suppressed: np.ndarray,
    leaks: np.ndarray,
) -> int:
    """Hide one more cell next to every disclosive cell that is still solvable."""
    added = 0
    numbers = np.where(known, value, np.inf)
    for area, t in zip(*np.nonzero(leaks), strict=True):
        neighbours = []
        for g in hierarchy.groupings:
            as_child = np.flatnonzero(g.children == area)
            if len(as_child):
                parents = np.flatnonzero(g.matrix[:, as_child[0]].toarray().ravel())
                for p in parents:
                    row = g.matrix.getrow(p)
                    neighbours += [g.parents[p], *g.children[row.indices]]
            as_parent = np.flatnonzero(g.parents == area)
            if len(as_parent):
                neighbours += list(g.children[g.matrix.getrow(as_parent[0]).indices])
        candidates = np.unique(np.asarray(neighbours, dtype=np.int64))
        candidates = candidates[_published(known, hidden)[candidates, t]]
        if len(candidates) == 0:
            continue
        positive = candidates[numbers[candidates, t] > 0]
        pool = positive if len(positive) else candidates
        pick = pool[np.argmin(numbers[pool, t])]
        hidden[pick, t] = suppressed[pick, t] = True
        added += 1
    return added


def protect_count(
    hierarchy: Hierarchy, value: np.ndarray, known: np.ndarray, minimum: float
) -> tuple[np.ndarray, np.ndarray]:
    """Primary and complementary suppression of one count (area x period); returns (primary, suppressed)."""
    primary = known & (value > 0) & (value < minimum)
    hidden = ~known | primary
    suppressed = primary.copy()
    determined = np.zeros_like(hidden)
    numbers = np.where(known, value, 0.0)
    for _ in range(_MAX_ROUNDS):
        while _local_pass(hierarchy.groupings, numbers, known, hidden, suppressed, determined, minimum):
            pass
        determined = determined_cells(hierarchy, hidden)
        if _local_pass(hierarchy.groupings, numbers, known, hidden, suppressed, determined, minimum):
            continue
        leaks = determined & primary
        if not leaks.any():
            return primary, suppressed
        if not _fix_determined(hierarchy, value, known, hidden, suppressed, leaks):
            break
    raise RuntimeError("complementary suppression did not converge; please report this data set")


def suppress_panel(
    panel: Panel, hierarchy: Hierarchy, catalogue: Catalogue, *, threshold: float | None = None
) -> tuple[Panel, SuppressionReport]:
    """Panel form of :func:`suppress`; returns a new panel and a report."""
    out = panel.copy()
    minimums = count_thresholds(catalogue, threshold)
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
    result, _ = suppress_panel(panel, hierarchy, build_catalogue(catalogue), threshold=threshold)
    return result.to_long()
