# SPDX-License-Identifier: EUPL-1.2
"""The one write API of analysis runs: run the veerkracht analysis and keep what went in and came out.

A run is either run here and now (:func:`start_analysis`: the CLI, the demo) or queued as a background task
(:func:`queue_analysis`: the web page), and a failed or interrupted run can be tried again
(:func:`retry_analysis`). Either way the results appear together with the status "succeeded", or not at all.
"""

import secrets
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from veerkracht.analysis.execution import (
    REFERENCE_SCOPES,
    AttemptSuperseded,
    Progress,
    execute_attempt,
    fail_attempt,
    no_progress,
)
from veerkracht.analysis.models import AnalysisRun
from veerkracht.analysis.queries import is_interrupted
from veerkracht.analysis.report_services import (
    ReportNotPossible,
    build_city_report,
    make_city_report_now,
    queue_city_report,
    report_file,
)
from veerkracht.analysis.results import discard_results
from veerkracht.core.models import User
from veerkracht.core.services import record_audit
from veerkracht.monitor import load_preset

__all__ = [
    "AnalysisNotRetryable",
    "AttemptSuperseded",
    "ReportNotPossible",
    "build_city_report",
    "make_city_report_now",
    "mark_interrupted_runs",
    "queue_analysis",
    "queue_city_report",
    "report_file",
    "retry_analysis",
    "run_queued_analysis",
    "start_analysis",
]


class AnalysisNotRetryable(ValueError):
    """The run is still queued or running, or it succeeded: there is nothing to try again."""


def _create_run(
    *,
    gemeenten: Sequence[str],
    period_start: int,
    period_end: int,
    periods: Sequence[int] | None,
    indeling_year: int | None,
    preset: str,
    reference: str,
    name: str,
    actor: User | None,
    status: AnalysisRun.Status,
) -> AnalysisRun:
    if reference not in {*REFERENCE_SCOPES, "preset"}:
        raise ValueError(f"unknown reference {reference!r}; expected national, municipal or preset")
    chosen = load_preset(preset)
    now = timezone.now()
    with transaction.atomic():
        return AnalysisRun.objects.create(
            name=name or f"{preset} {', '.join(gemeenten)} {period_start}-{period_end}",
            gemeenten=list(gemeenten),
            indeling_year=indeling_year or period_end,
            period_start=period_start,
            period_end=period_end,
            periods=sorted(set(periods or ()) | {period_start, period_end}),
            preset_name=chosen.name,
            preset_version=chosen.version,
            preset_sha256=chosen.sha256,
            reference=reference,
            code_version="",
            created_by=actor,
            status=status,
            attempt=secrets.token_hex(16),
            attempts=1 if status == AnalysisRun.Status.RUNNING else 0,
            started_at=now,
            heartbeat_at=now if status == AnalysisRun.Status.RUNNING else None,
        )


def start_analysis(
    *,
    gemeenten: Sequence[str],
    period_start: int,
    period_end: int,
    periods: Sequence[int] | None = None,
    indeling_year: int | None = None,
    preset: str = "veerkracht-2021",
    reference: str = "national",
    name: str = "",
    parameters: dict[str, Any] | None = None,
    actor: User | None = None,
    progress: Progress = no_progress,
) -> AnalysisRun:
    """Run the analysis for the gemeenten here and now and store it; a failure is stored with its reason."""
    run = _create_run(
        gemeenten=gemeenten,
        period_start=period_start,
        period_end=period_end,
        periods=periods,
        indeling_year=indeling_year,
        preset=preset,
        reference=reference,
        name=name,
        actor=actor,
        status=AnalysisRun.Status.RUNNING,
    )
    return execute_attempt(run, parameters=parameters, progress=progress)


def queue_analysis(
    *,
    gemeenten: Sequence[str],
    period_start: int,
    period_end: int,
    periods: Sequence[int] | None = None,
    indeling_year: int | None = None,
    preset: str = "veerkracht-2021",
    reference: str = "national",
    name: str = "",
    actor: User | None = None,
) -> AnalysisRun:
    """Store a run as queued and hand it to the background worker; its page follows the progress."""
    run = _create_run(
        gemeenten=gemeenten,
        period_start=period_start,
        period_end=period_end,
        periods=periods,
        indeling_year=indeling_year,
        preset=preset,
        reference=reference,
        name=name,
        actor=actor,
        status=AnalysisRun.Status.QUEUED,
    )
    record_audit(
        "analysis.queued",
        actor=actor,
        object_type="analysis_run",
        object_id=run.pk,
        detail={"preset": run.preset_name, "gemeenten": run.gemeenten},
    )
    _enqueue_after_commit(run.pk, run.attempt)
    return run


