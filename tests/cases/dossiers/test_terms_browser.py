# SPDX-License-Identifier: EUPL-1.2
"""In a real browser, at desktop and phone width: open a dossier from an address without a melding, suspend
it, resume it, extend it, close it and reopen it through the forms on its page; every page without axe
findings, sideways scrolling or console errors."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from veerkracht.cases.models import Dossier, DossierStatus
from veerkracht.cases.services.dossier_status import close_dossier

from ..conftest import BUURT_1
from ..pages.test_browser import WIDTHS, check, context_for
from .conftest import Network

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_dossier_opened_from_an_address_is_suspended_resumed_extended_and_reopened_on_its_page(
    live_server: Any, browser: Any, network: Network, width: str
) -> None:
    base, axe = live_server.url, Axe()
    context = context_for(browser, base, network["wijkbeheerder"], width)
    page = context.new_page()
    errors: list[str] = []
    # The refused extension answers 400 on purpose; the browser reports that status as a console line.
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and "status of 400" not in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"{base}/dossiers/")
    page.get_by_role("link", name="Dossier openen over een adres, zonder melding").click()
    check(page, f"dossier openen over een adres at {width}", axe)
    page.locator("#id_title").fill("Zorgen over Rivierweg 8")
    page.locator("#id_address").fill("Rivierweg 8")
    page.locator("#id_buurt").select_option(BUURT_1)
    page.get_by_role("button", name="Dossier openen").click()
    page.wait_for_selector("text=is geopend.")
    dossier = Dossier.objects.get(title="Zorgen over Rivierweg 8")
    assert page.url.endswith(f"/dossiers/{dossier.reference}/") and dossier.buurt_code == BUURT_1
    for summary in page.locator("#behandelen summary").all():
        summary.click()  # every form open: their fields are checked too
    check(page, f"dossier with its terms at {width}", axe)

    def submit(anchor: str, button: str, **fields: str) -> None:
        section = page.locator(f"details#{anchor}")
        if section.get_attribute("open") is None:
            section.locator("summary").click()
        for name, value in fields.items():
            section.locator(f"#id_{anchor}-{name}").fill(value)
        section.get_by_role("button", name=button).click()

    submit("opschorten", "Dossier opschorten", reason="Wacht op de uitspraak van de kantonrechter")
    page.wait_for_selector("text=Het dossier is opgeschort")
    assert "Opgeschort" in page.locator(".melding-status").inner_text()
    submit("hervatten", "Dossier hervatten")
    page.wait_for_selector("text=Het dossier is hervat")
    submit("verlengen", "Dossier verlengen", days="92", reason="Mediation loopt nog")
    page.wait_for_selector("text=Verlengen kan met ten hoogste 91 dagen")
    check(page, f"refused extension at {width}", axe)
    submit("verlengen", "Dossier verlengen", days="30", reason="Mediation loopt nog")
    page.wait_for_selector("text=Het dossier is met 30 dagen verlengd.")
    assert "Verlengd met 30 dagen" in page.locator("section[aria-labelledby=over]").inner_text()

    close_dossier(dossier, outcome="opgelost", reason="Rust teruggekeerd", actor=network["wijkbeheerder"])
    page.reload()
    submit("heropenen", "Dossier heropenen", reason="De overlast is terug")
    page.wait_for_selector("text=Het dossier is heropend.")
    check(page, f"reopened dossier at {width}", axe)
    dossier.refresh_from_db()
    assert dossier.is_open and dossier.status == DossierStatus.OPEN and dossier.extended_days == 30
    assert not errors, errors
    context.close()
