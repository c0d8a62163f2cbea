# SPDX-License-Identifier: EUPL-1.2
"""Whether a task enqueued now is kept or undone with the surrounding transaction (a transactional outbox).

The task queue of a default installation is a table in the application's own database (django-tasks-db).
A task enqueued inside a transaction there is one more row of that transaction: the worker sees it only
after the commit, and a rollback removes it with the rest. That gives what :mod:`veerkracht.core.events`
promises a background subscriber (it runs after the commit, never after a rollback) without waiting for
the commit: no second transaction per publication, and no moment between the commit and the hand-over
in which a stopped server process would lose the task (ADR 0005, second addendum). Any other queue (a
broker, or the immediate backend of some tests) does not share the transaction, so its tasks are still
handed over after the commit.
"""

from typing import Any

from django.db import DEFAULT_DB_ALIAS, router, transaction


def commits_with(task: Any, using: str | None) -> bool:
    """True when ``task`` would be enqueued into the open transaction on ``using`` (and so commit with it).

    ``task`` is a django-tasks task; anything without a backend (a stand-in in a test) is not.
    """
    if not transaction.get_connection(using).in_atomic_block:
        return False
    get_backend = getattr(task, "get_backend", None)
    if get_backend is None:
        return False
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    return isinstance(get_backend(), DatabaseBackend) and router.db_for_write(DBTaskResult) == (
        using or DEFAULT_DB_ALIAS
    )
