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
    offsets = lattice_offsets(distance)
    # neighbour[i, k]: the square at offset k from square i. Sorted per row, with the misses (-1 made
    # n) at the end, the rows are already the compressed sparse row layout: no COO detour.
    neighbour = _find_offsets(np.asarray(gx, dtype=np.int64), np.asarray(gy, dtype=np.int64), offsets)
    neighbour = np.sort(np.where(neighbour < 0, n, neighbour), axis=1)
    hit = neighbour < n
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(hit.sum(axis=1), out=indptr[1:])
    index_type = np.int32 if n < 2**31 else np.int64
    matrix = sparse.csr_matrix(
        (np.ones(int(indptr[-1])), neighbour[hit].astype(index_type), indptr.astype(index_type)), shape=(n, n)
    )
    return matrix


#: Above this many grid cells a dense lookup table costs more memory than it saves time.
_DENSE_CELLS = 64_000_000


def _find_offsets(gx: np.ndarray, gy: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """(n, len(offsets)) positions of the square at each offset from each square, -1 where none."""
    n = len(gx)
    out = np.full((n, len(offsets)), -1, dtype=np.int64)
    if n == 0 or len(offsets) == 0:
        return out
    reach = int(np.abs(offsets).max())
    x0, y0 = int(gx.min()) - reach, int(gy.min()) - reach
    width, height = int(gx.max()) - x0 + reach + 1, int(gy.max()) - y0 + reach + 1
    if width * height <= _DENSE_CELLS:
        # A table of the whole grid: one array read per neighbour instead of a binary search.
        table = np.full((width, height), -1, dtype=np.int64 if n >= 2**31 else np.int32)
        table[gx - x0, gy - y0] = np.arange(n)
        for k, (dx, dy) in enumerate(offsets):
            out[:, k] = table[gx - x0 + dx, gy - y0 + dy]
        return out
    keys = gx * _KEY + gy
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    for k, (dx, dy) in enumerate(offsets):
        target = (gx + dx) * _KEY + (gy + dy)
        position = np.clip(np.searchsorted(sorted_keys, target), 0, n - 1)
        out[:, k] = np.where(sorted_keys[position] == target, order[position], -1)
    return out
