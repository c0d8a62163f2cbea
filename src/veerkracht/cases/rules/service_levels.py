# SPDX-License-Identifier: EUPL-1.2
"""Service levels: how many working days each promise to a reporter has, read from ``service_levels.yaml``.

Seed 004 §6: an acknowledgement within 2 working days, feedback within 10 with a target of 5. The file
gives a default, overrides per category (``zorgsignaal``) or subcategory (``overlast/drugs``), and per
organisation (by its slug) the same again. The most specific entry wins, per clock: organisation and
subcategory, organisation and category, organisation default, subcategory, category, default.

A clock stores the budget and the file's version it was started with, so a later change of the file never
moves the deadline of a melding already received.

>>> levels = read_service_levels()
>>> level = levels.level_for("acknowledgement", organisation="ergens", category="vervuiling",
...                          subcategory="zwerfafval")
>>> level.working_days, level.version
(2, '2026.1')
>>> levels.level_for("feedback", organisation="ergens", category="vervuiling",
...                  subcategory="zwerfafval").target_working_days
5
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from veerkracht.rulefiles import RuleFile, RuleModel, RuleProblem, read_rule_file

SERVICE_LEVELS_FILE = Path(__file__).with_name("service_levels.yaml")
ClockKindCode = Literal["acknowledgement", "feedback"]
CLOCK_KINDS: tuple[ClockKindCode, ...] = ("acknowledgement", "feedback")
WorkingDays = Annotated[int, Field(ge=0, le=250)]


class Promise(RuleModel):
    """One promise: within how many working days, and optionally a sooner target."""

    working_days: WorkingDays
    target_working_days: WorkingDays | None = None

    @model_validator(mode="after")
    def _target_within_promise(self) -> Promise:
        if self.target_working_days is not None and self.target_working_days > self.working_days:
            raise RuleProblem(
                ("target_working_days",),
                f"de streefwaarde ({self.target_working_days}) is later dan de belofte ({self.working_days})",
            )
        return self


class Promises(RuleModel):
    """Promises per clock; a missing clock falls back to the next less specific entry."""

    acknowledgement: Promise | None = None
    feedback: Promise | None = None


class FullPromises(RuleModel):
    acknowledgement: Promise
    feedback: Promise


class OrganisationLevels(RuleModel):
    default: Promises = Promises()
    categories: dict[str, Promises] = {}


class ServiceLevelsFile(RuleFile):
    """The shape of ``service_levels.yaml``."""

    default: FullPromises
    categories: dict[str, Promises] = {}
    organisations: dict[str, OrganisationLevels] = {}


@dataclass(frozen=True)
class ServiceLevel:
    """The promise that applies to one clock of one melding, and where it came from."""

    kind: str
    working_days: int
    target_working_days: int | None
    version: str
    #: The entry that decided, e.g. ``organisations.maasoever.categories.zorgsignaal``.
    rule: str


@dataclass(frozen=True)
class ServiceLevels:
    """The service levels of an installation."""

    file: ServiceLevelsFile

    @property
    def version(self) -> str:
        return self.file.version

    def level_for(self, kind: str, *, organisation: str, category: str, subcategory: str) -> ServiceLevel:
        """Return the promise for a clock kind, for an organisation (slug), category and subcategory."""
        if kind not in CLOCK_KINDS:
            raise ValueError(f"onbekende klok '{kind}'; verwacht een van {list(CLOCK_KINDS)}")
        specific = f"{category}/{subcategory}"
        org = self.file.organisations.get(organisation)
        candidates: list[tuple[str, Promises | FullPromises | None]] = []
        if org is not None:
            base = f"organisations.{organisation}"
            candidates += [
                (f"{base}.categories.{specific}", org.categories.get(specific)),
                (f"{base}.categories.{category}", org.categories.get(category)),
                (f"{base}.default", org.default),
            ]
        candidates += [
            (f"categories.{specific}", self.file.categories.get(specific)),
            (f"categories.{category}", self.file.categories.get(category)),
            ("default", self.file.default),
        ]
        for rule, promises in candidates:
            promise = getattr(promises, kind, None) if promises is not None else None
            if promise is not None:
                return ServiceLevel(
                    kind, promise.working_days, promise.target_working_days, self.file.version, rule
                )
        raise AssertionError("the default always has every clock")  # pragma: no cover


def read_service_levels(path: Path | str = SERVICE_LEVELS_FILE) -> ServiceLevels:
    """Read and check a service-level file (the shipped one by default)."""
    return ServiceLevels(read_rule_file(path, ServiceLevelsFile))
