# SPDX-License-Identifier: EUPL-1.2
"""The one error an importer raises: it names the file, and where known the row and the column."""

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
