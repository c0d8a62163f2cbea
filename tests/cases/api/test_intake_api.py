# SPDX-License-Identifier: EUPL-1.2
"""Intake through the REST API: one melding, a batch (all or nothing), retries with idempotency keys."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from django.test import Client

from veerkracht.cases.models import Melding, ReporterContact
from veerkracht.cases.services.api_keys import NewKey, create_api_key, revoke_api_key

from ..conftest import BUURT_1, IN_BUURT_1, City
from .conftest import KeyClient, as_person, melding_body

URL = "/api/v1/meldingen/"
BATCH = "/api/v1/meldingen/batch/"


def post(client: Any, url: str, body: Any, key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(url, json.dumps(body), content_type="application/json", headers=headers)


def test_a_system_submits_a_melding_and_gets_its_reference_and_promises(
    city: City, system: KeyClient, system_key: NewKey
) -> None:
    response = post(system, URL, melding_body())
    assert response.status_code == 201, response.content
    receipt = response.json()
    melding = Melding.objects.get()
    assert receipt["reference"] == melding.reference
    assert receipt["url"] == f"/api/v1/meldingen/{melding.reference}/"
    assert receipt["organisation"] == "woonstichting-test" and receipt["status"] == "gemeld"
    assert {c["kind"] for c in receipt["clocks"]} == {"acknowledgement", "feedback"}
    assert "reporter" not in receipt and "Jan" not in response.content.decode()
    assert melding.channel == "api" and melding.external_reference == "KS-1"
    assert melding.submitted_by == system_key.key.user and melding.received_by == city.corporation
    assert ReporterContact.objects.get(melding=melding).email == "jan@example.nl"


def test_a_retry_with_the_same_key_and_body_gets_the_first_answer_and_makes_nothing_new(
    system: KeyClient,
) -> None:
    first = post(system, URL, melding_body(), key="8b1f0e3c-retry")
    again = post(system, URL, melding_body(), key="8b1f0e3c-retry")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert Melding.objects.count() == 1


def test_the_same_key_with_another_body_is_refused_in_dutch(system: KeyClient) -> None:
    post(system, URL, melding_body(), key="sleutel-1")
    response = post(system, URL, melding_body(description="Iets heel anders."), key="sleutel-1")
    assert response.status_code == 409
    assert "al gebruikt voor een andere aanvraag" in response.json()["detail"]
    assert Melding.objects.count() == 1


def test_keys_are_per_client_so_two_systems_may_choose_the_same_key(city: City, system: KeyClient) -> None:
    other = KeyClient(create_api_key(city.corporation, "Tweede systeem", role="partner").secret)
    assert post(system, URL, melding_body(), key="gedeeld").status_code == 201
    assert post(other, URL, melding_body(), key="gedeeld").status_code == 201
    assert Melding.objects.count() == 2


def test_a_refused_submission_is_not_kept_so_the_corrected_one_may_use_the_same_key(
    system: KeyClient,
) -> None:
    wrong = post(system, URL, melding_body(category="bestaat_niet"), key="k-1")
    assert wrong.status_code == 400
    right = post(system, URL, melding_body(), key="k-1")
    assert right.status_code == 201 and Melding.objects.count() == 1


def test_after_the_stored_answer_expired_the_key_still_finds_the_melding_it_made(
    system: KeyClient, settings: Any
) -> None:
    settings.VEERKRACHT_IDEMPOTENCY_HOURS = 0
    first = post(system, URL, melding_body(), key="lang-geleden")
    again = post(system, URL, melding_body(), key="lang-geleden")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["reference"] == first.json()["reference"] and Melding.objects.count() == 1


@pytest.mark.parametrize(
    ("key", "message"),
    [("", "de sleutel is leeg"), ("x" * 81, "ten hoogste 80 tekens"), ("met spatie", "zonder spaties")],
)
def test_a_malformed_key_is_named(system: KeyClient, key: str, message: str) -> None:
    response = post(system, URL, melding_body(), key=key)
    assert response.status_code == 400
    assert message in response.json()["Idempotency-Key"][0]
    assert not Melding.objects.exists()


def test_errors_name_each_field_in_dutch_and_store_nothing(system: KeyClient) -> None:
    body = melding_body(
        category="vervuiling",
        subcategory="graffiti",
        description="   ",
        location={"x": 5.0, "y": 5.0},
        reporter={"kind": "tenant", "email": "geen-adres"},
    )
    problems = post(system, URL, body).json()
    assert "hoort niet bij 'vervuiling'" in problems["subcategory"][0]
    assert problems["description"] == ["beschrijf wat er aan de hand is"]
    assert "ligt niet in Nederland" in problems["location.x"][0]
    assert problems["reporter.email"] == ["'geen-adres' is geen e-mailadres"]
    history = post(system, URL, melding_body(received_at="1999-12-31T12:00:00+01:00")).json()
    assert history["received_at"] == ["verwacht een tijdstip na 1 januari 2000"]
    missing = post(system, URL, {"location": {"latitude": 50.8}}).json()
    assert missing["category"] == ["Dit veld is vereist."]
    assert "longitude" in missing["location.longitude"][0]
    assert not Melding.objects.exists()


def test_a_phone_sends_its_gps_position_in_wgs84(system: KeyClient) -> None:
    from veerkracht.geo.crs import rd_to_wgs84

    longitude, latitude = rd_to_wgs84().transform(*IN_BUURT_1)
    body = melding_body(location={"latitude": latitude, "longitude": longitude, "address": "Maasstraat 1"})
    assert post(system, URL, body).status_code == 201
    melding = Melding.objects.get()
    assert melding.buurt_code == BUURT_1 and abs(melding.x - IN_BUURT_1[0]) < 0.01


def test_a_photo_comes_as_base64_and_its_type_is_read_from_its_content(system: KeyClient) -> None:
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64).decode()
    script = base64.b64encode(b"#!/bin/sh\nrm -rf /\n").decode()
    refused = post(system, URL, melding_body(attachments=[{"name": "foto.jpg", "content": script}]))
    assert refused.status_code == 400 and "attachments[0]" in refused.json()
    taken = post(system, URL, melding_body(attachments=[{"name": "foto.png", "content": png}]))
    assert taken.status_code == 201
    assert Melding.objects.get().attachments.get().content_type == "image/png"


def test_a_batch_is_taken_in_whole(system: KeyClient) -> None:
    body = {"meldingen": [melding_body(), melding_body(subcategory="grofvuil"), melding_body()]}
    response = post(system, BATCH, body)
    assert response.status_code == 201
    assert response.json()["count"] == 3 and Melding.objects.count() == 3
    references = [item["reference"] for item in response.json()["meldingen"]]
    assert sorted(references) == sorted(m.reference for m in Melding.objects.all())


def test_one_wrong_melding_stores_none_of_the_batch_and_is_named_by_its_place(system: KeyClient) -> None:
    body = {
        "meldingen": [
            melding_body(),
            melding_body(category="afval"),
            melding_body(location={"x": "oost"}),
        ]
    }
    response = post(system, BATCH, body)
    assert response.status_code == 400
    problems = response.json()
    assert "categorie 'afval' bestaat niet" in problems["meldingen[1].category"][0]
    assert problems["meldingen[2].location.x"] == ["Een geldig nummer is vereist."]
    assert not Melding.objects.exists()
    later = post(system, BATCH, {"meldingen": [melding_body(), melding_body(category="afval")]})
    assert list(later.json()) == ["meldingen[1].category"] and not Melding.objects.exists()


def test_a_retried_batch_makes_its_meldingen_once(system: KeyClient) -> None:
    body = {"meldingen": [melding_body(), melding_body()]}
    first = post(system, BATCH, body, key="ronde-12")
    again = post(system, BATCH, body, key="ronde-12")
    assert first.status_code == again.status_code == 201 and again.json() == first.json()
    assert Melding.objects.count() == 2
    assert post(system, BATCH, {"meldingen": [melding_body()]}, key="ronde-12").status_code == 409


def test_an_empty_or_oversized_batch_is_refused(system: KeyClient) -> None:
    assert "meldingen" in post(system, BATCH, {"meldingen": []}).json()
    assert post(system, BATCH, {"meldingen": [melding_body()] * 1001}).status_code == 400


def test_a_person_submits_through_the_session_and_names_the_organisation_when_they_have_several(
    city: City,
) -> None:
    from veerkracht.core.services import grant_role

    bewoner = as_person(city["bewoner"])
    response = post(bewoner, URL, melding_body(organisation="woonstichting-test"))
    assert response.status_code == 201
    melding = Melding.objects.get()
    assert melding.received_by == city.corporation and melding.submitted_by == city["bewoner"]
    grant_role(city["bewoner"], city.gemeente, "partner")
    unclear = post(as_person(city["bewoner"]), URL, melding_body())
    assert unclear.status_code == 400
    assert "kies er een" in unclear.json()["organisation"][0]
    unknown = post(bewoner, URL, melding_body(organisation="bestaat-niet"))
    assert unknown.json() == {"organisation": ["organisatie 'bestaat-niet' bestaat niet"]}


def test_who_may_not_report_is_refused(city: City) -> None:
    assert post(as_person(city["analist"]), URL, melding_body()).status_code == 403
    assert post(Client(), URL, melding_body()).status_code == 403
    assert post(KeyClient("vk_00000000_onzin"), URL, melding_body()).status_code == 403
    assert not Melding.objects.exists()


def test_a_revoked_key_stops_working_at_once(system: KeyClient, system_key: NewKey) -> None:
    assert post(system, URL, melding_body()).status_code == 201
    revoke_api_key(system_key.key.prefix)
    refused = post(system, URL, melding_body())
    assert refused.status_code == 403 and "ongeldig of ingetrokken" in refused.json()["detail"]


def test_a_submission_takes_no_query_parameters(system: KeyClient) -> None:
    response = post(system, URL + "?scope=mine", melding_body())
    assert response.status_code == 400 and "Onbekende parameter" in response.json()["scope"][0]
