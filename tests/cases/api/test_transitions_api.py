# SPDX-License-Identifier: EUPL-1.2
"""Steps of the workflow through the API: taken by who may handle the melding, retry-safe with a key."""

from __future__ import annotations

import json
from typing import Any

from veerkracht.cases.models import Melding, StatusChange
from veerkracht.cases.services.api_keys import create_api_key

from ..conftest import City
from .conftest import KeyClient, as_person


def step(client: Any, melding: Melding, body: dict[str, Any], key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(
        f"/api/v1/meldingen/{melding.reference}/transitions/",
        json.dumps(body),
        content_type="application/json",
        headers=headers,
    )


def test_a_partner_system_acknowledges_and_gives_feedback(
    city: City, take_in: Any, system: KeyClient
) -> None:
    melding = take_in()
    acknowledged = step(system, melding, {"transition": "acknowledge"})
    assert acknowledged.status_code == 201
    assert acknowledged.json()["to_status"] == "in_behandeling"
    assert acknowledged.json()["status_label"] == "In behandeling" and acknowledged.json()["is_open"]
    feedback = step(
        system, melding, {"transition": "give_feedback", "fields": {"feedback": "Het afval is opgehaald."}}
    )
    assert feedback.status_code == 201 and feedback.json()["to_status"] == "teruggekoppeld"
    changes = StatusChange.objects.filter(melding=melding).order_by("at", "id")
    assert [c.transition for c in changes] == ["receive", "acknowledge", "give_feedback"]
    assert changes.last().fields == {"feedback": "Het afval is opgehaald."}  # type: ignore[union-attr]


def test_a_retried_step_gets_the_first_answer_instead_of_an_error(take_in: Any, system: KeyClient) -> None:
    melding = take_in()
    first = step(system, melding, {"transition": "acknowledge"}, key="stap-1")
    again = step(system, melding, {"transition": "acknowledge"}, key="stap-1")
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert StatusChange.objects.filter(melding=melding, transition="acknowledge").count() == 1
    without_key = step(system, melding, {"transition": "acknowledge"})
    assert without_key.status_code == 400
    assert "transition" in without_key.json()


def test_a_step_names_what_it_lacks_in_dutch(take_in: Any, system: KeyClient) -> None:
    melding = take_in()
    no_reason = step(system, melding, {"transition": "close"})
    assert no_reason.json() == {"transition": ["'Afhandelen' vraagt een reden"]}
    no_feedback = step(system, melding, {"transition": "give_feedback"}).json()
    assert no_feedback == {
        "transition": ["'Terugkoppelen aan de melder' vraagt 'Terugkoppeling aan de melder'"]
    }
    unknown = step(system, melding, {"transition": "vliegen"}).json()
    assert "bestaat niet" in unknown["transition"][0]
    assert step(system, melding, {}).json() == {"transition": ["Dit veld is vereist."]}
    closed = step(system, melding, {"transition": "close", "reason": "Opgeruimd."})
    assert closed.status_code == 201 and closed.json()["is_open"] is False


def test_who_may_not_handle_the_melding_is_refused_and_who_may_not_read_it_finds_nothing(
    city: City, take_in: Any
) -> None:
    melding = take_in()
    assert step(as_person(city["ondersteuner"]), melding, {"transition": "acknowledge"}).status_code == 403
    other = step(as_person(city["anders"]), melding, {"transition": "acknowledge"})
    missing = as_person(city["anders"]).post(
        "/api/v1/meldingen/M-2026-999999/transitions/", "{}", content_type="application/json"
    )
    assert other.status_code == missing.status_code == 404 and other.content == missing.content
    reporter_only = KeyClient(create_api_key(city.corporation, "App", role="partner").secret)
    assert step(reporter_only, melding, {"transition": "acknowledge"}).status_code == 403
    assert Melding.objects.get(pk=melding.pk).status == "gemeld"
