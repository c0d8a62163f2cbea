# SPDX-License-Identifier: EUPL-1.2
"""Files for spreadsheets: text that a spreadsheet would run as a formula is written as plain text.

Every CSV the product writes goes through :func:`spreadsheet_safe` (frames) or :func:`safe_cell`
(rows), so that a name like ``=HYPERLINK(...)`` in an imported file never becomes a live formula in
Excel or LibreOffice (OWASP "CSV injection"). Pure: no Django, usable from a notebook.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pandas as pd

# A cell that starts with one of these is read as a formula (tab and CR: some programs strip them).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Plain numbers written as text ("-3", "+31", "5,25") are not formulas and stay as they are.
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """The value, with a leading apostrophe when it is text a spreadsheet would run as a formula.

    Examples
    --------
    >>> safe_cell('=HYPERLINK("http://example.org")')
    '\\'=HYPERLINK("http://example.org")'
    >>> safe_cell("@SUM(A1)"), safe_cell("\\tx"), safe_cell("Binnenstad")
    ("'@SUM(A1)", "'\\tx", 'Binnenstad')
    >>> safe_cell("-12,5"), safe_cell(-3.5), safe_cell(None)
    ('-12,5', -3.5, None)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """A row for ``csv.writer`` with every cell made safe.

    Examples
    --------
    >>> safe_row(["BU1", "=1+1", 4])
    ['BU1', "'=1+1", 4]
    """
    return [safe_cell(value) for value in values]


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of the frame whose text cells and column names are safe; numbers keep their type.

    Examples
    --------
    >>> frame = pd.DataFrame({"naam": ["=cmd|' /C calc'!A0", "Wyck"], "waarde": [-1.5, 2.0]})
    >>> spreadsheet_safe(frame).to_dict("list")
    {'naam': ["'=cmd|' /C calc'!A0", 'Wyck'], 'waarde': [-1.5, 2.0]}
    """
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(safe_cell)
    safe.columns = [safe_cell(str(column)) for column in safe.columns]
    return safe


def write_csv(frame: pd.DataFrame, target: str | Path | IO[str] | None = None, **options: Any) -> str | None:
    """Write the frame as CSV with formulas neutralised; without a target, return the text.

    Examples
    --------
    >>> print(write_csv(pd.DataFrame({"code": ["BU1"], "naam": ["+31 6"]})), end="")
    code,naam
    BU1,'+31 6
    """
    options.setdefault("index", False)
    return spreadsheet_safe(frame).to_csv(target, **options)


@dataclass(frozen=True)
class CsvDialect:
    separator: str
    decimal: str
    byte_order_mark: bool
    true: str
    false: str


DIALECTS = {
    "excel-nl": CsvDialect(";", ",", True, "ja", "nee"),
    "plain": CsvDialect(",", ".", False, "true", "false"),
}
DEFAULT = "excel-nl"


def to_csv(frame: pd.DataFrame, dialect: str = DEFAULT) -> bytes:
    """The frame as CSV bytes in the dialect (``excel-nl`` or ``plain``), formulas neutralised.

    Dutch Excel reads a semicolon as the separator and a comma as the decimal sign, and needs a byte
    order mark to read UTF-8 (else "Belvédère" arrives as "BelvÃ©dÃ¨re"). A plain CSV (comma, point,
    no BOM) suits scripts and other tools.

    Examples
    --------
    >>> frame = pd.DataFrame({"naam": ["Belvédère"], "waarde": [23.75], "geheim": [False]})
    >>> to_csv(frame).decode("utf-8-sig")
    'naam;waarde;geheim\\r\\nBelvédère;23,75;nee\\r\\n'
    >>> to_csv(frame, "plain").decode("utf-8")
    'naam,waarde,geheim\\r\\nBelvédère,23.75,false\\r\\n'
    """
    chosen = DIALECTS[dialect]
    out = spreadsheet_safe(frame)
    for column in out.columns:
        values = out[column]
        present = values.dropna()
        if pd.api.types.is_bool_dtype(values) or (
            values.dtype == object and len(present) and present.map(lambda v: isinstance(v, bool)).all()
        ):
            out[column] = values.map({True: chosen.true, False: chosen.false})
    text = out.to_csv(
        index=False,
        sep=chosen.separator,
        decimal=chosen.decimal,
        float_format="%.10g",
        lineterminator="\r\n",
    )
    return ("\ufeff" if chosen.byte_order_mark else "").encode("utf-8") + text.encode("utf-8")
