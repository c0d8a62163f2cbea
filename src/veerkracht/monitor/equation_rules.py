# SPDX-License-Identifier: EUPL-1.2
"""The per-equation rules of complementary suppression: no secret cell alone in an equation.

These rules look at one equation (one parent, its children, one period) at a time. They are fast
and settle nearly every case; what they cannot see (a cell fixed by combining equations of
overlapping groupings) is left to :mod:`veerkracht.monitor.disclosure_repair`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .hierarchy import Grouping

_TINY = 1e-9


def enforce_equation_rules(
    groupings: tuple[Grouping, ...],
    numbers: np.ndarray,
    known: np.ndarray,
    hidden: np.ndarray,
    suppressed: np.ndarray,
    determined: np.ndarray,
    minimum: float,
) -> int:
    """One sweep of the per-equation rules; adds complementary cells in place and returns how many.

    In every equation that holds a secret cell (suppressed and not ``determined``), the secret
    may not stand alone: a known parent needs at least two unknown children whose hidden sum is
    0 or at least ``minimum``, and an unknown parent needs at least one unknown child. A positive
    return value means at least one published cell was hidden, so repeating until 0 terminates.
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
