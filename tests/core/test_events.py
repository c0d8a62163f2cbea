# SPDX-License-Identifier: EUPL-1.2
"""Domain events reach their subscribers after commit, in order, and never after a rollback."""

import logging
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from django.db import transaction

from veerkracht.core import events
from veerkracht.core.events import Event, EventError
from veerkracht.core.models import AuditEvent
from veerkracht.core.services import record_audit

# Real commits and rollbacks: the test's own transaction would keep on_commit callbacks from running.
pytestmark = pytest.mark.django_db(transaction=True)

received: list[tuple[str, Event]] = []


def remember(event: Event) -> None:
    """A module-level subscriber, so that a background task could find it by its dotted path."""
    received.append(("remember", event))


def remember_too(event: Event) -> None:
    """A second module-level subscriber."""
    received.append(("remember_too", event))


def write_and_fail(event: Event) -> None:
    record_audit("test.half_done", detail=event.payload)
    raise RuntimeError("the subscriber broke")


@pytest.fixture(autouse=True)
def registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[events.Registry]:
    """A registry of the test's own, so the app's subscribers and other tests stay out."""
    fresh = events.Registry()
    monkeypatch.setattr(events, "registry", fresh)
    received.clear()
    yield fresh
    received.clear()


class RolledBack(Exception):
    pass


def publish_then_fail() -> None:
    """A request that publishes an event and then fails, so its transaction rolls back."""
    with transaction.atomic():
        events.publish("melding.created", {"melding": 7})
        raise RolledBack


def recorder(label: str) -> Any:
    def handler(event: Event) -> None:
        received.append((label, event))

    return handler


def test_a_subscriber_runs_after_the_transaction_commits_not_before() -> None:
    events.subscribe("melding.created", recorder("dossier"))
    with transaction.atomic():
        events.publish("melding.created", {"melding": 7})
        assert received == []
    assert [(label, event.name, event.payload) for label, event in received] == [
        ("dossier", "melding.created", {"melding": 7})
    ]


def test_a_subscriber_does_not_run_when_the_transaction_rolls_back() -> None:
    events.subscribe("melding.created", recorder("dossier"))
    with pytest.raises(RolledBack):
        publish_then_fail()
    assert received == []


def test_an_event_of_a_rolled_back_savepoint_is_dropped_and_the_outer_one_kept() -> None:
    events.subscribe("melding.created", recorder("dossier"))
    with transaction.atomic():
        events.publish("melding.created", {"melding": 1})
        try:
            with transaction.atomic():
                events.publish("melding.created", {"melding": 2})
                raise ValueError("invalid melding")
        except ValueError:
            pass
    assert [event.payload for _label, event in received] == [{"melding": 1}]


def test_an_event_published_outside_a_transaction_runs_at_once() -> None:
    events.subscribe("calendar.changed", recorder("clocks"))
    events.publish("calendar.changed", {"organisation": 3})
    assert [label for label, _event in received] == ["clocks"]


def test_subscribers_run_in_the_order_they_were_registered() -> None:
    for label in ("first", "second", "third"):
        events.subscribe("melding.created", recorder(label))
    events.subscribe("melding.closed", recorder("other event"))
    with transaction.atomic():
        events.publish("melding.created", {})
    assert [label for label, _event in received] == ["first", "second", "third"]


def test_registering_the_same_subscriber_twice_delivers_once() -> None:
    events.subscribe("melding.created", remember)
    events.subscribe("melding.created", remember)
    events.publish("melding.created", {})
    assert len(received) == 1


def test_a_failing_subscriber_is_logged_and_neither_breaks_the_request_nor_the_others(
    caplog: pytest.LogCaptureFixture,
) -> None:
    events.subscribe("melding.created", recorder("before"))
    events.subscribe("melding.created", write_and_fail)
    events.subscribe("melding.created", recorder("after"))
    with caplog.at_level(logging.ERROR, logger="veerkracht.core.events"), transaction.atomic():
        record_audit("test.request")
        events.publish("melding.created", {"melding": 7})
    assert [label for label, _event in received] == ["before", "after"]
    assert "write_and_fail of event melding.created" in caplog.text
    assert "the subscriber broke" in caplog.text
    # The request's own write stands; the failed subscriber's half-done write was rolled back.
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["test.request"]


def test_a_subscriber_may_publish_an_event_of_its_own() -> None:
    def chain(event: Event) -> None:
        received.append(("chain", event))
        events.publish("dossier.updated", {"from": event.name})

    events.subscribe("melding.created", chain)
    events.subscribe("dossier.updated", recorder("profile"))
    with transaction.atomic():
        events.publish("melding.created", {})
    assert [(label, event.payload) for label, event in received] == [
        ("chain", {}),
        ("profile", {"from": "melding.created"}),
    ]


