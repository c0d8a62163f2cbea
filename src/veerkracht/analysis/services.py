# SPDX-License-Identifier: EUPL-1.2
"""The one write API of analysis runs: run the veerkracht analysis and keep what went in and came out.

A run is either run here and now (:func:`start_analysis`: the CLI, the demo) or queued as a background task
(:func:`queue_analysis`: the web page), and a failed or interrupted run can be tried again
(:func:`retry_analysis`). Either way the results appear together with the status "succeeded", or not at all.
"""

import secrets
import shutil
from collections.abc import Callable, Sequence
from typing import Any, Literal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from veerkracht.analysis.heartbeat import heartbeat
from veerkracht.analysis.inputs import (
    LAND,
    GatheredInputs,
    complexes_of_hotspots,
    gather_inputs,
    national_reference_change,
)
from veerkracht.analysis.models import AnalysisRun
from veerkracht.analysis.queries import is_interrupted
from veerkracht.analysis.results import (
    discard_attempt,
    discard_results,
    publish_results,
    run_folder,
    stage_results,
)
from veerkracht.core.models import User
from veerkracht.core.services import record_audit
from veerkracht.monitor import (
    AnalysisParameters,
    NeedSupportParameters,
    ReferenceSpec,
    load_preset,
    run_analysis,
)

Progress = Callable[[str, int, int], None]
REFERENCE_SCOPES: dict[str, Literal["national", "municipal"]] = {
    "national": "national",
    "municipal": "municipal",
}
NEED_SUPPORT = NeedSupportParameters(support="wmo_begeleiding_per_1000", weight="inwoners")
# Step names are Dutch in the CLI and translated where a page shows them.
STEPS = (
    gettext_noop("gegevens verzamelen"),
    gettext_noop("analyseren"),
    gettext_noop("opslaan"),
    gettext_noop("klaar"),
)


class AnalysisNotRetryable(ValueError):
    """The run is still queued or running, or it succeeded: there is nothing to try again."""


class AttemptSuperseded(RuntimeError):
    """A newer attempt took over the run (it was retried while this one looked dead); this one stops."""


def _no_progress(_step: str, _done: int, _total: int) -> None:
    return None


def _reference(
    scope: str, gathered: GatheredInputs, indicator: str, start: int, end: int
) -> ReferenceSpec | None:
    """The reference the run asked for; nationally, all Dutch wijken when there is no NL00 figure."""
    if scope == "preset":
        return None
    if scope == "national":
        values = gathered.inputs.values
        national = values[(values["area_code"] == LAND) & (values["indicator"] == indicator)]
        if not {start, end} <= set(national.loc[national["value"].notna(), "period"]):
            change = national_reference_change(indicator, start, end)
            if change is not None:
                mean, count = change
                return ReferenceSpec(
                    scope="fixed", value=mean, label=f"Nederland (gemiddelde van {count} wijken)"
                )
    return ReferenceSpec(scope=REFERENCE_SCOPES[scope])


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
    progress: Progress = _no_progress,
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
    return _execute(run, parameters=parameters, progress=progress)


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
        _execute(run, parameters=None, progress=_no_progress)
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
        if _fail(run, error):
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
        _fail(run, f"Kon niet in de wachtrij: {type(error).__name__}: {error}")
        raise
    AnalysisRun.objects.filter(pk=run_id, attempt=attempt).update(task_id=str(result.id)[:64])


def _fail(run: AnalysisRun, error: str) -> bool:
    """Record the failure of the run's current attempt; False when a newer attempt took over."""
    with transaction.atomic():
        failed = AnalysisRun.objects.filter(
            pk=run.pk, attempt=run.attempt, status__in=[AnalysisRun.Status.QUEUED, AnalysisRun.Status.RUNNING]
        ).update(status=AnalysisRun.Status.FAILED, error=error, finished_at=timezone.now())
        if failed:
            record_audit(
                "analysis.failed",
                actor=run.created_by,
                object_type="analysis_run",
                object_id=run.pk,
                detail={"error": error[:500]},
            )
    return bool(failed)


