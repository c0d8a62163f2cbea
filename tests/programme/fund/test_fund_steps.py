# SPDX-License-Identifier: EUPL-1.2
"""An application to the liveability fund goes from the public page through assessment, award, payment and
account, each step by its own role, and the fund's remaining budget is right after every step."""

import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client

from veerkracht.core.models import AuditEvent, User
from veerkracht.programme.models import Application, ApplicationStatus, FundBudget
from veerkracht.programme.queries.fund import budget_state
from veerkracht.programme.services import fund as steps

pytestmark = pytest.mark.django_db

POTTENBERG_BUDGET = Decimal("462829.15")
FORM = {
    "buurt": "BU09350203",
    "title": "Buurtbarbecue bij het Poortgebouw",
    "description": "Een middag voor alle bewoners rond het nieuwe Poortgebouw, met muziek.",
    "requested_amount": "1500.00",
    "cost_breakdown": "Eten 900, muziek 400, tenten 200",
    "residents_involved": "25",
    "applicant_name": "Anna Bewoner",
    "email": "anna@example.org",
    "consent": "on",
}


@pytest.fixture
def roles(person: Callable[..., User]) -> dict[str, User]:
    """One person per step, each in the role that takes it (core/roles.yaml)."""
    return {
        "assess": person("lotte", "leefbaarheidsmedewerker", "Servatius"),
        "award": person("cor", "coordinator"),
        "pay": person("femke", "financieel_medewerker"),
        "account": person("wim", "wijkbeheerder", "Woonpunt"),
    }


def _available(read: Callable[[Client, str], str], client: Client) -> str:
    """What the fund page says Pottenberg has left (the 'Beschikbaar' cell)."""
    page = client.get("/programma/leefbaarheidsfonds/").content.decode()
    row = re.search(r'<tr data-budget="pottenberg">(.*?)</tr>', page, flags=re.S)
    assert row is not None
    cell = re.search(r'data-field="available">([^<]*)<', row.group(1))
    assert cell is not None
    return cell.group(1).replace("\xa0", " ").strip()


def test_an_application_from_the_page_passes_every_step_each_by_its_own_role(
    maastricht_content: str,
    roles: dict[str, User],
    client_of: Callable[[User], Client],
    read: Callable[[Client, str], str],
) -> None:
    pottenberg = FundBudget.objects.get(slug="pottenberg")
    watcher = client_of(roles["award"])
    assert _available(read, watcher) == "€ 462.829,15"

    resident = Client()  # residents have no account
    response = resident.post("/programma/leefbaarheidsfonds/aanvraag-indienen/", FORM)
    assert (
        response.status_code == 302
        and response["Location"] == "/programma/leefbaarheidsfonds/aanvraag-ontvangen/"
    )
    application = Application.objects.get()
    confirmation = read(resident, "/programma/leefbaarheidsfonds/aanvraag-ontvangen/")
    assert f"Uw referentie is {application.reference}" in confirmation
    assert "valt onder het budget Pottenberg" in confirmation
    assert (
        read(Client(), "/programma/leefbaarheidsfonds/aanvraag-ontvangen/").count(application.reference) == 0
    )
    assert application.budget == pottenberg and application.status == ApplicationStatus.SUBMITTED
    assert budget_state(pottenberg).available == POTTENBERG_BUDGET, "an application commits nothing yet"
    assert budget_state(pottenberg).requested_open == Decimal("1500.00")

    url = f"/programma/leefbaarheidsfonds/aanvragen/{application.reference}"
    taken = {
        "assess": (
            "beoordelen",
            {"advice": "positief", "budget": pottenberg.pk, "note": "Past bij Positief Pottenberg."},
        ),
        "award": ("besluiten", {"decision": "award", "amount": "1200.00", "note": "Tenten niet nodig."}),
        "pay": ("uitbetalen", {"amount": "1200.00", "note": "Betaald op NL00BANK0123456789"}),
        "account": ("verantwoorden", {"spent_amount": "1100.00", "note": "Verslag en bonnen ontvangen."}),
    }
    left_after = {
        "assess": "€ 462.829,15",
        "award": "€ 461.629,15",  # the award is committed
        "pay": "€ 461.629,15",  # paying changes what is left no further
        "account": "€ 461.729,15",  # 100 not spent goes back
    }
    for step, (path, data) in taken.items():
        for other, person_ in roles.items():
            if other != step:
                refused = client_of(person_).post(f"{url}/{path}/", data)
                assert refused.status_code == 403, f"{other} may not {step}"
        response = client_of(roles[step]).post(f"{url}/{path}/", data)
        assert response.status_code == 302
        assert _available(read, watcher) == left_after[step], step
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCOUNTED
    assert (application.awarded_amount, application.paid_amount, application.spent_amount) == (
        Decimal("1200.00"),
        Decimal("1200.00"),
        Decimal("1100.00"),
    )
    history = [(s.step, s.actor_label) for s in application.steps.all()]
    assert history == [
        ("submitted", "aanvrager"),
        ("assessed", "lotte"),
        ("awarded", "cor"),
        ("paid", "femke"),
        ("accounted", "wim"),
    ]
    detail = read(client_of(roles["assess"]), f"{url}/")
    assert "€ 100,00 terug naar het budget" in detail and "Anna Bewoner" in detail
    # Steps leave no personal data in the audit log, and reading the applicant's details is recorded.
    audit = AuditEvent.objects.filter(object_type="fund_application")
    assert "anna@example.org" not in str(list(audit.values_list("detail", flat=True)))
    assert audit.filter(action="programme.fund_application_read").exists()


