# SPDX-License-Identifier: EUPL-1.2
"""The administrator's pages: routing as versions with a test, the rule files read-only, the calendar."""

from __future__ import annotations

from datetime import date
from typing import Any

import time_machine

from veerkracht.cases.models import Melding, RoutingRuleSet
from veerkracht.cases.services.routing import seed_rule_set
from veerkracht.core.models import ClosingDay, OrganisationCalendar

from ..conftest import BUURT_1, City, moment

TEAM_RULE = {
    "name": "Afval in de Westbuurt: Wijkbeheer Noord",
    "categories": ["vervuiling"],
    "areas": BUURT_1,
    "role": "wijkbeheerder",
    "team": "wijkbeheer-noord",
    "ORDER": "1",
}
CATCH_ALL = {"name": "Al het andere", "role": "coordinator", "ORDER": "2"}


def rules_form(rules: list[dict[str, Any]], **changes: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "office_hours_start": "08:30",
        "office_hours_end": "17:00",
        "note": "Afval naar het team",
        "activate": "on",
        "actie": "opslaan",
        "regel-TOTAL_FORMS": str(len(rules)),
        "regel-INITIAL_FORMS": "0",
        "regel-MIN_NUM_FORMS": "0",
        "regel-MAX_NUM_FORMS": "100",
        **changes,
    }
    for index, rule in enumerate(rules):
        for key, value in rule.items():
            data[f"regel-{index}-{key}"] = value
    return data


def test_routing_pages_need_the_permission_in_that_organisation(city: City, client_of: Any) -> None:
    slug = city.corporation.slug
    seed_rule_set(city.corporation)
    assert client_of("wijkbeheerder").get("/meldingen/beheer/routering/").status_code == 403
    assert client_of("coordinator").get("/meldingen/beheer/routering/").status_code == 200
    hidden = client_of("anders").get(f"/meldingen/beheer/routering/{slug}/versie/1/")
    missing = client_of("anders").get("/meldingen/beheer/routering/bestaat-niet/versie/1/")
    assert hidden.status_code == missing.status_code == 404


def test_a_new_version_is_tested_on_a_sample_then_saved_activated_and_routes_new_meldingen(
    city: City, take_in: Any, client_of: Any
) -> None:
    seed_rule_set(city.corporation)
    client = client_of("coordinator")
    slug = city.corporation.slug
    start = client.get(f"/meldingen/beheer/routering/{slug}/nieuw/").content.decode()
    assert "Op basis van versie 1." in start and "Fysieke woonomgeving: wijkbeheerder" in start
    tested = client.post(
        f"/meldingen/beheer/routering/{slug}/nieuw/",
        rules_form(
            [TEAM_RULE, CATCH_ALL],
            actie="testen",
            **{"test-kind": "vervuiling/zwerfafval", "test-channel": "phone", "test-buurt": BUURT_1},
        ),
    ).content.decode()
    assert "Deze regel routeert de melding" in tested and TEAM_RULE["name"] in tested
    assert RoutingRuleSet.objects.filter(organisation=city.corporation).count() == 1  # a test saves nothing
    saved = client.post(f"/meldingen/beheer/routering/{slug}/nieuw/", rules_form([TEAM_RULE, CATCH_ALL]))
    assert saved.status_code == 302 and saved["Location"] == f"/meldingen/beheer/routering/{slug}/versie/2/"
    version = RoutingRuleSet.objects.get(organisation=city.corporation, active=True)
    assert version.version == 2
    melding = take_in()
    assert melding.responsible_team == city.noord
    page = client.get(f"/meldingen/{melding.reference}/").content.decode()
    assert "regel 1 „Afval in de Westbuurt: Wijkbeheer Noord” van versie 2" in page
    lookup = client.get("/meldingen/beheer/routering/", {"melding": melding.reference}).content.decode()
    assert "is gerouteerd door regel 1" in lookup and "van versie 2" in lookup


def test_a_rule_set_that_does_not_end_with_a_catch_all_is_refused_beside_the_rule(
    city: City, client_of: Any
) -> None:
    seed_rule_set(city.corporation)
    slug = city.corporation.slug
    page = (
        client_of("coordinator")
        .post(
            f"/meldingen/beheer/routering/{slug}/nieuw/",
            rules_form([TEAM_RULE, {**TEAM_RULE, "name": "Nog een", "ORDER": "2"}]),
        )
        .content.decode()
    )
    assert "De laatste regel moet zonder voorwaarden zijn" in page
    assert RoutingRuleSet.objects.filter(organisation=city.corporation).count() == 1


