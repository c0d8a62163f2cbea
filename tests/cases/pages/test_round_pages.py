# SPDX-License-Identifier: EUPL-1.2
"""A resident team's round: several findings in one batch, all or nothing, seen by the team only."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from veerkracht.cases.models import Melding, ResidentTeamRound
from veerkracht.cases.queries.places import to_wgs84
from veerkracht.cases.services.intake import NewMelding
from veerkracht.cases.services.location import Location
from veerkracht.cases.services.rounds import submit_round
from veerkracht.core.models import TeamKind
from veerkracht.core.services import create_person, create_team, grant_role

from ..conftest import BUURT_1, BUURT_2, IN_BUURT_2, City


def round_form(city: City, findings: list[dict[str, str]], **changes: str) -> dict[str, str]:
    data = {
        "team": str(city.resident_team.pk),
        "walked_on": timezone.localdate().isoformat(),
        "route": "Maasstraat, Kade en het pleintje",
        "organisation": str(city.corporation.pk),
        "notes": "",
        "bevinding-TOTAL_FORMS": str(len(findings)),
        "bevinding-INITIAL_FORMS": "0",
        "bevinding-MIN_NUM_FORMS": "0",
        "bevinding-MAX_NUM_FORMS": "50",
        **changes,
    }
    for index, finding in enumerate(findings):
        for key, value in finding.items():
            data[f"bevinding-{index}-{key}"] = value
    return data


WASTE = {
    "kind": "vervuiling/grofvuil",
    "description": "Bank op de stoep",
    "address": "Maasstraat 4",
    "buurt": BUURT_1,
}
LIGHT = {
    "kind": "veiligheid/verlichting",
    "description": "Lantaarn kapot",
    "address": "Kade 2",
    "buurt": BUURT_2,
}


def test_a_round_with_two_findings_becomes_two_meldingen_and_a_clear_confirmation(
    city: City, client_of: Any
) -> None:
    client = client_of("bewoner")
    point = to_wgs84(*IN_BUURT_2)
    assert point is not None
    located = {
        **LIGHT,
        "buurt": "",
        "address": "",
        "longitude": str(point.longitude),
        "latitude": str(point.latitude),
    }
    response = client.post("/meldingen/rondes/nieuw/", round_form(city, [WASTE, located]))
    round = ResidentTeamRound.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/meldingen/rondes/{round.pk}/"
    made = list(Melding.objects.filter(round=round).order_by("id"))
    assert [(m.channel, m.category, m.buurt_code) for m in made] == [
        ("round", "vervuiling", BUURT_1),
        ("round", "veiligheid", BUURT_2),
    ]
    assert all(m.organisation == city.corporation for m in made)
    page = client.get(response["Location"]).content.decode()
    assert "De ronde is opgeslagen: 2 bevinding(en) doorgegeven aan Woonstichting Test." in page
    assert made[0].reference in page and made[1].reference in page


def test_one_incomplete_finding_saves_nothing_and_says_which(city: City, client_of: Any) -> None:
    broken = {**LIGHT, "buurt": "", "address": "Ergens"}
    page = (
        client_of("bewoner")
        .post("/meldingen/rondes/nieuw/", round_form(city, [WASTE, broken]))
        .content.decode()
    )
    assert "Geef een punt op de kaart, een complex of een buurt" in page
    assert 'id="id_bevinding-1-buurt_error"' in page
    assert 'value="Bank op de stoep"' in page or "Bank op de stoep" in page  # what was typed stays
    assert ResidentTeamRound.objects.count() == 0 and Melding.objects.count() == 0


def test_a_round_needs_a_route_a_past_day_and_at_least_one_finding(city: City, client_of: Any) -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    page = (
        client_of("bewoner")
        .post("/meldingen/rondes/nieuw/", round_form(city, [], route="", walked_on=tomorrow))
        .content.decode()
    )
    assert "Beschrijf de route" in page
    assert "Voeg ten minste één bevinding toe." in page
    future = client_of("bewoner").post(
        "/meldingen/rondes/nieuw/", round_form(city, [WASTE], walked_on=tomorrow)
    )
    assert "ligt in de toekomst" in future.content.decode()
    assert ResidentTeamRound.objects.count() == 0


def test_one_more_finding_adds_a_form_without_errors_and_keeps_what_was_typed(
    city: City, client_of: Any
) -> None:
    data = round_form(city, [WASTE], route="")
    data["meer"] = "1"
    page = client_of("bewoner").post("/meldingen/rondes/nieuw/", data).content.decode()
    assert "Bevinding 2" in page and "Bank op de stoep" in page
    assert "error-summary" not in page
    assert 'name="bevinding-1-kind"' in page and "autofocus" in page


def test_a_resident_sees_their_teams_rounds_and_only_the_findings_they_submitted(
    city: City, client_of: Any
) -> None:
    finding = NewMelding("vervuiling", "zwerfafval", "Papier", Location(area_code=BUURT_1), "round")
    round, made = submit_round(
        city.resident_team,
        walked_on=date.today(),
        route="Kade",
        findings=[finding],
        actor=city["buurman"],
        organisation=city.corporation,
    )
    client = client_of("bewoner")
    assert f"/meldingen/rondes/{round.pk}/" in client.get("/meldingen/rondes/").content.decode()
    page = client.get(f"/meldingen/rondes/{round.pk}/").content.decode()
    assert "1 bevinding" in page and made[0].reference not in page
    assert client.get(f"/meldingen/{made[0].reference}/").status_code == 404
    assert made[0].reference in client_of("buurman").get(f"/meldingen/rondes/{round.pk}/").content.decode()


def test_another_teams_round_answers_like_a_missing_one(city: City, client_of: Any) -> None:
    other_team = create_team(city.residents, "Bewonersteam Oost", kind=TeamKind.RESIDENT)
    walker = create_person("oost", None)
    grant_role(walker, city.residents, "bewonerskracht", team=other_team)
    round, _made = submit_round(
        other_team,
        walked_on=date.today(),
        route="Oost",
        findings=[NewMelding("vervuiling", "zwerfafval", "Papier", Location(area_code=BUURT_2), "round")],
        actor=walker,
        organisation=city.corporation,
    )
    client = client_of("bewoner")
    hidden = client.get(f"/meldingen/rondes/{round.pk}/")
    missing = client.get("/meldingen/rondes/987654/")
    assert hidden.status_code == missing.status_code == 404
    assert f"/meldingen/rondes/{round.pk}/" not in client.get("/meldingen/rondes/").content.decode()
    # Staff of the organisation the round reported to read it.
    assert client_of("wijkbeheerder").get(f"/meldingen/rondes/{round.pk}/").status_code == 200


def test_rounds_need_the_report_permission(city: City, client_of: Any) -> None:
    assert client_of("analist").get("/meldingen/rondes/").status_code == 403
    assert client_of("analist").get("/meldingen/rondes/nieuw/").status_code == 403
    assert client_of("bewoner").get("/meldingen/rondes/nieuw/").status_code == 200
