# SPDX-License-Identifier: EUPL-1.2
"""The Benjamini-Hochberg false-discovery-rate correction for many simultaneous tests."""

from __future__ import annotations

from fractions import Fraction

import numpy as np


def benjamini_hochberg(p_values: np.ndarray, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Adjust p-values for the false discovery rate (Benjamini and Hochberg, 1995).

    With a test per 100 m square, hundreds of thousands of tests run at once; at 5 % per test
    thousands of squares would be 'significant' by chance alone. The step-up rule rejects the k
    smallest of m p-values, k the largest i with ``p_(i) <= alpha * i / m`` (a p-value on the bound
    included); the expected share of false discoveries among the rejections stays at alpha. The
    adjusted value (q-value) of the i-th smallest is ``min over j >= i of p_(j) * m / j``.

    The rule is decided exactly: ``p_(i) * m`` against ``alpha * i`` in floating point and, where
    the two round to the same number, in exact fractions. (Computing ``p * m / i`` first, as before,
    rounds 0.1 * 6 / 6 up to 0.10000000000000002 and refuses a p-value that sits on the bound.)
    q-values are rounded towards that decision, so ``q <= alpha`` exactly where the rule rejects.

    Parameters
    ----------
    p_values : numpy.ndarray
        NaN entries are not tests: they get NaN and do not count in m.
    alpha : float

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Boolean rejection mask and the adjusted p-values (q-values).

    Examples
    --------
    >>> reject, q = benjamini_hochberg(np.array([0.01, 0.04, 0.03, 0.20, np.nan]))
    >>> reject.tolist()
    [True, False, False, False, False]
    >>> q.round(3).tolist()
    [0.04, 0.053, 0.053, 0.2, nan]

    A p-value exactly on the bound is rejected, also after ties:

    >>> benjamini_hochberg(np.array([0, 0, 0, 0, 0, 0.1]), alpha=0.1)[0].tolist()
    [True, True, True, True, True, True]
    """
    p = np.asarray(p_values, dtype=np.float64)
    q = np.full(p.shape, np.nan)
    reject = np.zeros(p.shape, dtype=bool)
    finite = np.flatnonzero(np.isfinite(p))
    m = len(finite)
    if m == 0:
        return reject, q
    order = finite[np.argsort(p[finite], kind="stable")]
    ranked = p[order]
    ranks = np.arange(1, m + 1)
    left, right = ranked * m, alpha * ranks
    # Rounding is monotone: a strict inequality between the rounded products holds for the exact
    # ones. Only products that round to the same double need exact arithmetic.
    passing = left < right
    for tie in np.flatnonzero(left == right):
        passing[tie] = Fraction(float(ranked[tie])) * m <= Fraction(alpha) * int(ranks[tie])
    rejected = int(np.flatnonzero(passing).max()) + 1 if passing.any() else 0
    reject[order[:rejected]] = True
    adjusted = np.minimum.accumulate((ranked * m / ranks)[::-1])[::-1]
    adjusted[:rejected] = np.minimum(adjusted[:rejected], alpha)
    adjusted[rejected:] = np.maximum(adjusted[rejected:], np.nextafter(alpha, np.inf))
    q[order] = np.minimum(adjusted, 1.0)
    return reject, q
