# SPDX-License-Identifier: EUPL-1.2
"""In a real browser: every meldingen page at desktop and phone width without sideways scrolling and
without axe findings; the acceptance walk from intake to closing; a resident team's round on a phone."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import shapely
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

from veerkracht.areas.geometry import map_geojson_of
from veerkracht.areas.models import Area
from veerkracht.cases.models import Melding, ResidentTeamRound
from veerkracht.cases.queries.places import to_wgs84
from veerkracht.cases.services.intake import NewMelding
from veerkracht.cases.services.location import Location
from veerkracht.cases.services.rounds import submit_round
from veerkracht.cases.services.routing import create_rule_set
from veerkracht.cases.services.transitions import transition
from veerkracht.core.models import User

from ..conftest import BUURT_1, BUURT_2, IN_BUURT_2, City

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = {"desktop": (1280, 900), "telefoon": (390, 844)}


@pytest.fixture
def mapped(city: City) -> City:
    """The test city with map shapes, so the small maps draw its buurten."""
    for area in Area.objects.all():
        area.map_geojson = map_geojson_of(shapely.from_wkb(bytes(area.geometry_wkb)))
        area.save(update_fields=["map_geojson"])
    return city


def team_routing(city: City) -> None:
    """Waste in the Westbuurt goes to Wijkbeheer Noord; the rest to the coordinator."""
    create_rule_set(
        city.corporation,
        {
            "office_hours": {"start": "08:30", "end": "17:00"},
            "rules": [
                {
                    "name": "Afval in de Westbuurt: Wijkbeheer Noord",
                    "when": {"categories": ["vervuiling"], "areas": [BUURT_1]},
                    "assign": {"role": "wijkbeheerder", "team": "wijkbeheer-noord"},
                },
                {"name": "Al het andere", "assign": {"role": "coordinator"}},
            ],
        },
        actor=None,
        note="Afval naar het team",
    )


def context_for(browser: Any, base: str, user: User, width: str = "desktop", **options: Any) -> Any:
    """A browser context logged in as ``user`` (the session made by the test client)."""
    client = Client()
    client.force_login(user)
    viewport = WIDTHS[width]
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}, locale="nl-NL", **options
    )
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    return context


def check(page: Any, name: str, axe: Axe) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"
    results = axe.run(page)
    assert results.violations_count == 0, f"{name}:\n{results.generate_report()}"


def wait_for_map(page: Any) -> None:
    page.wait_for_selector("#case-map[data-state=ready]", timeout=30_000)


def content(city: City, take_in: Any) -> dict[str, Any]:
    """A melding with a history, a round and a second routing version: every part of every page shows."""
    melding = take_in(address="Maasstraat 1")
    transition(melding, "acknowledge", actor=city["wijkbeheerder"])
    take_in(address="Maasstraat 1")
    round, _made = submit_round(
        city.resident_team,
        walked_on=date.today(),
        route="Maasstraat en Kade",
        findings=[
            NewMelding("vervuiling", "grofvuil", "Bank op de stoep", Location(area_code=BUURT_1), "round")
        ],
        actor=city["bewoner"],
        organisation=city.corporation,
    )
    team_routing(city)
    return {"melding": melding, "round": round}


@pytest.mark.django_db(transaction=True)
def test_every_meldingen_page_reads_well_at_both_widths_and_passes_axe(
    live_server: Any, browser: Any, mapped: City, take_in: Any
) -> None:
    made = content(mapped, take_in)
    reference, slug = made["melding"].reference, mapped.corporation.slug
    pages: dict[str, list[tuple[str, str]]] = {
        "coordinator": [
            ("werklijst", "/meldingen/?lijst=organisatie"),
            ("melding", f"/meldingen/{reference}/"),
            ("opnemen", "/meldingen/nieuw/"),
            ("rondes", "/meldingen/rondes/"),
            ("ronde", f"/meldingen/rondes/{made['round'].pk}/"),
            ("routering", f"/meldingen/beheer/routering/?melding={reference}"),
            (
                "routeringsversie",
                f"/meldingen/beheer/routering/{slug}/versie/2/?test-kind=vervuiling%2Fzwerfafval"
                f"&test-channel=phone&test-buurt={BUURT_1}",
            ),
            ("nieuwe versie", f"/meldingen/beheer/routering/{slug}/nieuw/"),
            ("categorieën", "/meldingen/beheer/categorieen/"),
            ("servicenormen", "/meldingen/beheer/servicenormen/"),
        ],
        "beheerder": [("kalender", "/meldingen/beheer/kalender/")],
        "bewoner": [("ronde doorgeven", "/meldingen/rondes/nieuw/")],
    }
    axe = Axe()
    for width in WIDTHS:
        for username, paths in pages.items():
            context = context_for(browser, live_server.url, mapped[username], width)
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
            for name, path in paths:
                response = page.goto(live_server.url + path)
                assert response.status == 200, f"{name} at {width}"
                if page.locator("#case-map").count():
                    wait_for_map(page)
                check(page, f"{name} at {width}", axe)
            if username == "coordinator":
                # The duplicate check (step 2 of intake) and a form with errors, focused and described.
                page.goto(live_server.url + "/meldingen/nieuw/")
                page.get_by_role("button", name="Verder: controleren op dubbele meldingen").click()
                page.wait_for_selector(".error-summary")
                focused = page.evaluate("document.activeElement.className")
                assert "error-summary" in focused
                check(page, f"intake met fouten at {width}", axe)
                fill_intake(page, "Maasstraat 1", "Nog meer afval")
                page.wait_for_selector("text=Stap 2 van 2")
                check(page, f"controle at {width}", axe)
            assert errors == [], f"{username} at {width}: {errors}"
            context.close()


def fill_intake(page: Any, address: str, description: str) -> None:
    page.locator("#id_reporter_name").fill("Els Smeets")
    page.get_by_label("Telefoonnummer").fill("06-87654321")
    page.get_by_label("Soort melding").select_option("vervuiling/zwerfafval")
    page.get_by_label("Wat is er aan de hand?").fill(description)
    page.locator("#id_address").fill(address)
    page.locator("#id_buurt").select_option(BUURT_1)
    page.get_by_role("button", name="Verder: controleren op dubbele meldingen").click()


@pytest.mark.django_db(transaction=True)
def test_acceptance_walk_from_intake_with_a_duplicate_warning_to_routing_feedback_and_closing(
    live_server: Any, browser: Any, mapped: City, take_in: Any
) -> None:
    team_routing(mapped)
    earlier = take_in(address="Maasstraat 1", actor=mapped["coordinator"])
    assert earlier.responsible_team == mapped.noord
    base = live_server.url

    # Intake by the ondersteuner on the phone: the duplicate check warns, and the first report is linked.
    desk = context_for(browser, base, mapped["ondersteuner"]).new_page()
    desk.goto(base + "/meldingen/nieuw/")
    fill_intake(desk, "maasstraat 1", "Weer afval naast de container.")
    warning = desk.locator(".duplicate-warning")
    assert "1 open melding op of bij deze plek" in warning.inner_text()
    assert earlier.reference in warning.inner_text() and "zelfde adres" in warning.inner_text()
    desk.get_by_label(f"Koppelen aan {earlier.reference}", exact=False).check()
    desk.get_by_role("button", name="Opslaan", exact=True).click()
    desk.wait_for_selector("text=gekoppeld aan")
    linked = Melding.objects.exclude(pk=earlier.pk).get()
    assert linked.duplicate_of == earlier and not linked.is_open

    # A second call is about something else at the same address: warned again, saved as a new melding.
    desk.goto(base + "/meldingen/nieuw/")
    fill_intake(desk, "Maasstraat 1", "Een kapotte container; het deksel is eraf.")
    # Counted once the checked form is back: the click only starts its submission (a busy machine lost it).
    warning.wait_for()
    assert warning.count() == 1
    desk.get_by_label("Opslaan als nieuwe melding").check()
    desk.get_by_role("button", name="Opslaan", exact=True).click()
    desk.wait_for_selector("text=is opgenomen.")
    new = Melding.objects.order_by("-pk").first()
    assert new is not None and new.pk not in (earlier.pk, linked.pk)
    assert desk.url.endswith(f"/meldingen/{new.reference}/")

    # Routing: the new melding is on Wijkbeheer Noord's work list.
    handler = context_for(browser, base, mapped["wijkbeheerder"]).new_page()
    handler.goto(base + "/meldingen/?lijst=team")
    item = handler.locator(f'[data-reference="{new.reference}"]')
    assert item.count() == 1 and "ontvangstbevestiging uiterlijk" in item.inner_text()
    item.get_by_role("link", name=new.reference).click()
    handler.wait_for_url(f"**/meldingen/{new.reference}/")
    assert "Afval in de Westbuurt: Wijkbeheer Noord" in handler.locator("main").inner_text()

    # Acknowledgement.
    handler.get_by_text("Ontvangst bevestigen", exact=True).first.click()
    handler.locator("#stap-acknowledge").get_by_role("button", name="Ontvangst bevestigen").click()
    handler.wait_for_selector("text=Gedaan: Ontvangst bevestigen.")
    assert "In behandeling" in handler.locator(".melding-status").inner_text()
    assert (
        "ontvangstbevestiging gegeven op"
        in handler.locator("#termijnen + .clocks, .clocks").first.inner_text()
    )

    # Feedback: without its text it is refused, with the error linked to the field and focused.
    feedback = handler.locator("#stap-give_feedback")
    feedback.locator("summary").click()
    feedback.get_by_role("button", name="Terugkoppelen aan de melder").click()
    handler.wait_for_selector("#stap-give_feedback .error-summary")
    field = handler.locator("#id_stap-give_feedback-veld_feedback")
    assert field.get_attribute("aria-invalid") == "true"
    assert "id_stap-give_feedback-veld_feedback_error" in (field.get_attribute("aria-describedby") or "")
    field.fill("De container wordt morgen vervangen.")
    handler.locator("#stap-give_feedback").get_by_role("button", name="Terugkoppelen aan de melder").click()
    handler.wait_for_selector("text=Gedaan: Terugkoppelen aan de melder.")

    # Closing, with its reason.
    close = handler.locator("#stap-close")
    close.locator("summary").click()
    close.get_by_label("Reden").fill("Container vervangen.")
    close.get_by_role("button", name="Afhandelen").click()
    handler.wait_for_selector("text=Gedaan: Afhandelen.")
    done = Melding.objects.get(pk=new.pk)
    assert (done.status, done.is_open) == ("afgehandeld", False)
    timeline = handler.locator(".timeline").inner_text()
    assert "De container wordt morgen vervangen." in timeline and "Container vervangen." in timeline
    handler.goto(base + "/meldingen/?lijst=team")
    assert handler.locator(f'[data-reference="{new.reference}"]').count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_resident_team_submits_a_round_on_a_phone(live_server: Any, browser: Any, mapped: City) -> None:
    point = to_wgs84(*IN_BUURT_2)
    assert point is not None
    context = context_for(
        browser,
        live_server.url,
        mapped["bewoner"],
        "telefoon",
        geolocation={"latitude": point.latitude, "longitude": point.longitude, "accuracy": 12},
        permissions=["geolocation"],
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + "/meldingen/rondes/nieuw/")
    page.get_by_label("Route").fill("Maasstraat, Kade")
    page.get_by_label("Melden aan").select_option(label="Woonstichting Test")
    first = page.locator("#bevinding-0")
    first.get_by_label("Soort").select_option("vervuiling/grofvuil")
    first.get_by_label("Korte omschrijving").fill("Bank op de stoep")
    first.locator("#id_bevinding-0-address").fill("Maasstraat 4")
    first.get_by_label("Buurt").select_option(BUURT_1)
    page.get_by_role("button", name="Nog een bevinding toevoegen").click()
    second = page.locator("#bevinding-1")
    second.wait_for()
    assert page.evaluate("document.activeElement.id") == "id_bevinding-1-kind"
    assert first.locator("#id_bevinding-0-address").input_value() == "Maasstraat 4"
    second.get_by_label("Soort").select_option("veiligheid/verlichting")
    second.get_by_label("Korte omschrijving").fill("Lantaarn kapot")
    second.get_by_role("button", name="Gebruik mijn locatie").click()
    page.wait_for_selector("#bevinding-1-location-status:has-text('Uw locatie wordt gebruikt')")
    check(page, "ronde doorgeven op een telefoon", Axe())
    page.get_by_role("button", name="Ronde doorgeven").click()
    page.wait_for_selector("text=De ronde is opgeslagen: 2 bevinding(en) doorgegeven aan Woonstichting Test.")
    round = ResidentTeamRound.objects.get()
    made = list(Melding.objects.filter(round=round).order_by("id"))
    assert [m.buurt_code for m in made] == [BUURT_1, BUURT_2]
    assert made[1].x is not None and abs(made[1].x - IN_BUURT_2[0]) < 5
    for melding in made:
        assert page.get_by_role("link", name=melding.reference).count() == 1
    check(page, "bevestiging op een telefoon", Axe())
    assert errors == []
    context.close()


@pytest.mark.django_db(transaction=True)
def test_without_a_location_the_typed_address_is_where_focus_goes(
    live_server: Any, browser: Any, mapped: City
) -> None:
    context = context_for(browser, live_server.url, mapped["bewoner"], "telefoon")  # no permission given
    page = context.new_page()
    page.goto(live_server.url + "/meldingen/rondes/nieuw/")
    page.get_by_role("button", name="Gebruik mijn locatie").click()
    page.wait_for_selector("#bevinding-0-location-status:has-text('niet beschikbaar')")
    assert page.evaluate("document.activeElement.id") == "id_bevinding-0-address"
    context.close()
