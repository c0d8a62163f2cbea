# SPDX-License-Identifier: EUPL-1.2
"""In a real browser: every agreement page at desktop and phone width, no sideways scroll, no axe findings."""

from datetime import date, datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from veerkracht.core.models import Organisation
from veerkracht.core.services import create_person, grant_role
from veerkracht.programme.models import Agreement, AgreementSet
from veerkracht.programme.services.agreements import (
    add_workgroup_action,
    compute_stagnation_signals,
    record_status_update,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "een-lang-wachtwoord"
WIDTHS = {"desktop": (1280, 900), "telefoon": (390, 844)}
PAGES = {
    "overzicht": "/programma/afspraken/?thema=6&gebied=BU09350203",
    "afspraak": "/programma/afspraken/maastricht-2022-2026/6a/",
    "werkgroepen": "/programma/werkgroepen/",
    "werkgroep": "/programma/werkgroepen/maastricht-2022-2026/betaalbaarheid/",
    "bestuurlijk overleg": "/programma/bestuurlijk-overleg/",
    "evaluaties": "/programma/evaluatie/",
    "evaluatie": "/programma/evaluatie/maastricht-2022-2026/2022/thema-6/",
}


def _content(maastricht: AgreementSet) -> None:
    """A status history, an action and signals, so every part of every page is on screen."""
    coordinator = create_person("cor", PASSWORD)
    grant_role(coordinator, Organisation.objects.get(name="Woonpunt"), "coordinator")
    pottenberg = Agreement.objects.get(code="6a")
    record_status_update(
        pottenberg,
        author=coordinator,
        status="vertraagd",
        note="Sloop Poortgebouw loopt vertraging op.",
        at=timezone.make_aware(datetime(2022, 10, 1, 9)),
    )
    add_workgroup_action(
        pottenberg.lead_workgroups.first() or maastricht.workgroups.get(slug="betaalbaarheid"),
        author=coordinator,
        description="Percentage DAEB onder de tweede aftoppingsgrens berekenen",
        who="Woonpunt",
        due_on=date(2023, 3, 1),
    )
    compute_stagnation_signals()


def _log_in(page: object, base: str) -> None:
    page.goto(f"{base}/inloggen/?next=/programma/afspraken/")  # type: ignore[attr-defined]
    page.get_by_label("Gebruikersnaam").fill("cor")  # type: ignore[attr-defined]
    page.get_by_label("Wachtwoord").fill(PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Inloggen").click()  # type: ignore[attr-defined]
    page.wait_for_url("**/programma/afspraken/")  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_every_agreement_page_reads_well_at_both_widths_and_passes_axe(
    live_server: object, browser: object, maastricht: AgreementSet
) -> None:
    _content(maastricht)
    axe = Axe()
    errors: list[str] = []
    for width_name, (width, height) in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")  # type: ignore[attr-defined]
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        _log_in(page, live_server.url)  # type: ignore[attr-defined]
        for name, path in PAGES.items():
            response = page.goto(live_server.url + path)  # type: ignore[attr-defined]
            assert response.status == 200, f"{name} at {width_name}"
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width_name}"
            results = axe.run(page)
            assert results.violations_count == 0, f"{name} at {width_name}:\n{results.generate_report()}"
        assert errors == []
        context.close()


@pytest.mark.django_db(transaction=True)
def test_a_lead_records_progress_on_a_milestone_in_the_browser(
    live_server: object, page: object, maastricht: AgreementSet
) -> None:
    _content(maastricht)
    _log_in(page, live_server.url)  # type: ignore[attr-defined]
    page.goto(live_server.url + "/programma/bestuurlijk-overleg/")  # type: ignore[attr-defined]
    stuck = page.locator('tr[data-code="6a"]')  # type: ignore[attr-defined]
    assert stuck.count() >= 1
    stuck.first.get_by_role("link").click()
    page.get_by_label("Status:", exact=True).select_option("op_schema")  # type: ignore[attr-defined]
    page.get_by_label("Wat is er gebeurd?").fill("Poortgebouw gesloopt, nieuwbouw gestart.")  # type: ignore[attr-defined]
    page.get_by_label("Mijlpaal (niet verplicht):").select_option(
        label="6a: Sloop en start nieuwbouw Poortgebouw (2022-12-31)"
    )  # type: ignore[attr-defined]
    page.get_by_label("De mijlpaal is bereikt").check()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Update vastleggen").click()  # type: ignore[attr-defined]
    page.wait_for_selector("text=De statusupdate is vastgelegd.")  # type: ignore[attr-defined]
    assert "Poortgebouw gesloopt" in page.locator(".pa-history").inner_text()  # type: ignore[attr-defined]
    page.goto(live_server.url + "/programma/bestuurlijk-overleg/")  # type: ignore[attr-defined]
    text = page.locator("main").inner_text()  # type: ignore[attr-defined]
    assert "„Sloop en start nieuwbouw Poortgebouw” verstreken" not in text
    assert "„Start voorbereiding sloop en nieuwbouw Mammoetflat (Woonpunt)” verstreken" in text
    assert "Weer in beweging" in text
