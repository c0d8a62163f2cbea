# SPDX-License-Identifier: EUPL-1.2
"""The privacy officer's pages: who has seen a dossier, and the subject's copy for an AVG access request.

The privacy officer (``core.view_audit`` in the dossier's organisation) need not read the dossier itself:
the list shows references and dates only, the page who read it and when. The subject's copy
(``queries.subject.subject_copy``) holds no reporter or witness, not even by pseudonym, and no melding's
description; making it is written in the audit log.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from veerkracht.cases.dossier_access import VIEW_AUDIT, organisations_with
from veerkracht.cases.dossier_rulebook import dossier_rules
from veerkracht.cases.models import Dossier, Party, PartyRole
from veerkracht.cases.queries.labels import in_language
from veerkracht.cases.queries.readers import dossier_for_privacy_officer, who_has_seen
from veerkracht.cases.queries.subject import subject_copy
from veerkracht.cases.views.base import login_required, person
from veerkracht.core.pdf import render_pdf
from veerkracht.core.services import record_audit

LIST_LIMIT = 200
SUBJECT_COPY_TEMPLATE = "cases/dossiers/subject_copy_pdf.html"


def _for_officer(request: HttpRequest, dossier_reference: str) -> Dossier:
    try:
        return dossier_for_privacy_officer(request.user, reference=dossier_reference)
    except Dossier.DoesNotExist as missing:
        raise Http404 from missing


@login_required
@require_GET
def privacy_list(request: HttpRequest) -> HttpResponse:
    """The dossiers of my organisations by reference, to look up who has seen one."""
    organisations = organisations_with(request.user, VIEW_AUDIT)
    if not organisations:
        raise PermissionDenied(VIEW_AUDIT)
    wanted = request.GET.get("kenmerk", "").strip()
    if wanted:
        found = Dossier.objects.filter(organisation_id__in=organisations).by_reference(wanted).first()
        if found is not None:
            return redirect("cases-dossier-privacy", dossier_reference=found.reference)
    types = {code: in_language(spec.label) for code, spec in dossier_rules().types.file.types.items()}
    dossiers = list(
        Dossier.objects.filter(organisation_id__in=organisations)
        .select_related("organisation")
        .order_by("-opened_at", "-id")[:LIST_LIMIT]
    )
    rows = [(d, types.get(d.dossier_type, d.dossier_type)) for d in dossiers]
    return render(
        request,
        "cases/dossiers/privacy_list.html",
        {"rows": rows, "wanted": wanted, "not_found": bool(wanted)},
    )


@login_required
@require_GET
def privacy_page(request: HttpRequest, dossier_reference: str) -> HttpResponse:
    """Who has seen this dossier (staff reads and partners' reads of its referrals), newest first."""
    dossier = _for_officer(request, dossier_reference)
    subjects = list(Party.objects.filter(dossier=dossier, role=PartyRole.SUBJECT).order_by("number"))
    context = {"dossier": dossier, "reads": who_has_seen(dossier), "subjects": subjects}
    return render(request, "cases/dossiers/privacy.html", context)


@login_required
@require_GET
def subject_copy_pdf(request: HttpRequest, dossier_reference: str, party_id: int) -> HttpResponse:
    """What the dossier holds about its subject, as a PDF to send them (AVG article 15)."""
    dossier = _for_officer(request, dossier_reference)
    subject = Party.objects.filter(dossier=dossier, role=PartyRole.SUBJECT, pk=party_id).first()
    if subject is None:
        raise Http404
    copy = subject_copy(dossier, subject)
    record_audit(
        "dossier.subject_copy_made",
        actor=person(request),
        organisation=dossier.organisation,
        object_type="dossier",
        object_id=dossier.pk,
        detail={"party": subject.pk},
    )
    content = render_pdf(SUBJECT_COPY_TEMPLATE, {"copy": copy, "dossier": dossier}, language=get_language())
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="inzage-{dossier.reference}-{subject.number}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response
