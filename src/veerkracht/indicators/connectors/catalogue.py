# SPDX-License-Identifier: EUPL-1.2
"""Load and check the indicator catalogue (versioned YAML): what each indicator means, how it adds up."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, model_validator

from veerkracht.importing import ImportProblem
from veerkracht.indicators.connectors.base import LEVELS
from veerkracht.rulefiles import (
    Items,
    Name,
    RuleFile,
    RuleFileError,
    RuleModel,
    RuleProblem,
    check,
    one_of,
    read_rule_file,
)

DEFAULT_CATALOGUE = Path(__file__).resolve().parents[1] / "catalogue.yaml"
KINDS = ("count", "share", "score", "rate")
DIRECTIONS = ("higher_is_better", "higher_is_worse", "neutral")
DEFAULT_MINIMUM_COUNT = 5
#: Which of numerator, denominator and weight each kind needs; the others do not belong to it.
PARTS = ("numerator", "denominator", "weight")
NEEDED: dict[str, tuple[str, ...]] = {
    "share": ("numerator", "denominator"),
    "rate": ("numerator", "denominator"),
    "score": ("weight",),
    "count": (),
}
_CODE = re.compile(r"^[a-z][a-z0-9_]{1,63}$")


def _empty_if_none(value: Any) -> Any:
    # ``privacy:`` or ``legend:`` without content means the defaults.
    return {} if value is None else value


class Privacy(RuleModel):
    minimum_count: Annotated[int, Field(ge=0)] = DEFAULT_MINIMUM_COUNT
    applies_to: Items[str] = ()


class Legend(RuleModel):
    #: Upper bounds of fixed legend classes, ascending.
    breaks: Annotated[
        Items[float], check(lambda b: list(b) == sorted(b), "verwacht oplopende getallen (bovengrenzen)")
    ] = ()
    #: The names of those classes in Dutch, one per break ("veel overlast"); empty: numbers only.
    labels: Items[Name] = ()

    @model_validator(mode="after")
    def _one_label_per_break(self) -> Legend:
        if self.labels and len(self.labels) != len(self.breaks):
            raise RuleProblem(
                "labels",
                f"verwacht één naam per grens ({len(self.breaks)}), gevonden {len(self.labels)}",
            )
        return self


class IndicatorEntry(RuleModel):
    """One indicator of the catalogue."""

    code: Annotated[
        str, check(lambda c: bool(_CODE.match(c)), "verwacht snake_case zoals 'aandeel_corporatie'")
    ]
    name_nl: Name
    name_en: Name
    definition_nl: Name
    unit: Name
    source: Name
    licence: Name
    direction: Annotated[str, one_of(DIRECTIONS)]
    kind: Annotated[str, one_of(KINDS)]
    numerator: str | None = None
    denominator: str | None = None
    weight: str | None = None
    levels: Annotated[Items[Annotated[str, one_of(LEVELS, "niveau")]], Field(min_length=1)]
    privacy: Annotated[Privacy, BeforeValidator(_empty_if_none)] = Privacy()
    legend: Annotated[Legend, BeforeValidator(_empty_if_none)] = Legend()

    @model_validator(mode="after")
    def _parts_fit_the_kind(self) -> IndicatorEntry:
        for part in PARTS:
            if part in NEEDED[self.kind] and getattr(self, part) is None:
                raise RuleProblem(part, f"een {self.kind} heeft een '{part}' nodig")
            if part not in NEEDED[self.kind] and getattr(self, part) is not None:
                raise RuleProblem(part, f"hoort niet bij een {self.kind}")
        return self

    def as_dict(self, version: str) -> dict[str, Any]:
        """The plain form the database sync and the connectors read."""
        entry = self.model_dump(exclude={"legend", "privacy"})
        entry["levels"] = list(self.levels)
        entry["privacy"] = {
            "minimum_count": self.privacy.minimum_count,
            "applies_to": list(self.privacy.applies_to),
        }
        if self.legend.breaks:
            entry["legend"] = {"breaks": list(self.legend.breaks), "labels": list(self.legend.labels)}
        entry["version"] = version
        return entry


class CatalogueFile(RuleFile):
    """The shape of ``catalogue.yaml``; top-level keys starting with ``x-`` may hold YAML anchors."""

    indicators: Items[IndicatorEntry]

    @model_validator(mode="after")
    def _codes_are_unique_and_references_are_counts(self) -> CatalogueFile:
        kinds: dict[str, str] = {}
        for index, entry in enumerate(self.indicators):
            if entry.code in kinds:
                raise RuleProblem(("indicators", index, "code"), "staat twee keer in de catalogus")
            kinds[entry.code] = entry.kind
        for index, entry in enumerate(self.indicators):
            referenced: list[tuple[tuple[str, ...], str]] = [
                ((part,), getattr(entry, part)) for part in PARTS if getattr(entry, part)
            ]
            referenced += [(("privacy", "applies_to"), code) for code in entry.privacy.applies_to]
            for key, code in referenced:
                loc: tuple[str | int, ...] = ("indicators", index, *key)
                if code not in kinds:
                    raise RuleProblem(loc, f"'{code}' staat niet in de catalogus")
                if kinds[code] != "count":
                    raise RuleProblem(loc, f"'{code}' is een {kinds[code]}, geen aantal")
        return self


def read_catalogue(path: Path | str | None = None) -> CatalogueFile:
    """Read and check the catalogue file (the default one of this installation when no path is given).

    Raises ImportProblem naming the file, the line and the key that is wrong.
    """
    source = Path(path) if path is not None else DEFAULT_CATALOGUE
    try:
        return read_rule_file(source, CatalogueFile)
    except RuleFileError as error:
        raise ImportProblem(source, error.detail) from None


def load_catalogue(path: Path | str | None = None) -> list[dict[str, Any]]:
    """The catalogue's entries as plain mappings; every entry gets the catalogue's ``version``.

    Raises ImportProblem naming the file, the line and the key that is wrong.
    """
    read = read_catalogue(path)
    return [entry.as_dict(read.version) for entry in read.indicators]


@cache
def catalogue_index() -> dict[str, dict[str, Any]]:
    """The default catalogue by code, loaded once; the connectors check what they emit against it."""
    return {entry["code"]: entry for entry in load_catalogue()}
