# SPDX-License-Identifier: EUPL-1.2
"""The rule files this installation uses: the shipped ones, or a city's own from a folder in the settings.

``VEERKRACHT_CASES_RULES_DIR`` may name a folder with any of ``categories.yaml``, ``service_levels.yaml``,
``workflow.yaml`` and ``routing.yaml``; a file that is not there is taken from the shipped rules. The files
are read once per process and again when that setting changes (tests change it).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from veerkracht.cases.rules.categories import CATEGORIES_FILE, CategoryBook, read_categories
from veerkracht.cases.rules.routing import ROUTING_FILE, RoutingFile, read_routing
from veerkracht.cases.rules.service_levels import SERVICE_LEVELS_FILE, ServiceLevels, read_service_levels
from veerkracht.cases.rules.workflow import WORKFLOW_FILE, Workflow, read_workflow


@dataclass(frozen=True)
class Rulebook:
    """The four rule files of the meldingen."""

    categories: CategoryBook
    service_levels: ServiceLevels
    workflow: Workflow
    routing: RoutingFile


def _pick(folder: str | None, shipped: Path) -> Path:
    if folder:
        own = Path(folder) / shipped.name
        if own.exists():
            return own
    return shipped


@cache
def _read(folder: str | None) -> Rulebook:
    return Rulebook(
        categories=read_categories(_pick(folder, CATEGORIES_FILE)),
        service_levels=read_service_levels(_pick(folder, SERVICE_LEVELS_FILE)),
        workflow=read_workflow(_pick(folder, WORKFLOW_FILE)),
        routing=read_routing(_pick(folder, ROUTING_FILE)),
    )


def rulebook() -> Rulebook:
    """Return the rule files in force (read once per process)."""
    folder = getattr(settings, "VEERKRACHT_CASES_RULES_DIR", None)
    return _read(str(folder) if folder else None)


@receiver(setting_changed)
def _forget(setting: str, **kwargs: Any) -> None:
    if setting == "VEERKRACHT_CASES_RULES_DIR":
        _read.cache_clear()
