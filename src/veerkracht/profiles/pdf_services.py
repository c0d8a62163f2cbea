# SPDX-License-Identifier: EUPL-1.2
"""Write API of the profile PDFs: ask for one (a background task makes it) and make it (ADR 0024).

A PDF shows what its owner may see. It is made for the person who asked, kept with them as owner and
the fingerprint of their roles (``scope``), and given only to them while those roles are unchanged.
Asking again for the same area replaces the earlier PDF: one per person and area is kept.
"""

import hashlib
import logging
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from veerkracht.areas.models import Area
from veerkracht.core.models import User
from veerkracht.core.services import record_audit
from veerkracht.profiles.models import PdfStatus, ProfilePdf

logger = logging.getLogger(__name__)

#: A PDF still waiting or being made after this long lost its worker; the person may ask again.
STALE_AFTER = timedelta(minutes=15)


def scope_of(user: User) -> str:
    """A fingerprint of the person's active roles per organisation: what decides what they may see."""
    roles = sorted(
        f"{organisation}:{role}"
        for organisation, role in user.memberships.filter(active=True).values_list("organisation_id", "role")
    )
    return hashlib.sha256("|".join(roles).encode()).hexdigest()


@transaction.atomic
def request_profile_pdf(user: User, area: Area, *, year: int, language: str) -> ProfilePdf:
    """Queue the PDF of the area's profile for this person; the task starts once the request is saved."""
    ProfilePdf.objects.filter(owner=user, area_code=area.code).delete()
    pdf = ProfilePdf.objects.create(
        owner=user,
        area_code=area.code,
        year=year,
        language=language[:8],
        scope=scope_of(user),
        requested_at=timezone.now(),
    )
    record_audit(
        "profiles.pdf_requested",
        actor=user,
        object_type="profile_pdf",
        object_id=pdf.pk,
        detail={"area": area.code, "year": year},
    )
    transaction.on_commit(lambda: _enqueue(pdf.pk))
    return pdf


def _enqueue(pdf_id: int) -> None:
    from veerkracht.profiles.tasks import make_profile_pdf

    try:
        result = make_profile_pdf.enqueue(pdf_id)
    except Exception as error:  # no queue: say so on the page rather than wait forever
        logger.exception("profile PDF %s could not be queued", pdf_id)
        ProfilePdf.objects.filter(pk=pdf_id).update(
            status=PdfStatus.FAILED, error=f"Kon niet in de wachtrij: {type(error).__name__}"
        )
        return
    ProfilePdf.objects.filter(pk=pdf_id).update(task_id=str(result.id)[:64])


def _progress(pdf_id: int) -> Callable[[str, int, int], None]:
    def report(step: str, done: int, total: int) -> None:
        ProfilePdf.objects.filter(pk=pdf_id, status=PdfStatus.RUNNING).update(
            step=step, done=done, total=total
        )

    return report


def make_profile_pdf(pdf_id: int) -> str:
    """Make a queued PDF (what the background task does); returns its status afterwards."""
    from veerkracht.profiles import printing
    from veerkracht.profiles.queries import find_area

    claimed = ProfilePdf.objects.filter(pk=pdf_id, status=PdfStatus.QUEUED).update(
        status=PdfStatus.RUNNING, total=printing.STEPS
    )
    if not claimed:
        return "gone"  # asked again meanwhile (this one was replaced) or already made
    pdf = ProfilePdf.objects.select_related("owner").filter(pk=pdf_id).first()
    if pdf is None:
        return "gone"  # replaced by a newer request just after it was claimed
    area = find_area(pdf.area_code)
    if area is None or scope_of(pdf.owner) != pdf.scope or not pdf.owner.is_active:
        return _fail(
            pdf_id, "Het gebied of uw rollen zijn veranderd sinds u de PDF vroeg; vraag hem opnieuw."
        )
    try:
        content = printing.render_profile(pdf.owner, area, pdf.year, pdf.language, _progress(pdf_id))
    except Exception as error:
        logger.exception("profile PDF %s failed", pdf_id)
        return _fail(pdf_id, f"De PDF kon niet worden gemaakt ({type(error).__name__}).")
    ProfilePdf.objects.filter(pk=pdf_id, status=PdfStatus.RUNNING).update(
        status=PdfStatus.DONE,
        content=content,
        done=printing.STEPS,
        step="",
        finished_at=timezone.now(),
    )
    return PdfStatus.DONE


def _fail(pdf_id: int, message: str) -> str:
    ProfilePdf.objects.filter(pk=pdf_id).update(
        status=PdfStatus.FAILED, error=message, finished_at=timezone.now()
    )
    return PdfStatus.FAILED


def record_pdf_download(user: User, pdf: ProfilePdf) -> None:
    """Who took a PDF home: the audit log records every download."""
    record_audit(
        "profiles.pdf_downloaded",
        actor=user,
        object_type="profile_pdf",
        object_id=pdf.pk,
        detail={"area": pdf.area_code, "year": pdf.year},
    )