def test_an_older_version_can_be_put_back_in_use(city: City, client_of: Any) -> None:
    seed_rule_set(city.corporation)
    slug = city.corporation.slug
    client = client_of("coordinator")
    client.post(f"/meldingen/beheer/routering/{slug}/nieuw/", rules_form([TEAM_RULE, CATCH_ALL]))
    back = client.post(f"/meldingen/beheer/routering/{slug}/versie/1/in-gebruik/")
    assert back.status_code == 302
    assert RoutingRuleSet.objects.get(organisation=city.corporation, active=True).version == 1
    page = client.get(f"/meldingen/beheer/routering/{slug}/versie/2/").content.decode()
    assert "Deze versie in gebruik nemen" in page


def test_a_stored_version_is_tested_on_a_sample_melding(city: City, client_of: Any) -> None:
    seed_rule_set(city.corporation)
    with time_machine.travel(moment(2026, 3, 21, 22), tick=False):  # a Saturday night
        page = (
            client_of("coordinator")
            .get(
                f"/meldingen/beheer/routering/{city.corporation.slug}/versie/1/",
                {"test-kind": "criminaliteit/drugshandel", "test-channel": "web", "test-buurt": ""},
            )
            .content.decode()
        )
    assert "Deze regel routeert de melding" in page
    assert "Criminaliteit buiten kantoortijd: coördinator" in page
    assert "buiten kantoortijd" in page


def test_categories_and_service_levels_are_shown_with_their_version_and_where_to_change_them(
    city: City, client_of: Any
) -> None:
    client = client_of("beheerder")
    categories = client.get("/meldingen/beheer/categorieen/").content.decode()
    assert "Versie 2026.1." in categories and "cases/rules/categories.yaml" in categories
    assert "VEERKRACHT_CASES_RULES_DIR" in categories
    assert "Drugsoverlast" in categories and "Vertrouwelijk: criminaliteit" in categories
    levels = client.get("/meldingen/beheer/servicenormen/").content.decode()
    assert "binnen 2 werkdagen" in levels and "binnen 10 werkdagen" in levels and "streefwaarde 5" in levels
    assert "Zorgsignaal" in levels and "binnen 1 werkdag" in levels
    assert client_of("wijkbeheerder").get("/meldingen/beheer/categorieen/").status_code == 403
    # Read-only: nothing to post.
    assert client.post("/meldingen/beheer/categorieen/").status_code == 405


def test_the_administrator_keeps_the_calendar_of_their_organisation(city: City, client_of: Any) -> None:
    client = client_of("beheerder")
    page = client.get("/meldingen/beheer/kalender/").content.decode()
    assert "Werkdagenkalender van Woonstichting Test" in page
    client.post(
        "/meldingen/beheer/kalender/",
        {
            "organisatie": city.corporation.slug,
            "actie": "keuzes",
            "keuzes-good_friday": "on",
            "keuzes-liberation_day": "always",
        },
    )
    choices = OrganisationCalendar.objects.get(organisation=city.corporation)
    assert (choices.good_friday, choices.liberation_day) == (True, "always")
    client.post(
        "/meldingen/beheer/kalender/",
        {
            "organisatie": city.corporation.slug,
            "actie": "toevoegen",
            "sluiting-first": "2026-12-28",
            "sluiting-last": "2026-12-31",
            "sluiting-reason": "Kerstsluiting",
        },
    )
    assert ClosingDay.objects.filter(organisation=city.corporation).count() == 4
    client.post(
        "/meldingen/beheer/kalender/",
        {"organisatie": city.corporation.slug, "actie": "verwijderen", "dag": "2026-12-31"},
    )
    assert sorted(ClosingDay.objects.values_list("day", flat=True))[-1] == date(2026, 12, 30)
    wrong = client.post(
        "/meldingen/beheer/kalender/",
        {
            "organisatie": city.corporation.slug,
            "actie": "toevoegen",
            "sluiting-first": "2026-12-28",
            "sluiting-last": "2026-12-20",
            "sluiting-reason": "",
        },
    ).content.decode()
    assert "De laatste dag ligt vóór de eerste." in wrong and "Reden: Dit veld is vereist." in wrong


def test_the_calendar_needs_the_administrators_permission_in_that_organisation(
    city: City, client_of: Any
) -> None:
    assert client_of("coordinator").get("/meldingen/beheer/kalender/").status_code == 403
    other = client_of("beheerder").get("/meldingen/beheer/kalender/", {"organisatie": city.other.slug})
    assert other.status_code == 404
    posted = client_of("beheerder").post(
        "/meldingen/beheer/kalender/",
        {
            "organisatie": city.other.slug,
            "actie": "toevoegen",
            "sluiting-first": "2026-12-28",
            "sluiting-reason": "x",
        },
    )
    assert posted.status_code == 404 and not ClosingDay.objects.exists()
    assert Melding.objects.count() == 0
