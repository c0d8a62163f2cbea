# SPDX-License-Identifier: EUPL-1.2
"""Domain events: a service says what happened; subscribers react once the transaction has committed.

A service publishes a named event with a small JSON-able payload (ids and a few values, never whole
records or personal data that the subscriber can read itself)::

    events.publish("melding.created", {"melding": melding.pk, "organisation": organisation.pk})

An app registers its subscribers in its ``AppConfig.ready()``::

    events.subscribe("melding.created", update_dossier)                      # in the request, after commit
    events.subscribe("melding.created", schedule_message, background=True)   # as a background task

The rules (ADR 0005):

- Subscribers run after the surrounding transaction commits (``transaction.on_commit``); when it rolls
  back, they never run. Published outside a transaction, they run at once.
- They run in the order they were registered.
- A synchronous subscriber runs in a transaction of its own. When it fails, the failure is logged and
  its writes are rolled back; the request that published the event and the other subscribers go on.
- A background subscriber is handed to the task ``veerkracht.core.tasks.run_subscriber`` (Django's task
  API through django-tasks) when that task exists; the worker calls :func:`deliver`. Events published
  together with :func:`publish_many` (a batch of meldingen) become one task, ``run_subscriber_batch``,
  per subscriber; the worker calls :func:`deliver_many`. The tasks of all background subscribers of one
  publication are enqueued in one commit (each on its own when the queue refuses one). Without it, the
  subscriber runs synchronously after commit and the log says so. A background subscriber must be a
  module-level function, because the worker finds it by its dotted path.
- When the task queue is a table of the same database (django-tasks-db, the default), the background
  subscribers of one publication become one task, ``run_subscribers``, enqueued inside the transaction
  itself (:mod:`veerkracht.core.outbox`): it commits with the work and is undone with it, so the worker
  still runs it only after the commit. The worker calls :func:`deliver_all`.
"""

import importlib
import json
import logging
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

from django.db import transaction

from veerkracht.core import outbox

logger = logging.getLogger(__name__)

TASK_MODULE = "veerkracht.core.tasks"
TASK_NAME = "run_subscriber"
BATCH_TASK_NAME = "run_subscriber_batch"
ALL_TASK_NAME = "run_subscribers"
_EVENT_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


class EventError(ValueError):
    """An event name, payload or subscriber that cannot work."""


