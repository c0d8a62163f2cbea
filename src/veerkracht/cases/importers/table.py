# SPDX-License-Identifier: EUPL-1.2
"""Reading a historic file (CSV or XLSX) as text, with its moments and coordinates parsed column by column.

The cells are read as text (the tables reader of the connectors: encodings, separators, spreadsheet row
numbers), then each date column is parsed at once with the mapping's formats, tried in order, and placed
in Europe/Amsterdam: a time that a change to summer time skips moves forward, a time that the change back
repeats counts as summer time. A format without hours gives noon: the day is all a source knew, and noon
is inside office hours on any day. Coordinates in WGS84 become RD New.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from veerkracht.cases.importers.errors import ProblemList
from veerkracht.cases.importers.mapping import DATE_FIELDS, HistoricMapping
from veerkracht.core.calendar import AMSTERDAM
from veerkracht.geo.crs import wgs84_to_rd
from veerkracht.importing import ImportProblem
from veerkracht.indicators.connectors.tables import read_text_table

_OFFSET = re.compile(r"(?:[+-]\d\d:?\d\d|Z)$")
_NOON = pd.Timedelta(hours=12)


@dataclass(frozen=True)
class SourceTable:
    """A historic file read: text cells, spreadsheet rows, and the parsed moments and coordinates."""

    path: Path
    #: Per source column the mapping reads, its trimmed texts: plain lists, read cell by cell.
    cells: dict[str, list[str]]
    rows: npt.NDArray[np.int64]
    #: Per date field, one moment (or None) per row.
    moments: dict[str, list[datetime | None]]
    x: npt.NDArray[np.float64] | None
    y: npt.NDArray[np.float64] | None

    def __len__(self) -> int:
        return len(self.rows)

    def text(self, column: str | None, position: int) -> str:
        """The trimmed text of a cell ("" for a column the mapping does not name)."""
        if column is None:
            return ""
        return self.cells[column][position]


def read_source(path: Path, mapping: HistoricMapping, problems: ProblemList) -> SourceTable:
    """Read the whole file; a missing column stops at once, bad cells are added to ``problems``."""
    options = mapping.file.file
    table = read_text_table(
        path,
        separator=options.separator,
        encoding=options.encoding,
        sheet=options.sheet,
        header_row=options.header_row,
    )
    missing = [column for column in mapping.source_columns() if column not in table.columns]
    if missing:
        shown = ", ".join(table.columns[:15]) + (" ..." if len(table.columns) > 15 else "")
        raise ImportProblem(
            path,
            f"kolom '{missing[0]}' uit {mapping.describe()} ontbreekt; het bestand heeft de kolommen {shown}",
        )
    frame = table.frame.reset_index(drop=True)
    rows = table.rows.to_numpy(dtype=np.int64)
    moments: dict[str, list[datetime | None]] = {}
    for field in DATE_FIELDS:
        column = mapping.column_of(field)
        if column is not None:
            moments[field] = _moments(path, frame[column], rows, column, mapping, problems)
    x = y = None
    if mapping.columns.x is not None and mapping.columns.y is not None:
        x = _numbers(path, frame[mapping.columns.x], rows, mapping.columns.x, options.decimal, problems)
        y = _numbers(path, frame[mapping.columns.y], rows, mapping.columns.y, options.decimal, problems)
        if mapping.file.coordinates == "wgs84":
            both = np.isfinite(x) & np.isfinite(y)
            if both.any():
                east, north = wgs84_to_rd().transform(x[both], y[both])
                x, y = x.copy(), y.copy()
                x[both], y[both] = east, north
    cells = {column: frame[column].astype(str).str.strip().tolist() for column in mapping.source_columns()}
    return SourceTable(path, cells, rows, moments, x, y)


def _moments(
    path: Path,
    text: pd.Series,
    rows: npt.NDArray[np.int64],
    column: str,
    mapping: HistoricMapping,
    problems: ProblemList,
) -> list[datetime | None]:
    values = text.astype(str).str.strip()
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us, Europe/Amsterdam]")
    left = values.ne("")
    for form in mapping.file.dates.formats:
        if not left.any():
            break
        found = _parse(values[left], form)
        parsed[found.index] = found
        left &= parsed.isna()
    for position in np.flatnonzero(left.to_numpy()):
        problems.append(
            ImportProblem(
                path,
                f"'{values.iat[position]}' is geen datum; verwacht een van de vormen "
                f"{', '.join(mapping.file.dates.formats)}",
                row=int(rows[position]),
                column=column,
            )
        )
    result = parsed.dt.to_pydatetime()
    return [None if value is pd.NaT else value for value in result]


def _parse(values: pd.Series, form: str) -> pd.Series:
    """The values that fit one format, in Europe/Amsterdam; those that do not are left out."""
    if form == "ISO8601":
        with_offset = values.str.contains(_OFFSET)
        aware = pd.to_datetime(values[with_offset], format="ISO8601", errors="coerce", utc=True)
        naive = pd.to_datetime(values[~with_offset], format="ISO8601", errors="coerce")
        naive = naive.where(values[~with_offset].str.len() > 10, naive + _NOON)
        found = pd.concat([aware.dt.tz_convert(AMSTERDAM), _local(naive)]).sort_index()
    else:
        try:
            naive = pd.to_datetime(values, format=form, errors="coerce")
        except ValueError:
            return values.iloc[:0].astype("datetime64[us, Europe/Amsterdam]")
        if "%H" not in form and "%I" not in form:
            naive = naive + _NOON
        found = _local(naive)
    return found.dropna()


def _local(naive: pd.Series) -> pd.Series:
    return naive.dt.tz_localize(
        AMSTERDAM, ambiguous=np.ones(len(naive), dtype=bool), nonexistent="shift_forward"
    )


def _numbers(
    path: Path,
    text: pd.Series,
    rows: npt.NDArray[np.int64],
    column: str,
    decimal: str,
    problems: ProblemList,
) -> npt.NDArray[np.float64]:
    values = text.astype(str).str.strip()
    candidates = values.str.replace(",", ".", regex=False) if decimal == "," else values
    numbers = pd.to_numeric(candidates.where(values.ne("")), errors="coerce").to_numpy(dtype=np.float64)
    bad = values.ne("").to_numpy() & ~np.isfinite(numbers)
    for position in np.flatnonzero(bad):
        problems.append(
            ImportProblem(
                path, f"'{values.iat[position]}' is geen getal", row=int(rows[position]), column=column
            )
        )
    return numbers
