# SPDX-License-Identifier: EUPL-1.2
"""Which hidden cells of a hierarchical table can an adversary solve exactly from the published ones?"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import lsqr

from .hierarchy import Hierarchy

#: Above this many cells a core component's null space is sampled iteratively instead of by SVD.
_DENSE_LIMIT = 1500


@dataclass(frozen=True)
class Equations:
    """The published additive relations restricted to the hidden cells.

    Every (grouping, parent, period) gives ``parent - sum(weight * child) = published part``; only
    the hidden cells are unknowns. ``cell`` indexes ``hidden.ravel()`` positions via ``cells``;
    ``ids`` gives each equation's number in the system of all cells (the same for every mask).
    """

    equation: np.ndarray
    cell: np.ndarray
    coefficient: np.ndarray
    cells: np.ndarray
    n_equations: int
    ids: np.ndarray


def build_equations(hierarchy: Hierarchy, hidden: np.ndarray) -> Equations:
    """Collect the equations that contain at least one hidden cell of an (area x period) table."""
    n_periods = hidden.shape[1]
    flat_hidden = hidden.ravel()
    eq_parts, cell_parts, coef_parts = [], [], []
    offset = 0
    for grouping in hierarchy.groupings:
        n_parents = len(grouping.parents)
        for t in range(n_periods):
            base = offset + t * n_parents
            parent_cells = grouping.parents * n_periods + t
            keep = flat_hidden[parent_cells]
            eq_parts.append(base + np.flatnonzero(keep))
            cell_parts.append(parent_cells[keep])
            coef_parts.append(np.ones(int(keep.sum())))
            child_cells = grouping.children[grouping.edge_child] * n_periods + t
            keep = flat_hidden[child_cells]
            eq_parts.append(base + grouping.edge_parent[keep])
            cell_parts.append(child_cells[keep])
            coef_parts.append(-grouping.edge_weight[keep])
        offset += n_parents * n_periods
    equation = np.concatenate(eq_parts) if eq_parts else np.zeros(0, dtype=np.int64)
    flat_cell = np.concatenate(cell_parts) if cell_parts else np.zeros(0, dtype=np.int64)
    coefficient = np.concatenate(coef_parts) if coef_parts else np.zeros(0)
    used_eq, equation = np.unique(equation, return_inverse=True)
    cells = np.flatnonzero(flat_hidden)
    cell = np.searchsorted(cells, flat_cell)
    return Equations(
        equation.astype(np.int64), cell.astype(np.int64), coefficient, cells, len(used_eq), used_eq
    )


def _peel(eqs: Equations) -> tuple[np.ndarray, np.ndarray]:
    """Repeatedly drop equations that own a cell no other remaining equation has.

    Such an equation never restricts the other cells (its private cell absorbs any value), so the
    remaining 'core' decides exactly the same about them. Returns the round in which each equation
    was dropped (-1: core) and, per entry, whether its cell was private at that moment.
    """
    n_cells = len(eqs.cells)
    degree = np.bincount(eqs.cell, minlength=n_cells)
    active = np.ones(eqs.n_equations, dtype=bool)
    removed_round = np.full(eqs.n_equations, -1, dtype=np.int64)
    private = np.zeros(len(eqs.cell), dtype=bool)
    round_number = 0
    while True:
        candidate = active[eqs.equation] & (degree[eqs.cell] == 1)
        if not candidate.any():
            return removed_round, private
        peel = np.zeros(eqs.n_equations, dtype=bool)
        peel[eqs.equation[candidate]] = True
        removed_round[peel] = round_number
        active &= ~peel
        entries = peel[eqs.equation]
        private |= candidate & entries
        degree -= np.bincount(eqs.cell[entries], minlength=n_cells)
        round_number += 1


@dataclass(frozen=True)
class Block:
    """One connected component of an equation system.

    ``rows`` and ``cols`` (ascending) index the equations and ``cells`` of :class:`Equations`; the
    entries are given in block-local row and column numbers.
    """

    rows: np.ndarray
    cols: np.ndarray
    entry_row: np.ndarray
    entry_col: np.ndarray
    coefficient: np.ndarray

    @property
    def dense(self) -> bool:
        """Small enough for an exact SVD."""
        return len(self.cols) <= _DENSE_LIMIT

    @property
    def shape(self) -> tuple[int, int]:
        """(equations, cells)."""
        return len(self.rows), len(self.cols)

    def sparse(self) -> sparse.csr_matrix:
        """The block as a sparse matrix."""
        return sparse.csr_matrix((self.coefficient, (self.entry_row, self.entry_col)), shape=self.shape)

    def array(self) -> np.ndarray:
        """The block as a dense matrix."""
        out = np.zeros(self.shape)
        np.add.at(out, (self.entry_row, self.entry_col), self.coefficient)
        return out


def _grouped(labels: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions sorted by label (ascending within a label) and where each label's run starts."""
    order = np.argsort(labels, kind="stable")
    return order, np.searchsorted(labels[order], np.arange(n_groups + 1))


