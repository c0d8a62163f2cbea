# SPDX-License-Identifier: EUPL-1.2
"""Reads of programmes and the prioritisation: budget against spending per year, what happens per area."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from veerkracht.areas.models import Area
from veerkracht.programme import vocabulary
from veerkracht.programme.models import (
    FundBudget,
    Prioritisation,
    PriorityArea,
    Programme,
    ResidentTeam,
)
from veerkracht.programme.queries import interventions
from veerkracht.programme.queries.fund import BudgetState, budget_for_buurt, budget_states

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class YearFigures:
    year: int
    budget: Decimal
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.spent

    @property
    def percentage(self) -> Decimal | None:
        if self.budget <= 0:
            return None
        return (100 * self.spent / self.budget).quantize(Decimal("0.1"))


def years(programme: Programme, today_year: int | None = None) -> list[YearFigures]:
    """Budget and spending per year, from the start to the last year that has a budget line or spending.

    An open-ended ("structureel") line counts up to the current year, or its own first year if that is later.
    """
    today_year = today_year or timezone.localdate().year
    lines = list(programme.budget_lines.all())
    spent = {
        row["year"]: row["total"]
        for row in programme.spending.values("year").annotate(total=Sum("amount")).order_by()
    }
    last = max(
        [programme.end_year or 0]
        + [line.to_year or max(today_year, line.from_year) for line in lines]
        + list(spent),
        default=programme.start_year,
    )
    result = []
    for year in range(programme.start_year, max(last, programme.start_year) + 1):
        budget = sum((line.amount_per_year for line in lines if line.covers(year)), ZERO)
        result.append(YearFigures(year, budget, spent.get(year, ZERO)))
    return result


@dataclass(frozen=True)
class AreaSummary:
    """What the programme pages show for one of a programme's areas."""

    area: Area
    priority: PriorityArea | None
    fund_budget: BudgetState | None
    interventions: interventions.AreaTally
    teams: list[ResidentTeam]


def area_summaries(programme: Programme) -> list[AreaSummary]:
    """Per area of the programme: its priority, its fund budget, interventions and resident teams."""
    areas = list(programme.areas.order_by("name"))
    priorities = {
        p.area.code: p
        for p in PriorityArea.objects.filter(
            area__code__in=[a.code for a in areas], prioritisation__gemeente_code=programme.gemeente_code
        ).select_related("area")
    }
    states: dict[int, BudgetState] = {}
    summaries = []
    teams_by_buurt: dict[str, list[ResidentTeam]] = defaultdict(list)
    for team in ResidentTeam.objects.filter(
        buurt__code__in=[a.code for a in areas], active=True
    ).select_related("corporation", "buurt"):
        teams_by_buurt[team.buurt.code].append(team)
    for area in areas:
        budget = _budget_of(area, programme.gemeente_code)
        state = None
        if budget is not None:
            if budget.pk not in states:
                states.update({s.budget.pk: s for s in budget_states(budget.fund)})
            state = states[budget.pk]
        summaries.append(
            AreaSummary(
                area=area,
                priority=priorities.get(area.code),
                fund_budget=state,
                interventions=interventions.for_area(area.code),
                teams=teams_by_buurt.get(area.code, []),
            )
        )
    return summaries


def _budget_of(area: Area, gemeente_code: str) -> FundBudget | None:
    if area.level != "buurt":
        return None
    from veerkracht.programme.models import Fund

    fund = Fund.objects.filter(gemeente_code=gemeente_code).order_by("-end_year").first()
    return budget_for_buurt(fund, area) if fund is not None else None


@dataclass(frozen=True)
class PhaseGroup:
    phase: str
    label: str
    entries: list[PriorityArea]


def priorities(prioritisation: Prioritisation) -> list[PhaseGroup]:
    """The prioritised buurten, grouped per phase in the order afronden, (door)starten, anticiperen."""
    entries = list(prioritisation.areas.select_related("area").order_by("group", "area__name"))
    return [
        PhaseGroup(phase, vocabulary.PRIORITY_PHASE_LABELS[phase], [e for e in entries if e.phase == phase])
        for phase in vocabulary.PRIORITY_PHASES
    ]
