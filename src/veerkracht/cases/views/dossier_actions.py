# SPDX-License-Identifier: EUPL-1.2
"""What the forms of a dossier's page do: add a melding or a party, hear a party, take a step, refer, close;
and the court file as a PDF.

A dossier the person may not read answers 404 as a missing one; one they may read but not handle answers
403. The services decide the rest and their Dutch errors are shown above the form that was posted.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from veerkracht.cases.access import get_visible
from veerkracht.cases.dossier_access import can_edit_dossier, can_refer
from veerkracht.cases.models import Dossier, Melding, Party, PartyRole
from veerkracht.cases.queries.chronology import COURT_FILE_TEMPLATE, court_file_context
from veerkracht.cases.queries.dossiers import dossier_detail
from veerkracht.cases.queries.ladder import position
from veerkracht.cases.services import dossier_status, dossiers, ladder, parties, referrals
from veerkracht.cases.services.attachments import Upload
from veerkracht.cases.services.dossier_common import DossierError
from veerkracht.cases.services.errors import NotAllowed
from veerkracht.cases.views.base import login_required, person
from veerkracht.cases.views.dossier_forms import (
    CloseForm,
    HearingRecordForm,
    LadderStepForm,
    LinkForm,
    PartyForm,
    ReferForm,
    at_or_now,
)
from veerkracht.cases.views.dossiers import approvers_of, capital, render_dossier, visible_dossier
from veerkracht.core.pdf import render_pdf

NOT_FOUND = gettext_lazy("Er is geen melding met dit kenmerk die u mag inzien.")


def editable_dossier(request: HttpRequest, dossier_reference: str) -> Dossier:
    dossier = visible_dossier(request, dossier_reference)
    if not can_edit_dossier(request.user, dossier):
        raise PermissionDenied("cases.edit")
    return dossier


def handle_form(
    request: HttpRequest, dossier: Dossier, form: forms.Form, action: Callable[[], str]
) -> HttpResponse:
    """Run the service if the form is valid; on success back to the dossier, else the page with errors."""
    if form.is_valid():
        try:
            done = action()
        except Melding.DoesNotExist:
            form.add_error(None, NOT_FOUND)
        except (DossierError, NotAllowed, Party.DoesNotExist) as error:
            form.add_error(None, capital(str(error)))
        else:
            messages.success(request, done)
            return redirect("cases-dossier", dossier_reference=dossier.reference)
    return render_dossier(request, dossier, {form.prefix or "": form}, status=400)


@login_required
@require_POST
def dossier_link(request: HttpRequest, dossier_reference: str) -> HttpResponse:
    """Add a melding to the dossier (also posted from a melding's page)."""
    dossier = editable_dossier(request, dossier_reference)
    form = LinkForm(request.POST)

    def act() -> str:
        melding = get_visible(request.user, reference=form.cleaned_data["melding"].strip())
        added = dossiers.add_meldingen(dossier, [melding], actor=person(request))
        if not added:
            return _("Melding %(melding)s zat al in dit dossier.") % {"melding": melding.reference}
        return _("Melding %(melding)s is aan het dossier toegevoegd.") % {"melding": melding.reference}

    return handle_form(request, dossier, form, act)


@login_required
@require_POST
def dossier_party(request: HttpRequest, dossier_reference: str) -> HttpResponse:
    dossier = editable_dossier(request, dossier_reference)
    form = PartyForm(request.POST)

    def act() -> str:
        data = form.cleaned_data
        melding = get_visible(request.user, reference=data["melding"].strip()) if data["melding"] else None
        parties.add_party(
            dossier,
            parties.NewParty(
                role=data["role"],
                name=data["name"],
                address=data["address"],
                phone=data["phone"],
                email=data["email"],
                description=data["description"],
                melding=melding,
            ),
            actor=person(request),
        )
        return _("De betrokkene is toegevoegd.")

    return handle_form(request, dossier, form, act)


@login_required
@require_POST
def dossier_hearing(request: HttpRequest, dossier_reference: str) -> HttpResponse:
    """Record hoor en wederhoor of one party."""
    dossier = editable_dossier(request, dossier_reference)
    form = HearingRecordForm(request.POST, parties=dossier_detail(request.user, dossier).parties)

    def act() -> str:
        data = form.cleaned_data
        party = Party.objects.get(dossier=dossier, pk=int(data["party"]))
        parties.record_hearing(
            party,
            held_at=at_or_now(data["held_at"]),
            form=data["form"],
            statement=data["statement"],
            responded=data["responded"],
            actor=person(request),
        )
        return _("Hoor en wederhoor is vastgelegd.")

    return handle_form(request, dossier, form, act)


@login_required
@require_POST
def dossier_step(request: HttpRequest, dossier_reference: str) -> HttpResponse:
    """Take a step of the ladder, with evidence; skipping preconditions needs a reason and a coördinator."""
    dossier = editable_dossier(request, dossier_reference)
    code = request.POST.get("step", "")
    found = position(dossier)
    next_step = next((s for s in found.next_steps if s.code == code), None) if found else None
    if next_step is None:
        messages.error(request, _("Deze stap kan nu niet; het dossier is intussen misschien gewijzigd."))
        return redirect("cases-dossier", dossier_reference=dossier.reference)
    form = LadderStepForm(request.POST, request.FILES, step=next_step, approvers=approvers_of(dossier))

    def act() -> str:
        data = form.cleaned_data
        evidence = []
        if data["evidence_kind"]:
            upload = data.get("evidence_file")
            evidence.append(
                ladder.Evidence(
                    data["evidence_kind"],
                    data["evidence_description"],
                    data["evidence_date"],
                    Upload(upload.name or "bewijs", upload.read()) if upload else None,
                )
            )
        ladder.take_step(
            dossier,
            next_step.code,
            outcome=data["outcome"],
            actor=person(request),
            taken_at=at_or_now(data["taken_at"]),
            evidence=evidence,
            notes=data["notes"],
            skip_reason=data.get("skip_reason", ""),
            approved_by=form.approver(),
        )
        return _("Gedaan: %(step)s.") % {"step": next_step.label}

    return handle_form(request, dossier, form, act)


@login_required
@require_POST
def dossier_refer(request: HttpRequest, dossier_reference: str) -> HttpResponse:
    """Refer to a partner: share the chosen fields once, on a covenant or the subject's consent."""
    dossier = editable_dossier(request, dossier_reference)
    if not can_refer(request.user, dossier):
        raise PermissionDenied("cases.refer")
    subjects = [p for p in dossier_detail(request.user, dossier).parties if p.role == PartyRole.SUBJECT]
    form = ReferForm(request.POST, dossier=dossier, subjects=subjects)

    def act() -> str:
        data = form.cleaned_data
        partner = form.partners[data["partner"]]
        consent_party = (
            Party.objects.get(dossier=dossier, pk=int(data["consent_party"]))
            if data["consent_party"]
            else None
        )
        referrals.refer(
            dossier,
            referrals.NewReferral(
                partner=partner,
                partner_kind=data["partner_kind"],
                purpose=data["purpose"],
                fields=data["fields_shared"],
                covenant=form.covenants.get(data["covenant"] or ""),
                consent_on=data["consent_on"],
                consent_scope=data["consent_scope"],
                consent_party=consent_party,
                ends_at=form.ends_at(),
            ),
            actor=person(request),
        )
        return _("Doorverwezen naar %(partner)s.") % {"partner": partner.name}

    return handle_form(request, dossier, form, act)


@login_required
@require_POST
def dossier_close(request: HttpRequest, dossier_reference: str) -> HttpResponse:
    """Close the dossier with an outcome; its referrals end with it."""
    dossier = editable_dossier(request, dossier_reference)
    form = CloseForm(request.POST)

    def act() -> str:
        data = form.cleaned_data
        dossier_status.close_dossier(
            dossier, outcome=data["outcome"], reason=data["reason"], actor=person(request)
        )
        return _("Het dossier is gesloten.")

    return handle_form(request, dossier, form, act)


@login_required
@require_GET
def court_file(request: HttpRequest, dossier_reference: str) -> HttpResponse:
    """The dossier in chronological order as a PDF for a court case (making it is recorded as a read)."""
    dossier = visible_dossier(request, dossier_reference)
    content = render_pdf(
        COURT_FILE_TEMPLATE, court_file_context(person(request), dossier), language=get_language()
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="dossier-{dossier.reference}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
