# SPDX-License-Identifier: EUPL-1.2
"""Background tasks of the analysis app (Django's task API; ADR 0006)."""

from django_tasks import task


@task()
def analyse_run(run_id: int, attempt: str) -> str:
    """Run one queued attempt of an analysis run in the worker; returns the run's status afterwards."""
    from veerkracht.analysis.services import run_queued_analysis

    return run_queued_analysis(run_id, attempt)


@task()
def mark_interrupted_runs() -> int:
    """Periodic: mark runs whose worker died as failed, so that they show as such and can be retried."""
    from veerkracht.analysis import services

    return services.mark_interrupted_runs()


@task()
def make_city_report(report_id: int) -> str:
    """Make one requested city report PDF in the worker; returns its status afterwards."""
    from veerkracht.analysis.services import build_city_report

    return str(build_city_report(report_id).status)
