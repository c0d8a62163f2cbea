# SPDX-License-Identifier: EUPL-1.2
"""Writes of city reports: ask for one (queued for the worker), make it (the task or the CLI), and where
its file is. Re-exported by :mod:`veerkracht.analysis.services`, the app's one write API.

The PDF is written to a temporary name beside its place and renamed when whole, in the same step that
marks the report ready, so a download never gets half a file.
"""

import os
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from veerkracht.analysis.execution import Progress, no_progress
from veerkracht.analysis.models import AnalysisRun, CityReport
from veerkracht.core.models import User
from veerkracht.core.services import record_audit
from veerkracht.datafolder import make_private, make_private_dir


class ReportNotPossible(ValueError):
    """The run has no results to report on (it is not succeeded)."""


def report_file(report: CityReport) -> Path:
    """Where the report's PDF is (or will be) in the data folder."""
    return Path(settings.DATA_DIR) / "reports" / f"city-report-{report.pk}.pdf"


def _create(run: AnalysisRun, *, language: str, actor: User | None, status: str) -> CityReport:
    if run.status != AnalysisRun.Status.SUCCEEDED:
        raise ReportNotPossible(
            gettext_noop("Alleen van een geslaagde analyse kan een rapport gemaakt worden.")
        )
    with transaction.atomic():
        report = CityReport.objects.create(
            run=run,
            language=language if language in ("nl", "en") else "nl",
            status=status,
            requested_by=actor,
            requested_at=timezone.now(),
        )
        record_audit(
            "analysis.city_report_requested",
            actor=actor,
            object_type="analysis_run",
            object_id=run.pk,
            detail={"report": report.pk, "language": report.language},
        )
    return report


def queue_city_report(run: AnalysisRun, *, language: str = "nl", actor: User | None = None) -> CityReport:
    """Ask for the city report of a succeeded run; the worker makes it, the run's page follows it."""
    report = _create(run, language=language, actor=actor, status=CityReport.Status.QUEUED)
    transaction.on_commit(lambda: _enqueue(report.pk))
    return report


def _enqueue(report_id: int) -> None:
    from veerkracht.analysis.tasks import make_city_report

    try:
        result = make_city_report.enqueue(report_id)
    except Exception as error:
        _fail(report_id, f"Kon niet in de wachtrij: {type(error).__name__}: {error}")
        raise
    CityReport.objects.filter(pk=report_id).update(task_id=str(result.id)[:64])


def _fail(report_id: int, error: str) -> None:
    CityReport.objects.filter(pk=report_id).update(
        status=CityReport.Status.FAILED, error=error[:2000], finished_at=timezone.now()
    )


def make_city_report_now(
    run: AnalysisRun, *, language: str = "nl", actor: User | None = None, progress: Progress = no_progress
) -> CityReport:
    """Make the city report here and now (the CLI, the benchmark)."""
    report = _create(run, language=language, actor=actor, status=CityReport.Status.QUEUED)
    return build_city_report(report.pk, progress=progress)


def build_city_report(report_id: int, *, progress: Progress = no_progress) -> CityReport:
    """Make a queued report (what the background task does); a failure is stored with its reason."""
    from veerkracht.analysis.city_report import render_city_report

    claimed = CityReport.objects.filter(pk=report_id, status=CityReport.Status.QUEUED).update(
        status=CityReport.Status.RUNNING
    )
    report = CityReport.objects.select_related("run").get(pk=report_id)
    if not claimed:
        return report  # made or failed meanwhile: nothing left to do

    def step(name: str, done: int, total: int) -> None:
        CityReport.objects.filter(pk=report_id).update(
            progress_step=name, progress_done=done, progress_total=total
        )
        progress(name, done, total)

    started = time.perf_counter()
    target = report_file(report)
    partial = target.with_name(f".{target.name}.partial")
    try:
        content = render_city_report(report.run, language_code=report.language, progress=step)
        make_private_dir(target.parent)
        partial.write_bytes(content)
        make_private(partial)
        with transaction.atomic():
            os.replace(partial, target)
            CityReport.objects.filter(pk=report_id).update(
                status=CityReport.Status.SUCCEEDED,
                size=len(content),
                seconds=time.perf_counter() - started,
                finished_at=timezone.now(),
            )
    except Exception as error:
        partial.unlink(missing_ok=True)
        _fail(report_id, f"{type(error).__name__}: {error}")
        raise
    report.refresh_from_db()
    return report
