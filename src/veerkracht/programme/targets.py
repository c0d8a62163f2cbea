# SPDX-License-Identifier: EUPL-1.2
"""Checking a share of the stock against a target, in whole dwellings and exact arithmetic (pure: no Django).

Examples
--------
>>> from decimal import Decimal
>>> check = check_share(16525, 20270, Decimal(80), "at_least")
>>> check.met, check.share.quantize(Decimal("0.1")), check.points.quantize(Decimal("0.1")), check.dwellings
(True, Decimal('81.5'), Decimal('1.5'), 309)
>>> check_share(799, 1000, Decimal(80), "at_least").dwellings
-1
>>> check_share(800, 1000, Decimal(80), "at_least").met
True
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

COMPARISONS = ("at_least", "at_most")


@dataclass(frozen=True)
class ShareCheck:
    """The outcome of a target: the share, whether it is met, and by how much either way."""

    part: int
    whole: int
    norm: Decimal
    comparison: str
    #: The share in percent, unrounded.
    share: Decimal
    met: bool
    #: Percentage points the share lies above (positive) or below (negative) the norm.
    points: Decimal
    #: Dwellings to spare (positive) or short (negative) against the norm.
    dwellings: int


def check_share(part: int, whole: int, norm: Decimal, comparison: str) -> ShareCheck:
    """Check ``part`` as a percentage of ``whole`` against ``norm`` (``at_least`` or ``at_most``).

    The margin in dwellings is the distance to the nearest whole number of dwellings that would just meet
    the norm; a share exactly at the norm meets it.
    """
    if comparison not in COMPARISONS:
        raise ValueError(f"comparison must be one of {COMPARISONS}, not {comparison!r}")
    if whole <= 0:
        raise ValueError("the whole must be at least one dwelling")
    share = Decimal(100) * part / whole
    limit = norm * whole / 100
    if comparison == "at_least":
        needed = int(limit.to_integral_value(rounding=ROUND_CEILING))
        met = part >= needed
        dwellings = part - needed
    else:
        allowed = int(limit.to_integral_value(rounding=ROUND_FLOOR))
        met = part <= allowed
        dwellings = allowed - part
    return ShareCheck(part, whole, norm, comparison, share, met, share - norm, dwellings)
