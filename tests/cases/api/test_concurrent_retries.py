# SPDX-License-Identifier: EUPL-1.2
"""Copies of one submission that arrive at the same moment make one melding (each its own connection)."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection

from veerkracht.cases.models import IdempotencyRecord, Melding
from veerkracht.cases.services.api_keys import NewKey

from .conftest import KeyClient, melding_body

# PostgreSQL only: there the copies really run side by side. The SQLite test database lives in memory with
# a shared cache, whose table locks fail at once instead of waiting; an installed SQLite (a file in WAL mode,
# every transaction BEGIN IMMEDIATE) runs writers one after the other, so a copy always finds the first.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgresql]
COPIES = 6


def test_simultaneous_copies_with_one_key_make_one_melding_and_get_one_answer(system_key: NewKey) -> None:
    start = threading.Barrier(COPIES)
    body = json.dumps(melding_body())

    def send(_: int) -> tuple[int, Any]:
        try:
            start.wait(timeout=30)
            response = KeyClient(system_key.secret).post(
                "/api/v1/meldingen/",
                body,
                content_type="application/json",
                headers={"Idempotency-Key": "tegelijk-1"},
            )
            return response.status_code, response.json()
        finally:
            connection.close()

    with ThreadPoolExecutor(COPIES) as pool:
        answers = list(pool.map(send, range(COPIES)))
    assert {status for status, _body in answers} == {201}, answers
    assert len({json.dumps(body, sort_keys=True) for _status, body in answers}) == 1
    assert Melding.objects.count() == 1 and IdempotencyRecord.objects.count() == 1
