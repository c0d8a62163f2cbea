# SPDX-License-Identifier: EUPL-1.2
"""The categories of meldingen, with their pillar and confidentiality, read from ``categories.yaml``.

Each category maps to one of the four pillars of seed 004 and to a confidentiality level; a level names
the permission a person needs, besides ``cases.view``, to read a melding of it (zorgsignalen need
``cases.view_care``, criminaliteit, ondermijning and woonfraude ``cases.view_crime``). A subcategory
inherits the pillar, confidentiality and workflow of its category unless it names its own (drug nuisance
is overlast, but what it reports is a crime).

>>> book = read_categories()
>>> kind = book.classify("overlast", "drugs")
>>> kind.pillar, kind.confidentiality, kind.permission
('sociaal_repressief', 'criminaliteit', 'cases.view_crime')
>>> book.classify("zorgsignaal", "verward_gedrag").permission
'cases.view_care'
>>> book.classify("overlast", "geluid").permission is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import model_validator

from veerkracht.rulefiles import RuleFile, RuleModel, RuleProblem, Text, check, read_rule_file

CATEGORIES_FILE = Path(__file__).with_name("categories.yaml")
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
Code = Annotated[str, check(lambda code: bool(_CODE.match(code)), "verwacht een code als 'vervuiling'")]
PILLARS = ("fysieke_woonomgeving", "sociaal_preventief", "sociaal_repressief", "samen_wonen")


class CategoryError(ValueError):
    """A category or subcategory that does not exist (the message is in Dutch)."""


class Pillar(RuleModel):
    label: Text


class Confidentiality(RuleModel):
    label: Text
    #: The permission needed besides ``cases.view``; none for ordinary meldingen.
    permission: str | None = None


class Subcategory(RuleModel):
    label: Text
    pillar: Code | None = None
    confidentiality: Code | None = None
    workflow: Code | None = None


class Category(RuleModel):
    label: Text
    pillar: Code
    confidentiality: Code
    #: The workflow type (``workflow.yaml``) meldingen of this category follow.
    workflow: Code = "standaard"
    subcategories: dict[Code, Subcategory]


class CategoriesFile(RuleFile):
    """The shape of ``categories.yaml``."""

    pillars: dict[Code, Pillar]
    confidentiality: dict[Code, Confidentiality]
    categories: dict[Code, Category]

    @model_validator(mode="after")
    def _references_exist(self) -> CategoriesFile:
        missing = sorted(set(PILLARS) - set(self.pillars))
        if missing:
            raise RuleProblem(("pillars",), f"de vier pijlers van de aanpak ontbreken: {missing}")
        for code, category in self.categories.items():
            if not category.subcategories:
                raise RuleProblem(("categories", code, "subcategories"), "noem ten minste één subcategorie")
            places: list[tuple[tuple[str, ...], str | None, str | None]] = [
                (("categories", code), category.pillar, category.confidentiality)
            ]
            places += [
                (("categories", code, "subcategories", sub), spec.pillar, spec.confidentiality)
                for sub, spec in category.subcategories.items()
            ]
            for loc, pillar, level in places:
                if pillar is not None and pillar not in self.pillars:
                    raise RuleProblem((*loc, "pillar"), f"onbekende pijler '{pillar}'")
                if level is not None and level not in self.confidentiality:
                    raise RuleProblem(
                        (*loc, "confidentiality"), f"onbekend vertrouwelijkheidsniveau '{level}'"
                    )
        return self


@dataclass(frozen=True)
class Classification:
    """What a category and subcategory mean for a melding: pillar, confidentiality, workflow and labels."""

    category: str
    subcategory: str
    pillar: str
    confidentiality: str
    permission: str | None
    workflow: str
    label: str
    sublabel: str


@dataclass(frozen=True)
class CategoryBook:
    """The categories of an installation, with lookups that refuse unknown codes in Dutch."""

    file: CategoriesFile

    @property
    def version(self) -> str:
        return self.file.version

    def classify(self, category: str, subcategory: str) -> Classification:
        """Return what a category and subcategory mean, or raise :class:`CategoryError`."""
        spec = self.file.categories.get(category)
        if spec is None:
            known = ", ".join(sorted(self.file.categories))
            raise CategoryError(f"categorie '{category}' bestaat niet; kies uit {known}")
        sub = spec.subcategories.get(subcategory)
        if sub is None:
            known = ", ".join(sorted(spec.subcategories))
            raise CategoryError(f"subcategorie '{subcategory}' hoort niet bij '{category}'; kies uit {known}")
        level = sub.confidentiality or spec.confidentiality
        return Classification(
            category=category,
            subcategory=subcategory,
            pillar=sub.pillar or spec.pillar,
            confidentiality=level,
            permission=self.file.confidentiality[level].permission,
            workflow=sub.workflow or spec.workflow,
            label=spec.label.nl,
            sublabel=sub.label.nl,
        )

    def permission_of(self, confidentiality: str) -> str | None:
        """The permission a confidentiality level needs besides ``cases.view`` (None: none)."""
        return self.file.confidentiality[confidentiality].permission

    def levels(self) -> dict[str, str | None]:
        """Every confidentiality level with the permission it needs."""
        return {code: spec.permission for code, spec in self.file.confidentiality.items()}

    def choices(self) -> list[tuple[str, str, list[tuple[str, str]]]]:
        """Categories with their subcategories as (code, Dutch label) pairs, in file order."""
        return [
            (code, spec.label.nl, [(sub, s.label.nl) for sub, s in spec.subcategories.items()])
            for code, spec in self.file.categories.items()
        ]


def read_categories(path: Path | str = CATEGORIES_FILE) -> CategoryBook:
    """Read and check a categories file (the shipped one by default)."""
    return CategoryBook(read_rule_file(path, CategoriesFile))
