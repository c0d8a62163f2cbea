# SPDX-License-Identifier: EUPL-1.2
"""One attempt of an analysis run: gather the inputs, analyse, stage the frames, publish them with the status.

Called only from :mod:`veerkracht.analysis.services`, the app's write API. An attempt holds a token
(``AnalysisRun.attempt``); it writes progress, its failure or its result only while the run still carries
that token, so an attempt that was replaced by a retry cannot overwrite its successor.
"""

import shutil
from collections.abc import Callable
from typing import Any, Literal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
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
from veerkracht.analysis.results import discard_attempt, publish_results, run_folder, stage_results
from veerkracht.core.services import record_audit
from veerkracht.monitor import (
    AnalysisParameters,
    NeedSupportParameters,
    ReferenceSpec,
    load_preset,
    run_analysis,
)
from veerkracht.monitor.catalogue import build_catalogue
from veerkracht.monitor.provenance import input_provenance

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


class AttemptSuperseded(RuntimeError):
    """A newer attempt took over the run (it was retried while this one looked dead); this one stops."""


def no_progress(_step: str, _done: int, _total: int) -> None:
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
                mean, count, note = change
                label = f"Nederland (gemiddelde van {count} wijken{'; ' + note if note else ''})"
                return ReferenceSpec(scope="fixed", value=mean, label=label)
    return ReferenceSpec(scope=REFERENCE_SCOPES[scope])


def fail_attempt(run: AnalysisRun, error: str) -> bool:
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


def execute_attempt(
    run: AnalysisRun, *, parameters: dict[str, Any] | None, progress: Progress
) -> AnalysisRun:
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
            # The platform's privacy minimum holds in every run; a catalogue rule may only be stricter.
            extra.setdefault("suppression_floor", float(settings.VEERKRACHT_PRIVACY_THRESHOLD))
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
            # Which inputs are real and which synthetic, per indicator and per layer: the page says it.
            provenance = input_provenance(
                gathered.inputs.values,
                gathered.inputs.areas,
                build_catalogue(gathered.inputs.catalogue),
                chosen,
                period_start=run.period_start,
                period_end=run.period_end,
            )
        manifest = {**result.manifest, "provenance": provenance}
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
            fail_attempt(run, reason)
        raise
    progress(STEPS[3], 3, 3)
    run.refresh_from_db()
    return run
