# SPDX-License-Identifier: EUPL-1.2
"""Write API of the fund's budgets: store a fund from its file, evaluate and redistribute what is left.

A budget is the sum of its ledger lines; redistribution adds a line that takes from one budget and one that
gives to another, both pointing at the evaluation that decided it.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from veerkracht.areas.models import Area
from veerkracht.core import events
from veerkracht.core.models import Organisation, User
from veerkracht.core.services import record_audit
from veerkracht.programme.content.community_files import FundFile
from veerkracht.programme.models import BudgetEntry, Fund, FundBudget, FundEvaluation
from veerkracht.programme.queries.fund import budget_states
from veerkracht.programme.services.fund import FUND_CHANGED, FundStepRefused, euro, require_permission


def store_fund(
    spec: FundFile,
    areas: dict[str, Area],
    holder: Organisation,
    *,
    synthetic: bool,
    actor: User | None = None,
) -> Fund:
    """Create the fund and its budgets, each with its opening amount as the first ledger line."""
    fund = Fund.objects.create(
        slug=spec.fund.slug,
        name=spec.fund.name,
        gemeente_code=spec.fund.gemeente,
        holder=holder,
        start_year=spec.fund.start_year,
        end_year=spec.fund.end_year,
        reference_prefix=spec.fund.reference_prefix,
        source=spec.fund.source,
        synthetic=synthetic,
    )
    for position, item in enumerate(spec.budgets):
        budget = FundBudget.objects.create(
            fund=fund,
            slug=item.slug,
            name=item.name,
            scope=item.scope,
            purpose=item.purpose,
            reserved_amount=item.reserved.amount if item.reserved else Decimal("0"),
            reserved_for=item.reserved.purpose if item.reserved else "",
            position=position,
        )
        budget.areas.set([areas[code] for code in item.areas])
        BudgetEntry.objects.create(
            budget=budget,
            amount=item.amount,
            kind=BudgetEntry.Kind.OPENING,
            note=spec.fund.source[:300],
            created_by=actor,
        )
    return fund


@dataclass(frozen=True)
class Move:
    """Money moved from one budget to another in an evaluation."""

    source: FundBudget
    target: FundBudget
    amount: Decimal


@transaction.atomic
def evaluate_fund(
    fund: Fund, *, actor: User, held_on: date, notes: str, moves: list[Move] | tuple[Move, ...] = ()
) -> FundEvaluation:
    """Record an evaluation (the figures of every budget at that moment) and redistribute what is left.

    A move takes at most what its source budget has left after the moves before it; one that does not fit
    refuses the whole evaluation.
    """
    require_permission(actor, "programme.fund_manage", "herverdelen")
    if not notes.strip():
        raise FundStepRefused("Schrijf de conclusie van de evaluatie op.")
    budgets = list(FundBudget.objects.select_for_update().filter(fund=fund))
    states = budget_states(fund)
    left = {state.budget.pk: state.available for state in states}
    snapshot = [
        {
            "slug": state.budget.slug,
            "name": state.budget.name,
            "amount": str(state.amount),
            "reserved": str(state.reserved),
            "committed": str(state.committed),
            "paid": str(state.paid),
            "available": str(state.available),
            "initiatives": state.initiatives,
            "open_applications": state.open_applications,
        }
        for state in states
    ]
    own = {budget.pk for budget in budgets}
    for move in moves:
        if move.source.pk not in own or move.target.pk not in own:
            raise FundStepRefused("Herverdelen kan alleen tussen budgetten van dit fonds.")
        if move.source.pk == move.target.pk:
            raise FundStepRefused(
                f"Van {move.source.name} naar {move.target.name}: kies twee verschillende budgetten."
            )
        if move.amount <= 0:
            raise FundStepRefused("Een herverdeling is een bedrag van meer dan € 0.")
        if move.amount > left[move.source.pk]:
            raise FundStepRefused(
                f"{move.source.name} heeft nog {euro(left[move.source.pk])} over; {euro(move.amount)} "
                "herverdelen kan niet."
            )
        left[move.source.pk] -= move.amount
        left[move.target.pk] += move.amount
    evaluation = FundEvaluation.objects.create(
        fund=fund, held_on=held_on, snapshot=snapshot, notes=notes.strip(), created_by=actor
    )
    for move in moves:
        note = f"Herverdeling {held_on:%d-%m-%Y}"
        BudgetEntry.objects.create(
            budget=move.source,
            amount=-move.amount,
            kind=BudgetEntry.Kind.REDISTRIBUTION,
            note=f"{note} naar {move.target.name}"[:300],
            evaluation=evaluation,
            created_by=actor,
        )
        BudgetEntry.objects.create(
            budget=move.target,
            amount=move.amount,
            kind=BudgetEntry.Kind.REDISTRIBUTION,
            note=f"{note} van {move.source.name}"[:300],
            evaluation=evaluation,
            created_by=actor,
        )
    record_audit(
        "programme.fund_evaluated",
        actor=actor,
        organisation=fund.holder,
        object_type="fund_evaluation",
        object_id=evaluation.pk,
        detail={
            "moves": [
                {"from": move.source.slug, "to": move.target.slug, "amount": str(move.amount)}
                for move in moves
            ]
        },
    )
    events.publish(FUND_CHANGED, {"fund": fund.pk})
    return evaluation
