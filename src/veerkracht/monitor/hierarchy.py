# SPDX-License-Identifier: EUPL-1.2
"""Membership between area levels as sparse matrices: one grouping per (parent level, child level)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from .frames import (
    CHILD_CODE,
    LEVEL,
    LEVEL_RANK,
    LEVELS,
    PARENT_CODE,
    WEIGHT,
    FrameError,
    validate_membership,
)
from .positions import as_strings, positions


@dataclass(frozen=True)
class Grouping:
    """All edges from areas of one level to parents of one coarser level.

    ``matrix[p, c]`` is the weight of child ``children[c]`` in parent ``parents[p]`` (indices into
    the panel's areas), so ``matrix @ x[children]`` gives the parents' weighted sums.
    """

    parent_level: str
    child_level: str
    parents: np.ndarray
    children: np.ndarray
    matrix: sparse.csr_matrix
    binary: sparse.csr_matrix
    edge_parent: np.ndarray
    edge_child: np.ndarray
    edge_weight: np.ndarray

    @classmethod
    def from_edges(
        cls, parent_level: str, child_level: str, parent: np.ndarray, child: np.ndarray, weight: np.ndarray
    ) -> Grouping:
        """Build from edge arrays (area indices); parents and children are numbered locally."""
        parents, p_local = np.unique(parent, return_inverse=True)
        children, c_local = np.unique(child, return_inverse=True)
        shape = (len(parents), len(children))
        matrix = sparse.csr_matrix((weight, (p_local, c_local)), shape=shape)
        binary = sparse.csr_matrix((np.ones(len(weight)), (p_local, c_local)), shape=shape)
        coo = matrix.tocoo()
        return cls(
            parent_level,
            child_level,
            parents,
            children,
            matrix,
            binary,
            coo.row.astype(np.int64),
            coo.col.astype(np.int64),
            coo.data,
        )


@dataclass(frozen=True)
class Hierarchy:
    """The membership graph of a panel's areas.

    Examples
    --------
    >>> areas = pd.DataFrame({"area_code": ["BU1", "BU2", "WK1"], "level": ["buurt", "buurt", "wijk"]})
    >>> edges = pd.DataFrame({"child_code": ["BU1", "BU2"], "parent_code": ["WK1", "WK1"]})
    >>> hierarchy = Hierarchy.build(edges, areas)
    >>> [(g.child_level, g.parent_level) for g in hierarchy.groupings]
    [('buurt', 'wijk')]
    >>> hierarchy.ancestor_at("wijk").tolist()
    [2, 2, 2]
    """

    n_areas: int
    levels: np.ndarray
    child: np.ndarray
    parent: np.ndarray
    weight: np.ndarray
    groupings: tuple[Grouping, ...]

    @classmethod
    def build(cls, membership: pd.DataFrame, areas: pd.DataFrame, *, validate: bool = True) -> Hierarchy:
        """Index the membership edges by the row order of ``areas``."""
        areas = areas.reset_index(drop=True)
        if validate:
            membership = validate_membership(membership, areas)
        lookup = as_strings(areas["area_code"].astype(str))
        child = positions(membership[CHILD_CODE].astype(str), lookup)
        parent = positions(membership[PARENT_CODE].astype(str), lookup)
        if (child < 0).any() or (parent < 0).any():
            raise FrameError("membership frame refers to an area code that is not in the areas frame")
        weight = (
            membership[WEIGHT].to_numpy(dtype=np.float64) if WEIGHT in membership else np.ones(len(child))
        )
        levels = areas[LEVEL].astype(str).to_numpy(dtype=object)
        groupings = []
        pairs = pd.DataFrame({"p": levels[parent], "c": levels[child]}).drop_duplicates()
        order = {level: position for position, level in enumerate(LEVELS)}
        keyed = sorted(
            (LEVEL_RANK[p], LEVEL_RANK[c], order[c], p, c) for p, c in pairs.itertuples(index=False)
        )
        for _, _, _, parent_level, child_level in keyed:
            mask = (levels[parent] == parent_level) & (levels[child] == child_level)
            groupings.append(
                Grouping.from_edges(parent_level, child_level, parent[mask], child[mask], weight[mask])
            )
        return cls(len(areas), levels, child, parent, weight, tuple(groupings))

    def ancestor_at(self, level: str) -> np.ndarray:
        """For every area, the index of its ancestor at ``level`` (itself if it is at that level; -1 if none).

        Where an area has several parents, the path goes through a parent at ``level`` if there is
        one, else through the finest parent below ``level``, and among equals the heaviest edge.
        """
        target = LEVEL_RANK[level]
        rank = np.array([LEVEL_RANK[lv] for lv in self.levels], dtype=np.int64)
        parent_rank = rank[self.parent]
        usable = parent_rank <= target
        # Preference: exact level first, then the finest parent, then the heaviest edge.
        key = np.where(parent_rank[usable] == target, -1, parent_rank[usable])
        child, parent, weight = self.child[usable], self.parent[usable], self.weight[usable]
        order = np.lexsort((-weight, key, child))
        first = np.ones(len(order), dtype=bool)
        first[1:] = child[order][1:] != child[order][:-1]
        step = np.full(self.n_areas, -1, dtype=np.int64)
        step[child[order][first]] = parent[order][first]
        result = np.where(rank == target, np.arange(self.n_areas), -1)
        current = np.arange(self.n_areas)
        for _ in range(len(LEVELS)):
            current = np.where(current >= 0, step[np.maximum(current, 0)], -1)
            found = (result < 0) & (current >= 0)
            hit = found & (rank[np.maximum(current, 0)] == target)
            result[hit] = current[hit]
        return result
