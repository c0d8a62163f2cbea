# SPDX-License-Identifier: EUPL-1.2
"""Which published cells to hide so that a disclosive cell can no longer be solved from the equations.

Write the published equations as ``A_H x_H + A_P x_P = 0`` (hidden and published cells). A hidden
cell ``x`` is determined when a combination ``y`` of the equations leaves no other hidden cell:
``y^T A_H = e_x``; its value is then read off the published cells that ``y`` uses. Hiding one more
published cell ``c`` (column ``a_c``) makes ``x`` free again exactly when

1. ``c`` can itself take another value: ``a_c`` lies in the range of ``A_H``, so hidden cells
   can compensate a change of ``c`` (this fails, for instance, for a gemeente whose only parent,
   the land, is published with the same value); and
2. the combination uses ``c``: ``y^T a_c != 0``. Under (1) this number is the same for every
   such ``y``, so one least-squares ``y`` per disclosive cell decides it for all candidates.

Candidates that meet both are preferred and chosen as a greedy set cover (most disclosures broken
first, then positive and small values, so a buurt goes before the city total). Where no candidate
meets (1), one that meets (2) is hidden anyway and the per-equation rules add its companions (the
land next to the gemeente). Both conditions are checked within the disclosive cell's connected
component of the hidden system (condition 1 only there; a cell may also sit in other components),
and the caller checks the result exactly again, so a wrong guess costs a round, never safety.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import lsqr

from .disclosure import Block, Equations, blocks, build_equations, numerical_rank
from .hierarchy import Hierarchy

_TOLERANCE = 1e-8


def _certificates(block: Block, leak_cols: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Per disclosive cell a combination ``y`` of the block's equations that isolates it.

    Returns ``y`` (equations x disclosive cells), whether each really isolates its cell, and a basis of
    the combinations that cancel every hidden cell (``None`` when the block is too large for SVD).
    """
    target = np.zeros((block.shape[1], len(leak_cols)))
    target[leak_cols, np.arange(len(leak_cols))] = 1.0
    if block.dense:
        matrix: np.ndarray | sparse.csr_matrix = block.array()
        u, singular, vt = np.linalg.svd(matrix, full_matrices=True)
        rank = numerical_rank(singular, block.shape)
        y = u[:, :rank] @ (vt[:rank][:, leak_cols] / singular[:rank, None])
        left_null: np.ndarray | None = u[:, rank:]
    else:
        matrix = block.sparse()
        transposed = matrix.T.tocsr()
        y = np.column_stack(
            [
                lsqr(transposed, target[:, j], atol=1e-14, btol=1e-14, iter_lim=20 * block.shape[1])[0]
                for j in range(len(leak_cols))
            ]
        )
        left_null = None
    residual = np.abs(matrix.T @ y - target).max(axis=0)
    return y, residual <= 1e-6, left_null


