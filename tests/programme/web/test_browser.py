# SPDX-License-Identifier: EUPL-1.2
"""In a real browser: every page of stock, interventions, fund, teams, programmes and area teams at desktop
and phone width (390 px), with no sideways scroll, no axe-core finding, no script error and no CSP breach;
and a resident applying on a phone."""

import re
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from browser import csp_violations, watch_csp
from veerkracht.areas.models import Area
from veerkracht.core.models import User
from veerkracht.programme.models import Fund, ResidentTeam
from veerkracht.programme.services import area_teams
from veerkracht.programme.services import fund as steps

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "een-lang-wachtwoord"
# The elements that stick out on the right, to name in a failure.
OFFENDERS = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 5).map(e => `${e.tagName}.${e.className} ${(e.textContent || '').trim().slice(0, 40)}`)"""
WIDTHS = {"desktop": (1280, 900), "telefoon": (390, 844)}


def _state(person: Callable[..., User]) -> dict[str, str]:
    """An application waiting for a decision, a meeting and an action, so every part of every page shows."""
    assessor = person("lotte", "leefbaarheidsmedewerker", "Servatius")
    application, _new = steps.submit_application(
        Fund.objects.get(),
        steps.ApplicationInput(
            buurt=Area.objects.get(code="BU09350203"),
            title="Buurtbarbecue bij het Poortgebouw",
            description="Een middag voor alle bewoners.",
            requested_amount=Decimal("1500"),
            applicant_name="Anna Bewoner",
            email="anna@example.org",
        ),
    )
    steps.assess_application(
        application, actor=assessor, advice="positief", note="Past bij Positief Pottenberg."
    )
    rayon = Area.objects.get(code="RA093502")
    area_teams.record_meeting(rayon, actor=assessor, held_on=timezone.localdate() - timedelta(days=7))
    area_teams.add_action(rayon, actor=assessor, description="Schouw Malberg plannen", who="Woonpunt")
    return {"reference": application.reference, "team": ResidentTeam.objects.order_by("slug").first().slug}  # type: ignore[union-attr]


def _pages(state: dict[str, str]) -> dict[str, str]:
    return {
        "woningvoorraad": "/programma/woningvoorraad/",
        "ingrepen": "/programma/ingrepen/",
        "fonds": "/programma/leefbaarheidsfonds/",
        "aanvraagformulier": "/programma/leefbaarheidsfonds/aanvraag-indienen/",
        "bevestiging": "/programma/leefbaarheidsfonds/aanvraag-ontvangen/",
        "aanvragen": "/programma/leefbaarheidsfonds/aanvragen/",
        "aanvraag": f"/programma/leefbaarheidsfonds/aanvragen/{state['reference']}/",
        "evaluatie": "/programma/leefbaarheidsfonds/evaluatie/",
        "bewonerskrachten": "/programma/bewonerskrachten/",
        "team": f"/programma/bewonerskrachten/{state['team']}/",
        "programma's": "/programma/programmas/",
        "programma": "/programma/programmas/veerkrachtige-wijkenbenadering/",
        "prioritering": "/programma/prioritering/",
        "gebiedsteams": "/programma/gebiedsteams/",
        "gebiedsteam": "/programma/gebiedsteams/RA093502/",
    }


def _log_in(page: object, base: str, username: str) -> None:
    page.goto(f"{base}/inloggen/?next=/programma/leefbaarheidsfonds/")  # type: ignore[attr-defined]
    page.get_by_label("Gebruikersnaam").fill(username)  # type: ignore[attr-defined]
    page.get_by_label("Wachtwoord").fill(PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Inloggen").click()  # type: ignore[attr-defined]
    page.wait_for_url("**/programma/leefbaarheidsfonds/")  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_every_page_reads_well_at_both_widths_and_passes_axe(
    live_server: object, browser: object, maastricht_content: str, person: Callable[..., User]
) -> None:
    state = _state(person)
    # One person who sees every part: the decision form, the evaluation, the editors' forms.
    person("cor", "coordinator")
    person("cor", "analist")
    axe = Axe()
    for width_name, (width, height) in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")  # type: ignore[attr-defined]
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        watch_csp(page)
        _log_in(page, live_server.url, "cor")  # type: ignore[attr-defined]
        for name, path in _pages(state).items():
            response = page.goto(live_server.url + path)  # type: ignore[attr-defined]
            assert response.status == 200, f"{name} at {width_name}"
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (
                f"{name} scrolls {overflow}px sideways at {width_name}: {page.evaluate(OFFENDERS)}"
            )
            results = axe.run(page)
            assert results.violations_count == 0, f"{name} at {width_name}:\n{results.generate_report()}"
        assert errors == [], errors
        assert csp_violations(page) == []
        context.close()


@pytest.mark.django_db(transaction=True)
def test_a_resident_applies_on_a_phone_and_gets_a_reference(
    live_server: object, browser: object, maastricht_content: str
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")  # type: ignore[attr-defined]
    page = context.new_page()
    watch_csp(page)
    page.goto(f"{live_server.url}/programma/leefbaarheidsfonds/aanvraag-indienen/")  # type: ignore[attr-defined]
    page.get_by_label("In welke buurt vindt het initiatief plaats?").select_option(label="Pottenberg")
    page.get_by_label("Naam van het initiatief").fill("Bloembakken op de galerij")
    page.get_by_label("Wat gaat u doen, voor wie, en wat levert het de buurt op?").fill(
        "Groen voor iedereen."
    )
    page.get_by_label("Gevraagd bedrag in euro").fill("350")
    page.get_by_label("Uw naam:", exact=True).fill("Piet Bewoner")
    page.get_by_label("Uw e-mailadres").fill("piet@example.org")
    page.get_by_role("button", name="Aanvraag versturen").click()
    # A missing consent is named at the field, and nothing is filed.
    page.locator(".errorlist").first.wait_for()
    assert page.locator(".errorlist").all_inner_texts() == [
        "Vink dit aan om uw aanvraag te kunnen versturen."
    ]
    page.get_by_label(
        "Ik weet dat de gemeente en de corporaties mijn gegevens gebruiken", exact=False
    ).check()
    page.get_by_role("button", name="Aanvraag versturen").click()
    page.wait_for_url("**/aanvraag-ontvangen/")
    reference = page.locator("#reference").inner_text()
    assert re.fullmatch(r"LF-\d{4}-0001", reference)
    assert "valt onder het budget Pottenberg" in page.locator("#confirmation").inner_text()
    assert csp_violations(page) == []
    context.close()
