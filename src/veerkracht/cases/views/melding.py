# SPDX-License-Identifier: EUPL-1.2
"""A melding's page: what, where, its clocks and timeline, related meldingen, and the next steps as forms.

Reading it needs only the visibility rule (a bewonerskracht reads what they submitted); a melding the
person may not read answers the same 404 as one that does not exist. The forms show for who may handle
it; posting them without that right is refused (403: the person can read it, so it exists for them).
"""

from __future__ import annotations

import mimetypes
from dataclasses import replace
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from veerkracht.cases.access import can_edit, can_view, can_view_reporter_contact, get_visible, grants_of
from veerkracht.cases.models import Attachment, Clock, Melding, ReporterContact
from veerkracht.cases.queries import labels, places
from veerkracht.cases.queries.clock_lines import clock_lines
from veerkracht.cases.queries.melding import allowed_steps, timeline
from veerkracht.cases.services import assignment, clocks, links, transitions
from veerkracht.cases.services.errors import ClockError, NotAllowed, WorkflowError
from veerkracht.cases.services.routing import MANAGE
from veerkracht.cases.views.base import login_required, person, visible_melding
from veerkracht.cases.views.dossiers import melding_panel
from veerkracht.cases.views.melding_forms import LINK, ClockForm, ReassignForm, StepForm
from veerkracht.core.permissions import has_permission
from veerkracht.core.services import record_audit

RELATED_LIMIT = 10


def _clock_forms(melding: Melding, bound: dict[str, forms.Form]) -> list[dict[str, Any]]:
    """Per running or paused clock: what it is, and the form that pauses or resumes it."""
    latest: dict[str, Clock] = {}
    for clock in Clock.objects.filter(melding=melding).order_by("kind", "sequence"):
        latest[clock.kind] = clock
    found: list[dict[str, Any]] = []
    for clock in latest.values():
        if clock.frozen_at is not None:
            continue
        pause = clock.pauses.filter(resumed_at__isnull=True).first()
        if pause is not None and pause.source != clocks.MANUAL:
            # A status paused it; leaving that status (a step) lets it run again.
            found.append({"clock": clock, "form": None, "paused_by_status": True})
            continue
        action = "resume" if pause is not None else "pause"
        form = bound.get(f"klok-{clock.pk}") or ClockForm(clock=clock, action=action)
        found.append({"clock": clock, "form": form, "action": action, "paused_by_status": False})
    return found


def _related(request: HttpRequest, melding: Melding) -> dict[str, Any]:
    visible = Melding.objects.visible_to(request.user).select_related("organisation")
    parent = None
    if melding.duplicate_of_id is not None:
        parent = visible.filter(pk=melding.duplicate_of_id).first()
    same_address: list[Melding] = []
    if melding.address_key:
        same_address = list(
            visible.filter(address_key=melding.address_key)
            .exclude(pk=melding.pk)
            .exclude(duplicate_of=melding)
            .order_by("-received_at", "-id")[:RELATED_LIMIT]
        )
    linked = list(visible.filter(duplicate_of=melding).order_by("received_at", "id")[:RELATED_LIMIT])
    return {
        "parent": parent,
        "linked": linked,
        "same_address": [
            (m, labels.kind(m.category, m.subcategory), labels.status(m.workflow_type, m.status))
            for m in same_address
        ],
    }


def _routing(request: HttpRequest, melding: Melding) -> dict[str, Any] | None:
    rule = melding.routing_rule
    if rule is None:
        return None
    rule_set = rule.rule_set
    return {
        "rule": rule,
        "rule_set": rule_set,
        "may_manage": has_permission(request.user, MANAGE, rule_set.organisation),
    }


def _contact(request: HttpRequest, melding: Melding) -> ReporterContact | None:
    """The reporter's contact details for who may read them; each read is audited."""
    if not can_view_reporter_contact(request.user, melding):
        return None
    contact = ReporterContact.objects.filter(melding=melding).first()
    if contact is not None:
        record_audit(
            "melding.reporter_contact_read",
            actor=person(request),
            organisation=melding.organisation,
            object_type="melding",
            object_id=melding.pk,
        )
    return contact


