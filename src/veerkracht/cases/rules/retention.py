# SPDX-License-Identifier: EUPL-1.2
"""Retention as data (``retention.yaml``): how long after closing personal data is kept, per category.

>>> book = read_retention()
>>> book.dossier_period("overlast", "opgelost").months, book.dossier_period("overlast", "opgelost").rule
(24, 'dossiers.categories.overlast.default')
>>> book.dossier_period("overlast", "huurovereenkomst_beeindigd").months
84
>>> book.melding_period("zorgsignaal", "afgehandeld").months
6
>>> book.melding_period("parkeren", "afgehandeld").rule
'meldingen.default'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import Field

from veerkracht.rulefiles import RuleFile, RuleModel, read_rule_file

RETENTION_FILE = Path(__file__).with_name("retention.yaml")
Months = Annotated[int, Field(ge=1, le=1200)]


class Period(RuleModel):
    months: Months


class DossierCategory(RuleModel):
    default: Period | None = None
    outcomes: dict[str, Period] = {}


class MeldingCategory(RuleModel):
    default: Period | None = None
    statuses: dict[str, Period] = {}


class DossierRetention(RuleModel):
    default: Period
    categories: dict[str, DossierCategory] = {}


class MeldingRetention(RuleModel):
    default: Period
    categories: dict[str, MeldingCategory] = {}


class RetentionFile(RuleFile):
    """The shape of ``retention.yaml``."""

    dossiers: DossierRetention
    meldingen: MeldingRetention


@dataclass(frozen=True)
class RetentionPeriod:
    """A period and the entry of the file it came from (recorded with every anonymisation)."""

    months: int
    rule: str
    version: str


@dataclass(frozen=True)
class RetentionBook:
    file: RetentionFile

    @property
    def version(self) -> str:
        return self.file.version

    def dossier_period(self, category: str, outcome: str) -> RetentionPeriod:
        """The period of a closed dossier of a retention category and closing outcome."""
        spec = self.file.dossiers.categories.get(category)
        base = f"dossiers.categories.{category}"
        if spec is not None and outcome in spec.outcomes:
            return RetentionPeriod(spec.outcomes[outcome].months, f"{base}.outcomes.{outcome}", self.version)
        if spec is not None and spec.default is not None:
            return RetentionPeriod(spec.default.months, f"{base}.default", self.version)
        return RetentionPeriod(self.file.dossiers.default.months, "dossiers.default", self.version)

    def melding_period(self, category: str, status: str) -> RetentionPeriod:
        """The period of a closed melding outside any dossier, by category and final status."""
        spec = self.file.meldingen.categories.get(category)
        base = f"meldingen.categories.{category}"
        if spec is not None and status in spec.statuses:
            return RetentionPeriod(spec.statuses[status].months, f"{base}.statuses.{status}", self.version)
        if spec is not None and spec.default is not None:
            return RetentionPeriod(spec.default.months, f"{base}.default", self.version)
        return RetentionPeriod(self.file.meldingen.default.months, "meldingen.default", self.version)


def read_retention(path: Path | str = RETENTION_FILE) -> RetentionBook:
    """Read and check a retention file (the shipped one by default)."""
    return RetentionBook(read_rule_file(path, RetentionFile))
