# SPDX-License-Identifier: EUPL-1.2
"""CBS attribute names of areas across the generations of the Wijk- en Buurtkaart, and text clean-up."""

import ftfy
import numpy as np
import pandas as pd

CODE_COLUMNS = {
    "buurt": ("BU_CODE", "buurtcode"),
    "wijk": ("WK_CODE", "wijkcode"),
    "gemeente": ("GM_CODE", "gemeentecode"),
}
NAME_COLUMNS = {
    "buurt": ("BU_NAAM", "buurtnaam"),
    "wijk": ("WK_NAAM", "wijknaam"),
    "gemeente": ("GM_NAAM", "gemeentenaam"),
}
GENERIC_CODE = ("statcode", "CODE", "code")
GENERIC_NAME = ("statnaam", "NAAM", "naam")
WATER_COLUMNS = ("WATER", "water")
STRUCTURAL = {c.lower() for group in (*CODE_COLUMNS.values(), *NAME_COLUMNS.values()) for c in group} | {
    c.lower() for c in (*GENERIC_CODE, *GENERIC_NAME, *WATER_COLUMNS, "rubriek", "id", "geometry")
}


def first_present(frame: pd.DataFrame, candidates: tuple[str, ...]) -> str | None:
    """The first of the candidate column names the frame has, whatever its capitals."""
    lowered = {str(c).lower(): str(c) for c in frame.columns}
    for candidate in candidates:
        if candidate.lower() in lowered:
            return lowered[candidate.lower()]
    return None


def clean_text(value: object) -> str | None:
    """Trimmed text with double-encoded UTF-8 repaired ("BelvÃ©dÃ¨re" -> "Belvédère"); None when empty."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = ftfy.fix_encoding(str(value)).strip()
    return text or None