def _recorder(run: AnalysisRun, progress: Progress) -> Progress:
    """A progress callback that also writes the step to the run's row, for its page."""

    def record(step: str, done: int, total: int) -> None:
        AnalysisRun.objects.filter(pk=run.pk, attempt=run.attempt).update(
            progress_step=step[:80], progress_done=done, progress_total=total, heartbeat_at=timezone.now()
        )
        progress(step, done, total)

    return record


def _execute(run: AnalysisRun, *, parameters: dict[str, Any] | None, progress: Progress) -> AnalysisRun:
    """Analyse, stage the frames, then publish them in the transaction that marks the run succeeded."""
    chosen = load_preset(run.preset_name)
    gemeenten = list(run.gemeenten)
    report = _recorder(run, progress)
    renamed = False
    try:
        with heartbeat(run.pk, run.attempt):
            report(STEPS[0], 0, 3)
            gathered = gather_inputs(gemeenten, run.periods, run.indeling_year)
            report(STEPS[1], 1, 3)
            extra = dict(parameters or {})
            present = set(gathered.inputs.values["indicator"].unique())
            if "need_support" not in extra and NEED_SUPPORT.support.removesuffix("_per_1000") in present:
                # Seed 001, Kaart 2-5: does support (WMO begeleiding) go where the vulnerable residents live?
                extra["need_support"] = NEED_SUPPORT
            analysis_parameters = AnalysisParameters(
                period_start=run.period_start,
                period_end=run.period_end,
                reference=_reference(
                    run.reference, gathered, chosen.nuisance.indicator, run.period_start, run.period_end
                ),
                **extra,
            )
            result = run_analysis(gathered.inputs, chosen, analysis_parameters)
            report(STEPS[2], 2, 3)
            frames = result.frames()
            frames["hidden_hotspots"] = complexes_of_hotspots(
                frames["hidden_hotspots"], gemeenten, run.indeling_year
            )
            staging = stage_results(run.pk, run.attempt, frames)
        manifest = result.manifest
        with transaction.atomic():
            published = AnalysisRun.objects.filter(pk=run.pk, attempt=run.attempt).update(
                status=AnalysisRun.Status.SUCCEEDED,
                preset_version=chosen.version,
                preset_sha256=chosen.sha256,
                parameters=manifest["parameters"],
                code_version=manifest["code_version"],
                inputs=manifest["inputs"],
                crosswalks=gathered.crosswalks,
                manifest=manifest,
                summary={
                    "classes": manifest["counts"]["classes"],
                    "hidden_hotspots": len(result.hidden_hotspots),
                },
                synthetic=gathered.synthetic,
                progress_step=STEPS[3],
                progress_done=3,
                progress_total=3,
                finished_at=timezone.now(),
            )
            if not published:
                raise AttemptSuperseded(f"run {run.pk}: attempt {run.attempt} was superseded")
            record_audit(
                "analysis.succeeded",
                actor=run.created_by,
                object_type="analysis_run",
                object_id=run.pk,
                detail={"preset": f"{chosen.name} {chosen.version}", "gemeenten": gemeenten},
            )
            # Last step inside the transaction: if the rename fails the status rolls back with it; if the
            # process dies after it but before the commit, the run stays "running", nobody reads the
            # folder of a run that did not succeed, and a retry replaces it.
            publish_results(run.pk, staging)
            renamed = True
    except BaseException as error:
        # Nothing of a failed attempt stays: neither its staging folder nor a folder it renamed into place
        # in a transaction that then did not commit.
        discard_attempt(run.pk, run.attempt)
        if renamed:
            shutil.rmtree(run_folder(run.pk), ignore_errors=True)
        if not isinstance(error, AttemptSuperseded):
            interrupted = isinstance(error, KeyboardInterrupt | SystemExit)
            reason = (
                gettext_noop("Onderbroken: de worker of het commando werd gestopt.")
                if interrupted
                else f"{type(error).__name__}: {error}"
            )
            _fail(run, reason)
        raise
    progress(STEPS[3], 3, 3)
    run.refresh_from_db()
    return run
