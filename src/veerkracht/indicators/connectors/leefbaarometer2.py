# SPDX-License-Identifier: EUPL-1.2
"""Leefbaarometer 2.0 (2018 edition) per four-digit postcode area (PC4).

Two files, one column per measure and two-digit year:

- ``resources_PC4DIMENSIE.csv``: ``GBD`` (the postcode) and the deviation score ``RLBRMTRyy`` with
  the dimensions ``RLBWONyy``, ``RLBBEVyy``, ``RLBVRZyy``, ``RLBVEIyy`` and ``RLBFYSyy``;
- ``resources_PC4LBR.csv``: ``CODE`` (the postcode), the class ``KLyy`` (1-9) and the development class
  ``VKLyyzz`` between year yy and year zz.

A development class is stored as ``lbm2_ontwikkeling_sinds_<20yy>`` with period 20zz: one code per
starting year, because the same end year comes with several starting years (VKL0218, VKL0818, ...).
Empty cells are missing. Area codes become ``PC`` + the four digits.
"""

import re
from pathlib import Path

import pandas as pd

from veerkracht.areas.importers.geofile import sha256_of
from veerkracht.importing import ImportProblem
from veerkracht.indicators.connectors.base import ParsedValues, finish, long_piece
from veerkracht.indicators.connectors.tables import TextTable, find_column, parse_numbers, read_text_table

CODE_COLUMNS = ("GBD", "CODE", "PC4")
DIMENSIONS: dict[str, str] = {
    "RLBRMTR": "lbm2_score",
    "RLBWON": "lbm2_won",
    "RLBBEV": "lbm2_bev",
    "RLBVRZ": "lbm2_vrz",
    "RLBVEI": "lbm2_vei",
    "RLBFYS": "lbm2_fys",
}
_DIMENSION = re.compile(r"^(RLBRMTR|RLBWON|RLBBEV|RLBVRZ|RLBVEI|RLBFYS)(\d{2})$", re.IGNORECASE)
_CLASS = re.compile(r"^KL(\d{2})$", re.IGNORECASE)
_DEVELOPMENT = re.compile(r"^VKL(\d{2})(\d{2})$", re.IGNORECASE)
MISSING = ("", "NA", ".")


def _year(two_digits: str) -> int:
    return 2000 + int(two_digits)


def measure_of(column: str) -> tuple[str, int] | None:
    """Return (indicator code, year) for a Leefbaarometer 2.0 column, None for other columns.

    >>> measure_of("RLBVEI18"), measure_of("KL02"), measure_of("VKL0818"), measure_of("GBD")
    (('lbm2_vei', 2018), ('lbm2_klasse', 2002), ('lbm2_ontwikkeling_sinds_2008', 2018), None)
    """
    if match := _DIMENSION.match(column):
        return DIMENSIONS[match.group(1).upper()], _year(match.group(2))
    if match := _CLASS.match(column):
        return "lbm2_klasse", _year(match.group(1))
    if match := _DEVELOPMENT.match(column):
        start, end = _year(match.group(1)), _year(match.group(2))
        return (f"lbm2_ontwikkeling_sinds_{start}", end) if end > start else None
    return None


def _postcodes(path: Path, table: TextTable, column: str) -> pd.Series:
    text = table.frame[column].astype(str).str.strip()
    bad = ~text.str.fullmatch(r"[1-9]\d{3}")
    if bad.any():
        first = int(bad.to_numpy().nonzero()[0][0])
        raise ImportProblem(
            path,
            f"'{text.iloc[first]}' is geen postcodegebied van vier cijfers",
            row=int(table.rows.iloc[first]),
            column=column,
        )
    return "PC" + text


def read_leefbaarometer2(path: Path) -> ParsedValues:
    """Read a Leefbaarometer 2.0 PC4 file completely; raise ImportProblem on the first thing wrong."""
    table = read_text_table(path)
    code_column = find_column(table.columns, CODE_COLUMNS)
    if code_column is None:
        raise ImportProblem(path, "geen postcodekolom (GBD of CODE); is dit een Leefbaarometer 2.0-bestand?")
    measures = {column: measure_of(column) for column in table.columns if column != code_column}
    known = {column: measure for column, measure in measures.items() if measure is not None}
    if not known:
        raise ImportProblem(path, "geen Leefbaarometer 2.0-kolommen (RLBRMTRyy, KLyy of VKLyyzz) gevonden")
    codes = _postcodes(path, table, code_column)
    pieces = []
    for column, (indicator, year) in known.items():
        numbers = parse_numbers(path, table, column, decimal=".", missing=MISSING)
        pieces.append(
            long_piece(codes, "pc4", indicator, year, numbers.values, numbers.suppressed, table.rows)
        )
    values = finish(path, pieces, code_column=code_column)
    notes = []
    ignored = [column for column, measure in measures.items() if measure is None]
    if ignored:
        notes.append(f"kolommen genegeerd: {', '.join(ignored)}")
    if any(_DEVELOPMENT.match(column) for column in known):
        notes.append(
            "ontwikkelingsklassen VKLyyzz opgeslagen als lbm2_ontwikkeling_sinds_20yy in periode 20zz"
        )
    missing = int(values["value"].isna().sum())
    if missing:
        notes.append(f"{missing} lege cellen bewaard als ontbrekend")
    return ParsedValues(
        path=path,
        source_format="leefbaarometer-2-pc4-csv",
        sha256=sha256_of(path),
        values=values,
        rows_read=len(table.frame),
        notes=notes,
        connector="leefbaarometer2",
    )
