# SPDX-License-Identifier: EUPL-1.2
"""Write API of the liveability fund's applications: submit, assess, decide, pay, account (ADR 0018).

Each step has its own permission and is refused, in Dutch, to whom lacks it, to an application that is not
waiting for that step, and to the person who took the step before it (the award is not decided by whom
assessed it, the payment not made by whom awarded it). An award never exceeds what its budget has left; to
make that hold when two people award at once, an award locks its budget's row.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from veerkracht.areas.models import Area
from veerkracht.core import events
from veerkracht.core.models import User
from veerkracht.core.permissions import has_permission
from veerkracht.core.services import record_audit
from veerkracht.programme.models import (
    Application,
    ApplicationStatus,
    ApplicationStep,
    FormChannel,
    Fund,
    FundBudget,
)
from veerkracht.programme.queries.fund import budget_for_buurt, budget_state

#: Published after anything that changes a budget's figures; payload {"fund": id}.
FUND_CHANGED = "programme.fund_changed"
CENT = Decimal("0.01")


class FundStepRefused(ValueError):
    """A step that cannot be taken; the message says why, in Dutch."""


def euro(amount: Decimal) -> str:
    """An amount as Dutch readers write it: € 1.234,50.

    >>> euro(Decimal("462829.15"))
    '€ 462.829,15'
    """
    whole, cents = f"{amount:.2f}".split(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return f"€ {sign}{'.'.join(groups)},{cents}"


@dataclass(frozen=True)
class ApplicationInput:
    """What a resident fills in; the same for the page and for a form builder's registration."""

    buurt: Area
    title: str
    description: str
    requested_amount: Decimal
    applicant_name: str
    email: str
    phone: str = ""
    applicant_group: str = ""
    cost_breakdown: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    residents_involved: int | None = None


def require_permission(actor: User, permission: str, what: str) -> None:
    if not has_permission(actor, permission):
        raise FundStepRefused(f"U mag geen aanvragen {what}: daarvoor is de permissie {permission} nodig.")


def _expect(application: Application, status: str, what: str) -> None:
    if application.status != status:
        label = ApplicationStatus(application.status).label
        raise FundStepRefused(
            f"Aanvraag {application.reference} is {str(label).lower()}; {what} kan nu niet."
        )


def _last_step_by(application: Application, step: str) -> int | None:
    """Who took the latest step of this kind (None: nobody, or not a person)."""
    last = application.steps.filter(step=step).order_by("-at", "-id").first()
    return last.actor_id if last is not None else None


def _step(
    application: Application,
    step: str,
    actor: User | None,
    *,
    at: datetime,
    amount: Decimal | None = None,
    advice: str = "",
    note: str = "",
    label: str = "",
) -> ApplicationStep:
    return ApplicationStep.objects.create(
        application=application,
        step=step,
        actor=actor,
        actor_label=actor.get_username() if actor is not None else label,
        at=at,
        amount=amount,
        advice=advice,
        note=note.strip(),
    )


def _money(amount: Decimal, what: str) -> Decimal:
    if amount != amount.quantize(CENT):
        raise FundStepRefused(f"{what}: geef een bedrag in hele centen.")
    return amount.quantize(CENT)


