# SPDX-License-Identifier: EUPL-1.2
"""Reads of the liveability fund: what each budget holds, has committed and has left; work lists per step."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, DecimalField, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from veerkracht.areas.models import Area, AreaSetMembership
from veerkracht.programme.models import Application, ApplicationStatus, Fund, FundBudget

ZERO = Decimal("0.00")
_MONEY = DecimalField(max_digits=14, decimal_places=2)
#: Applications whose money is committed: awarded and not (yet) rejected.
COMMITTED = (ApplicationStatus.AWARDED, ApplicationStatus.PAID, ApplicationStatus.ACCOUNTED)
OPEN = (ApplicationStatus.SUBMITTED, ApplicationStatus.ASSESSED)


@dataclass(frozen=True)
class BudgetState:
    """A budget now: its amount (the ledger), what is set aside, committed, paid and what is left."""

    budget: FundBudget
    amount: Decimal
    reserved: Decimal
    #: Awarded amounts; for an accounted application what it really spent (the rest went back).
    committed: Decimal
    paid: Decimal
    #: Asked for by applications that are not decided yet (not subtracted: they may be turned down).
    requested_open: Decimal
    initiatives: int
    open_applications: int

    @property
    def available(self) -> Decimal:
        """What can still be awarded."""
        return self.amount - self.reserved - self.committed

    @property
    def used_percentage(self) -> Decimal:
        usable = self.amount - self.reserved
        if usable <= 0:
            return ZERO
        return (100 * self.committed / usable).quantize(Decimal("0.1"))


def _cents(amount: Decimal | None) -> Decimal:
    # SQLite sums decimals as floats; every amount is whole cents.
    return Decimal(amount or 0).quantize(Decimal("0.01"))


def _committed_expression() -> Case:
    return Case(
        When(status=ApplicationStatus.ACCOUNTED, then=F("spent_amount")),
        When(status__in=[ApplicationStatus.AWARDED, ApplicationStatus.PAID], then=F("awarded_amount")),
        default=Value(ZERO),
        output_field=_MONEY,
    )


def budget_states(fund: Fund) -> list[BudgetState]:
    """Every budget of the fund with its figures, in the fund's order."""
    budgets = list(
        FundBudget.objects.filter(fund=fund)
        .annotate(ledger=Coalesce(Sum("entries__amount"), Value(ZERO), output_field=_MONEY))
        .order_by("position", "name")
    )
    figures = {
        row["budget"]: row
        for row in Application.objects.filter(fund=fund, budget__isnull=False)
        .values("budget")
        .annotate(
            committed=Coalesce(Sum(_committed_expression()), Value(ZERO), output_field=_MONEY),
            paid=Coalesce(Sum("paid_amount"), Value(ZERO), output_field=_MONEY),
            requested_open=Coalesce(
                Sum("requested_amount", filter=Q(status__in=OPEN)), Value(ZERO), output_field=_MONEY
            ),
            initiatives=Count("id", filter=Q(status__in=COMMITTED)),
            open_applications=Count("id", filter=Q(status__in=OPEN)),
        )
    }
    states = []
    for budget in budgets:
        row: dict[str, Any] = dict(figures.get(budget.pk, {}))
        states.append(
            BudgetState(
                budget=budget,
                amount=_cents(budget.ledger),
                reserved=_cents(budget.reserved_amount),
                committed=_cents(row.get("committed", ZERO)),
                paid=_cents(row.get("paid", ZERO)),
                requested_open=_cents(row.get("requested_open", ZERO)),
                initiatives=row.get("initiatives", 0),
                open_applications=row.get("open_applications", 0),
            )
        )
    return states


def budget_state(budget: FundBudget) -> BudgetState:
    """One budget's figures."""
    return next(state for state in budget_states(budget.fund) if state.budget.pk == budget.pk)


@dataclass(frozen=True)
class FundTotals:
    amount: Decimal
    reserved: Decimal
    committed: Decimal
    paid: Decimal
    available: Decimal
    initiatives: int


def totals(states: list[BudgetState]) -> FundTotals:
    """The fund as a whole."""
    return FundTotals(
        amount=sum((s.amount for s in states), ZERO),
        reserved=sum((s.reserved for s in states), ZERO),
        committed=sum((s.committed for s in states), ZERO),
        paid=sum((s.paid for s in states), ZERO),
        available=sum((s.available for s in states), ZERO),
        initiatives=sum(s.initiatives for s in states),
    )


def budget_for_buurt(fund: Fund, buurt: Area) -> FundBudget | None:
    """The budget an application from this buurt counts against: the buurt's own, else its rayon's."""
    own = FundBudget.objects.filter(fund=fund, scope=FundBudget.Scope.BUURT, areas__code=buurt.code).first()
    if own is not None:
        return own
    rayons = AreaSetMembership.objects.filter(member__code=buurt.code, area_set__level="rayon").values_list(
        "area_set__code", flat=True
    )
    return (
        FundBudget.objects.filter(fund=fund, scope=FundBudget.Scope.RAYON, areas__code__in=list(rayons))
        .order_by("position")
        .first()
    )


def fund_buurten(fund: Fund) -> QuerySet[Area]:
    """The buurten residents may apply from: the current buurten of the fund's gemeente."""
    return Area.objects.filter(
        level="buurt", gemeente_code=fund.gemeente_code, valid_to__isnull=True
    ).order_by("name")


def applications(fund: Fund, *, status: str | None = None) -> QuerySet[Application]:
    """The fund's applications, newest first, optionally of one status."""
    found = Application.objects.filter(fund=fund).select_related("buurt", "budget")
    if status:
        found = found.filter(status=status)
    return found.order_by("-submitted_at", "-id")


#: The status an application waits in for each step, and the permission that takes the step.
STEPS: tuple[tuple[str, str, str], ...] = (
    ("assess", ApplicationStatus.SUBMITTED, "programme.fund_assess"),
    ("decide", ApplicationStatus.ASSESSED, "programme.fund_award"),
    ("pay", ApplicationStatus.AWARDED, "programme.fund_pay"),
    ("account", ApplicationStatus.PAID, "programme.fund_account"),
)


def waiting_for(fund: Fund, permissions: frozenset[str]) -> dict[str, list[Application]]:
    """Per step this person may take, the applications that wait for it (oldest first)."""
    work = {}
    for step, status, permission in STEPS:
        if permission in permissions:
            work[step] = list(
                Application.objects.filter(fund=fund, status=status)
                .select_related("buurt", "budget")
                .order_by("submitted_at", "id")
            )
    return work