def blocks(eqs: Equations, entries: np.ndarray, containing: np.ndarray | None = None) -> Iterator[Block]:
    """The system of the chosen ``entries`` split into independent components.

    With ``containing`` (indices into ``eqs.cells``), only the components that hold one of them.
    """
    if not entries.any():
        return
    rows, row_index = np.unique(eqs.equation[entries], return_inverse=True)
    cols, col_index = np.unique(eqs.cell[entries], return_inverse=True)
    coefficient = eqs.coefficient[entries]
    n_rows = len(rows)
    matrix = sparse.csr_matrix((coefficient, (row_index, col_index)), shape=(n_rows, len(cols)))
    graph = sparse.bmat([[None, matrix], [matrix.T, None]]).tocsr()
    n_components, labels = connected_components(graph, directed=False)
    row_label, col_label = labels[:n_rows], labels[n_rows:]
    # Group once by component instead of scanning every label per component (many small ones).
    row_order, row_start = _grouped(row_label, n_components)
    col_order, col_start = _grouped(col_label, n_components)
    entry_order, entry_start = _grouped(row_label[row_index], n_components)
    wanted = np.arange(n_components)
    if containing is not None:
        wanted = np.unique(col_label[np.searchsorted(cols, containing[np.isin(containing, cols)])])
    for k in wanted:
        r = row_order[row_start[k] : row_start[k + 1]]
        c = col_order[col_start[k] : col_start[k + 1]]
        e = entry_order[entry_start[k] : entry_start[k + 1]]
        if len(c):
            local_row, local_col = np.searchsorted(r, row_index[e]), np.searchsorted(c, col_index[e])
            yield Block(rows[r], cols[c], local_row, local_col, coefficient[e])


def numerical_rank(singular: np.ndarray, shape: tuple[int, ...]) -> int:
    """How many singular values are not rounding noise."""
    tolerance = max(shape) * np.finfo(float).eps * (singular[0] if len(singular) else 1.0)
    return int((singular > max(tolerance, 1e-10)).sum())


def _core_null_vector(eqs: Equations, core_entries: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A random vector of the core system's null space, component by component (NaN off the core)."""
    z = np.full(len(eqs.cells), np.nan)
    for block in blocks(eqs, core_entries):
        if block.dense:
            _, singular, vt = np.linalg.svd(block.array(), full_matrices=True)
            basis = vt[numerical_rank(singular, block.shape) :].T
            z[block.cols] = basis @ rng.standard_normal(basis.shape[1]) if basis.shape[1] else 0.0
        else:
            # Project a random vector onto the null space: r - A^T y with y the least-squares solution.
            start = rng.standard_normal(len(block.cols))
            a = block.sparse()
            y = lsqr(a.T, start, atol=1e-14, btol=1e-14, iter_lim=20 * len(block.cols))[0]
            z[block.cols] = start - a.T @ y
    return z


def _null_vector(
    eqs: Equations, removed_round: np.ndarray, private: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """A random vector of the full system's null space: the core's, then the peeled equations backwards."""
    entry_round = removed_round[eqs.equation]
    z = _core_null_vector(eqs, entry_round < 0, rng)
    in_equation = np.zeros(len(eqs.cells), dtype=bool)
    in_equation[eqs.cell] = True
    free = ~in_equation
    z[free] = rng.standard_normal(int(free.sum()))
    for round_number in range(int(removed_round.max(initial=-1)), -1, -1):
        entries = np.flatnonzero(entry_round == round_number)
        priv = entries[private[entries]]
        # One private cell per equation is solved for; any other unset cell is a free choice.
        _, first = np.unique(eqs.equation[priv], return_index=True)
        designated = priv[first]
        others = np.setdiff1d(entries, designated, assume_unique=True)
        unset = others[np.isnan(z[eqs.cell[others]])]
        z[eqs.cell[unset]] = rng.standard_normal(len(unset))
        sums = np.bincount(
            eqs.equation[others],
            weights=eqs.coefficient[others] * z[eqs.cell[others]],
            minlength=eqs.n_equations,
        )
        z[eqs.cell[designated]] = -sums[eqs.equation[designated]] / eqs.coefficient[designated]
    return z


def determined_cells(
    hierarchy: Hierarchy, hidden: np.ndarray, *, draws: int = 2, seed: int = 0
) -> np.ndarray:
    """Mask of the hidden cells whose value follows exactly from the published cells.

    A hidden cell is determined when every solution of the published equations gives it the same
    value, i.e. when it is zero in every vector of the null space of the equations restricted to
    the hidden cells. A random null-space vector is zero exactly there (with probability one), so
    two independent draws decide it; the draws are built by peeling equations with private cells
    (leaf squares, buurten under a hidden wijk) and solving only the small remaining core exactly.

    Parameters
    ----------
    hierarchy : Hierarchy
    hidden : numpy.ndarray
        (area x period) mask of the cells the adversary does not see.

    Returns
    -------
    numpy.ndarray
        (area x period) mask, True where a hidden cell is determined.

    Examples
    --------
    >>> import pandas as pd
    >>> areas = pd.DataFrame({"area_code": ["B1", "B2", "B3", "W"], "level": ["buurt"] * 3 + ["wijk"]})
    >>> edges = pd.DataFrame({"child_code": ["B1", "B2", "B3"], "parent_code": "W"})
    >>> h = Hierarchy.build(edges, areas)
    >>> determined_cells(h, np.array([[True], [False], [False], [False]])).ravel().tolist()
    [True, False, False, False]
    >>> determined_cells(h, np.array([[True], [True], [False], [False]])).ravel().tolist()
    [False, False, False, False]
    """
    out = np.zeros(hidden.shape, dtype=bool)
    if not hidden.any():
        return out
    eqs = build_equations(hierarchy, hidden)
    if eqs.n_equations == 0:
        return out
    removed_round, private = _peel(eqs)
    rng = np.random.default_rng(seed)
    determined = np.ones(len(eqs.cells), dtype=bool)
    for _ in range(draws):
        z = _null_vector(eqs, removed_round, private, rng)
        scale = max(1.0, float(np.nanmax(np.abs(z))) if len(z) else 1.0)
        determined &= np.abs(np.nan_to_num(z, nan=1.0)) <= 1e-9 * scale
    flat = out.ravel()
    flat[eqs.cells[determined]] = True
    return flat.reshape(hidden.shape)
