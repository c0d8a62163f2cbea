# SPDX-License-Identifier: EUPL-1.2
"""The vocabulary of areas, defined once: levels, their order, CBS code patterns and the hierarchy in codes.

Every part of Veerkracht (areas, connectors, the monitor, the API and the pages) takes its area levels and
code patterns from here, so a new level or a stricter pattern is one change.

A buurt code holds its wijk and gemeente: ``BU09350301`` lies in wijk ``WK093503`` of gemeente ``GM0935``.

>>> level_of("BU09350301"), wijk_of("BU09350301"), gemeente_of("BU09350301")
('buurt', 'WK093503', 'GM0935')
>>> level_of("XX12") is None
True
>>> level_of(NATIONAL_CODE) is None  # the country is not an area of the CBS indeling
True
>>> LEVEL_RANK["buurt"] < LEVEL_RANK["wijk"] < LEVEL_RANK["gemeente"]
True
"""

import re

from veerkracht.geo.squares import SQUARE_ID_PATTERN

#: The code of the Netherlands as a whole in CBS tables (Kerncijfers, Leefbaarometer).
NATIONAL_CODE = "NL00"

#: Area levels from fine to coarse. Squares and complexes are both finest: they partition buurten
#: differently (a grid versus the addresses of a corporation's complex), so they share a rank.
LEVEL_RANK: dict[str, int] = {
    "square": 0,
    "complex": 0,
    "buurt": 1,
    "wijk": 2,
    "rayon": 3,
    "gemeente": 4,
    "land": 5,
}
#: The levels the monitor analyses, fine to coarse.
ANALYSIS_LEVELS: tuple[str, ...] = tuple(LEVEL_RANK)
#: The levels a stored value can belong to: the analysis levels and postcode areas (Leefbaarometer 2.0).
VALUE_LEVELS: tuple[str, ...] = ("land", "gemeente", "rayon", "wijk", "buurt", "square", "pc4", "complex")
#: The levels CBS defines, coarse to fine; a rayon is a set a city defines itself.
CBS_LEVELS: tuple[str, ...] = ("gemeente", "wijk", "buurt")
#: The levels that have a shape and can be drawn on a map or published per area.
MAP_LEVELS: tuple[str, ...] = ("buurt", "wijk", "rayon", "gemeente", "complex")

#: A code a city or corporation chooses itself (rayon, complex): short, no spaces.
_OWN_CODE = r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$"
CODE_PATTERNS: dict[str, re.Pattern[str]] = {
    "land": re.compile(r"^NL\d{2}$"),
    "gemeente": re.compile(r"^GM\d{4}$"),
    "rayon": re.compile(_OWN_CODE),
    "wijk": re.compile(r"^WK\d{6}$"),
    "buurt": re.compile(r"^BU\d{8}$"),
    "square": re.compile(SQUARE_ID_PATTERN),
    "pc4": re.compile(r"^PC[1-9]\d{3}$"),
    "complex": re.compile(_OWN_CODE),
}
CODE_EXAMPLES: dict[str, str] = {
    "land": NATIONAL_CODE,
    "gemeente": "GM0935",
    "rayon": "RAYON-NOORD",
    "wijk": "WK093503",
    "buurt": "BU09350301",
    "square": "E1766N3184",
    "pc4": "PC6211",
    "complex": "CX-0001",
}
#: The two-letter prefix of each CBS level's codes.
CBS_PREFIX: dict[str, str] = {"land": "NL", "gemeente": "GM", "wijk": "WK", "buurt": "BU"}
LEVEL_OF_PREFIX: dict[str, str] = {prefix: level for level, prefix in CBS_PREFIX.items()}
#: How many digits follow the prefix (CSV files sometimes drop the prefix and the leading zeros).
CBS_CODE_DIGITS: dict[str, int] = {"land": 2, "gemeente": 4, "wijk": 6, "buurt": 8}
#: The patterns of the codes CBS itself issues (land, gemeente, wijk, buurt).
CBS_CODE = re.compile(r"^(NL\d{2}|GM\d{4}|WK\d{6}|BU\d{8})$")

# Kept for the areas importer: the CBS levels whose codes carry their hierarchy.
PATTERNS = {level: CODE_PATTERNS[level] for level in CBS_LEVELS}
EXAMPLES = {level: CODE_EXAMPLES[level] for level in CBS_LEVELS}


def level_of(code: str) -> str | None:
    """Return the CBS level (gemeente, wijk, buurt) of a code, or None when it is no CBS area code."""
    level = LEVEL_OF_PREFIX.get(code[:2])
    if level in PATTERNS and PATTERNS[level].match(code):
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
