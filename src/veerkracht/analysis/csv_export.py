# SPDX-License-Identifier: EUPL-1.2
"""CSV files people open in a spreadsheet: Dutch Excel by default, plain CSV on request.

Dutch Excel reads a semicolon as the separator and a comma as the decimal sign, and needs a byte
order mark to read UTF-8 (else "Belvédère" arrives as "BelvÃ©dÃ¨re"). A plain CSV (comma, point, no
BOM) suits scripts and other tools. Every download that writes CSV goes through :func:`to_csv`, so
the one place that neutralises spreadsheet formulas in text cells is here too.
"""

from dataclasses import dataclass

import pandas as pd


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
    """The frame as CSV bytes in the dialect (``excel-nl`` or ``plain``).

    Examples
    --------
    >>> frame = pd.DataFrame({"naam": ["Belvédère"], "waarde": [23.75], "geheim": [False]})
    >>> to_csv(frame).decode("utf-8-sig")
    'naam;waarde;geheim\\r\\nBelvédère;23,75;nee\\r\\n'
    >>> to_csv(frame, "plain").decode("utf-8")
    'naam,waarde,geheim\\r\\nBelvédère,23.75,false\\r\\n'
    """
    chosen = DIALECTS[dialect]
    out = frame.copy()
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
