# SPDX-License-Identifier: EUPL-1.2
"""The fund's periodic evaluation and redistribution, and its figures per buurt in the value store."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from django.test import Client

from veerkracht.areas.models import Area
from veerkracht.core.models import User
from veerkracht.indicators.models import ImportRun
from veerkracht.indicators.queries import catalogue_specs, current_values
from veerkracht.indicators.services import sync_catalogue
from veerkracht.monitor.suppression import suppress
from veerkracht.programme.models import BudgetEntry, Fund, FundBudget, FundEvaluation
from veerkracht.programme.queries.fund import budget_state
from veerkracht.programme.services import fund as steps
from veerkracht.programme.services.fund_budgets import Move, evaluate_fund
from veerkracht.programme.services.fund_publishing import AMOUNT, INITIATIVES, publish_fund_values

pytestmark = pytest.mark.django_db


def _budget(slug: str) -> FundBudget:
    return FundBudget.objects.get(slug=slug)


def test_what_is_left_moves_to_where_it_is_needed_and_the_figures_of_then_are_kept(
    maastricht_content: str, person: Callable[..., User]
) -> None:
    coordinator = person("cor", "coordinator")
    evaluation = evaluate_fund(
        Fund.objects.get(),
        actor=coordinator,
        held_on=date(2024, 1, 15),
        notes="Zuid-Oost gebruikt weinig; Pottenberg heeft meer aanvragen.",
        moves=[Move(_budget("zuid-oost"), _budget("pottenberg"), Decimal("20000"))],
    )
    assert budget_state(_budget("zuid-oost")).available == Decimal("26295.19")
    assert budget_state(_budget("pottenberg")).available == Decimal("482829.15")
    before = {row["slug"]: row for row in evaluation.snapshot}
    assert before["zuid-oost"]["available"] == "46295.19"
    assert BudgetEntry.objects.filter(evaluation=evaluation).count() == 2


def test_a_redistribution_larger_than_what_is_left_refuses_the_whole_evaluation(
    maastricht_content: str, person: Callable[..., User]
) -> None:
    coordinator = person("cor", "coordinator")
    moves = [
        Move(_budget("noord-oost"), _budget("de-heeg"), Decimal("46295.19")),  # all of it: allowed
        Move(_budget("noord-oost"), _budget("daalhof"), Decimal("0.01")),  # one cent more: not
    ]
    with pytest.raises(steps.FundStepRefused, match=r"Rayon Noord-Oost heeft nog € 0,00 over"):
        evaluate_fund(
            Fund.objects.get(), actor=coordinator, held_on=date(2024, 1, 15), notes="Te veel.", moves=moves
        )
    assert not FundEvaluation.objects.exists()
    assert budget_state(_budget("noord-oost")).available == Decimal("46295.19")
    with pytest.raises(steps.FundStepRefused, match=r"programme\.fund_manage"):
        evaluate_fund(
            Fund.objects.get(),
            actor=person("lotte", "leefbaarheidsmedewerker"),
            held_on=date(2024, 1, 1),
            notes="x",
        )


def test_the_evaluation_page_records_a_move_for_the_fund_manager_only(
    maastricht_content: str,
    person: Callable[..., User],
    client_of: Callable[[User], Client],
    read: Callable[[Client, str], str],
) -> None:
    assert (
        client_of(person("lotte", "leefbaarheidsmedewerker"))
        .get("/programma/leefbaarheidsfonds/evaluatie/")
        .status_code
        == 403
    )
    manager = client_of(person("cor", "coordinator"))
    response = manager.post(
        "/programma/leefbaarheidsfonds/evaluatie/",
        {
            "held_on": "2024-06-30",
            "notes": "Halfjaarlijkse evaluatie.",
            "from_1": _budget("zuid-west").pk,
            "to_1": _budget("mariaberg").pk,
            "amount_1": "5000",
        },
    )
    assert response.status_code == 302
    text = read(manager, "/programma/leefbaarheidsfonds/evaluatie/")
    assert "Halfjaarlijkse evaluatie." in text
    assert "Herverdeling 30-06-2024 van Rayon Zuid-West: € 5.000,00 (Mariaberg)" in text


def _award(person: Callable[..., User], buurt: str, amount: str) -> None:
    application, _new = steps.submit_application(
        Fund.objects.get(),
        steps.ApplicationInput(
            buurt=Area.objects.get(code=buurt),
            title="Initiatief",
            description="Voor de buurt.",
            requested_amount=Decimal(amount),
            applicant_name="X",
            email="x@example.org",
        ),
    )
    steps.assess_application(
        application, actor=person("lotte", "leefbaarheidsmedewerker"), advice="positief", note="Ja."
    )
    steps.decide_application(
        application, actor=person("cor", "coordinator"), award=True, amount=Decimal(amount)
    )


def test_awarded_amounts_and_initiatives_per_buurt_land_in_the_value_store_once(
    maastricht_content: str, person: Callable[..., User], data_dir: Path
) -> None:
    sync_catalogue()
    for n in range(5):
        _award(person, "BU09350203", str(100 * (n + 1)))  # Pottenberg: five initiatives
    _award(person, "BU09350201", "700")  # Mariaberg: one
    fund = Fund.objects.get()
    run = publish_fund_values(fund)
    assert run is not None and run.organisation == fund.holder and run.connector == "programme.fund"
    values = current_values(indicators=[AMOUNT, INITIATIVES], levels=["buurt"])
    year = int(values["period"].max())
    figure = values.set_index(["area_code", "indicator"])["value"]
    assert figure[("BU09350203", AMOUNT)] == 1500 and figure[("BU09350203", INITIATIVES)] == 5
    assert figure[("BU09350201", INITIATIVES)] == 1 and figure[("BU09350101", INITIATIVES)] == 0
    assert len(values) == 2 * 44, "every buurt of the gemeente, also those without an initiative"
    assert publish_fund_values(fund) is None, "the same figures are not stored twice"
    assert ImportRun.objects.filter(connector="programme.fund").count() == 1

    # The catalogue's rule protects a buurt with fewer than five initiatives, also its amount; with the city's
    # total published, one more buurt is hidden so that Mariaberg's cannot be computed from the rest.
    buurten = values["area_code"].unique().tolist()
    areas = pd.DataFrame(
        {"area_code": [*buurten, "GM0935"], "level": ["buurt"] * len(buurten) + ["gemeente"]}
    )
    edges = pd.DataFrame({"child_code": buurten, "parent_code": "GM0935"})
    city = values.groupby(["indicator", "period"], as_index=False)["value"].sum().assign(area_code="GM0935")
    published = suppress(pd.concat([values, city]), areas, edges, catalogue_specs()).set_index(
        ["area_code", "indicator"]
    )
    assert published.loc[("BU09350201", INITIATIVES), "suppressed"]
    assert published.loc[("BU09350201", AMOUNT), "suppressed"]
    assert published.loc[("BU09350203", AMOUNT), "suppressed"]
    assert not published.loc[("GM0935", AMOUNT), "suppressed"]
    assert published.loc[("GM0935", AMOUNT), "value"] == 2200
    assert not published.loc[("BU09350101", INITIATIVES), "suppressed"], "zero is not disclosive"
    assert year >= 2025
