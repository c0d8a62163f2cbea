# SPDX-License-Identifier: EUPL-1.2
"""CBS-pattern area codes for the synthetic gemeenten, wijken, buurten and rayons.

>>> gemeente_code(5001), wijk_code(5001, 3), buurt_code(5001, 3, 7), rayon_code(5001, 1)
('GM5001', 'WK500103', 'BU50010307', 'RA500101')
"""

import re

GEMEENTE_PATTERN = re.compile(r"^GM\d{4}$")
WIJK_PATTERN = re.compile(r"^WK\d{6}$")
BUURT_PATTERN = re.compile(r"^BU\d{8}$")
RAYON_PATTERN = re.compile(r"^RA\d{6}$")
MAX_PER_LEVEL = 100


def _check(number: int, limit: int, what: str) -> None:
    if not 0 <= number < limit:
        raise ValueError(f"{what} number {number} does not fit the CBS code pattern (0..{limit - 1})")


def gemeente_code(gemeente: int) -> str:
    """Return ``GM`` and the four-digit gemeente number."""
    _check(gemeente, 10_000, "gemeente")
    return f"GM{gemeente:04d}"


def wijk_code(gemeente: int, wijk: int) -> str:
    """Return the wijk code ``WK`` + gemeente number + two-digit wijk number."""
    _check(gemeente, 10_000, "gemeente")
    _check(wijk, MAX_PER_LEVEL, "wijk")
    return f"WK{gemeente:04d}{wijk:02d}"


def buurt_code(gemeente: int, wijk: int, buurt: int) -> str:
    """Return the buurt code ``BU`` + gemeente + wijk + two-digit buurt number."""
    _check(buurt, MAX_PER_LEVEL, "buurt")
    return "BU" + wijk_code(gemeente, wijk)[2:] + f"{buurt:02d}"


def rayon_code(gemeente: int, rayon: int) -> str:
    """Return a city-defined rayon code ``RA`` + gemeente + two-digit rayon number (from 01)."""
    _check(rayon, MAX_PER_LEVEL, "rayon")
    return f"RA{gemeente:04d}{rayon:02d}"
