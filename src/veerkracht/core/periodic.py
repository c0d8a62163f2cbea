# SPDX-License-Identifier: EUPL-1.2
"""Periodic jobs: apps register background tasks that ``veerkracht tick`` enqueues on every tick.

Cron or a systemd timer runs ``veerkracht tick`` (every five minutes, say); the worker does the work. A job
decides for itself what is due, so it must be cheap when there is nothing to do and safe to run twice.
Apps register their jobs from ``AppConfig.ready()``::

    from veerkracht.core.periodic import register_periodic
    register_periodic("analysis.interrupted_runs", mark_interrupted_runs, "...")
"""

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django_tasks import TaskResultStatus, task_backends
from django_tasks.base import Task


@dataclass(frozen=True)
class PeriodicJob:
    """A task enqueued on every tick, without arguments."""

    name: str
    task: Task[[], Any]
    description: str | Promise = ""


@dataclass(frozen=True)
class Enqueued:
    job: PeriodicJob
    task_id: str | None  # None: skipped, the previous one has not started yet


_jobs: dict[str, PeriodicJob] = {}


def register_periodic(name: str, task: Task[[], Any], description: str | Promise = "") -> None:
    """Add a job to every tick; registering the same name again replaces it (ready() may run twice)."""
    _jobs[name] = PeriodicJob(name, task, description)


def periodic_jobs() -> tuple[PeriodicJob, ...]:
    """The registered jobs, by name."""
    return tuple(_jobs[name] for name in sorted(_jobs))


def _still_waiting(job: PeriodicJob) -> bool:
    """Whether the queue still holds this job unstarted (only the database queue can tell)."""
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = task_backends[job.task.backend]
    if not isinstance(backend, DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(
        backend_name=backend.alias, task_path=job.task.module_path, status=TaskResultStatus.READY
    ).exists()


def tick(names: list[str] | None = None) -> list[Enqueued]:
    """Enqueue every registered job (or the named ones); a job whose previous run still waits is skipped.

    Skipping keeps a queue without a worker from filling up with one copy of every job per tick.
    """
    unknown = sorted(set(names or ()) - set(_jobs))
    if unknown:
        raise KeyError(f"onbekende periodieke taak: {', '.join(unknown)}; bekend: {', '.join(sorted(_jobs))}")
    done = []
    for job in periodic_jobs():
        if names and job.name not in names:
            continue
        if _still_waiting(job):
            done.append(Enqueued(job, None))
            continue
        done.append(Enqueued(job, str(job.task.enqueue().id)))
    return done
