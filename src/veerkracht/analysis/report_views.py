# SPDX-License-Identifier: EUPL-1.2
"""The city report on a run's page: ask for it, follow its progress, download the PDF.

Who may start analyses (``monitor.analyse``) may ask for and download the report; the PDF is made by the
background worker (ADR 0025), never in the request.
"""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veerkracht.analysis import services
from veerkracht.analysis.models import AnalysisRun, CityReport
from veerkracht.core.permissions import permission_required


def _step_words(step: str) -> str:
    words = {
        "kaarten": _("de kaarten voorbereiden"),
        "lagen": _("de kaarten en teksten per onderwerp"),
        "veerkrachtkaart": _("de veerkrachtkaart"),
        "bijlage": _("de bijlage"),
        "pdf": _("de PDF opmaken"),
        "klaar": _("klaar"),
    }
    return words.get(step, step)


def latest_report(run: AnalysisRun) -> CityReport | None:
    return run.city_reports.order_by("-requested_at", "-id").first()


def report_state(run: AnalysisRun) -> dict[str, Any]:
    """The newest city report of the run as a person sees it: status, progress, and its download."""
    report = latest_report(run)
    if report is None:
        return {"status": "none", "status_label": _("Nog niet gemaakt"), "finished": True, "report": None}
    labels = {
        "queued": _("In de wachtrij"),
        "running": _("Bezig"),
        "succeeded": _("Klaar"),
        "failed": _("Mislukt"),
    }
    total = report.progress_total
    done = min(report.progress_done, total) if total else 0
    finished = report.status in {CityReport.Status.SUCCEEDED, CityReport.Status.FAILED}
    if report.status == CityReport.Status.QUEUED:
        step_text = _("Wacht op de worker.")
    elif report.progress_step and not finished:
        numbers = {"done": done + 1, "total": total, "step": _step_words(report.progress_step)}
        step_text = _("Stap %(done)s van %(total)s: %(step)s") % numbers
    else:
        step_text = ""
    succeeded = report.status == CityReport.Status.SUCCEEDED
    return {
        "status": str(report.status),
        "status_label": labels[str(report.status)],
        "finished": finished,
        "step_text": step_text,
        "done": done,
        "total": total,
        "percent": round(100 * done / total) if total else 0,
        "error": _("Het rapport kon niet gemaakt worden.")
        if report.status == CityReport.Status.FAILED
        else "",
        "download_url": reverse("analysis-run-report-pdf", args=[run.pk]) if succeeded else None,
        "size_kb": round(report.size / 1024) if succeeded else 0,
        "report": report.pk,
    }


@permission_required("monitor.analyse")
@require_POST
def report_request(request: HttpRequest, run_id: int) -> HttpResponse:
    """Queue the city report of the run in the language of the page."""
    run = get_object_or_404(AnalysisRun, pk=run_id)
    try:
        services.queue_city_report(run, language=get_language() or "nl", actor=request.user)  # type: ignore[arg-type]
    except services.ReportNotPossible as refusal:
        messages.error(request, _(str(refusal)))
    else:
        messages.success(request, _("Het stadsrapport staat in de wachtrij."))
    return redirect(f"{reverse('analysis-run', args=[run.pk])}#report-progress")


@permission_required("monitor.analyse")
def report_progress(request: HttpRequest, run_id: int) -> JsonResponse:
    """The newest report's state as JSON, for the page's progress island."""
    run = get_object_or_404(AnalysisRun, pk=run_id)
    state = report_state(run)
    return JsonResponse(state, headers={"Cache-Control": "no-store"})


@permission_required("monitor.analyse")
def report_pdf(request: HttpRequest, run_id: int) -> HttpResponse:
    """The newest finished city report of the run."""
    run = get_object_or_404(AnalysisRun, pk=run_id)
    report = (
        run.city_reports.filter(status=CityReport.Status.SUCCEEDED).order_by("-finished_at", "-id").first()
    )
    path = services.report_file(report) if report else None
    if report is None or path is None or not path.exists():
        raise Http404
    name = f"stadsrapport-analyse-{run.pk}{'-synthetisch' if run.synthetic else ''}.pdf"
    # A report is a few hundred kilobytes: read whole, as the other PDFs of the project are sent.
    return HttpResponse(
        path.read_bytes(),
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(True, name)},
    )
