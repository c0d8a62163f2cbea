# SPDX-License-Identifier: EUPL-1.2
"""Reads of the profile PDFs: a person's own PDF of an area, and its state for the page (ADR 0024).

Nobody reads another person's PDF: every read starts from the owner. A PDF made for roles the person no
longer has counts as gone.
"""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from veerkracht.profiles.models import PdfStatus, ProfilePdf
from veerkracht.profiles.pdf_services import STALE_AFTER, scope_of


def _step_labels() -> dict[str, str]:
    return {
        "figures": _("De cijfers verzamelen"),
        "maps": _("De kaarten tekenen"),
        "layout": _("De pagina's opmaken"),
    }


def _own(user: Any) -> Any:
    if not user.is_authenticated:
        return ProfilePdf.objects.none()
    return ProfilePdf.objects.filter(owner=user, scope=scope_of(user)).defer("content")


def own_pdf(user: Any, pk: int) -> ProfilePdf | None:
    """The person's PDF with this number, made for the roles they have now; None for anyone else's."""
    return _own(user).filter(pk=pk).first()


def latest_pdf(user: Any, area_code: str) -> ProfilePdf | None:
    """The person's PDF of the area, if they asked for one."""
    return _own(user).filter(area_code=area_code).order_by("-requested_at", "-pk").first()


def pdf_content(pdf: ProfilePdf) -> bytes | None:
    """The finished PDF's bytes."""
    if pdf.status != PdfStatus.DONE:
        return None
    content = ProfilePdf.objects.filter(pk=pdf.pk).values_list("content", flat=True).first()
    return bytes(content) if content is not None else None


def interrupted(pdf: ProfilePdf) -> bool:
    """Still waiting or being made long after it was asked: its worker stopped."""
    return not pdf.finished and timezone.now() - pdf.requested_at > STALE_AFTER


def pdf_state(pdf: ProfilePdf) -> dict[str, Any]:
    """What the page shows of the PDF while it is made and when it is ready (also as JSON)."""
    stale = interrupted(pdf)
    status = PdfStatus.FAILED if stale else PdfStatus(pdf.status)
    total = max(pdf.total, 1)
    error = pdf.error
    if stale:
        error = _("Het maken van de PDF is gestopt. Vraag hem opnieuw aan.")
    return {
        "id": pdf.pk,
        "status": str(status),
        "status_label": str(status.label),
        "step_text": _step_labels().get(pdf.step, ""),
        "done": pdf.done,
        "total": total,
        "percent": round(100 * pdf.done / total),
        "finished": status in (PdfStatus.DONE, PdfStatus.FAILED),
        "error": error,
        "download_url": reverse("profiles-pdf-download", args=[pdf.pk]) if status == PdfStatus.DONE else "",
    }


def pdf_panel(user: Any, area_code: str) -> dict[str, Any] | None:
    """The state of the person's PDF of the area for the profile page, or None when they asked for none."""
    found = latest_pdf(user, area_code)
    return None if found is None else {**pdf_state(found), "year": found.year}
