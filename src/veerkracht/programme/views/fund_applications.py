# SPDX-License-Identifier: EUPL-1.2
"""Pages of applications to the fund: the public form and its confirmation, the list, one application and
its steps (each a POST of its own, by its own permission)."""

from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veerkracht.core.permissions import permission_required, permissions_of
from veerkracht.core.services import record_audit
from veerkracht.programme.models import Application, ApplicationStatus
from veerkracht.programme.queries import fund as fund_queries
from veerkracht.programme.services import fund as fund_services
from veerkracht.programme.views.fund import chosen_fund
from veerkracht.programme.views.fund_forms import (
    AccountForm,
    ApplicationForm,
    AssessForm,
    DecideForm,
    PayForm,
)

SESSION_KEY = "programme_fund_applied"


def apply(request: HttpRequest) -> HttpResponse:
    """The public application form: residents need no account."""
    fund, funds = chosen_fund(request)
    if fund is None:
        return render(request, "programme/fund/apply.html", {"fund": None})
    form = ApplicationForm(fund, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application, _created = fund_services.submit_application(fund, form.application_input())
        except fund_services.FundStepRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            # Only this browser sees the confirmation: a reference alone never shows an application.
            request.session[SESSION_KEY] = {
                "reference": application.reference,
                "title": application.title,
                "fund": fund.name,
                "budget": application.budget.name if application.budget else "",
            }
            return redirect("programme-fund-applied")
    return render(request, "programme/fund/apply.html", {"fund": fund, "funds": funds, "form": form})


def applied(request: HttpRequest) -> HttpResponse:
    """The confirmation with the reference, for the browser that applied."""
    return render(request, "programme/fund/applied.html", {"applied": request.session.get(SESSION_KEY)})


@permission_required("programme.fund_view")
def application_list(request: HttpRequest) -> HttpResponse:
    """The fund's applications, by status; the person's own work first."""
    fund, funds = chosen_fund(request)
    if fund is None:
        return render(request, "programme/fund/applications.html", {"fund": None})
    status = request.GET.get("status") or ""
    if status not in ApplicationStatus.values:
        status = ""
    page = Paginator(fund_queries.applications(fund, status=status or None), 50).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "programme/fund/applications.html",
        {
            "fund": fund,
            "funds": funds,
            "status": status,
            "statuses": ApplicationStatus.choices,
            "page": page,
            "work": fund_queries.waiting_for(fund, permissions_of(request.user)),
        },
    )


@permission_required("programme.fund_view")
def application_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """One application with its history and the form of the step this person may take now."""
    application = get_object_or_404(
        Application.objects.select_related("fund", "buurt", "budget", "form_channel"), reference=reference
    )
    # Reading an applicant's details is recorded, as every read of personal data is.
    record_audit(
        "programme.fund_application_read",
        actor=request.user,  # type: ignore[arg-type]
        organisation=application.fund.holder,
        object_type="fund_application",
        object_id=application.pk,
    )
    granted = permissions_of(request.user)
    fund = application.fund
    state = fund_queries.budget_state(application.budget) if application.budget else None
    forms: dict[str, object] = {}
    if application.status == ApplicationStatus.SUBMITTED and "programme.fund_assess" in granted:
        forms["assess"] = AssessForm(fund, initial={"budget": application.budget})
    if application.status == ApplicationStatus.ASSESSED and "programme.fund_award" in granted:
        forms["decide"] = DecideForm(initial={"amount": application.requested_amount})
    if application.status == ApplicationStatus.AWARDED and "programme.fund_pay" in granted:
        forms["pay"] = PayForm(initial={"amount": application.awarded_amount})
    if application.status == ApplicationStatus.PAID and "programme.fund_account" in granted:
        forms["account"] = AccountForm(initial={"spent_amount": application.paid_amount})
    return render(
        request,
        "programme/fund/application.html",
        {
            "application": application,
            "steps": list(application.steps.all()),
            "state": state,
            "forms": forms,
            "returned": (
                application.paid_amount - application.spent_amount
                if application.paid_amount is not None and application.spent_amount is not None
                else None
            ),
        },
    )


def _step_view(
    request: HttpRequest,
    reference: str,
    form_class: Callable[..., object],
    take: Callable[[Application, dict[str, object]], object],
    done: str,
) -> HttpResponse:
    application = get_object_or_404(Application.objects.select_related("fund"), reference=reference)
    form = (
        form_class(application.fund, request.POST) if form_class is AssessForm else form_class(request.POST)
    )
    if not form.is_valid():  # type: ignore[attr-defined]
        errors = "; ".join(
            f"{form.fields[name].label if name in form.fields else ''}: {' '.join(texts)}".lstrip(": ")  # type: ignore[attr-defined]
            for name, texts in form.errors.items()  # type: ignore[attr-defined]
        )
        messages.error(request, _("Niet vastgelegd: %(errors)s") % {"errors": errors})
    else:
        try:
            take(application, form.cleaned_data)  # type: ignore[attr-defined]
        except fund_services.FundStepRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, done)
    return redirect("programme-fund-application", reference=application.reference)


@require_POST
@permission_required("programme.fund_assess")
def assess(request: HttpRequest, reference: str) -> HttpResponse:
    def take(application: Application, data: dict[str, object]) -> object:
        return fund_services.assess_application(
            application,
            actor=request.user,  # type: ignore[arg-type]
            advice=str(data["advice"]),
            note=str(data["note"]),
            budget=data["budget"],  # type: ignore[arg-type]
        )

    return _step_view(request, reference, AssessForm, take, _("De beoordeling is vastgelegd."))


@require_POST
@permission_required("programme.fund_award")
def decide(request: HttpRequest, reference: str) -> HttpResponse:
    def take(application: Application, data: dict[str, object]) -> object:
        return fund_services.decide_application(
            application,
            actor=request.user,  # type: ignore[arg-type]
            award=data["decision"] == "award",
            amount=data.get("amount"),  # type: ignore[arg-type]
            note=str(data.get("note") or ""),
        )

    return _step_view(request, reference, DecideForm, take, _("Het besluit is vastgelegd."))


@require_POST
@permission_required("programme.fund_pay")
def pay(request: HttpRequest, reference: str) -> HttpResponse:
    def take(application: Application, data: dict[str, object]) -> object:
        return fund_services.pay_application(
            application,
            actor=request.user,  # type: ignore[arg-type]
            amount=data["amount"],  # type: ignore[arg-type]
            note=str(data.get("note") or ""),
        )

    return _step_view(request, reference, PayForm, take, _("De betaling is vastgelegd."))


@require_POST
@permission_required("programme.fund_account")
def account(request: HttpRequest, reference: str) -> HttpResponse:
    def take(application: Application, data: dict[str, object]) -> object:
        return fund_services.account_application(
            application,
            actor=request.user,  # type: ignore[arg-type]
            spent_amount=data["spent_amount"],  # type: ignore[arg-type]
            note=str(data["note"]),
        )

    return _step_view(request, reference, AccountForm, take, _("De verantwoording is vastgelegd."))
