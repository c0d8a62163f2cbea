# SPDX-License-Identifier: EUPL-1.2
"""The error of a rule file: every problem with its file, line and key path, in Dutch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: More problems than this are counted, not listed: the first ones are what a person fixes first.
MAX_LISTED = 10

Location = tuple[str | int, ...]


def key_path(loc: Location) -> str:
    """Write a location as a person reads it in YAML.

    >>> key_path(("classes", 2, "colour"))
    'classes[2].colour'
    """
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a rule file."""

    text: str
    key: str = ""
    line: int | None = None
    #: The code or key of the list item the problem lies in (``inwoners``), to find it without counting.
    item: str = ""
    #: The file the problem lies in when it is not the file read (a base read through ``extends``).
    file: str = ""

    def where(self) -> str:
        """Line and key, e.g. ``regel 12, sleutel 'classes[0].colour'``."""
        parts = [] if self.line is None else [f"regel {self.line}"]
        if self.key:
            parts.append(f"sleutel '{self.key}'" + (f" ({self.item})" if self.item else ""))
        return ", ".join(parts)


class RuleProblem(ValueError):
    """Raised in a model's validator to point at a key below the model (``("numerator",)``), not at itself."""

    def __init__(self, loc: Location | str, text: str) -> None:
        super().__init__(text)
        self.loc: Location = (loc,) if isinstance(loc, str) else tuple(loc)
        self.text = text


class RuleFileError(ValueError):
    """A rule file could not be read: it names the file and, per problem, line, key and what was expected.

    >>> print(RuleFileError("roles.yaml", [Problem("ontbreekt", key="roles", line=3)]))
    roles.yaml, regel 3, sleutel 'roles': ontbreekt
    """

    def __init__(self, source: str, problems: Sequence[Problem] | str | None = None) -> None:
        if problems is None:
            # A problem with rules that did not come from a file (values passed in code): only a message.
            source, problems = "", source
        self.source = source
        self.problems: tuple[Problem, ...] = (
            (Problem(problems),) if isinstance(problems, str) else tuple(problems)
        )
        super().__init__(self._text(with_file=True))

    def _text(self, *, with_file: bool) -> str:
        lines = []
        for problem in self.problems[:MAX_LISTED]:
            file = problem.file and f"{problem.file} (via {self.source})"
            head = ", ".join(
                part for part in (file or (self.source if with_file else ""), problem.where()) if part
            )
            lines.append(f"{head}: {problem.text}" if head else problem.text)
        hidden = len(self.problems) - MAX_LISTED
        if hidden > 0:
            lines.append(f"... en nog {hidden} {'probleem' if hidden == 1 else 'problemen'}")
        return "\n".join(lines)

    @property
    def detail(self) -> str:
        """The message without the file name in front, for errors that name the file themselves."""
        return self._text(with_file=False)