def render_melding(
    request: HttpRequest, melding: Melding, bound: dict[str, forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    """The melding's page, with the forms that were posted and failed (``bound``) showing their errors."""
    bound = bound or {}
    melding = Melding.objects.select_related(
        "organisation",
        "received_by",
        "responsible_team",
        "assigned_to",
        "round__team",
        "routing_rule__rule_set__organisation",
    ).get(pk=melding.pk)
    editable = can_edit(request.user, melding)
    # Who reads it only because they submitted it (a bewonerskracht, a partner) sees what a reporter may:
    # not who handles it, nor the internal reasons of its steps.
    staff = grants_of(request.user).may_view(melding.organisation_id, melding.confidentiality)
    history = timeline(melding)
    if not staff:
        history = [replace(entry, actor="", reason="") for entry in history]
    steps = []
    if editable:
        for spec in allowed_steps(request.user, melding):
            steps.append(bound.get(f"stap-{spec.code}") or StepForm(melding=melding, transition=spec))
    area_names = places.names([melding.buurt_code, melding.wijk_code, melding.complex_code])
    point = places.to_wgs84(melding.x, melding.y)
    map_data = {
        "point": [point.longitude, point.latitude] if point else None,
        "buurt": melding.buurt_code,
        "labels": {"error": _("De kaart kon niet laden."), "marker": _("Plek van de melding")},
    }
    context = {
        "melding": melding,
        "kind": labels.kind(melding.category, melding.subcategory),
        "pillar": labels.pillar(melding.pillar),
        "confidential": melding.confidentiality != "normaal",
        "confidentiality": labels.confidentiality(melding.confidentiality),
        "status": labels.status(melding.workflow_type, melding.status),
        "role": labels.role(melding.responsible_role) if melding.responsible_role else "",
        "clocks": clock_lines([melding], latest_only=False)[melding.pk],
        "staff": staff,
        "timeline": history,
        "related": _related(request, melding),
        "routing": _routing(request, melding) if staff else None,
        "contact": _contact(request, melding),
        "may_see_contact": can_view_reporter_contact(request.user, melding),
        "attachments": list(Attachment.objects.filter(melding=melding)),
        "buurt_name": area_names.get(melding.buurt_code, ""),
        "wijk_name": area_names.get(melding.wijk_code, ""),
        "complex_name": area_names.get(melding.complex_code, ""),
        "editable": editable,
        "steps": steps,
        "clock_forms": _clock_forms(melding, bound) if editable else [],
        "reassign_form": bound.get("toewijzen") or (ReassignForm(melding=melding) if editable else None),
        "assigned_to_me": melding.assigned_to_id == request.user.pk,
        "has_map": bool(point or melding.buurt_code),
        "map_data": map_data,
        "now": timezone.now(),
        "dossiers": melding_panel(request, melding, editable=editable) if staff else None,
    }
    return render(request, "cases/melding.html", context, status=status)


@login_required
@require_GET
def melding_page(request: HttpRequest, reference: str) -> HttpResponse:
    return render_melding(request, visible_melding(request, reference))


def _editable(request: HttpRequest, reference: str) -> Melding:
    melding = visible_melding(request, reference)
    if not can_edit(request.user, melding):
        raise PermissionDenied("cases.edit")
    return melding


def _done(request: HttpRequest, melding: Melding, text: str) -> HttpResponse:
    messages.success(request, text)
    if not can_view(request.user, melding):
        # Handed over to another organisation: this person no longer reads it.
        return redirect("cases-worklist")
    return redirect("cases-melding", reference=melding.reference)


@login_required
@require_POST
def melding_step(request: HttpRequest, reference: str) -> HttpResponse:
    """Take one step of the workflow (acknowledge, give feedback, close, reopen, ...)."""
    melding = _editable(request, reference)
    code = request.POST.get("step", "")
    spec = next((s for s in allowed_steps(request.user, melding) if s.code == code), None)
    if spec is None:
        messages.error(request, _("Deze stap kan nu niet; de melding is intussen misschien gewijzigd."))
        return render_melding(request, melding)
    form = StepForm(request.POST, melding=melding, transition=spec)
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if spec.code == LINK:
                parent = get_visible(request.user, reference=form.cleaned_data["parent"])
                links.mark_duplicate(melding, parent, reason=reason, actor=person(request))
            else:
                transitions.transition(
                    melding, spec.code, actor=person(request), reason=reason, fields=form.step_fields()
                )
        except Melding.DoesNotExist:
            form.add_error("parent", _("Er is geen melding met dit kenmerk die u mag inzien."))
        except (WorkflowError, NotAllowed) as error:
            form.add_error(None, _capital(str(error)))
        else:
            done = labels.step(melding.workflow_type, spec.code)
            return _done(request, melding, _("Gedaan: %(step)s.") % {"step": done})
    return render_melding(request, melding, {form.prefix or "": form})


@login_required
@require_POST
def melding_clock(request: HttpRequest, reference: str) -> HttpResponse:
    """Pause a promise's clock with a reason, or let it run again."""
    melding = _editable(request, reference)
    clock_id = request.POST.get("klok", "")
    clock = Clock.objects.filter(melding=melding, pk=int(clock_id) if clock_id.isdigit() else 0).first()
    if clock is None:
        messages.error(request, _("Deze termijn hoort niet bij deze melding."))
        return render_melding(request, melding)
    action = "resume" if clock.is_paused else "pause"
    form = ClockForm(request.POST, clock=clock, action=action)
    if form.is_valid():
        try:
            if action == "pause":
                clocks.pause_clock(clock, reason=form.cleaned_data["reason"], actor=person(request))
                text = _("De termijn staat stil.")
            else:
                clocks.resume_clock(clock, reason=form.cleaned_data["reason"], actor=person(request))
                text = _("De termijn loopt weer; de uiterste datum is opgeschoven met de dagen van de pauze.")
        except (ClockError, NotAllowed) as error:
            form.add_error(None, _capital(str(error)))
        else:
            return _done(request, melding, text)
    return render_melding(request, melding, {form.prefix or "": form})


@login_required
@require_POST
def melding_reassign(request: HttpRequest, reference: str) -> HttpResponse:
    """Hand the melding to another team, role, person or organisation; or take it oneself."""
    melding = _editable(request, reference)
    if request.POST.get("mij") == "1":
        assignment.reassign(melding, actor=person(request), assignee=person(request))
        return _done(request, melding, _("De melding is aan u toegewezen."))
    form = ReassignForm(request.POST, melding=melding)
    if form.is_valid():
        try:
            assignment.reassign(
                melding, actor=person(request), reason=form.cleaned_data["reason"], **form.changes()
            )
        except (WorkflowError, NotAllowed) as error:
            form.add_error(None, _capital(str(error)))
        else:
            return _done(request, melding, _("De melding is opnieuw toegewezen."))
    return render_melding(request, melding, {"toewijzen": form})


@login_required
@require_GET
def attachment(request: HttpRequest, reference: str, attachment_id: int) -> HttpResponseBase:
    """An attachment of a melding the person may read, as a download (never shown inline)."""
    melding = visible_melding(request, reference)
    found = Attachment.objects.filter(melding=melding, pk=attachment_id).first()
    if found is None or not found.path.is_file():
        raise Http404
    record_audit(
        "melding.attachment_read",
        actor=person(request),
        organisation=melding.organisation,
        object_type="melding",
        object_id=melding.pk,
        detail={"attachment": found.pk},
    )
    extension = mimetypes.guess_extension(found.content_type) or ""
    response = FileResponse(
        found.path.open("rb"),
        as_attachment=True,
        filename=f"{melding.reference}-{found.pk}{extension}",
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
