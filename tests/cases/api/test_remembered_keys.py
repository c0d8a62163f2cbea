# SPDX-License-Identifier: EUPL-1.2
"""A server process remembers a checked API key for a few seconds; revoking it there stops it at once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from veerkracht.cases.models import IdempotencyRecord
from veerkracht.cases.services import api_keys, idempotency
from veerkracht.cases.services.api_keys import NewKey, authenticate, revoke_api_key
from veerkracht.core.models import User

from ..conftest import City


@pytest.fixture(autouse=True)
def forget() -> Iterator[None]:
    api_keys.forget_remembered_keys()
    yield
    api_keys.forget_remembered_keys()


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    ticking = FakeClock()
    monkeypatch.setattr(api_keys.time, "monotonic", ticking)
    return ticking


def test_a_remembered_key_is_checked_without_reading_the_database(
    system_key: NewKey, clock: FakeClock
) -> None:
    first = authenticate(system_key.secret)
    assert first is not None
    with CaptureQueriesContext(connection) as queries:
        again = authenticate(system_key.secret)
    assert again is not None and again.pk == first.pk and again.user.pk == first.user.pk
    assert len(queries) == 0
    # Each request gets an account object of its own.
    assert again.user is not first.user


def test_a_revoked_key_is_refused_at_once_in_the_process_that_revoked_it(
    system_key: NewKey, clock: FakeClock
) -> None:
    assert authenticate(system_key.secret) is not None
    revoke_api_key(system_key.key.prefix)
    assert authenticate(system_key.secret) is None


def test_a_key_switched_off_elsewhere_is_refused_once_the_remembered_time_is_over(
    system_key: NewKey, clock: FakeClock
) -> None:
    assert authenticate(system_key.secret) is not None
    # Another server process revoked it: this process does not hear of it ...
    User.objects.filter(pk=system_key.key.user_id).update(is_active=False)
    clock.now += api_keys.REMEMBER_KEY.total_seconds() - 0.5
    assert authenticate(system_key.secret) is not None
    # ... until the remembered time is over.
    clock.now += 1.0
    assert authenticate(system_key.secret) is None


def test_an_expired_answer_is_not_replayed_even_when_the_sweep_is_not_due(city: City, settings: Any) -> None:
    owner = city["wijkbeheerder"]
    calls: list[int] = []

    def work() -> tuple[int, Any]:
        calls.append(1)
        return 201, {"n": len(calls)}

    first = idempotency.run(owner, "k", "same", work)
    assert (first.status_code, first.replayed) == (201, False)
    assert idempotency.run(owner, "k", "same", work).replayed  # kept: answered again
    IdempotencyRecord.objects.filter(owner=owner, key="k").update(expires_at=timezone.now() - timedelta(1))
    # The sweep ran a moment ago (first claim), so it is not due; the expired record counts as gone.
    later = idempotency.run(owner, "k", "other request", work)
    assert (later.status_code, later.body, later.replayed) == (201, {"n": 2}, False)
    assert IdempotencyRecord.objects.filter(owner=owner).count() == 1


def test_a_first_submission_claims_its_key_and_keeps_its_answer_in_two_statements(city: City) -> None:
    owner = city["wijkbeheerder"]
    idempotency.run(owner, "warm", "same", lambda: (201, {}))  # the sweep of this client is done now
    with CaptureQueriesContext(connection) as queries:
        outcome = idempotency.run(owner, "k", "same", lambda: (201, {"n": 1}))
    touching = [q["sql"].split()[0] for q in queries.captured_queries if "idempotencyrecord" in q["sql"]]
    assert outcome.status_code == 201 and not outcome.replayed
    assert touching == ["INSERT", "UPDATE"]  # no look-up before the claim
    assert IdempotencyRecord.objects.get(owner=owner, key="k").response == {"n": 1}
