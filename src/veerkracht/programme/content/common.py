# SPDX-License-Identifier: EUPL-1.2
"""Value types shared by the programme's content files, and the error that names file, line and key."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator

from veerkracht.rulefiles import Problem, RuleFileError, RuleModel, check
from veerkracht.rulefiles.errors import Location, key_path
from veerkracht.rulefiles.source import parse_yaml

_AREA_CODE = re.compile(r"^(GM\d{4}|WK\d{6}|BU\d{8}|RA\d{6})$")


class ContentError(RuleFileError):
    """A content file of the programme cannot be loaded; nothing of it was stored."""


def _money(value: Any) -> Any:
    # YAML gives 462829.15 as a float; its shortest text is the number as written, so Decimal(str()) is exact.
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError("verwacht een bedrag in euro, zoals 250000 of 462829.15")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(
            f"verwacht een bedrag in euro, zoals 250000 of 462829.15; gekregen {value!r}"
        ) from None
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError("verwacht een bedrag in hele centen (hoogstens twee cijfers achter de punt)")
    if amount < 0:
        raise ValueError("verwacht een bedrag van 0 of meer")
    return amount.quantize(Decimal("0.01"))


#: An amount in euros, exact to the cent.
Money = Annotated[Decimal, BeforeValidator(_money)]

#: A CBS area code (gemeente, wijk, buurt) or a city's rayon code.
AreaCode = Annotated[
    str,
    check(
        lambda code: bool(_AREA_CODE.match(code)), "verwacht een gebiedscode zoals 'BU09350203' of 'GM0935'"
    ),
]

#: A number of dwellings or persons (0 or more).
Count = Annotated[int, check(lambda n: n >= 0, "verwacht een aantal van 0 of meer")]

#: A year.
Year = Annotated[int, check(lambda year: 1900 <= year <= 2100, "verwacht een jaartal zoals 2026")]


class OrganisationRef(RuleModel):
    """An organisation by name, with its kind for when it does not exist yet."""

    name: str
    kind: str


class LineFinder:
    """The lines of a content file's keys, to name them in problems found after validation."""

    def __init__(self, source: str, path: Path | None = None) -> None:
        self.source = source
        self._lines: dict[Location, int] = (
            parse_yaml(path.read_text(encoding="utf-8"), source).lines if path is not None else {}
        )
        self.problems: list[Problem] = []

    def problem(self, loc: Location, text: str) -> None:
        self.problems.append(Problem(text, key=key_path(loc), line=self._lines.get(loc)))

    def raise_if_any(self) -> None:
        if self.problems:
            raise ContentError(self.source, self.problems)