def _cover(uses: np.ndarray, free: np.ndarray, values: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Greedy set cover of the disclosive cells (rows) by candidates (columns); returns chosen columns."""
    covered = np.zeros(uses.shape[0], dtype=bool)
    chosen: list[int] = []
    while not covered.all():
        gain = uses[~covered].sum(axis=0)
        score = np.where(free, gain, 0)
        if not score.any():
            score = gain
        if not score.any():
            break  # the rest use no published cell at all: nothing published reveals them
        best = int(np.lexsort((order, values, values <= 0, -score))[0])
        chosen.append(best)
        covered |= uses[:, best]
    return np.asarray(chosen, dtype=np.int64)


def _published_entries(
    hierarchy: Hierarchy, hidden: np.ndarray, published: np.ndarray, eqs: Equations
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The published cells' coefficients in the hidden system's equations, and which would stand alone.

    The matrix has a row per equation of ``eqs`` and a column per flat cell. A published cell
    that is the only one hidden in some equation once hidden (no equation of ``eqs``) is fixed by it.
    """
    every = build_equations(hierarchy, np.ones_like(hidden))
    cell = every.cells[every.cell]
    on = published.ravel()[cell]
    equation, cell, coefficient = every.equation[on], cell[on], every.coefficient[on]
    position = np.searchsorted(eqs.ids, equation)
    in_system = position < len(eqs.ids)
    in_system[in_system] = eqs.ids[position[in_system]] == equation[in_system]
    alone = np.zeros(hidden.size, dtype=bool)
    alone[cell[~in_system]] = True
    matrix = sparse.csr_matrix(
        (coefficient[in_system], (position[in_system], cell[in_system])), shape=(eqs.n_equations, hidden.size)
    )
    return matrix, alone


def cells_breaking_disclosures(
    hierarchy: Hierarchy, hidden: np.ndarray, leaks: np.ndarray, published: np.ndarray, numbers: np.ndarray
) -> np.ndarray:
    """Published cells to hide so that the determined cells in ``leaks`` are no longer determined.

    Parameters
    ----------
    hierarchy : Hierarchy
    hidden, leaks, published : numpy.ndarray
        (area x period) masks: what the adversary does not see, the hidden cells that must become
        free, and the cells that may still be hidden.
    numbers : numpy.ndarray
        (area x period) values, used only to prefer hiding small cells.

    Returns
    -------
    numpy.ndarray
        Flat indices into the (area x period) table, sorted; empty when no published cell is
        involved in any of the disclosures.

    Examples
    --------
    With only B1 hidden, B1 = W - B2 - B3; hiding B2, B3 or W frees it, and the smallest (B2) is
    chosen rather than the total:

    >>> import pandas as pd
    >>> areas = pd.DataFrame({"area_code": ["B1", "B2", "B3", "W"], "level": ["buurt"] * 3 + ["wijk"]})
    >>> edges = pd.DataFrame({"child_code": ["B1", "B2", "B3"], "parent_code": "W"})
    >>> h = Hierarchy.build(edges, areas)
    >>> hidden = np.array([[True], [False], [False], [False]])
    >>> values = np.array([[3.0], [40.0], [60.0], [103.0]])
    >>> cells_breaking_disclosures(h, hidden, hidden, ~hidden, values).tolist()
    [1]
    """
    eqs = build_equations(hierarchy, hidden)
    around_all, alone = _published_entries(hierarchy, hidden, published, eqs)
    leak_cols = np.searchsorted(eqs.cells, np.flatnonzero(leaks.ravel()))
    is_leak = np.zeros(len(eqs.cells), dtype=bool)
    is_leak[leak_cols] = True
    flat_numbers = numbers.ravel()
    chosen = []
    for block in blocks(eqs, np.ones(len(eqs.cell), dtype=bool), containing=leak_cols):
        near = around_all[block.rows].tocoo()
        if near.nnz == 0:
            continue  # nothing published takes part: the block's values follow from structure alone
        candidates, column = np.unique(near.col, return_inverse=True)
        around = np.zeros((len(block.rows), len(candidates)))
        np.add.at(around, (near.row, column), near.data)
        y, isolated, left_null = _certificates(block, np.flatnonzero(is_leak[block.cols]))
        used = np.abs(y.T @ around)
        uses = used > _TOLERANCE * max(1.0, float(used.max(initial=0.0)))
        # A cell without a clean certificate (rounding): any published neighbour of its block may help.
        uses[~isolated] = True
        free = ~alone[candidates]
        if left_null is not None and left_null.shape[1]:
            stuck = np.linalg.norm(left_null.T @ around, axis=0)
            free &= stuck <= _TOLERANCE * np.maximum(1.0, np.linalg.norm(around, axis=0))
        picked = _cover(uses, free, flat_numbers[candidates], candidates)
        chosen.append(candidates[picked])
    return np.unique(np.concatenate(chosen)) if chosen else np.zeros(0, dtype=np.int64)