def _next_reference(fund: Fund, year: int) -> str:
    prefix = f"{fund.reference_prefix}-{year}-"
    numbers = [
        int(reference[len(prefix) :])
        for reference in Application.objects.filter(reference__startswith=prefix).values_list(
            "reference", flat=True
        )
        if reference[len(prefix) :].isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


@transaction.atomic
def submit_application(
    fund: Fund,
    data: ApplicationInput,
    *,
    channel: str = Application.Channel.WEB,
    form_channel: FormChannel | None = None,
    external_reference: str = "",
    at: datetime | None = None,
    synthetic: bool = False,
) -> tuple[Application, bool]:
    """File a resident's application; return it and whether it is new.

    A form builder that sends the same registration twice (same form, same reference) gets the first back.
    """
    if form_channel is not None and external_reference:
        existing = Application.objects.filter(
            form_channel=form_channel, external_reference=external_reference
        ).first()
        if existing is not None:
            return existing, False
    if data.buurt.gemeente_code != fund.gemeente_code or data.buurt.level != "buurt":
        raise FundStepRefused(f"{data.buurt.name} is geen buurt van de gemeente van dit fonds.")
    requested = _money(data.requested_amount, "Gevraagd bedrag")
    if requested <= 0:
        raise FundStepRefused("Het gevraagde bedrag moet meer dan € 0 zijn.")
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        raise FundStepRefused("De einddatum ligt voor de startdatum.")
    at = at or timezone.now()
    # One reference per fund and year: lock the fund's row so two submissions never get the same number.
    Fund.objects.select_for_update().get(pk=fund.pk)
    application = Application.objects.create(
        fund=fund,
        budget=budget_for_buurt(fund, data.buurt),
        reference=_next_reference(fund, timezone.localtime(at).year),
        buurt=data.buurt,
        title=data.title.strip(),
        description=data.description.strip(),
        requested_amount=requested,
        cost_breakdown=data.cost_breakdown.strip(),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        residents_involved=data.residents_involved,
        applicant_name=data.applicant_name.strip(),
        applicant_group=data.applicant_group.strip(),
        email=data.email.strip(),
        phone=data.phone.strip(),
        channel=channel,
        form_channel=form_channel,
        external_reference=external_reference,
        status=ApplicationStatus.SUBMITTED,
        submitted_at=at,
        synthetic=synthetic,
    )
    _step(application, ApplicationStep.Step.SUBMITTED, None, at=at, amount=requested, label="aanvrager")
    # The audit log gets no personal data of the applicant: the reference leads to the record.
    record_audit(
        "programme.fund_application_submitted",
        organisation=fund.holder,
        object_type="fund_application",
        object_id=application.pk,
        detail={"reference": application.reference, "channel": channel},
    )
    events.publish(FUND_CHANGED, {"fund": fund.pk})
    return application, True


@transaction.atomic
def assess_application(
    application: Application,
    *,
    actor: User,
    advice: str,
    note: str,
    budget: FundBudget | None = None,
    at: datetime | None = None,
) -> Application:
    """Record the assessment: an advice (positive or negative) with reasons, and the budget it counts on."""
    require_permission(actor, "programme.fund_assess", "beoordelen")
    application = Application.objects.select_for_update().get(pk=application.pk)
    _expect(application, ApplicationStatus.SUBMITTED, "beoordelen")
    if advice not in ApplicationStep.Advice.values:
        raise FundStepRefused("Kies een advies: positief of negatief.")
    if not note.strip():
        raise FundStepRefused("Schrijf bij de beoordeling waarom (de aanvrager hoort dat later).")
    if budget is not None and budget.fund_id != application.fund_id:
        raise FundStepRefused("Dat budget hoort niet bij dit fonds.")
    at = at or timezone.now()
    if budget is not None and budget.pk != application.budget_id:
        application.budget = budget
        _step(application, ApplicationStep.Step.BUDGET_CHANGED, actor, at=at, note=budget.name)
    if application.budget is None:
        raise FundStepRefused("Kies het budget waar deze aanvraag onder valt.")
    application.status = ApplicationStatus.ASSESSED
    application.save(update_fields=["status", "budget", "updated_at"])
    _step(application, ApplicationStep.Step.ASSESSED, actor, at=at, advice=advice, note=note)
    _audit(application, "assessed", actor, {"advice": advice})
    return application


@transaction.atomic
def decide_application(
    application: Application,
    *,
    actor: User,
    award: bool,
    amount: Decimal | None = None,
    note: str = "",
    at: datetime | None = None,
) -> Application:
    """Award an amount (at most what was asked and what the budget has left) or reject, with reasons."""
    require_permission(actor, "programme.fund_award", "toekennen of afwijzen")
    application = Application.objects.select_for_update().get(pk=application.pk)
    _expect(application, ApplicationStatus.ASSESSED, "besluiten")
    if actor.pk is not None and _last_step_by(application, ApplicationStep.Step.ASSESSED) == actor.pk:
        raise FundStepRefused("U heeft deze aanvraag beoordeeld; een ander besluit erover (vier ogen).")
    at = at or timezone.now()
    if not award:
        if not note.strip():
            raise FundStepRefused("Schrijf bij een afwijzing waarom.")
        application.status = ApplicationStatus.REJECTED
        application.decided_at = at
        application.save(update_fields=["status", "decided_at", "updated_at"])
        _step(application, ApplicationStep.Step.REJECTED, actor, at=at, note=note)
        _audit(application, "rejected", actor, {})
        events.publish(FUND_CHANGED, {"fund": application.fund_id})
        return application
    if amount is None:
        raise FundStepRefused("Vul het bedrag in dat u toekent.")
    amount = _money(amount, "Toegekend bedrag")
    if amount <= 0:
        raise FundStepRefused("Een toekenning is meer dan € 0; wijs de aanvraag anders af.")
    if amount > application.requested_amount:
        raise FundStepRefused(
            f"U kunt niet meer toekennen dan gevraagd ({euro(application.requested_amount)})."
        )
    assert application.budget is not None  # an assessed application has a budget
    FundBudget.objects.select_for_update().get(pk=application.budget.pk)
    left = budget_state(application.budget).available
    if amount > left:
        raise FundStepRefused(
            f"Het budget {application.budget.name} heeft nog {euro(left)}; {euro(amount)} past daar niet in."
        )
    application.status = ApplicationStatus.AWARDED
    application.awarded_amount = amount
    application.decided_at = at
    application.save(update_fields=["status", "awarded_amount", "decided_at", "updated_at"])
    _step(application, ApplicationStep.Step.AWARDED, actor, at=at, amount=amount, note=note)
    _audit(application, "awarded", actor, {"amount": str(amount)})
    events.publish(FUND_CHANGED, {"fund": application.fund_id})
    return application


@transaction.atomic
def pay_application(
    application: Application,
    *,
    actor: User,
    amount: Decimal | None = None,
    note: str = "",
    at: datetime | None = None,
) -> Application:
    """Record the payment of (at most) the awarded amount; ``note`` holds the payment's reference."""
    require_permission(actor, "programme.fund_pay", "uitbetalen")
    application = Application.objects.select_for_update().get(pk=application.pk)
    _expect(application, ApplicationStatus.AWARDED, "uitbetalen")
    if actor.pk is not None and _last_step_by(application, ApplicationStep.Step.AWARDED) == actor.pk:
        raise FundStepRefused("U heeft dit bedrag toegekend; een ander betaalt het uit (vier ogen).")
    assert application.awarded_amount is not None
    amount = _money(amount if amount is not None else application.awarded_amount, "Uitbetaald bedrag")
    if amount <= 0 or amount > application.awarded_amount:
        raise FundStepRefused(
            f"Het uitbetaalde bedrag ligt tussen € 0 en het toegekende bedrag "
            f"({euro(application.awarded_amount)})."
        )
    at = at or timezone.now()
    application.status = ApplicationStatus.PAID
    application.paid_amount = amount
    application.save(update_fields=["status", "paid_amount", "updated_at"])
    _step(application, ApplicationStep.Step.PAID, actor, at=at, amount=amount, note=note)
    _audit(application, "paid", actor, {"amount": str(amount)})
    events.publish(FUND_CHANGED, {"fund": application.fund_id})
    return application


@transaction.atomic
def account_application(
    application: Application,
    *,
    actor: User,
    spent_amount: Decimal,
    note: str,
    at: datetime | None = None,
) -> Application:
    """Record the account: what the initiative really spent; what it did not spend goes back to the budget."""
    require_permission(actor, "programme.fund_account", "verantwoorden")
    application = Application.objects.select_for_update().get(pk=application.pk)
    _expect(application, ApplicationStatus.PAID, "de verantwoording vastleggen")
    assert application.paid_amount is not None
    spent = _money(spent_amount, "Besteed bedrag")
    if spent < 0 or spent > application.paid_amount:
        raise FundStepRefused(
            f"Het bestede bedrag ligt tussen € 0 en het uitbetaalde bedrag ({euro(application.paid_amount)})."
        )
    if not note.strip():
        raise FundStepRefused("Schrijf kort wat er is gedaan en welke bewijzen er zijn (bonnen, verslag).")
    at = at or timezone.now()
    application.status = ApplicationStatus.ACCOUNTED
    application.spent_amount = spent
    application.save(update_fields=["status", "spent_amount", "updated_at"])
    _step(application, ApplicationStep.Step.ACCOUNTED, actor, at=at, amount=spent, note=note)
    _audit(application, "accounted", actor, {"spent": str(spent)})
    events.publish(FUND_CHANGED, {"fund": application.fund_id})
    return application


def _audit(application: Application, step: str, actor: User, detail: dict[str, str]) -> None:
    record_audit(
        f"programme.fund_application_{step}",
        actor=actor,
        organisation=application.fund.holder,
        object_type="fund_application",
        object_id=application.pk,
        detail={"reference": application.reference, **detail},
    )
