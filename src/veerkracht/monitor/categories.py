# SPDX-License-Identifier: EUPL-1.2
"""The three factors of the veerkracht classification cut into categories by the preset's thresholds.

Every factor is compared after rounding to nine decimals: a change of 24.1 - 23.1 is
1.0000000000000036 in floating point, and a class must not depend on that noise (the threshold
says "1.0 is about equal"). The explanation uses the same functions to check that the numbers it
shows, rounded, still fall in the category they explain.
"""

from __future__ import annotations

import numpy as np

from .preset import Thresholds

#: Decimals kept before comparing with a threshold (far below any published precision).
COMPARISON_DECIMALS = 9


def tidy(values: np.ndarray) -> np.ndarray:
    """Round away floating-point noise before a comparison with a threshold.

    Examples
    --------
    >>> float(tidy(np.array([24.1 - 23.1]))[0])
    1.0
    """
    return np.round(np.asarray(values, dtype=np.float64), COMPARISON_DECIMALS)


def vulnerable_category(change: np.ndarray, residents: np.ndarray, thresholds: Thresholds) -> np.ndarray:
    """Code per area: 0 missing (or too few residents), 1 decrease, 2 about equal, 3 increase.

    Decrease is ``change < decrease_below``, increase ``change > increase_above``, about equal in
    between (both bounds included). Missing residents do not block a class; too few do.

    Examples
    --------
    >>> from veerkracht.monitor import load_preset
    >>> th = load_preset().thresholds
    >>> vulnerable_category(np.array([-2.0, 0.5, 24.1 - 23.1, 3.4, np.nan, 3.4]),
    ...                     np.array([100, 100, 100, 100, 100, 20.0]), th).tolist()
    [1, 2, 2, 3, 0, 0]
    """
    change = tidy(change)
    enough = ~(np.asarray(residents, dtype=np.float64) < thresholds.minimum_residents)
    code = np.where(
        change > thresholds.vulnerable_increase_above,
        3,
        np.where(change < thresholds.vulnerable_decrease_below, 1, 2),
    )
    return np.where(np.isfinite(change) & enough, code, 0)


def nuisance_level_category(level: np.ndarray, thresholds: Thresholds) -> np.ndarray:
    """Code per area: 0 missing, 1 little, 2 some, 3 much nuisance.

    Examples
    --------
    >>> from veerkracht.monitor import load_preset
    >>> th = load_preset().thresholds
    >>> nuisance_level_category(np.array([-0.12, -0.08, -0.01, 0.0, np.nan]), th).tolist()
    [3, 2, 2, 1, 0]
    """
    level = tidy(level)
    sign = 1.0 if thresholds.higher_is_better else -1.0
    goodness, much, some = sign * level, sign * thresholds.nuisance_much, sign * thresholds.nuisance_some
    code = np.where(goodness < much, 3, np.where(goodness < some, 2, 1))
    return np.where(np.isfinite(level), code, 0)


def development_category(relative: np.ndarray, thresholds: Thresholds) -> np.ndarray:
    """Code per area: 0 missing, 1 improving, 2 in line with the reference, 3 worsening.

    Examples
    --------
    >>> from veerkracht.monitor import load_preset
    >>> th = load_preset().thresholds
    >>> development_category(np.array([0.03, 0.005, -0.004, -0.03, np.nan]), th).tolist()
    [1, 2, 2, 3, 0]
    """
    relative = tidy(relative)
    goodness = relative if thresholds.higher_is_better else -relative
    band = thresholds.development_dead_band
    code = np.where(goodness > band, 1, np.where(goodness < -band, 3, 2))
    return np.where(np.isfinite(relative), code, 0)
