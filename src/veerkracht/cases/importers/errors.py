# SPDX-License-Identifier: EUPL-1.2
"""Every problem of a refused import at once: a person fixes their file in one go, not one cell per try."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from veerkracht.importing import ImportProblem

#: More problems than this are counted, not listed: the first ones show what is wrong.
MAX_LISTED = 20


class ImportProblems(ImportProblem):
    """A file with problems in its rows; nothing was imported. ``problems`` holds each one.

    >>> one = ImportProblem("meldingen.csv", "geen datum", row=3, column="Datum")
    >>> print(ImportProblems("meldingen.csv", [one]))
    meldingen.csv: 1 probleem; er is niets geïmporteerd
      rij 3, kolom Datum: geen datum
    """

    def __init__(
        self, path: Path | str, problems: Sequence[ImportProblem], *, total: int | None = None
    ) -> None:
        self.problems = list(problems)
        count = max(total or 0, len(self.problems))
        lines = [f"{count} {'probleem' if count == 1 else 'problemen'}; er is niets geïmporteerd"]
        for problem in self.problems[:MAX_LISTED]:
            where = [f"rij {problem.row}"] if problem.row is not None else []
            if problem.column is not None:
                where.append(f"kolom {problem.column}")
            lines.append(f"  {', '.join(where)}: {problem.problem}" if where else f"  {problem.problem}")
        if count > MAX_LISTED:
            lines.append(
                f"  ... en nog {count - MAX_LISTED} {'probleem' if count - MAX_LISTED == 1 else 'problemen'}"
            )
        first = self.problems[0] if self.problems else None
        super().__init__(path, "\n".join(lines))
        # The first problem's place, for callers that show one cell.
        self.row = first.row if first is not None else None
        self.column = first.column if first is not None else None


class ProblemList:
    """The problems of one import as they are found: all counted, the first thousand kept."""

    KEPT = 1000

    def __init__(self, path: Path | str) -> None:
        self.path = path
        self.kept: list[ImportProblem] = []
        self.count = 0

    def append(self, problem: ImportProblem) -> None:
        self.count += 1
        if len(self.kept) < self.KEPT:
            self.kept.append(problem)

    def __bool__(self) -> bool:
        return self.count > 0

    def error(self) -> ImportProblems:
        ordered = sorted(self.kept, key=lambda problem: problem.row or 0)
        return ImportProblems(self.path, ordered, total=self.count)
