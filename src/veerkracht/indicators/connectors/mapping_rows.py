# SPDX-License-Identifier: EUPL-1.2
"""Tables with an indicator per row and a year per column, read with a mapping's ``indicators_in_rows``.

Municipal safety pages and many annual reports publish their figures this way::

    categorie,2014,2015,2016,2017,2018,2019_tm_Q2
    Diefstal uit of inbraak in woning,953,875,514,426,423,192

The mapping names the column that holds the row names (``categorie``), maps row names to catalogue
codes under ``indicators:``, and lists the headers that are not a whole year (``skip_columns``).
Every other header must be a year, so that a column added next year is read or refused, never
silently left out. Each cell keeps its spreadsheet row and its column in an error message.
"""

import re
from pathlib import Path

import numpy as np
import pandas as pd

from veerkracht.importing import ImportProblem
from veerkracht.indicators.connectors.base import long_piece
from veerkracht.indicators.connectors.mapping_file import Mapping
from veerkracht.indicators.connectors.tables import TextTable, parse_numbers

_YEAR = re.compile(r"^(19|20)\d\d$")


def year_columns(path: Path, mapping: Mapping, table: TextTable) -> dict[str, int]:
    """The columns that hold a year's values, by header; any other unlisted header is refused."""
    fixed = set(mapping.columns()) | set(mapping.skip_columns)
    years: dict[str, int] = {}
    for header in table.columns:
        if header in fixed:
            continue
        if not _YEAR.match(header):
            raise ImportProblem(
                path,
                f"kolom {header!r} is geen jaartal; noem haar onder indicators_in_rows.skip_columns "
                f"van mapping {mapping.name} als ze niet gelezen moet worden",
            )
        years[header] = int(header)
    if not years:
        raise ImportProblem(path, f"geen kolom met een jaartal als kop (mapping {mapping.name})")
    return years


def rows_pieces(
    path: Path,
    mapping: Mapping,
    table: TextTable,
    codes: pd.Series,
    levels: pd.Series,
) -> list[pd.DataFrame]:
    """Long pieces, one per indicator, from a table with an indicator per row and a year per column."""
    label_column = str(mapping.rows_column)
    labels = table.frame[label_column].astype(str).str.strip()
    years = year_columns(path, mapping, table)
    decimal = mapping.file.get("decimal")
    numbers = {
        header: parse_numbers(
            path,
            table,
            header,
            decimal=decimal,
            missing=("", *mapping.missing),
            secret=mapping.secret,
            secret_codes=mapping.secret_codes,
        )
        for header in years
    }
    pieces = []
    for rule in mapping.indicators:
        mine = (labels == rule.column).to_numpy()
        if not mine.any():
            raise ImportProblem(
                path, f"rij {rule.column!r} uit mapping {mapping.name} ontbreekt", column=label_column
            )
        rows = np.flatnonzero(mine)
        for header, year in years.items():
            parsed = numbers[header]
            pieces.append(
                long_piece(
                    codes.iloc[rows].reset_index(drop=True),
                    levels.iloc[rows].reset_index(drop=True),
                    rule.code,
                    pd.Series(year, index=range(rows.size)),
                    parsed.values[rows] * rule.factor,
                    parsed.suppressed[rows],
                    table.rows.iloc[rows].reset_index(drop=True),
                )
            )
    return pieces
