# SPDX-License-Identifier: EUPL-1.2
"""The outbox's own insert of a task writes the row django-tasks-db's enqueue writes, and says so alike."""

from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import transaction
from django_tasks.signals import task_enqueued
from django_tasks_db.models import DBTaskResult

from veerkracht.core import outbox
from veerkracht.core.tasks import run_subscribers

pytestmark = pytest.mark.django_db(transaction=True)

ARGS = (["tests.core.test_outbox:nothing"], '[{"name": "proef.gebeurd", "payload": {"melding": 7}}]')


def _row(result_id: Any) -> dict[str, Any]:
    stored = DBTaskResult.objects.get(pk=result_id)
    fields = [field.attname for field in DBTaskResult._meta.concrete_fields if not field.primary_key]
    return {name: getattr(stored, name) for name in fields}


@pytest.mark.parametrize(
    "task",
    [
        run_subscribers,
        run_subscribers.using(priority=7, run_after=datetime(2027, 1, 4, 8, tzinfo=UTC)),
    ],
    ids=["as declared", "deferred with a priority"],
)
def test_the_outbox_row_is_the_librarys_row(task: Any) -> None:
    heard: list[Any] = []

    def listen(sender: Any, task_result: Any, **kwargs: Any) -> None:
        heard.append(task_result)

    task_enqueued.connect(listen)
    try:
        with transaction.atomic():
            assert outbox.commits_with(task, None)
            ours = outbox.enqueue(task, *ARGS)
            theirs = task.enqueue(*ARGS)
    finally:
        task_enqueued.disconnect(listen)
    assert [result.id for result in heard] == [ours.id, theirs.id]
    assert ours.id != theirs.id
    mine, library = _row(ours.id), _row(theirs.id)
    # Both were enqueued within this test; the moment itself is the only other column that differs.
    assert abs(mine.pop("enqueued_at") - library.pop("enqueued_at")).total_seconds() < 5
    assert mine == library
    assert mine["args_kwargs"] == {"args": list(ARGS), "kwargs": {}}
    assert (ours.status, ours.args, ours.kwargs, ours.task.module_path, ours.backend) == (
        theirs.status,
        theirs.args,
        theirs.kwargs,
        theirs.task.module_path,
        theirs.backend,
    )
    assert ours.task.run_after == task.run_after and ours.task.priority == task.priority


def test_a_task_the_queue_refuses_is_refused_before_anything_is_written() -> None:
    from django_tasks.exceptions import InvalidTaskError

    with transaction.atomic(), pytest.raises(InvalidTaskError):
        outbox.enqueue(run_subscribers.using(priority=1000), *ARGS)
    assert DBTaskResult.objects.count() == 0
