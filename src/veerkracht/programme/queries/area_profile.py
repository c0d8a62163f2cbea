# SPDX-License-Identifier: EUPL-1.2
"""What the neighbourhood profile shows of the programme for an area and the buurten inside it.

Agreements (with their leads), interventions, the fund budgets and applications, resident teams and area
programmes. Applications are given as titles, amounts and status: never the applicant.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from veerkracht.areas.models import Area
from veerkracht.programme.models import Agreement, Application, Fund, Programme, ResidentTeam
from veerkracht.programme.queries import interventions
from veerkracht.programme.queries.agreements import AgreementFilters, agreements, current_set
from veerkracht.programme.queries.fund import BudgetState, budget_for_buurt, budget_states
from veerkracht.programme.queries.housing import (
    AccessibilityRow,
    accessibility_overview,
    accessibility_tables,
)


def agreements_touching(area_code: str, buurt_codes: list[str]) -> list[Agreement]:
    """The current set's agreements that name the area, or a buurt inside it, by theme and position."""
    agreement_set = current_set()
    if agreement_set is None:
        return []
    ids = set(agreements(agreement_set, AgreementFilters(area=area_code)).values_list("pk", flat=True))
    ids |= set(
        Agreement.objects.filter(theme__agreement_set=agreement_set, areas__code__in=buurt_codes).values_list(
            "pk", flat=True
        )
    )
    return list(
        Agreement.objects.filter(pk__in=ids)
        .select_related("theme", "theme__agreement_set")
        .prefetch_related("lead_organisations", "lead_workgroups", "areas")
        .order_by("theme__number", "position", "code")
    )


def interventions_in(buurt_codes: list[str]) -> interventions.AreaTally:
    """Everything planned in these buurten together (one buurt: its own items)."""
    whole = interventions.AreaTally("", "")
    for code in buurt_codes:
        tally = interventions.for_area(code)
        for item in tally.items:
            whole.tally.add(item)
            whole.items.append(item)
    return whole


@dataclass(frozen=True)
class FundPart:
    """The budgets the area's buurten apply to and the applications from them (no applicant)."""

    fund: Fund | None
    budgets: list[BudgetState]
    applications: list[Application]
    requested: Decimal = Decimal("0.00")
    awarded: Decimal = Decimal("0.00")
    per_status: dict[str, int] = field(default_factory=dict)


def fund_in(gemeente_code: str, buurten: list[Area]) -> FundPart:
    """The fund of the gemeente as far as these buurten are concerned."""
    fund = Fund.objects.filter(gemeente_code=gemeente_code).order_by("-end_year").first()
    if fund is None:
        return FundPart(None, [], [])
    budget_ids: list[int] = []
    for buurt in buurten:
        budget = budget_for_buurt(fund, buurt)
        if budget is not None and budget.pk not in budget_ids:
            budget_ids.append(budget.pk)
    states = [s for s in budget_states(fund) if s.budget.pk in budget_ids]
    found = list(
        Application.objects.filter(fund=fund, buurt__code__in=[b.code for b in buurten])
        .select_related("buurt")
        .order_by("-submitted_at", "-id")
    )
    per_status: dict[str, int] = {}
    for application in found:
        per_status[application.get_status_display()] = per_status.get(application.get_status_display(), 0) + 1
    return FundPart(
        fund,
        states,
        found,
        requested=sum((a.requested_amount for a in found), Decimal("0.00")),
        awarded=sum((a.awarded_amount or Decimal("0.00") for a in found), Decimal("0.00")),
        per_status=per_status,
    )


def accessibility_in(gemeente_code: str, buurt_codes: list[str]) -> list[AccessibilityRow]:
    """The BAT figures (corporation dwellings per accessibility class) of these buurten."""
    rows: list[AccessibilityRow] = []
    for table in accessibility_tables(gemeente_code):
        rows += [row for row in accessibility_overview(table).rows if row.area_code in buurt_codes]
    return rows


def teams_in(buurt_codes: list[str]) -> list[ResidentTeam]:
    """Active resident teams of these buurten, by buurt and corporation."""
    return list(
        ResidentTeam.objects.filter(active=True, buurt__code__in=buurt_codes)
        .select_related("buurt", "corporation")
        .order_by("buurt__name", "corporation__name")
    )


def programmes_touching(area_code: str, buurt_codes: list[str]) -> list[Programme]:
    """Area programmes that work in the area or in a buurt inside it."""
    return list(
        Programme.objects.filter(Q(areas__code=area_code) | Q(areas__code__in=buurt_codes))
        .select_related("lead")
        .distinct()
        .order_by("name")
    )
