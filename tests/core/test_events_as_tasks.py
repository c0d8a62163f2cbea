# SPDX-License-Identifier: EUPL-1.2
"""A background subscriber becomes a task in the queue, and the worker delivers the event to it."""

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from veerkracht.core import events
from veerkracht.core.periodic import periodic_jobs

pytestmark = pytest.mark.django_db(transaction=True)
received: list[dict[str, Any]] = []


def remember(event: events.Event) -> None:
    received.append(dict(event.payload))


@pytest.fixture
def subscribed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A registry of the test's own, with one background subscriber."""
    monkeypatch.setattr(events, "registry", events.Registry())
    received.clear()
    events.subscribe("proef.gebeurd", remember, background=True)
    yield
    received.clear()


def remember_too(event: events.Event) -> None:
    received.append({"too": event.payload["melding"]})


def test_a_background_subscriber_waits_in_the_database_queue_until_a_worker_runs_it(subscribed: None) -> None:
    events.subscribe("proef.gebeurd", remember_too, background=True)
    with transaction.atomic():
        events.publish("proef.gebeurd", {"melding": 7})
        # Part of the publishing transaction (a worker sees it only after the commit): one task for both.
        assert DBTaskResult.objects.count() == 1
    assert received == [], "nothing runs in the request itself"
    waiting = DBTaskResult.objects.get(task_path="veerkracht.core.tasks.run_subscribers")
    assert waiting.args_kwargs["args"][0] == [
        "tests.core.test_events_as_tasks:remember",
        "tests.core.test_events_as_tasks:remember_too",
    ]
    from django.core.management import call_command

    call_command("db_worker", batch=True, verbosity=0)
    assert received == [{"melding": 7}, {"too": 7}]


class RolledBack(Exception):
    pass


def publish_then_fail(queued: list[int]) -> None:
    with transaction.atomic():
        events.publish("proef.gebeurd", {"melding": 7})
        queued.append(DBTaskResult.objects.count())
        raise RolledBack


def test_the_task_of_a_rolled_back_publication_is_undone_with_it(subscribed: None) -> None:
    queued: list[int] = []
    with pytest.raises(RolledBack):
        publish_then_fail(queued)
    assert queued == [1]
    assert DBTaskResult.objects.count() == 0


def publish_twice_and_undo_the_second() -> None:
    with transaction.atomic():
        events.publish("proef.gebeurd", {"melding": 1})
        try:
            with transaction.atomic():
                events.publish("proef.gebeurd", {"melding": 2})
                raise RolledBack
        except RolledBack:
            pass


def test_the_task_of_a_rolled_back_savepoint_is_undone_and_the_outer_one_kept(subscribed: None) -> None:
    publish_twice_and_undo_the_second()
    [kept] = DBTaskResult.objects.all()
    assert [event["payload"] for event in json.loads(kept.args_kwargs["args"][1])] == [{"melding": 1}]


def test_published_outside_a_transaction_the_task_is_enqueued_at_once(subscribed: None) -> None:
    events.publish("proef.gebeurd", {"melding": 9})
    waiting = DBTaskResult.objects.get()
    assert waiting.task_path == "veerkracht.core.tasks.run_subscriber"
    assert received == []


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}})
def test_with_the_immediate_backend_the_subscriber_runs_after_commit(subscribed: None) -> None:
    with transaction.atomic():
        events.publish("proef.gebeurd", {"melding": 8})
        assert received == []
    assert received == [{"melding": 8}]


def test_tick_cleans_the_value_store() -> None:
    assert "indicators.sweep_value_store" in {job.name for job in periodic_jobs()}
