# SPDX-License-Identifier: EUPL-1.2
"""The area programme of seed 002, Pottenberg's content on the programme pages, and the priorities."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from veerkracht.areas.models import Area
from veerkracht.core.models import User
from veerkracht.programme.models import Programme
from veerkracht.programme.queries.programmes import years
from veerkracht.programme.services.programmes import SpendingRefused, record_spending

pytestmark = pytest.mark.django_db
URL = "/programma/programmas/veerkrachtige-wijkenbenadering/"


def test_the_budget_is_450000_in_2023_and_700000_every_year_from_2024(maastricht_content: str) -> None:
    programme = Programme.objects.get()
    figures = {f.year: f.budget for f in years(programme, today_year=2027)}
    assert figures == {
        2023: Decimal("450000.00"),
        2024: Decimal("700000.00"),
        2025: Decimal("700000.00"),
        2026: Decimal("700000.00"),
        2027: Decimal("700000.00"),
    }
    assert [a.name for a in programme.areas.order_by("name")] == ["Nazareth", "Pottenberg"]


def test_pottenbergs_fund_budget_interventions_and_teams_are_on_the_programme_page(
    maastricht_content: str,
    person: Callable[..., User],
    client_of: Callable[[User], Client],
    read: Callable[[Client, str], str],
) -> None:
    text = read(client_of(person("bea", "bestuurder")), URL)
    pottenberg = text.split("Pottenberg Prioritering")[1].split("Uitgaven")[0]
    assert "(Door)starten" in pottenberg
    assert "budget Pottenberg: € 462.829,15, nog € 462.829,15 beschikbaar" in pottenberg
    assert "Nieuwbouw 102 2022–2026; Sloop 96 2022–2026; Renovatie 164 2022–2026" in pottenberg
    assert (
        "BKT Servatius Pottenberg (fase i: signaleren); BKT Woonpunt Pottenberg (fase i: signaleren)"
        in pottenberg
    )
    assert "84 procent sociale huur" in pottenberg
    nazareth = text.split("Nazareth Prioritering")[1].split("Pottenberg Prioritering")[0]
    assert "budget Nazareth-Limmel: € 50.000,00" in nazareth and "BKT Woonpunt Nazareth" in nazareth
    assert "Partners Huurdersbelangenverenigingen Maastricht, Servatius, Trajekt, Woonpunt" in text
    assert "2023: € 450.000 per jaar (opstartjaar); vanaf 2024: € 700.000 per jaar (structureel)" in text


def test_spending_is_set_against_the_years_budget(
    maastricht_content: str,
    person: Callable[..., User],
    client_of: Callable[[User], Client],
    read: Callable[[Client, str], str],
) -> None:
    editor = person("cor", "coordinator")
    client = client_of(editor)
    response = client.post(
        f"{URL}uitgaven/",
        {
            "amount": "125000",
            "description": "Wijkteam Nazareth",
            "spent_on": "2024-05-01",
            "area": "BU09350403",
        },
    )
    assert response.status_code == 302
    text = read(client, URL)
    assert "2024 € 700.000,00 € 125.000,00 € 575.000,00 17,9%" in text
    programme = Programme.objects.get()
    with pytest.raises(SpendingRefused, match="buiten de looptijd"):
        record_spending(
            programme, actor=editor, amount=Decimal("10"), description="x", spent_on=date(2022, 5, 1)
        )
    mariaberg = Area.objects.get(code="BU09350201")
    with pytest.raises(SpendingRefused, match="geen gebied van dit programma"):
        record_spending(
            programme,
            actor=editor,
            amount=Decimal("10"),
            description="x",
            spent_on=date(2024, 5, 1),
            area=mariaberg,
        )
    assert client_of(person("bea", "bestuurder")).post(f"{URL}uitgaven/", {}).status_code == 403


def test_the_priorities_page_lists_each_phase_with_its_buurten_and_reason(
    maastricht_content: str,
    person: Callable[..., User],
    client_of: Callable[[User], Client],
    read: Callable[[Client, str], str],
) -> None:
    text = read(client_of(person("bea", "bestuurder")), "/programma/prioritering/")
    assert "Afronden (8)" in text and "(Door)starten (3)" in text and "Anticiperen (2)" in text
    assert "Wittevrouwenveld Wyckerpoort/Wittevrouwenveld" in text
    # The phase's reason first, then what the document says of the buurt itself.
    assert "De Heeg — Hier is nog weinig tot niets aan planvorming" in text
    assert "De Heeg komt naar voren als een minder veerkrachtige buurt" in text
