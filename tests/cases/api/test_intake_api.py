# SPDX-License-Identifier: EUPL-1.2
"""Intake through the REST API: one melding, a batch (all or nothing), retries with idempotency keys."""

from __future__ import annotations

import json
from typing import Any

import pytest

from veerkracht.cases.models import Melding, ReporterContact
from veerkracht.cases.services.api_keys import NewKey

from ..conftest import City
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