@dataclass(frozen=True)
class Event:
    """Something that happened: a dotted name, a JSON-able payload, an id and when it was published."""

    name: str
    payload: dict[str, Any]
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    occurred_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def as_dict(self) -> dict[str, Any]:
        """Return the event as JSON-able data (what a background task receives)."""
        return {
            "name": self.name,
            "payload": self.payload,
            "id": self.id,
            "occurred_at": self.occurred_at.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Event":
        """Rebuild an event from :meth:`as_dict`."""
        return cls(
            name=data["name"],
            payload=dict(data["payload"]),
            id=data["id"],
            occurred_at=datetime.fromisoformat(data["occurred_at"]),
        )


Handler = Callable[[Event], object]


def handler_path(handler: Handler) -> str:
    """Return ``module:qualified.name`` of a function, by which a worker finds it again."""
    return f"{handler.__module__}:{handler.__qualname__}"


def resolve_handler(path: str) -> Handler:
    """Import the function that :func:`handler_path` named."""
    module_name, _, qualname = path.partition(":")
    target: Any = importlib.import_module(module_name)
    for part in qualname.split("."):
        target = getattr(target, part)
    return target


@dataclass(frozen=True)
class Subscription:
    """One subscriber of one event."""

    event: str
    handler: Handler
    background: bool = False

    @property
    def path(self) -> str:
        return handler_path(self.handler)


class Registry:
    """Subscribers per event name, in the order they were registered."""

    def __init__(self) -> None:
        self._subscriptions: dict[str, list[Subscription]] = {}

    def subscribe(self, name: str, handler: Handler, *, background: bool = False) -> Subscription:
        _check_name(name)
        subscription = Subscription(name, handler, background)
        if background:
            try:
                found = resolve_handler(subscription.path)
            except (ImportError, AttributeError):
                found = None
            if found is not handler:
                raise EventError(
                    f"background subscriber {subscription.path} of {name!r} must be a module-level "
                    "function: the worker finds it by its dotted path"
                )
        existing = self._subscriptions.setdefault(name, [])
        # AppConfig.ready() may run twice in some test set-ups; registering twice must not deliver twice.
        if subscription not in existing:
            existing.append(subscription)
        return subscription

    def subscriptions(self, name: str) -> tuple[Subscription, ...]:
        return tuple(self._subscriptions.get(name, ()))


registry = Registry()


def subscribe(name: str, handler: Handler, *, background: bool = False) -> Subscription:
    """Register ``handler`` for the event ``name``; call this from an ``AppConfig.ready()``."""
    return registry.subscribe(name, handler, background=background)


def publish(name: str, payload: Mapping[str, Any] | None = None, *, using: str | None = None) -> Event:
    """Announce an event; its subscribers run after the current transaction on ``using`` commits."""
    return publish_many(name, [payload or {}], using=using)[0]


def publish_many(
    name: str, payloads: Sequence[Mapping[str, Any]], *, using: str | None = None
) -> list[Event]:
    """Announce several events of one name at once (a batch's); one hand-over per subscriber after commit.

    Each subscriber receives every event, in order; a background subscriber gets them all as one task
    enqueued in one transaction, instead of one task and one commit per event.
    """
    _check_name(name)
    # Frozen all at once: one JSON round trip for a batch instead of one per event.
    made = [Event(name=name, payload=payload) for payload in _frozen(name, [dict(p) for p in payloads])]
    if not made:
        return made
    subscriptions = registry.subscriptions(name)
    if any(subscription.background for subscription in subscriptions):
        subscriptions = _into_the_transaction(subscriptions, made, using)
    if subscriptions:
        transaction.on_commit(partial(_dispatch_all, subscriptions, tuple(made), using), using=using)
    return made


def _into_the_transaction(
    subscriptions: tuple[Subscription, ...], batch: Sequence[Event], using: str | None
) -> tuple[Subscription, ...]:
    """Enqueue the background subscribers as one task inside the open transaction, when the queue is in it.

    Returns the subscriptions still to be handed over after the commit (all of them when the queue is
    elsewhere). One task and no transaction of its own per publication: issue 9's load benchmark spent a
    tenth of a submission's time on a second transaction with a task per subscriber.
    """
    task = _background_task(ALL_TASK_NAME)
    if task is None or not outbox.commits_with(task, using):
        return subscriptions
    background = [subscription.path for subscription in subscriptions if subscription.background]
    # Not caught: a queue that refuses here undoes the work that published, so none is kept without it.
    outbox.enqueue(task, background, _as_text(batch))
    return tuple(subscription for subscription in subscriptions if not subscription.background)


def _frozen(name: str, payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    try:
        # A copy through JSON: the subscriber sees what was published even if the caller changes its
        # dict later, and a background task can carry it.
        frozen: list[dict[str, Any]] = json.loads(json.dumps(payloads, allow_nan=False))
    except (TypeError, ValueError) as error:
        raise EventError(
            f"payload of event {name!r} must be JSON-able (ids and plain values): {error}"
        ) from error
    return frozen


def deliver(path: str, event: Mapping[str, Any]) -> None:
    """Run one subscriber for one event in a transaction of its own (the background worker's entry)."""
    handler = resolve_handler(path)
    with transaction.atomic():
        handler(Event.from_dict(event))


def deliver_many(path: str, batch: str | Sequence[Mapping[str, Any]]) -> None:
    """Run one subscriber for each event of a batch (a list, or it as JSON text), each in a transaction
    of its own.

    One failing event neither undoes nor stops the others; the first failure is raised at the end, so
    the task backend records the task as failed (subscribers are safe to run again for an event).
    """
    handler = resolve_handler(path)
    failure: Exception | None = None
    for data in json.loads(batch) if isinstance(batch, str) else batch:
        try:
            with transaction.atomic():
                handler(Event.from_dict(data))
        except Exception as error:
            logger.exception("subscriber %s of event %s (%s) failed", path, data.get("name"), data.get("id"))
            failure = failure or error
    if failure is not None:
        raise failure


def deliver_all(paths: Sequence[str], batch: str | Sequence[Mapping[str, Any]]) -> None:
    """Run several subscribers for each event of a batch, as :func:`deliver_many` runs one.

    One failing subscriber stops none of the others; the first failure is raised at the end.
    """
    events = json.loads(batch) if isinstance(batch, str) else batch
    failure: Exception | None = None
    for path in paths:
        try:
            deliver_many(path, events)
        except Exception as error:
            failure = failure or error
    if failure is not None:
        raise failure


def _hand_over(task: Any, subscription: Subscription, batch: Sequence[Event], using: str | None) -> None:
    """Enqueue a subscriber's task(s) for a batch of events; raises when the queue refuses."""
    several = _background_task(BATCH_TASK_NAME) if len(batch) > 1 else None
    if several is not None:
        # As one JSON text: the task backend then checks one string instead of every event's values.
        several.enqueue(subscription.path, _as_text(batch))
    elif len(batch) == 1:
        task.enqueue(subscription.path, batch[0].as_dict())
    else:
        # Without a batch task: one task per event, all in one transaction of the queue's database.
        with transaction.atomic(using=using):
            for event in batch:
                task.enqueue(subscription.path, event.as_dict())


def _as_text(batch: Sequence[Event]) -> str:
    """A batch of events as one JSON text, as a task carries it (what :func:`deliver_many` reads)."""
    return json.dumps([event.as_dict() for event in batch])


def _check_name(name: str) -> None:
    if not _EVENT_NAME.match(name):
        raise EventError(f"event name {name!r} must be dotted lower case, like 'melding.created'")


def _background_task(name: str = TASK_NAME) -> Any:
    """Return the task that runs subscribers in the background, or None when there is none."""
    try:
        module = importlib.import_module(TASK_MODULE)
    except ImportError:
        return None
    task = getattr(module, name, None)
    return task if callable(getattr(task, "enqueue", None)) else None


def _dispatch_all(subscriptions: Sequence[Subscription], batch: Sequence[Event], using: str | None) -> None:
    """Hand the events to each subscriber; the tasks of several background subscribers in one commit.

    Before, each background subscriber's task was its own transaction: two commits per melding taken in
    (issue 9's load benchmark).
    """
    task = _background_task() if any(s.background for s in subscriptions) else None
    together = [s for s in subscriptions if s.background] if task is not None else []
    if len(together) > 1:
        try:
            with transaction.atomic(using=using):
                for subscription in together:
                    _hand_over(task, subscription, batch, using)
        except Exception:
            # One could not be enqueued, which undid them all: then each on its own, losing no other.
            for subscription in together:
                _enqueue(task, subscription, batch, using)
    else:
        together = []
    for subscription in subscriptions:
        if subscription not in together:
            _dispatch(subscription, batch, using)


def _dispatch(subscription: Subscription, batch: Sequence[Event], using: str | None) -> None:
    if subscription.background:
        task = _background_task()
        if task is not None:
            _enqueue(task, subscription, batch, using)
            return
        logger.info(
            "no background task runner (%s.%s): running subscriber %s of event %s synchronously",
            TASK_MODULE,
            TASK_NAME,
            subscription.path,
            batch[0].name,
        )
    for event in batch:
        try:
            with transaction.atomic(using=using):
                subscription.handler(event)
        except Exception:
            logger.exception("subscriber %s of event %s (%s) failed", subscription.path, event.name, event.id)


def _enqueue(task: Any, subscription: Subscription, batch: Sequence[Event], using: str | None) -> None:
    """Hand a batch's events to the task queue in one go: one commit, not one per event."""
    try:
        _hand_over(task, subscription, batch, using)
        return
    except Exception:
        if len(batch) == 1:
            logger.exception(
                "could not enqueue subscriber %s of event %s (%s)",
                subscription.path,
                batch[0].name,
                batch[0].id,
            )
            return
    # The batch could not be enqueued whole: then each event on its own, so one bad one loses no other.
    for event in batch:
        _enqueue(task, subscription, [event], using)
