# SPDX-License-Identifier: EUPL-1.2
"""The Benjamini-Hochberg false-discovery-rate correction for many simultaneous tests."""

from __future__ import annotations

import numpy as np


def benjamini_hochberg(p_values: np.ndarray, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Adjust p-values for the false discovery rate (Benjamini and Hochberg, 1995).

    With a test per 100 m square, hundreds of thousands of tests run at once; at 5 % per test
    thousands of squares would be 'significant' by chance alone. The adjusted value (q-value) of the
    i-th smallest of m p-values is ``min over j >= i of p_(j) * m / j``; rejecting where
    ``q <= alpha`` keeps the expected share of false discoveries among the rejections at alpha.

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
    """
    p = np.asarray(p_values, dtype=np.float64)
    q = np.full(p.shape, np.nan)
    finite = np.flatnonzero(np.isfinite(p))
    m = len(finite)
    if m == 0:
        return np.zeros(p.shape, dtype=bool), q
    order = finite[np.argsort(p[finite], kind="stable")]
    ranked = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    q[order] = np.minimum(adjusted, 1.0)
    return np.isfinite(q) & (q <= alpha), q
