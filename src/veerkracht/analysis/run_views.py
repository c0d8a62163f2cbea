# SPDX-License-Identifier: EUPL-1.2
"""Pages of analysis runs: the list, the form that queues a new run, and a run's progress and result."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veerkracht.analysis import services
from veerkracht.analysis.forms import AnalysisRequestForm
from veerkracht.analysis.models import AnalysisRun
from veerkracht.analysis.queries import is_interrupted
from veerkracht.analysis.report_views import report_state
from veerkracht.core.permissions import permission_required

# How often the run's page asks for progress while the run is queued or running (milliseconds).
POLL_INTERVAL_MS = 1500


def run_state(run: AnalysisRun) -> dict[str, Any]:
    """What a person sees of a run: its status in words, its progress, and where its result is."""
    interrupted = is_interrupted(run, timezone.now())
    status = "interrupted" if interrupted else run.status
    labels = {
        "queued": _("In de wachtrij"),
        "running": _("Bezig"),
        "succeeded": _("Klaar"),
        "failed": _("Mislukt"),
        "interrupted": _("Onderbroken"),
    }
    total = run.progress_total
    done = min(run.progress_done, total) if total else 0
    finished = status in {"succeeded", "failed", "interrupted"}
    step = _(run.progress_step) if run.progress_step else ""
    if status == "queued":
        step_text = _("Wacht op de worker.")
    elif step and not finished:
        numbers = {"done": done + 1, "total": total, "step": step}
        step_text = _("Stap %(done)s van %(total)s: %(step)s") % numbers
    else:
        step_text = ""
    return {
        "id": run.pk,
        "status": status,
        "status_label": labels[status],
        "finished": finished,
        "step": step,
        "step_text": step_text,
        "done": done,
        "total": total,
        "percent": round(100 * done / total) if total else 0,
        "attempts": run.attempts,
        "error": _(run.error) if run.error and status == "failed" else "",
        "can_retry": status in {"failed", "interrupted"},
        "result_url": f"{reverse('monitor')}?run={run.pk}" if status == "succeeded" else None,
    }


@permission_required("monitor.analyse")
def run_list(request: HttpRequest) -> HttpResponse:
    """All runs, newest first, with their status."""
    runs = AnalysisRun.objects.select_related("created_by")[:100]
    rows = [{"run": run, "state": run_state(run)} for run in runs]
    return render(request, "analysis/runs.html", {"rows": rows})


@permission_required("monitor.analyse")
def run_new(request: HttpRequest) -> HttpResponse:
    """The form; a valid request is queued as a background task and the person follows it on its page."""
    form = AnalysisRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = services.queue_analysis(
            gemeenten=data["gemeenten"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            periods=form.periods(),
            preset=data["preset"],
            reference=data["reference"],
            name=data["name"],
            actor=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, _("Analyse #%(id)s staat in de wachtrij.") % {"id": run.pk})
        return redirect("analysis-run", run_id=run.pk)
    return render(request, "analysis/run_new.html", {"form": form})


@permission_required("monitor.analyse")
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    """One run: progress while it runs, then the result or the reason it failed."""
    run = get_object_or_404(AnalysisRun.objects.select_related("created_by"), pk=run_id)
    return render(
        request,
        "analysis/run_detail.html",
        {
            "run": run,
            "state": run_state(run),
            "report": report_state(run) if run.status == AnalysisRun.Status.SUCCEEDED else None,
            "poll_interval": POLL_INTERVAL_MS,
        },
    )


@permission_required("monitor.analyse")
def run_progress(request: HttpRequest, run_id: int) -> JsonResponse:
    """The run's state as JSON, for the page's progress island."""
    run = get_object_or_404(AnalysisRun, pk=run_id)
    return JsonResponse(run_state(run), headers={"Cache-Control": "no-store"})


@permission_required("monitor.analyse")
@require_POST
def run_retry(request: HttpRequest, run_id: int) -> HttpResponse:
    """Queue a failed or interrupted run again."""
    get_object_or_404(AnalysisRun, pk=run_id)
    try:
        services.retry_analysis(run_id, actor=request.user)  # type: ignore[arg-type]
    except services.AnalysisNotRetryable as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Analyse #%(id)s staat opnieuw in de wachtrij.") % {"id": run_id})
    return redirect("analysis-run", run_id=run_id)