def retry_analysis(run_id: int, *, actor: User | None = None, background: bool = True) -> AnalysisRun:
    """Try a failed or interrupted run again, as a new attempt on the same run."""
    run = AnalysisRun.objects.get(pk=run_id)
    if run.status != AnalysisRun.Status.FAILED and not is_interrupted(run):
        if run.status == AnalysisRun.Status.SUCCEEDED:
            raise AnalysisNotRetryable(_("Analyse #%(id)s is al geslaagd.") % {"id": run.pk})
        message = _("Analyse #%(id)s is nog bezig of wacht op een worker; probeer het later opnieuw.")
        raise AnalysisNotRetryable(message % {"id": run.pk})
    attempt = secrets.token_hex(16)
    with transaction.atomic():
        # Only the attempt we looked at may be replaced: two people pressing "Opnieuw proberen" start one.
        taken = AnalysisRun.objects.filter(pk=run.pk, attempt=run.attempt, status=run.status).update(
            status=AnalysisRun.Status.QUEUED,
            attempt=attempt,
            error="",
            task_id="",
            progress_step="",
            progress_done=0,
            progress_total=0,
            heartbeat_at=None,
            finished_at=None,
        )
        if not taken:
            raise AnalysisNotRetryable(_("Analyse #%(id)s is net opnieuw gestart.") % {"id": run.pk})
        record_audit(
            "analysis.retried",
            actor=actor,
            object_type="analysis_run",
            object_id=run.pk,
            detail={"previous_status": run.status, "previous_error": run.error[:500]},
        )
    # Whatever the dead attempt left (a staging folder, or a folder published just before it died without
    # its status) goes; the new attempt writes everything again.
    discard_results(run.pk, published=True)
    if background:
        _enqueue_after_commit(run.pk, attempt)
    else:
        run_queued_analysis(run.pk, attempt)
    run.refresh_from_db()
    return run


def run_queued_analysis(run_id: int, attempt: str) -> str:
    """Run a queued attempt (what the background task does); returns the run's status afterwards."""
    now = timezone.now()
    claimed = AnalysisRun.objects.filter(pk=run_id, attempt=attempt, status=AnalysisRun.Status.QUEUED).update(
        status=AnalysisRun.Status.RUNNING,
        started_at=now,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return "superseded"  # retried or finished meanwhile; this task has nothing left to do
    run = AnalysisRun.objects.get(pk=run_id)
    try:
        execute_attempt(run, parameters=None, progress=no_progress)
    except AttemptSuperseded:
        return "superseded"
    return str(AnalysisRun.objects.values_list("status", flat=True).get(pk=run_id))


def mark_interrupted_runs() -> int:
    """Mark runs whose worker died as failed, so lists say so and they can be retried; returns how many."""
    marked = 0
    for run in AnalysisRun.objects.filter(status__in=[AnalysisRun.Status.QUEUED, AnalysisRun.Status.RUNNING]):
        if not is_interrupted(run):
            continue
        error = gettext_noop("Onderbroken: de worker stopte tijdens deze analyse.")
        if fail_attempt(run, error):
            discard_results(run.pk)
            marked += 1
    return marked


def _enqueue_after_commit(run_id: int, attempt: str) -> None:
    # After commit: a worker in another process must find the run row when it picks up the task.
    transaction.on_commit(lambda: _enqueue(run_id, attempt))


def _enqueue(run_id: int, attempt: str) -> None:
    from veerkracht.analysis.tasks import analyse_run

    try:
        result = analyse_run.enqueue(run_id, attempt)
    except Exception as error:
        run = AnalysisRun.objects.get(pk=run_id)
        fail_attempt(run, f"Kon niet in de wachtrij: {type(error).__name__}: {error}")
        raise
    AnalysisRun.objects.filter(pk=run_id, attempt=attempt).update(task_id=str(result.id)[:64])
