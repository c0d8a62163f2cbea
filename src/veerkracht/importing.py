# SPDX-License-Identifier: EUPL-1.2
"""The one error every importer raises (areas, indicators, and the importers to come).

It names the file, and where known the row and the column, in Dutch. Pure: no Django, so the connectors'
parsers and the monitor's callers can share it.

>>> str(ImportProblem("wmo.csv", "geen getal", row=3, column="clienten"))
'wmo.csv, rij 3, kolom clienten: geen getal'
"""

from pathlib import Path


class ImportProblem(Exception):
    """A file could not be imported; nothing was written."""

    def __init__(
        self, path: Path | str, problem: str, *, row: int | None = None, column: str | None = None
    ) -> None:
        self.path = str(path)
        self.problem = problem
        self.row = row
        self.column = column
        where = [self.path]
        if row is not None:
            where.append(f"rij {row}")
        if column is not None:
            where.append(f"kolom {column}")
        super().__init__(f"{', '.join(where)}: {problem}")
