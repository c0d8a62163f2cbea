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
from django.utils import timezone


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


def enqueue(task: Any, *args: Any) -> Any:
    """Enqueue ``task`` with ``args`` into the open transaction, as one plain ``INSERT`` of its queue row.

    Call only when :func:`commits_with` said yes. The row is the one django-tasks-db's own ``enqueue``
    writes (its test compares every column), the ``task_enqueued`` signal is sent as that one sends it,
    and the same result comes back; but the library's ``objects.create`` cost a tenth of an API
    submission's time in building its SQL (issue 9's load benchmark, ADR 0028). On a database other than
    the default one, the library does it.
    """
    from django_tasks.signals import task_enqueued
    from django_tasks.utils import normalize_json
    from django_tasks_db.models import DBTaskResult, get_date_max

    from veerkracht.core.bulk import BulkTable

    backend = task.get_backend()
    if router.db_for_write(DBTaskResult) != DEFAULT_DB_ALIAS:
        return task.enqueue(*args)
    backend.validate_task(task)
    table = BulkTable(DBTaskResult)
    row = {
        "id": backend._get_id(),
        "enqueued_at": timezone.now(),
        # As the library's own pre_save handler fills it: no moment means "as soon as a worker is free".
        "run_after": task.run_after or get_date_max(),
        "args_kwargs": normalize_json({"args": args, "kwargs": {}}),
        "priority": task.priority,
        "task_path": task.module_path,
        "queue_name": task.queue_name,
        "backend_name": backend.alias,
    }
    table.insert([row])
    made: DBTaskResult[Any, Any] = DBTaskResult(**row)
    made._state.adding = False
    result = made.task_result
    task_enqueued.send(type(backend), task_result=result)
    return result
