# SPDX-License-Identifier: EUPL-1.2
"""The rule files of dossiers in force: dossier types, the ladder and retention, checked against each other.

Like :mod:`veerkracht.cases.rulebook`: ``VEERKRACHT_CASES_RULES_DIR`` may hold a city's own
``dossier_types.yaml``, ``ladder.yaml`` and ``retention.yaml``; a file that is not there is the shipped one.
Read once per process and again when that setting changes. The files are also checked against each other
and against the categories and roles: a dossier type's access level, categories and ladder must exist,
and so must the roles that approve skipped steps and decide steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from veerkracht.cases.rulebook import rulebook
from veerkracht.cases.rules.dossier_types import DOSSIER_TYPES_FILE, DossierTypes, read_dossier_types
from veerkracht.cases.rules.ladder import LADDER_FILE, LadderBook, read_ladder
from veerkracht.cases.rules.retention import RETENTION_FILE, RetentionBook, read_retention
from veerkracht.core.roles import catalogue
from veerkracht.rulefiles import Problem, RuleFileError


@dataclass(frozen=True)
class DossierRulebook:
    """The three rule files of dossiers."""

    types: DossierTypes
    ladder: LadderBook
    retention: RetentionBook


def _pick(folder: str | None, shipped: Path) -> Path:
    if folder:
        own = Path(folder) / shipped.name
        if own.exists():
            return own
    return shipped


def _check(book: DossierRulebook) -> None:
    categories = rulebook().categories
    levels = categories.levels()
    roles = catalogue().roles
    source = book.types.file.source
    problems = []
    for code, spec in book.types.file.types.items():
        if spec.access_level not in levels:
            problems.append(
                Problem(
                    f"onbekend vertrouwelijkheidsniveau '{spec.access_level}'", f"types.{code}.access_level"
                )
            )
        for category in spec.categories:
            if category not in categories.file.categories:
                problems.append(Problem(f"onbekende categorie '{category}'", f"types.{code}.categories"))
        if spec.ladder is not None and spec.ladder not in book.ladder.file.ladders:
            problems.append(Problem(f"onbekende ladder '{spec.ladder}'", f"types.{code}.ladder"))
    if problems:
        raise RuleFileError(source, problems)
    ladder_problems = []
    if book.ladder.file.skip_approver_role not in roles:
        ladder_problems.append(
            Problem(f"onbekende rol '{book.ladder.file.skip_approver_role}'", "skip_approver_role")
        )
    for name, ladder in book.ladder.file.ladders.items():
        for code, step in ladder.steps.items():
            if step.decided_by is not None and step.decided_by not in roles:
                ladder_problems.append(
                    Problem(f"onbekende rol '{step.decided_by}'", f"ladders.{name}.steps.{code}.decided_by")
                )
    if ladder_problems:
        raise RuleFileError(book.ladder.file.source, ladder_problems)


@cache
def _read(folder: str | None) -> DossierRulebook:
    book = DossierRulebook(
        types=read_dossier_types(_pick(folder, DOSSIER_TYPES_FILE)),
        ladder=read_ladder(_pick(folder, LADDER_FILE)),
        retention=read_retention(_pick(folder, RETENTION_FILE)),
    )
    _check(book)
    return book


def dossier_rules() -> DossierRulebook:
    """Return the dossier rule files in force (read once per process)."""
    folder = getattr(settings, "VEERKRACHT_CASES_RULES_DIR", None)
    return _read(str(folder) if folder else None)


@receiver(setting_changed)
def _forget(setting: str, **kwargs: Any) -> None:
    if setting == "VEERKRACHT_CASES_RULES_DIR":
        _read.cache_clear()
