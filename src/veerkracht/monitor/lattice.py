# SPDX-License-Identifier: EUPL-1.2
"""Neighbours on the CBS 100 m square lattice, derived from the square ids, as a sparse matrix."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.spatial import cKDTree

from veerkracht.geo.squares import square_origins

_KEY = 100_000


def lattice_offsets(distance: float, size: float = 100.0) -> np.ndarray:
    """Grid offsets (in squares) whose centres lie within ``distance`` metres, without (0, 0).

    Examples
    --------
    >>> len(lattice_offsets(100)), len(lattice_offsets(150)), len(lattice_offsets(250))
    (4, 8, 20)
    """
    reach = int(np.floor(distance / size))
    dx, dy = np.meshgrid(np.arange(-reach, reach + 1), np.arange(-reach, reach + 1), indexing="ij")
    inside = (np.hypot(dx, dy) * size <= distance + 1e-9) & ~((dx == 0) & (dy == 0))
    return np.column_stack([dx[inside], dy[inside]])


def square_neighbours(
    square_ids: np.ndarray, *, distance: float | None = 150.0, k: int | None = None
) -> sparse.csr_matrix:
    """Binary neighbour matrix of 100 m squares (no self-neighbours).

    Parameters
    ----------
    square_ids : numpy.ndarray
        CBS ids like ``E1766N3184``; row i of the result belongs to ``square_ids[i]``.
    distance : float, optional
        Distance band between square centres in metres: 100 gives rook contiguity, 150 (default)
        queen contiguity (the 8 surrounding squares). Only squares in ``square_ids`` are neighbours.
    k : int, optional
        Use the k nearest squares instead of a distance band.

    Returns
    -------
    scipy.sparse.csr_matrix
        n x n, 1.0 where j is a neighbour of i.

    Examples
    --------
    >>> w = square_neighbours(np.array(["E0001N0001", "E0002N0001", "E0003N0003"]))
    >>> w.toarray().tolist()
    [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    """
    x, y = square_origins(np.asarray(square_ids))
    gx, gy = x // 100, y // 100
    n = len(gx)
    if k is not None:
        tree = cKDTree(np.column_stack([gx, gy]).astype(np.float64))
        _, index = tree.query(np.column_stack([gx, gy]).astype(np.float64), k=min(k + 1, n))
        index = np.asarray(index).reshape(n, -1)
        rows = np.repeat(np.arange(n), index.shape[1])
        cols = index.ravel()
        keep = (rows != cols) & (cols < n)
        rows, cols = rows[keep], cols[keep]
        return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    if distance is None:
        raise ValueError("give a distance band or k")
    keys = gx * _KEY + gy
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    row_parts, col_parts = [], []
    for dx, dy in lattice_offsets(distance):
        target = (gx + dx) * _KEY + (gy + dy)
        position = np.clip(np.searchsorted(sorted_keys, target), 0, n - 1)
        hit = sorted_keys[position] == target
        row_parts.append(np.flatnonzero(hit))
        col_parts.append(order[position[hit]])
    rows = np.concatenate(row_parts) if row_parts else np.zeros(0, dtype=np.int64)
    cols = np.concatenate(col_parts) if col_parts else np.zeros(0, dtype=np.int64)
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
