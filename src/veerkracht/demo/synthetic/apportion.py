# SPDX-License-Identifier: EUPL-1.2
"""Integer apportionment by systematic rounding, so that parts always sum exactly to their totals.

Every split here uses a fixed random offset per group: the same offset in every year keeps year-to-year
changes smooth (a square does not jump between 3 and 5 persons by rounding alone), and when the weights
are the capacities of the parts (dwellings for households) no part ever exceeds its capacity.
"""

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def group_starts(group: IntArray, n_groups: int) -> IntArray:
    """Return the first position of each group in an array sorted by group (or len when empty)."""
    return np.searchsorted(group, np.arange(n_groups), side="left").astype(np.int64)


def split_groups(
    totals: npt.ArrayLike, weights: npt.ArrayLike, group: IntArray, offset: FloatArray
) -> IntArray:
    """Split integer group totals over the items of each group in proportion to their weights.

    Parameters
    ----------
    totals : array of int, shape (n_groups,)
        What each group must sum to.
    weights : array, shape (n_items,)
        Non-negative weights; integer weights are split in exact integer arithmetic, which guarantees
        ``part <= weight`` whenever ``total <= sum(weights)``.
    group : array of int, shape (n_items,)
        Group of each item, sorted ascending.
    offset : array of float in [0, 1), shape (n_groups,)
        Rounding offset per group.

    Returns
    -------
    numpy.ndarray of int64
        The parts, summing exactly to ``totals`` per group (groups without weight spread evenly).
    """
    total = np.asarray(totals, dtype=np.int64)
    w = np.asarray(weights)
    n_groups = total.size
    if group.size == 0:
        return np.zeros(0, dtype=np.int64)
    group_weight = np.bincount(group, weights=w.astype(np.float64), minlength=n_groups)
    empty = (group_weight[group] <= 0) & (total[group] > 0)
    if empty.any():
        w = w.astype(np.float64) if not np.issubdtype(w.dtype, np.integer) else w.copy()
        w[empty] = 1
    if np.issubdtype(w.dtype, np.integer):
        w64 = w.astype(np.int64)
        cum = np.cumsum(w64)
        starts = group_starts(group, n_groups)
        before = np.concatenate(([0], cum))[starts]
        cum_in_group = cum - before[group]
        group_sum = np.bincount(group, weights=w64, minlength=n_groups).astype(np.int64)
        safe_sum = np.maximum(group_sum, 1)
        scaled_offset = np.floor(offset * safe_sum).astype(np.int64)
        upper = (total[group] * cum_in_group + scaled_offset[group]) // safe_sum[group]
    else:
        wf = w.astype(np.float64)
        cum_f = np.cumsum(wf)
        starts = group_starts(group, n_groups)
        before_f = np.concatenate(([0.0], cum_f))[starts]
        group_sum_f = np.bincount(group, weights=wf, minlength=n_groups)
        share = (cum_f - before_f[group]) / np.where(group_sum_f > 0, group_sum_f, 1.0)[group]
        upper = np.floor(total[group] * share + offset[group]).astype(np.int64)
    # The last item of a group closes it exactly, whatever floating error crept into its share.
    ends = np.r_[starts[1:], group.size] - 1
    present = np.bincount(group, minlength=n_groups) > 0
    upper[ends[present]] = total[present]
    lower = np.empty_like(upper)
    lower[1:] = upper[:-1]
    first = np.zeros(group.size, dtype=bool)
    first[starts[present]] = True
    lower[first] = 0
    return upper - lower


def split_rows(totals: npt.ArrayLike, shares: FloatArray, offset: FloatArray) -> IntArray:
    """Split each row total over k categories in proportion to ``shares`` (rows need not sum to 1).

    Returns an int64 array of shape (n, k) whose rows sum exactly to ``totals``.
    """
    total = np.asarray(totals, dtype=np.int64)
    row_sum = shares.sum(axis=1, keepdims=True)
    cumulative = np.cumsum(shares, axis=1) / np.where(row_sum > 0, row_sum, 1.0)
    cumulative[:, -1] = 1.0
    upper = np.floor(total[:, None] * cumulative + offset[:, None]).astype(np.int64)
    upper[:, -1] = total
    parts = np.diff(upper, axis=1, prepend=0)
    return parts


def round_with_offset(
    expected: FloatArray, offset: FloatArray, upper: npt.ArrayLike | None = None
) -> IntArray:
    """Round non-negative expectations to integers with a fixed offset, optionally capped."""
    counts = np.floor(np.maximum(expected, 0.0) + offset).astype(np.int64)
    if upper is not None:
        counts = np.minimum(counts, np.asarray(upper, dtype=np.int64))
    return counts