def test_the_payload_is_what_was_published_even_if_the_caller_changes_it_later() -> None:
    events.subscribe("melding.created", recorder("dossier"))
    payload: dict[str, Any] = {"melding": 7, "tags": ["geluid"]}
    with transaction.atomic():
        events.publish("melding.created", payload)
        payload["tags"].append("changed")
    assert received[0][1].payload == {"melding": 7, "tags": ["geluid"]}


@pytest.mark.parametrize(
    ("name", "payload", "message"),
    [
        ("melding.created", {"at": object()}, "JSON-able"),
        ("melding.created", {"ratio": float("nan")}, "JSON-able"),
        ("MeldingCreated", {}, "dotted lower case"),
        ("melding", {}, "dotted lower case"),
    ],
)
def test_a_bad_name_or_payload_is_refused_when_published(
    name: str, payload: dict[str, Any], message: str
) -> None:
    with pytest.raises(EventError, match=message):
        events.publish(name, payload)


def test_a_background_subscriber_must_be_importable_by_its_path() -> None:
    with pytest.raises(EventError, match="module-level function"):
        events.subscribe("melding.created", recorder("local"), background=True)
    events.subscribe("melding.created", remember, background=True)


def test_without_a_task_runner_a_background_subscriber_runs_synchronously_after_commit(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(sys.modules, events.TASK_MODULE, None)  # importing it raises ImportError
    events.subscribe("melding.created", remember, background=True)
    with caplog.at_level(logging.INFO, logger="veerkracht.core.events"), transaction.atomic():
        events.publish("melding.created", {"melding": 7})
        assert received == []
    assert [label for label, _event in received] == ["remember"]
    assert "test_events:remember of event melding.created synchronously" in caplog.text


class FakeTask:
    """Stands in for a django-tasks task: records what is enqueued."""

    def __init__(self) -> None:
        self.enqueued: list[tuple[Any, ...]] = []

    def enqueue(self, *args: Any) -> None:
        self.enqueued.append(args)


def test_with_a_task_runner_a_background_subscriber_is_enqueued_after_commit_and_the_worker_delivers_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tasks = ModuleType(events.TASK_MODULE)
    task = FakeTask()
    tasks.run_subscriber = task  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, events.TASK_MODULE, tasks)
    events.subscribe("melding.created", remember, background=True)
    with transaction.atomic():
        published = events.publish("melding.created", {"melding": 7})
        assert task.enqueued == []
    assert received == []  # not run in the request
    [(path, data)] = task.enqueued
    assert path.endswith("test_events:remember")
    assert data["name"] == "melding.created" and data["id"] == published.id
    events.deliver(path, data)  # what the worker does
    assert [(label, event) for label, event in received] == [("remember", published)]


def test_a_background_subscriber_is_not_enqueued_when_the_transaction_rolls_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tasks = ModuleType(events.TASK_MODULE)
    task = FakeTask()
    tasks.run_subscriber = task  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, events.TASK_MODULE, tasks)
    events.subscribe("melding.created", remember, background=True)
    with pytest.raises(RolledBack):
        publish_then_fail()
    assert task.enqueued == []


class FakeBatchTask(FakeTask):
    """Stands in for the batch task: one enqueue carries every event of a batch (as JSON text)."""


def test_events_published_together_reach_each_subscriber_in_order_after_commit() -> None:
    events.subscribe("melding.created", recorder("dossier"))
    events.subscribe("melding.created", recorder("profile"))
    with transaction.atomic():
        published = events.publish_many("melding.created", [{"melding": 1}, {"melding": 2}])
        assert received == []
    assert [(label, event.payload["melding"]) for label, event in received] == [
        ("dossier", 1),
        ("dossier", 2),
        ("profile", 1),
        ("profile", 2),
    ]
    assert [event.id for _label, event in received[:2]] == [event.id for event in published]


def test_events_published_together_in_a_rolled_back_savepoint_are_dropped() -> None:
    events.subscribe("melding.created", recorder("dossier"))
    with transaction.atomic():
        events.publish("melding.created", {"melding": 1})
        try:
            with transaction.atomic():
                events.publish_many("melding.created", [{"melding": 2}, {"melding": 3}])
                raise ValueError("invalid batch")
        except ValueError:
            pass
    assert [event.payload for _label, event in received] == [{"melding": 1}]


def publish_many_then_fail() -> None:
    with transaction.atomic():
        events.publish_many("melding.created", [{"melding": 1}, {"melding": 2}])
        raise RolledBack


def _task_module(monkeypatch: pytest.MonkeyPatch, *, batch: bool) -> tuple[FakeTask, FakeBatchTask]:
    tasks = ModuleType(events.TASK_MODULE)
    single, several = FakeTask(), FakeBatchTask()
    tasks.run_subscriber = single  # type: ignore[attr-defined]
    if batch:
        tasks.run_subscriber_batch = several  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, events.TASK_MODULE, tasks)
    return single, several