def test_people_without_a_fund_role_see_budgets_but_never_applicants(
    maastricht_content: str,
    person: Callable[..., User],
    client_of: Callable[[User], Client],
    read: Callable[[Client, str], str],
) -> None:
    Client().post("/programma/leefbaarheidsfonds/aanvraag-indienen/", FORM)
    reference = Application.objects.get().reference
    partner = client_of(person("pieter", "partner", "Gemeente Maastricht"))
    overview = read(partner, "/programma/leefbaarheidsfonds/")
    assert "Pottenberg" in overview and "Anna" not in overview and reference not in overview
    assert partner.get(f"/programma/leefbaarheidsfonds/aanvragen/{reference}/").status_code == 403
    assert partner.get("/programma/leefbaarheidsfonds/aanvragen/").status_code == 403


def test_the_public_form_explains_what_is_wrong_and_stores_nothing(maastricht_content: str) -> None:
    response = Client().post(
        "/programma/leefbaarheidsfonds/aanvraag-indienen/",
        {
            **FORM,
            "requested_amount": "0",
            "email": "geen-adres",
            "ends_on": "2025-01-01",
            "starts_on": "2025-02-01",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "De einddatum ligt voor de startdatum." in page
    assert 'aria-invalid="true"' in page
    assert not Application.objects.exists()


def _assessed(roles: dict[str, User], buurt: str, requested: str) -> Application:
    from veerkracht.areas.models import Area
    from veerkracht.programme.models import Fund

    application, _new = steps.submit_application(
        Fund.objects.get(),
        steps.ApplicationInput(
            buurt=Area.objects.get(code=buurt),
            title="Groot buurtfeest",
            description="Voor iedereen.",
            requested_amount=Decimal(requested),
            applicant_name="B. Bewoner",
            email="b@example.org",
        ),
    )
    return steps.assess_application(application, actor=roles["assess"], advice="positief", note="Goed plan.")


def test_an_award_fits_what_the_budget_has_left_to_the_cent(
    maastricht_content: str, roles: dict[str, User]
) -> None:
    daalhof = FundBudget.objects.get(slug="daalhof")
    application = _assessed(roles, "BU09350209", "60000")
    with pytest.raises(
        steps.FundStepRefused, match=r"heeft nog € 50\.000,00; € 50\.000,01 past daar niet in"
    ):
        steps.decide_application(application, actor=roles["award"], award=True, amount=Decimal("50000.01"))
    steps.decide_application(application, actor=roles["award"], award=True, amount=Decimal("50000.00"))
    assert budget_state(daalhof).available == Decimal("0.00")
    other = _assessed(roles, "BU09350209", "10")
    with pytest.raises(steps.FundStepRefused, match="niet meer toekennen dan gevraagd"):
        steps.decide_application(other, actor=roles["award"], award=True, amount=Decimal("10.01"))


def test_a_rayon_budget_takes_applications_from_buurten_without_their_own(
    maastricht_content: str, roles: dict[str, User]
) -> None:
    # Malberg has no budget of its own; it lies in rayon Noord-West.
    application = _assessed(roles, "BU09350207", "500")
    assert application.budget is not None and application.budget.slug == "noord-west"
    # Mariaberg's own budget holds EUR 103,000 for Gruuts, which applications cannot use.
    assert budget_state(FundBudget.objects.get(slug="mariaberg")).available == Decimal("269598.82")


def test_four_eyes_the_assessor_does_not_decide_and_the_awarder_does_not_pay(
    maastricht_content: str, roles: dict[str, User], person: Callable[..., User]
) -> None:
    both = person("dubbel", "leefbaarheidsmedewerker")
    person("dubbel", "coordinator")  # may now assess and award
    application = _assessed({"assess": both}, "BU09350203", "300")
    with pytest.raises(steps.FundStepRefused, match="vier ogen"):
        steps.decide_application(application, actor=both, award=True, amount=Decimal("300"))
    steps.decide_application(application, actor=roles["award"], award=True, amount=Decimal("300"))
    awarder_who_may_pay = person("cor", "financieel_medewerker")
    with pytest.raises(steps.FundStepRefused, match="vier ogen"):
        steps.pay_application(application, actor=awarder_who_may_pay)
    steps.pay_application(application, actor=roles["pay"])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PAID


def test_a_step_out_of_turn_is_refused_and_changes_nothing(
    maastricht_content: str, roles: dict[str, User]
) -> None:
    application = _assessed(roles, "BU09350203", "300")
    with pytest.raises(steps.FundStepRefused, match="beoordeeld; uitbetalen kan nu niet"):
        steps.pay_application(application, actor=roles["pay"])
    with pytest.raises(steps.FundStepRefused, match="Schrijf bij een afwijzing waarom"):
        steps.decide_application(application, actor=roles["award"], award=False)
    steps.decide_application(application, actor=roles["award"], award=False, note="Buiten de buurt.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED and application.awarded_amount is None
    assert budget_state(application.budget).available == POTTENBERG_BUDGET  # type: ignore[arg-type]
