# SPDX-License-Identifier: EUPL-1.2
"""The one write API of analysis runs: run the veerkracht analysis and keep what went in and came out."""

from collections.abc import Callable, Sequence
from typing import Any, Literal

from django.db import transaction
from django.utils import timezone

from veerkracht.analysis.inputs import (
    LAND,
    GatheredInputs,
    complexes_of_hotspots,
    gather_inputs,
    national_reference_change,
)
from veerkracht.analysis.models import AnalysisRun
from veerkracht.analysis.results import write_results
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
    """Run the analysis for the gemeenten and store it; a failure is stored too, with its reason."""
    chosen = load_preset(preset)
    all_periods = sorted(set(periods or ()) | {period_start, period_end})
    indeling = indeling_year or period_end
    with transaction.atomic():
        run = AnalysisRun.objects.create(
            name=name or f"{preset} {', '.join(gemeenten)} {period_start}-{period_end}",
            gemeenten=list(gemeenten),
            indeling_year=indeling,
            period_start=period_start,
            period_end=period_end,
            periods=all_periods,
            preset_name=chosen.name,
            preset_version=chosen.version,
            preset_sha256=chosen.sha256,
            code_version="",
            created_by=actor,
            started_at=timezone.now(),
        )
    try:
        progress("gegevens verzamelen", 0, 3)
        gathered = gather_inputs(gemeenten, all_periods, indeling)
        progress("analyseren", 1, 3)
        extra = dict(parameters or {})
        present = set(gathered.inputs.values["indicator"].unique())
        if "need_support" not in extra and NEED_SUPPORT.support.removesuffix("_per_1000") in present:
            # Seed 001, Kaart 2-5: does support (WMO begeleiding) go where the vulnerable residents live?
            extra["need_support"] = NEED_SUPPORT
        analysis_parameters = AnalysisParameters(
            period_start=period_start,
            period_end=period_end,
            reference=_reference(reference, gathered, chosen.nuisance.indicator, period_start, period_end),
            **extra,
        )
        result = run_analysis(gathered.inputs, chosen, analysis_parameters)
        progress("opslaan", 2, 3)
        frames = result.frames()
        frames["hidden_hotspots"] = complexes_of_hotspots(frames["hidden_hotspots"], gemeenten, indeling)
        write_results(run.pk, frames)
    except Exception as error:
        run.status = AnalysisRun.Status.FAILED
        run.error = f"{type(error).__name__}: {error}"
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        record_audit(
            "analysis.failed",
            actor=actor,
            object_type="analysis_run",
            object_id=run.pk,
            detail={"error": run.error[:500]},
        )
        raise
    manifest = result.manifest
    with transaction.atomic():
        run.status = AnalysisRun.Status.SUCCEEDED
        run.parameters = manifest["parameters"]
        run.code_version = manifest["code_version"]
        run.inputs = manifest["inputs"]
        run.crosswalks = gathered.crosswalks
        run.manifest = manifest
        run.summary = {
            "classes": manifest["counts"]["classes"],
            "hidden_hotspots": len(result.hidden_hotspots),
        }
        run.synthetic = gathered.synthetic
        run.finished_at = timezone.now()
        run.save()
        record_audit(
            "analysis.succeeded",
            actor=actor,
            object_type="analysis_run",
            object_id=run.pk,
            detail={"preset": f"{chosen.name} {chosen.version}", "gemeenten": list(gemeenten)},
        )
    progress("klaar", 3, 3)
    return run
