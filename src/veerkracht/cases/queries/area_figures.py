# SPDX-License-Identifier: EUPL-1.2
"""What the neighbourhood profile shows of meldingen and dossiers: KPIs and counts, never a person.

Both count only what the person may read (``visible_to``), like a dashboard. The KPIs are the ones of
``queries.kpis`` with the same primary and complementary suppression, computed over the whole gemeente
so that a cell left out in one profile cannot be derived from another. Dossiers are counted per step of
the ladder they reached; a count below the privacy threshold is withheld, and so is the smallest other
count when only one was withheld (so the total does not give it away).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db.models import Count, OuterRef, Subquery

from veerkracht.cases.dossier_rulebook import dossier_rules
from veerkracht.cases.models import Dossier, LadderStep, Melding
from veerkracht.cases.queries.kpis import kpi_values, threshold
from veerkracht.cases.rules.ladder import LadderError

#: The KPIs a profile shows, in its order.
PROFILE_KPIS = (
    "meldingen_leefbaarheid",
    "meldingen_overlast_intimidatie",
    "woningen_herhaalde_meldingen",
    "aandeel_tijdig_bevestigd",
    "aandeel_tijdig_teruggekoppeld",
    "dossiers_geopend",
    "doorverwijzingen",
)
NO_STEP = "geen_stap"


@dataclass(frozen=True)
class Cell:
    """One published figure: a value, or withheld (``suppressed``), or nothing known (both empty)."""

    value: float | None
    suppressed: bool = False


def area_kpis(user: Any, gemeente_code: str, year: int, area_codes: list[str]) -> dict[str, dict[str, Cell]]:
    """Per area code (gemeente, wijk or buurt) the profile's KPIs of the year, as the person may read them."""
    meldingen = Melding.objects.visible_to(user).filter(gemeente_code=gemeente_code)
    dossiers = Dossier.objects.visible_to(user).filter(gemeente_code=gemeente_code)
    frame = kpi_values(meldingen, dossiers, year)
    result: dict[str, dict[str, Cell]] = {code: {} for code in area_codes}
    if frame.empty:
        return result
    wanted = frame[frame["area_code"].isin(area_codes) & frame["indicator"].isin(PROFILE_KPIS)]
    for row in wanted.itertuples():
        suppressed = bool(row.suppressed)
        value = None if suppressed or pd.isna(row.value) else float(row.value)
        result[str(row.area_code)][str(row.indicator)] = Cell(value, suppressed)
    return result


@dataclass(frozen=True)
class StepCount:
    code: str
    label: str
    #: None when withheld (fewer than the privacy threshold, or to protect another withheld count).
    count: int | None


def dossier_steps(user: Any, buurt_codes: list[str]) -> tuple[list[StepCount], int | None]:
    """Open dossiers the person may read in these buurten, per highest ladder step reached, and in total.

    Counted in the database: each dossier's highest step (the latest of two on the same rung) is a
    subquery, grouped, so only the steps travel, not every dossier (issue 10's 100,000 dossiers).
    """
    dossiers = Dossier.objects.visible_to(user).filter(buurt_code__in=buurt_codes, is_open=True)
    top = LadderStep.objects.filter(dossier=OuterRef("pk")).order_by("-rung", "-taken_at", "-id")
    rows = (
        dossiers.order_by()
        .annotate(top_step=Subquery(top.values("step")[:1]))
        .values_list("top_step")
        .annotate(n=Count("id"))
    )
    steps = Counter[tuple[int, str]]()
    for step, n in rows:
        steps[(0, NO_STEP) if step is None else (_rung(str(step)), str(step))] += int(n)
    total = sum(steps.values())
    names = {step: _label(step) for _rung, step in steps}
    counts = [StepCount(step, names[step], n) for (_rung, step), n in sorted(steps.items()) if n]
    return _protected(counts), _protected_total(total)


def _rung(step: str) -> int:
    for ladder in dossier_rules().ladder.file.ladders.values():
        try:
            return ladder.step(step).rung
        except LadderError:
            continue
    return 0


def _label(step: str) -> str:
    if step == NO_STEP:
        return "Nog geen stap op de ladder"
    for ladder in dossier_rules().ladder.file.ladders.values():
        try:
            return ladder.step(step).label.nl
        except LadderError:
            continue
    return step


def _protected_total(total: int) -> int | None:
    return total if total == 0 or total >= threshold() else None


def _protected(counts: list[StepCount]) -> list[StepCount]:
    """Withhold counts below the threshold; with exactly one withheld, also the smallest shown one."""
    limit = threshold()
    hidden = {c.code for c in counts if c.count is not None and c.count < limit}
    if len(hidden) == 1:
        shown = sorted((c for c in counts if c.code not in hidden), key=lambda c: c.count or 0)
        if shown:
            hidden.add(shown[0].code)
    return [StepCount(c.code, c.label, None if c.code in hidden else c.count) for c in counts]
