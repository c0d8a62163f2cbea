# SPDX-License-Identifier: EUPL-1.2
"""CBS area codes: their patterns and the hierarchy the codes themselves carry.

A buurt code holds its wijk and gemeente: ``BU09350301`` lies in wijk ``WK093503`` of gemeente ``GM0935``.

>>> level_of("BU09350301"), wijk_of("BU09350301"), gemeente_of("BU09350301")
('buurt', 'WK093503', 'GM0935')
>>> level_of("XX12") is None
True
"""

import re

PATTERNS = {
    "gemeente": re.compile(r"^GM\d{4}$"),
    "wijk": re.compile(r"^WK\d{6}$"),
    "buurt": re.compile(r"^BU\d{8}$"),
}
EXAMPLES = {"gemeente": "GM0935", "wijk": "WK093503", "buurt": "BU09350301"}


def level_of(code: str) -> str | None:
    """Return the CBS level a code belongs to, or None when it is no CBS area code."""
    for level, pattern in PATTERNS.items():
        if pattern.match(code):
            return level
    return None


def wijk_of(buurt_code: str) -> str:
    """Return the wijk code a buurt code belongs to."""
    return "WK" + buurt_code[2:8]


def gemeente_of(code: str) -> str:
    """Return the gemeente code a wijk or buurt code belongs to."""
    return "GM" + code[2:6]


def parent_of(code: str) -> str | None:
    """Return the code of the CBS parent (buurt -> wijk -> gemeente), None for a gemeente."""
    level = level_of(code)
    if level == "buurt":
        return wijk_of(code)
    if level == "wijk":
        return gemeente_of(code)
    return None
