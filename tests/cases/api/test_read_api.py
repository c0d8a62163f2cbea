# SPDX-License-Identifier: EUPL-1.2
"""Reading through the REST API: a melding as far as the caller may see it, the work list, categories."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from veerkracht.cases.models import Melding
from veerkracht.cases.services.api_keys import create_api_key
from veerkracht.cases.services.intake import Reporter
from veerkracht.core.models import AuditEvent

from ..conftest import City
from .conftest import KeyClient, as_person

LIST = "/api/v1/meldingen/"


def url(melding: Melding) -> str:
    return f"/api/v1/meldingen/{melding.reference}/"


def test_staff_read_a_melding_with_its_clocks_and_the_reporter_only_with_that_permission(
    city: City, take_in: Any
) -> None:
    melding = take_in()
    wijkbeheerder = as_person(city["wijkbeheerder"]).get(url(melding))
    assert wijkbeheerder.status_code == 200
    body = wijkbeheerder.json()
    assert body["reference"] == melding.reference and body["category_label"] == "Vervuiling en afval"
    assert body["location"]["buurt_code"] == melding.buurt_code and body["location"]["latitude"] is not None
    assert body["reporter"] == {
        "name": "Jan Jansen",
        "email": "jan@example.nl",
        "phone": "06-12345678",
        "address": "",
        "wants_updates": True,
    }
    assert [c["kind"] for c in body["clocks"]] == ["acknowledgement", "feedback"]
    assert body["clocks"][0]["text"].startswith("ontvangstbevestiging uiterlijk")
    assert "acknowledge" in [step["transition"] for step in body["allowed_transitions"]]
    ondersteuner = as_person(city["ondersteuner"]).get(url(melding)).json()
    assert ondersteuner["reporter"] is None and ondersteuner["allowed_transitions"] == []
    assert ondersteuner["description"] == melding.description
    read = AuditEvent.objects.filter(action="melding.read", object_id=str(melding.pk))
    assert sorted(e.detail["reporter_contact"] for e in read) == [False, True]


def test_a_refusal_and_a_missing_melding_are_the_same_404(city: City, take_in: Any) -> None:
    melding = take_in()
    other = as_person(city["anders"])
    refused = other.get(url(melding))
    missing = other.get(f"/api/v1/meldingen/M-2026-{melding.pk + 1000:06d}/")
    malformed = other.get("/api/v1/meldingen/onzin/")
    assert refused.status_code == missing.status_code == malformed.status_code == 404
    assert refused.content == missing.content == malformed.content
    assert "bestaat niet, of u mag hem niet zien" in refused.json()["detail"]


@pytest.mark.parametrize(
    ("person", "sees"),
    [("wijkbeheerder", False), ("sociaal", True), ("leefbaarheid", False), ("coordinator", True)],
)
def test_a_care_signal_only_for_who_may_read_care_signals(
    city: City, take_in: Any, person: str, sees: bool
) -> None:
    melding = take_in(
        "zorgsignaal", "vereenzaming", description="Mevrouw komt de deur niet meer uit.", actor=city["balie"]
    )
    response = as_person(city[person]).get(url(melding))
    assert response.status_code == (200 if sees else 404)
    listed = as_person(city[person]).get(LIST).json()["results"]
    assert (melding.reference in [row["reference"] for row in listed]) is sees


def test_a_system_follows_what_it_submitted_without_seeing_the_reporter(city: City, take_in: Any) -> None:
    partner = create_api_key(city.other, "Politie-app", role="partner")
    client = KeyClient(partner.secret)
    own = take_in(actor=partner.key.user, reporter=Reporter(kind="neighbour", name="Piet", email="p@x.nl"))
    someone_else = take_in()
    body = client.get(url(own)).json()
    assert body["reference"] == own.reference and body["reporter"] is None
    assert client.get(url(someone_else)).status_code == 404
    assert client.get(LIST).status_code == 403  # a partner has no work list


def test_the_work_list_comes_in_pages_overdue_first(city: City, take_in: Any) -> None:
    from .. import conftest

    old = take_in(received_at=conftest.moment(2026, 1, 5))
    newer = [take_in() for _ in range(4)]
    client = as_person(city["wijkbeheerder"])
    first = client.get(LIST, {"page_size": 2, "total": "true"}).json()
    assert first["total"] == 5 and len(first["results"]) == 2
    assert first["results"][0]["reference"] == old.reference and first["results"][0]["urgency"] == "overdue"
    second = client.get(LIST, {"page_size": 2, "cursor": first["next_cursor"]}).json()
    third = client.get(LIST, {"page_size": 2, "cursor": second["next_cursor"]}).json()
    seen = [row["reference"] for page in (first, second, third) for row in page["results"]]
    assert sorted(seen) == sorted(m.reference for m in [old, *newer]) and third["next_cursor"] is None
    overdue = client.get(LIST, {"overdue": "true"}).json()["results"]
    assert [row["reference"] for row in overdue] == [old.reference]


def test_the_work_list_refuses_what_it_does_not_know(city: City) -> None:
    client = as_person(city["wijkbeheerder"])
    unknown = client.get(LIST, {"sort": "date"})
    assert unknown.status_code == 400 and "Onbekende parameter" in unknown.json()["sort"][0]
    assert client.get(LIST, {"scope": "everything"}).status_code == 400
    assert client.get(LIST, {"page_size": 500}).status_code == 400
    bad_cursor = client.get(LIST, {"cursor": "!!"})
    assert bad_cursor.status_code == 400 and "bestaat niet (meer)" in bad_cursor.json()["cursor"][0]
    assert client.get(LIST, {"organisation": "bestaat-niet"}).status_code == 400
    twice = client.get(LIST + "?scope=mine&scope=team")
    assert twice.status_code == 400 and twice.json()["scope"] == ["Geef deze parameter één keer."]


def test_the_work_list_filters_on_category_and_area(city: City, take_in: Any) -> None:
    from ..conftest import BUURT_2, IN_BUURT_2

    litter = take_in()
    garden = take_in("tuin", "verwaarloosde_tuin", point=IN_BUURT_2)
    client = as_person(city["wijkbeheerder"])

    def refs(**query: Any) -> list[str]:
        return [row["reference"] for row in client.get(LIST, query).json()["results"]]

    assert refs(category="tuin") == [garden.reference]
    assert refs(area=BUURT_2) == [garden.reference]
    assert sorted(refs(category=["tuin", "vervuiling"])) == sorted([litter.reference, garden.reference])


def test_categories_for_who_may_report(city: City) -> None:
    response = as_person(city["bewoner"]).get("/api/v1/meldingen/categories/")
    assert response.status_code == 200
    categories = {c["code"]: c for c in response.json()["categories"]}
    assert categories["zorgsignaal"]["confidentiality"] == "zorg"
    drugs = next(s for s in categories["overlast"]["subcategories"] if s["code"] == "drugs")
    assert drugs["confidentiality"] == "criminaliteit" and drugs["pillar"] == "sociaal_repressief"
    assert as_person(city["analist"]).get("/api/v1/meldingen/categories/").status_code == 403
    assert Client().get("/api/v1/meldingen/categories/").status_code == 403
    english = as_person(city["bewoner"]).get("/api/v1/meldingen/categories/", HTTP_ACCEPT_LANGUAGE="en")
    assert {c["code"]: c for c in english.json()["categories"]}["tuin"]["label"] == "Gardens and greenery"


def test_numbers_too_large_for_a_database_id_find_nothing_instead_of_failing(city: City) -> None:
    import base64

    client = as_person(city["wijkbeheerder"])
    huge = "M-2026-" + "9" * 30
    assert client.get(f"/api/v1/meldingen/{huge}/").status_code == 404
    cursor = base64.urlsafe_b64encode(f"|{'9' * 30}".encode()).decode().rstrip("=")
    response = client.get(LIST, {"cursor": cursor})
    assert response.status_code == 200 and response.json()["results"] == []
    assert Client().get(f"/open311/v2/requests/{huge}.json").status_code == 404
    assert Client().get("/open311/v2/requests.json", {"service_request_id": huge}).json() == []
    early = Client().get("/open311/v2/requests.json", {"end_date": "0001-01-02T00:00:00Z"})
    assert early.status_code == 400 and early.json()[0]["description"].startswith("start_date:")
