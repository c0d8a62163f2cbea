# SPDX-License-Identifier: EUPL-1.2
"""Pages of the liveability fund: the budgets, the periodic evaluation and redistribution."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from veerkracht.core.permissions import permission_required, permissions_of
from veerkracht.programme.models import Fund
from veerkracht.programme.queries import fund as fund_queries
from veerkracht.programme.services.fund import FundStepRefused
from veerkracht.programme.services.fund_budgets import Move, evaluate_fund
from veerkracht.programme.views.fund_forms import EvaluationForm

FUND_PERMISSIONS = (
    "programme.fund_view",
    "programme.fund_assess",
    "programme.fund_award",
    "programme.fund_pay",
    "programme.fund_account",
    "programme.fund_manage",
)


def chosen_fund(request: HttpRequest) -> tuple[Fund | None, list[Fund]]:
    """The fund the page is about (``?fonds=slug``, else the first), and all funds to choose from."""
    funds = list(Fund.objects.order_by("name"))
    wanted = request.GET.get("fonds")
    return next((f for f in funds if f.slug == wanted), funds[0] if funds else None), funds


@permission_required("programme.view")
def fund_overview(request: HttpRequest) -> HttpResponse:
    """Budgets per buurt and rayon with what is committed, paid and left; the way to apply; the work."""
    fund, funds = chosen_fund(request)
    context: dict[str, object] = {"fund": fund, "funds": funds}
    if fund is not None:
        states = fund_queries.budget_states(fund)
        granted = permissions_of(request.user)
        context.update(
            states=states,
            totals=fund_queries.totals(states),
            work=fund_queries.waiting_for(fund, granted),
            can_view_applications="programme.fund_view" in granted,
            can_manage="programme.fund_manage" in granted,
        )
    return render(request, "programme/fund/overview.html", context)


@permission_required("programme.fund_manage")
def fund_evaluation(request: HttpRequest) -> HttpResponse:
    """The periodic evaluation: every budget's use, and moving what is left to where it is needed."""
    fund, funds = chosen_fund(request)
    if fund is None:
        return render(request, "programme/fund/evaluation.html", {"fund": None, "funds": funds})
    form = EvaluationForm(fund, request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            evaluate_fund(
                fund,
                actor=request.user,  # type: ignore[arg-type]
                held_on=form.cleaned_data["held_on"],
                notes=form.cleaned_data["notes"],
                moves=[Move(source, target, amount) for source, target, amount in form.moves()],
            )
        except FundStepRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("De evaluatie is vastgelegd."))
            return redirect(f"{request.path}?fonds={fund.slug}")
    states = fund_queries.budget_states(fund)
    return render(
        request,
        "programme/fund/evaluation.html",
        {
            "fund": fund,
            "funds": funds,
            "states": states,
            "totals": fund_queries.totals(states),
            "form": form,
            "evaluations": list(fund.evaluations.prefetch_related("entries__budget")[:10]),
        },
    )