def test_a_batch_of_events_becomes_one_task_per_background_subscriber_after_commit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    single, several = _task_module(monkeypatch, batch=True)
    events.subscribe("melding.created", remember, background=True)
    with transaction.atomic():
        published = events.publish_many("melding.created", [{"melding": n} for n in range(5)])
        assert several.enqueued == []
    assert single.enqueued == []
    [(path, text)] = several.enqueued
    events.deliver_many(path, text)  # what the worker does
    assert [event for _label, event in received] == published


def test_a_batch_of_events_is_not_enqueued_when_the_transaction_rolls_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    single, several = _task_module(monkeypatch, batch=True)
    events.subscribe("melding.created", remember, background=True)
    with pytest.raises(RolledBack):
        publish_many_then_fail()
    assert single.enqueued == several.enqueued == []


def _inside_a_transaction_when_enqueued(monkeypatch: pytest.MonkeyPatch, task: FakeTask) -> list[bool]:
    """Whether each enqueue of ``task`` happens inside a transaction, in order (filled as they happen)."""
    in_transaction: list[bool] = []
    original = task.enqueue

    def enqueue(*args: Any) -> None:
        in_transaction.append(transaction.get_connection().in_atomic_block)
        original(*args)

    monkeypatch.setattr(task, "enqueue", enqueue)
    return in_transaction


def test_without_a_batch_task_each_event_of_a_batch_is_enqueued_in_one_transaction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    single, _several = _task_module(monkeypatch, batch=False)
    in_transaction = _inside_a_transaction_when_enqueued(monkeypatch, single)
    events.subscribe("melding.created", remember, background=True)
    events.publish_many("melding.created", [{"melding": 1}, {"melding": 2}, {"melding": 3}])
    assert [data["payload"] for _path, data in single.enqueued] == [{"melding": n} for n in (1, 2, 3)]
    assert in_transaction == [True, True, True]


def test_the_tasks_of_several_background_subscribers_are_enqueued_in_one_transaction_after_commit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    single, _several = _task_module(monkeypatch, batch=True)
    in_transaction = _inside_a_transaction_when_enqueued(monkeypatch, single)
    events.subscribe("melding.created", remember, background=True)
    events.subscribe("melding.created", remember_too, background=True)
    with transaction.atomic():
        events.publish("melding.created", {"melding": 7})
        assert single.enqueued == []
    assert [path.rpartition(":")[2] for path, _data in single.enqueued] == ["remember", "remember_too"]
    assert in_transaction == [True, True]  # one commit for both, not one each


def test_when_one_background_subscriber_cannot_be_enqueued_the_other_still_is(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    single, _several = _task_module(monkeypatch, batch=True)
    original = single.enqueue

    def refuse_one(path: str, data: Any) -> None:
        if path.endswith(":remember"):
            raise RuntimeError("the queue refuses")
        original(path, data)

    monkeypatch.setattr(single, "enqueue", refuse_one)
    events.subscribe("melding.created", remember, background=True)
    events.subscribe("melding.created", remember_too, background=True)
    with caplog.at_level(logging.ERROR, logger=events.logger.name):
        events.publish("melding.created", {"melding": 7})
    assert [path.rpartition(":")[2] for path, _data in single.enqueued] == ["remember_too"]
    assert "could not enqueue subscriber" in caplog.text and "remember" in caplog.text


def test_when_a_batch_cannot_be_enqueued_whole_each_event_is_enqueued_on_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    single, several = _task_module(monkeypatch, batch=True)

    def refuse(*args: Any) -> None:
        raise RuntimeError("too large for the queue")

    monkeypatch.setattr(several, "enqueue", refuse)
    events.subscribe("melding.created", remember, background=True)
    events.publish_many("melding.created", [{"melding": 1}, {"melding": 2}])
    assert [data["payload"] for _path, data in single.enqueued] == [{"melding": 1}, {"melding": 2}]


def test_the_worker_runs_every_event_of_a_batch_and_reports_a_failure_after_the_others(
    caplog: pytest.LogCaptureFixture,
) -> None:
    made = [events.Event("melding.created", {"melding": n}).as_dict() for n in (1, 2, 3)]
    path = events.handler_path(remember_unless_two)
    with caplog.at_level(logging.ERROR, logger="veerkracht.core.events"), pytest.raises(RuntimeError):
        events.deliver_many(path, made)
    assert [event.payload["melding"] for _label, event in received] == [1, 3]
    # The failing event's writes were undone; the others' stand.
    assert sorted(AuditEvent.objects.values_list("detail__melding", flat=True)) == [1, 3]
    assert "remember_unless_two of event melding.created" in caplog.text


def remember_unless_two(event: Event) -> None:
    record_audit("test.delivered", detail=event.payload)
    if event.payload["melding"] == 2:
        raise RuntimeError("melding 2 breaks")
    received.append(("remember", event))
