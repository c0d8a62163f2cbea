# SPDX-License-Identifier: EUPL-1.2
"""In a real browser: every dossier page at desktop and phone width without sideways scrolling and without
axe findings; and the acceptance walk of issue 10, from a melding to a closed dossier, with the partner and
the subject's copy showing nothing of who reported."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from support import unavailable
from veerkracht.cases.models import Dossier, LadderStep, Referral
from veerkracht.cases.services.intake import Reporter
from veerkracht.cases.services.ladder import take_step

from ..pages.test_browser import WIDTHS, check, context_for
from .conftest import Network

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# What must never reach the partner or the subject: who reported, what they wrote, other meldingen.
REPORTER_TRACES = ("Greet Geheim", "greet@example.nl", "Henk Anoniem", "0687654321", "Melder 1", "Melder 2")
DESCRIPTIONS = ("Harde muziek tot diep in de nacht", "schold mij uit")


def _pdf_text(content: bytes, tmp_path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        unavailable("pdftotext is missing (make test installs Debian's poppler-utils)")
    pdf = tmp_path / "kopie.pdf"
    pdf.write_bytes(content)
    return subprocess.run([str(tool), str(pdf), "-"], check=True, capture_output=True, text=True).stdout


@pytest.mark.django_db(transaction=True)
def test_every_dossier_page_reads_well_at_both_widths_and_passes_axe(
    live_server: Any, browser: Any, network: Network, nuisance: Dossier
) -> None:
    take_step(nuisance, "aanspreken", outcome="afspraken_gemaakt", actor=network["wijkbeheerder"])
    from veerkracht.cases.services.referrals import NewReferral, refer

    referral = refer(
        nuisance,
        NewReferral(
            partner=network.kredietbank,
            partner_kind="debt_help",
            purpose="Schuldhulp aanbieden",
            fields=["adres", "betrokkene_naam", "meldingen_overzicht"],
            covenant=network.covenant,
        ),
        actor=network["wijkbeheerder"],
    )
    reference = nuisance.reference
    melding = nuisance.meldingen.order_by("pk").first()
    assert melding is not None
    pages = {
        "wijkbeheerder": [
            ("dossiers", "/dossiers/"),
            ("dossiers per stap", "/dossiers/?stap=aanspreken"),
            ("dossier", f"/dossiers/{reference}/"),
            ("dossier openen", f"/dossiers/nieuw/?melding={melding.reference}"),
        ],
        "schuldhulp": [
            ("doorverwijzingen", "/dossiers/doorverwijzingen/"),
            ("doorverwijzing", f"/dossiers/doorverwijzingen/{referral.pk}/"),
        ],
        "fg": [("inzage", "/dossiers/privacy/"), ("wie zag het", f"/dossiers/{reference}/privacy/")],
    }
    axe = Axe()
    for width in WIDTHS:
        for username, paths in pages.items():
            context = context_for(browser, live_server.url, network[username], width)
            page = context.new_page()
            for name, path in paths:
                response = page.goto(live_server.url + path)
                assert response.status == 200, f"{name} at {width}"
                if name == "dossier":
                    for summary in page.locator("#behandelen summary").all():
                        summary.click()  # every form open: their fields are checked too
                check(page, f"{name} at {width}", axe)
            context.close()


@pytest.mark.django_db(transaction=True)
def test_acceptance_walk_from_melding_to_dossier_hearing_referral_stopgesprek_and_closing(
    live_server: Any, browser: Any, network: Network, take_in: Any, tmp_path: Path
) -> None:
    base = live_server.url
    first = take_in(
        "overlast",
        "geluid",
        address="Maasstraat 12",
        description="Harde muziek tot diep in de nacht bij nummer 12.",
        reporter=Reporter(kind="neighbour", name="Greet Geheim", email="greet@example.nl"),
    )
    second = take_in(
        "burenruzie",
        "intimidatie",
        address="Maasstraat 12",
        description="Bewoner van 12 schold mij uit in het trappenhuis.",
        reporter=Reporter(kind="neighbour", name="Henk Anoniem", phone="0687654321"),
    )

    # Melding → dossier: the button on the melding's page opens the form, prefilled from the melding.
    staff = context_for(browser, base, network["wijkbeheerder"]).new_page()
    staff.goto(f"{base}/meldingen/{first.reference}/")
    staff.get_by_role("link", name="Dossier openen met deze melding").click()
    assert staff.locator("#id_melding").input_value() == first.reference
    assert staff.locator("#id_dossier_type").input_value() == "overlast"
    staff.locator("#id_title").fill("Geluidsoverlast Maasstraat 12")
    staff.get_by_role("button", name="Dossier openen").click()
    staff.wait_for_selector("text=is geopend.")
    dossier = Dossier.objects.get()
    assert staff.url.endswith(f"/dossiers/{dossier.reference}/")

    def form(anchor: str) -> Any:
        section = staff.locator(f"details#{anchor}")
        section.locator("summary").click()
        return section

    def done(text: str) -> None:
        staff.wait_for_selector(f"text={text}")

    # The second melding joins; the subject and a reporter become parties.
    link = form("koppelen")
    link.locator("#id_koppelen-melding").fill(second.reference)
    link.get_by_role("button", name="Melding toevoegen").click()
    done("is aan het dossier toegevoegd")
    party = form("betrokkene")
    party.locator("#id_betrokkene-role").select_option("subject")
    party.locator("#id_betrokkene-name").fill("Kees Veroorzaker")
    party.locator("#id_betrokkene-address").fill("Maasstraat 12")
    party.get_by_role("button", name="Betrokkene toevoegen").click()
    done("De betrokkene is toegevoegd.")
    party = form("betrokkene")
    party.locator("#id_betrokkene-role").select_option("reporter")
    party.locator("#id_betrokkene-name").fill("Greet Geheim")
    party.locator("#id_betrokkene-melding").fill(first.reference)
    party.get_by_role("button", name="Betrokkene toevoegen").click()
    done("De betrokkene is toegevoegd.")
    assert "Greet Geheim" in staff.locator(".parties").inner_text()

    # Hoor en wederhoor of the subject, then the ladder's step that needs it.
    hearing = form("horen")
    hearing.locator("#id_horen-party").select_option(label="Kees Veroorzaker (veroorzaker)")
    hearing.locator("#id_horen-statement").fill(
        "Ik wist niet dat het zo gehorig is; ik zet de muziek zachter."
    )
    hearing.get_by_role("button", name="Hoor en wederhoor vastleggen").click()
    done("Hoor en wederhoor is vastgelegd.")
    assert "ik zet de muziek zachter" in staff.locator("section[aria-labelledby=hoor]").inner_text()
    step = form("ladder-hoor_en_wederhoor")
    assert step.locator(".skip-warning").count() == 0  # the subject was heard: nothing to skip
    step.locator("#id_ladder-hoor_en_wederhoor-outcome").select_option("beide_gehoord")
    step.locator("#id_ladder-hoor_en_wederhoor-evidence_kind").select_option("gespreksverslag")
    step.locator("#id_ladder-hoor_en_wederhoor-evidence_description").fill("Verslag van het gesprek")
    step.get_by_role("button", name="Stap zetten: Hoor en wederhoor").click()
    done("Gedaan: Hoor en wederhoor.")
    assert "stap 2: Hoor en wederhoor" in staff.locator("#ladder-position").inner_text()

    # Referral to the debt-help partner under the covenant, with the fewest fields.
    refer = form("doorverwijzen")
    refer.locator("#id_doorverwijzen-partner").select_option(label="Kredietbank Test")
    refer.locator("#id_doorverwijzen-partner_kind").select_option("debt_help")
    refer.locator("#id_doorverwijzen-purpose").fill("Schuldhulp aanbieden naast de aanpak van de overlast")
    refer.locator("#id_doorverwijzen-covenant").select_option(label="Convenant vroegsignalering schulden")
    for label in ("Adres, complex en buurt van het dossier", "Naam van de veroorzaker of het huishouden"):
        refer.get_by_label(label).check()
    refer.get_by_label("Overzicht van de meldingen (datum en soort)").check()
    refer.get_by_role("button", name="Doorverwijzen").click()
    done("Doorverwezen naar Kredietbank Test.")
    referral = Referral.objects.get()

    # The partner logs in, reads only what was shared, answers and closes its part.
    partner = context_for(browser, base, network["schuldhulp"]).new_page()
    partner.goto(f"{base}/dossiers/doorverwijzingen/")
    partner.get_by_role("link", name="Van Woonstichting Test").click()
    shared = partner.locator("main").inner_text()
    assert "Kees Veroorzaker" in shared and "Maasstraat 12" in shared and "Schuldhulp aanbieden" in shared
    for secret in (*REPORTER_TRACES, *DESCRIPTIONS, first.reference, second.reference, dossier.reference):
        assert secret not in shared, secret
    assert partner.goto(f"{base}/dossiers/{dossier.reference}/").status == 404
    partner.goto(f"{base}/dossiers/doorverwijzingen/{referral.pk}/")
    partner.locator("#id_antwoord-text").fill("Intake bij de schuldhulp is gepland.")
    partner.get_by_role("button", name="Antwoord versturen").click()
    partner.wait_for_selector("text=Uw antwoord is verstuurd.")
    partner.locator("#id_afsluiten-outcome").fill("Budgetbeheer gestart.")
    partner.get_by_role("button", name="Mijn deel afsluiten").click()
    partner.wait_for_selector("text=Uw deel is afgesloten.")

    # Back at the corporation: the answer is in the dossier; the stopgesprek skips the letter, which
    # needs a reason and a coördinator.
    staff.reload()
    referrals = staff.locator("section[aria-labelledby=doorverwijzingen]").inner_text()
    assert "Intake bij de schuldhulp is gepland." in referrals and "Budgetbeheer gestart." in referrals
    stop = form("ladder-stopgesprek")
    assert "Brief" in stop.locator(".skip-warning").inner_text()
    stop.locator("#id_ladder-stopgesprek-outcome").select_option("afspraken_gemaakt")
    stop.get_by_role("button", name="Stap zetten: Stopgesprek").click()
    staff.wait_for_selector("details#ladder-stopgesprek .error-summary")
    assert LadderStep.objects.filter(step="stopgesprek").count() == 0
    stop = staff.locator("details#ladder-stopgesprek")
    stop.locator("#id_ladder-stopgesprek-outcome").select_option("afspraken_gemaakt")
    stop.locator("#id_ladder-stopgesprek-skip_reason").fill(
        "Dreiging in het trappenhuis: geen tijd voor een brief."
    )
    stop.locator("#id_ladder-stopgesprek-approved_by").select_option(str(network["coordinator"].pk))
    stop.locator("#id_ladder-stopgesprek-evidence_kind").select_option("gespreksverslag")
    stop.locator("#id_ladder-stopgesprek-evidence_description").fill("Verslag van het stopgesprek")
    stop.get_by_role("button", name="Stap zetten: Stopgesprek").click()
    done("Gedaan: Stopgesprek.")
    taken = LadderStep.objects.get(step="stopgesprek")
    assert taken.approved_by == network["coordinator"] and taken.skipped
    assert "stap 6: Stopgesprek" in staff.locator("#ladder-position").inner_text()

    # The subject's copy (AVG access), made by the privacy officer: no reporter, no melding's words.
    officer = context_for(browser, base, network["fg"]).new_page()
    officer.goto(f"{base}/dossiers/privacy/?kenmerk={dossier.reference}")
    readers = officer.locator("section[aria-labelledby=gelezen]").inner_text()
    assert "wijkbeheerder" in readers and "schuldhulp" in readers
    href = officer.get_by_role("link", name="Overzicht voor Veroorzaker 1 (PDF)").get_attribute("href")
    copy = officer.request.get(base + str(href))
    assert copy.status == 200 and copy.headers["content-type"] == "application/pdf"
    text = _pdf_text(copy.body(), tmp_path)
    assert "Kees Veroorzaker" in text and "Kredietbank Test" in text and "Stopgesprek" in text
    for secret in (*REPORTER_TRACES, *DESCRIPTIONS, "Melder"):
        assert secret not in text, secret

    # Closing: the dossier is closed with its outcome, and the partner's access ends with it.
    close = form("sluiten")
    close.locator("#id_sluiten-outcome").select_option("verbeterd")
    close.locator("#id_sluiten-reason").fill("Afspraken worden nagekomen; geen nieuwe meldingen.")
    close.get_by_role("button", name="Dossier sluiten").click()
    done("Het dossier is gesloten.")
    assert "Gesloten" in staff.locator(".melding-status").inner_text()
    assert staff.locator("#behandelen").count() == 0
    assert partner.goto(f"{base}/dossiers/doorverwijzingen/{referral.pk}/").status == 404
    partner.goto(f"{base}/dossiers/doorverwijzingen/")
    assert partner.get_by_role("link", name="Van Woonstichting Test").count() == 0
