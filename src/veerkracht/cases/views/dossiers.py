# SPDX-License-Identifier: EUPL-1.2
"""The dossier pages: the list with counts per step, opening a dossier from a melding, and a dossier's page.

Thin (ADR 0004): who reads a dossier is ``dossier_access``'s rule; a dossier the person may not read answers
the same 404 as one that does not exist; every page that shows a dossier's content records the read
(``services.reads``). The forms on the page post to ``dossier_actions``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from veerkracht.cases.access import get_visible, grants_of
from veerkracht.cases.dossier_access import get_visible_dossier, may_see_readers
from veerkracht.cases.dossier_rulebook import dossier_rules
from veerkracht.cases.models import Dossier, LadderStep, Melding, PartyRole
from veerkracht.cases.queries import labels
from veerkracht.cases.queries.dossier_overview import STATUSES, overview, rung_labels
from veerkracht.cases.queries.dossiers import dossier_detail
from veerkracht.cases.queries.referrals import referrals_of
from veerkracht.cases.services.dossier_common import DossierError
from veerkracht.cases.services.dossiers import NewDossier, open_dossier
from veerkracht.cases.services.errors import NotAllowed
from veerkracht.cases.services.reads import record_dossier_read
from veerkracht.cases.sharing import FIELDS
from veerkracht.cases.views.base import login_required, person
from veerkracht.cases.views.dossier_forms import (
    CloseForm,
    HearingRecordForm,
    LadderStepForm,
    LinkForm,
    NewDossierForm,
    PartyForm,
    ReferForm,
    status_forms,
    type_choices,
)
from veerkracht.core.models import User
from veerkracht.core.permissions import has_permission

VIEW, EDIT = "cases.view", "cases.edit"


def visible_dossier(request: HttpRequest, dossier_reference: str) -> Dossier:
    """The dossier with this reference if the person may read it; the same 404 when absent or hidden."""
    try:
        return get_visible_dossier(request.user, reference=dossier_reference)
    except Dossier.DoesNotExist as missing:
        raise Http404 from missing


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@login_required
@require_GET
def dossier_list(request: HttpRequest) -> HttpResponse:
    """My organisations' dossiers, on status, type and step, with how many stand on each step."""
    if not has_permission(request.user, VIEW):
        raise PermissionDenied(VIEW)
    status = request.GET.get("status", "open")
    status = status if status in STATUSES else "open"
    types = dict(type_choices())
    dossier_type = request.GET.get("soort", "")
    dossier_type = dossier_type if dossier_type in types else ""
    steps = rung_labels()
    step = request.GET.get("stap", "")
    step = step if step == "geen" or step in {code for code, _label in steps.values()} else ""
    found = overview(request.user, status=status, dossier_type=dossier_type, step=step)
    context = {
        "found": found,
        "rows": [
            (d, types.get(d.dossier_type, d.dossier_type), steps.get(found.rungs[d.pk]))
            for d in found.dossiers
        ],
        "status": status,
        "statuses": [("open", _("Open")), ("closed", _("Gesloten")), ("all", _("Alle"))],
        "types": types,
        "dossier_type": dossier_type,
        "step": step,
        "may_open": bool(grants_of(request.user).edit),
    }
    return render(request, "cases/dossiers/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def dossier_new(request: HttpRequest) -> HttpResponse:
    """Open a dossier with a melding as its first (the button on a melding's page comes here)."""
    if not has_permission(request.user, EDIT):
        raise PermissionDenied(EDIT)
    if request.method != "POST":
        form = NewDossierForm(initial=_initial(request))
        return render(request, "cases/dossiers/new.html", {"form": form})
    form = NewDossierForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            melding = get_visible(request.user, reference=data["melding"].strip())
            dossier = open_dossier(
                NewDossier(
                    dossier_type=data["dossier_type"],
                    subject_kind=data["subject_kind"],
                    title=data["title"],
                    summary=data["summary"],
                    meldingen=[melding],
                ),
                organisation=melding.organisation,
                actor=person(request),
            )
        except Melding.DoesNotExist:
            form.add_error("melding", _("Er is geen melding met dit kenmerk die u mag inzien."))
        except (DossierError, NotAllowed) as error:
            form.add_error(None, capital(str(error)))
        else:
            messages.success(
                request, _("Dossier %(reference)s is geopend.") % {"reference": dossier.reference}
            )
            return redirect("cases-dossier", dossier_reference=dossier.reference)
    return render(request, "cases/dossiers/new.html", {"form": form}, status=400)


def _initial(request: HttpRequest) -> dict[str, Any]:
    """Prefill from the melding the person came from: its reference, a fitting type and a title."""
    reference = request.GET.get("melding", "")
    try:
        melding = get_visible(request.user, reference=reference) if reference else None
    except Melding.DoesNotExist:
        melding = None
    if melding is None:
        return {}
    spec = dossier_rules().types.type_for_category(melding.category)
    return {
        "melding": melding.reference,
        "dossier_type": spec.code if spec is not None else "",
        "title": f"{labels.category(melding.category)} {melding.address}".strip(),
    }


def approvers_of(dossier: Dossier) -> list[User]:
    """The people who may approve skipping a step's preconditions in the dossier's organisation."""
    role = dossier_rules().ladder.file.skip_approver_role
    return list(
        User.objects.filter(
            memberships__organisation_id=dossier.organisation_id,
            memberships__role=role,
            memberships__active=True,
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _taken(steps: list[LadderStep]) -> list[dict[str, Any]]:
    book = dossier_rules().ladder
    rows = []
    for step in steps:
        ladder = book.ladder(step.ladder)
        label = labels.in_language(ladder.steps[step.step].label) if step.step in ladder.steps else step.step
        rows.append(
            {
                "step": step,
                "label": label,
                "outcome": book.outcome_label(step.outcome),
                "evidence": [(book.evidence_label(item.kind), item) for item in step.evidence.all()],
            }
        )
    return rows


def render_dossier(
    request: HttpRequest, dossier: Dossier, bound: dict[str, forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    """The dossier's page; forms that were posted and failed (``bound``) show their errors."""
    bound = bound or {}
    user = person(request)
    detail = dossier_detail(user, dossier)
    record_dossier_read(user, dossier, "dossier-detail")
    editable = detail.can_edit and dossier.is_open
    subjects = [p for p in detail.parties if p.role == PartyRole.SUBJECT]
    step_forms: list[LadderStepForm] = []
    if editable and detail.position is not None:
        approvers = approvers_of(dossier)
        for next_step in detail.position.next_steps:
            key = f"ladder-{next_step.code}"
            form = bound.get(key)
            step_forms.append(
                form
                if isinstance(form, LadderStepForm)
                else LadderStepForm(step=next_step, approvers=approvers)
            )
    context = {
        "dossier": dossier,
        "detail": detail,
        "confidential": dossier.confidentiality != "normaal",
        "confidentiality": labels.confidentiality(dossier.confidentiality),
        "melding_rows": [
            (m, labels.kind(m.category, m.subcategory), detail.reporter_labels.get(m.pk, ""))
            for m in detail.meldingen
        ],
        "taken": _taken(detail.position.taken) if detail.position else [],
        "referrals": [
            (r, ", ".join(FIELDS[c].label.lower() if c in FIELDS else c for c in r.fields))
            for r in referrals_of(dossier)
        ],
        "editable": editable,
        "link_form": bound.get("koppelen") or (LinkForm() if editable else None),
        "party_form": bound.get("betrokkene") or (PartyForm() if editable else None),
        "hearing_form": bound.get("horen")
        or (HearingRecordForm(parties=detail.parties) if editable and detail.parties else None),
        "step_forms": step_forms,
        "refer_form": bound.get("doorverwijzen")
        or (ReferForm(dossier=dossier, subjects=subjects) if editable and detail.can_refer else None),
        "close_form": bound.get("sluiten") or (CloseForm() if editable else None),
        "may_see_readers": may_see_readers(user, dossier.organisation_id),
        **status_forms(dossier, can_edit=detail.can_edit, bound=bound),
    }
    return render(request, "cases/dossiers/dossier.html", context, status=status)


@login_required
@require_GET
def dossier_page(request: HttpRequest, dossier_reference: str) -> HttpResponse:
    return render_dossier(request, visible_dossier(request, dossier_reference))


def melding_panel(request: HttpRequest, melding: Melding, *, editable: bool) -> dict[str, Any]:
    """The dossier part of a melding's page: the dossiers it is in, and where it could go."""
    readable = Dossier.objects.visible_to(request.user)
    current = list(readable.filter(links__melding=melding).order_by("-opened_at"))
    nearby: list[Dossier] = []
    if editable and melding.address_key:
        nearby = list(
            readable.filter(
                is_open=True, organisation_id=melding.organisation_id, address_key=melding.address_key
            )
            .exclude(pk__in=[d.pk for d in current])
            .order_by("-opened_at")[:5]
        )
    return {"in": current, "nearby": nearby, "may_open": editable}
