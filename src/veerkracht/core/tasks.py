# SPDX-License-Identifier: EUPL-1.2
"""Background tasks of the shared kernel: running a domain event's background subscriber (ADR 0005, 0006)."""

from typing import Any

from django_tasks import task


@task()
def run_subscriber(handler: str, event: dict[str, Any]) -> None:
    """Run one background subscriber for one event; the worker finds the handler by its dotted path."""
    from veerkracht.core import events

    events.deliver(handler, event)


@task()
def run_subscriber_batch(handler: str, events: str) -> None:
    """Run one background subscriber for each event of a batch (JSON text; one task, not one per event)."""
    from veerkracht.core import events as domain_events

    domain_events.deliver_many(handler, events)


@task()
def run_subscribers(handlers: list[str], events: str) -> None:
    """Run the background subscribers of one publication for each of its events (JSON text; one task)."""
    from veerkracht.core import events as domain_events

    domain_events.deliver_all(handlers, events)
