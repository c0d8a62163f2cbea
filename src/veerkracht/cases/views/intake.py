# SPDX-License-Identifier: EUPL-1.2
"""Intake by staff (phone, counter) in two steps: the melding, then the duplicate check before saving.

The check shows open meldingen at the same address, in the same complex and within the configured
distance, and the reporter's earlier meldingen; staff then save a new melding or link this one to an
existing melding (``services.links``) instead of starting a second case. Files are added in the second
step, so nothing has to be uploaded twice.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from veerkracht.cases.access import VIEW, grants_of
from veerkracht.cases.models import Melding
from veerkracht.cases.queries import labels, places
from veerkracht.cases.queries.duplicates import Candidate, default_distance, possible_duplicates
from veerkracht.cases.queries.reporters import earlier_meldingen
from veerkracht.cases.services import intake, links
from veerkracht.cases.services.errors import IntakeError, NotAllowed
from veerkracht.cases.views.base import person, show_problems
from veerkracht.cases.views.intake_forms import PROBLEM_FIELDS, DecisionForm, IntakeForm, read_uploads
from veerkracht.core.models import Organisation
from veerkracht.core.permissions import permission_required

CHECK, SAVE, EDIT = "controleren", "opslaan", "aanpassen"


def _organisations(request: HttpRequest) -> list[Organisation]:
    grants = grants_of(request.user)
    found = list(Organisation.objects.filter(pk__in=grants.view & grants.report).order_by("name"))
    if not found:
        raise PermissionDenied("cases.report")
    return found


def _describe(melding: Melding) -> str:
    place = melding.address or places.names([melding.buurt_code]).get(melding.buurt_code, "")
    kind = labels.kind(melding.category, melding.subcategory)
    return f"{melding.reference} ({kind}{', ' + place if place else ''})"


def _check_context(request: HttpRequest, form: IntakeForm) -> dict[str, Any]:
    """What the duplicate check shows, for a form that passed every check."""
    data = form.cleaned_data
    new = form.new_melding()
    found: list[Candidate] = possible_duplicates(request.user, new.location)
    earlier = earlier_meldingen(request.user, email=data["reporter_email"], phone=data["reporter_phone"])
    choices: list[tuple[Melding, str]] = [(c.melding, _describe(c.melding)) for c in found]
    seen = {m.pk for m, _label in choices}
    choices += [
        (m, _describe(m)) for m in earlier if m.is_open and m.duplicate_of_id is None and m.pk not in seen
    ]
    return {
        "candidates": [
            {
                "melding": c.melding,
                "kind": labels.kind(c.melding.category, c.melding.subcategory),
                "status": labels.status(c.melding.workflow_type, c.melding.status),
                "same_address": c.same_address,
                "same_complex": c.same_complex,
                "distance": round(c.distance_m) if c.distance_m is not None else None,
            }
            for c in found
        ],
        "earlier": [
            (m, labels.kind(m.category, m.subcategory), labels.status(m.workflow_type, m.status))
            for m in earlier
        ],
        "choices": [(m, label) for m, label in choices if m.duplicate_of_id is None],
        "distance": round(default_distance()),
        "summary": _summary(form),
    }


def _summary(form: IntakeForm) -> list[tuple[str, str]]:
    data = form.cleaned_data
    rows = [
        (_("Ontvangen door"), form.receiver.name),
        (_("Wie meldt"), dict(form.fields["reporter_kind"].choices)[data["reporter_kind"]]),  # type: ignore[attr-defined]
        (_("Soort melding"), labels.kind(*data["kind"].split("/", 1))),
        (_("Wat is er aan de hand?"), data["description"]),
    ]
    for name in ("reporter_name", "reporter_phone", "reporter_email", "address"):
        if data.get(name):
            rows.append((str(form.fields[name].label), data[name]))
    named = places.names([data.get("complex") or "", data.get("buurt") or ""])
    for name in ("complex", "buurt"):
        if data.get(name):
            rows.append((str(form.fields[name].label), named.get(data[name], data[name])))
    if data.get("longitude") is not None:
        rows.append((_("Plek op de kaart"), f"{data['latitude']:.5f}, {data['longitude']:.5f}"))
    return rows


def _render(request: HttpRequest, step: str, form: IntakeForm, **extra: Any) -> HttpResponse:
    return render(
        request,
        "cases/intake.html" if step != CHECK else "cases/intake_check.html",
        {
            "form": form,
            "step": step,
            "map_labels": {
                "error": _("De kaart kon niet laden."),
                "marker": _("Gekozen plek"),
                "chosen": _("Plek gekozen op de kaart"),
                "cleared": _("Geen plek gekozen"),
            },
            **extra,
        },
    )


def _checked(request: HttpRequest, form: IntakeForm) -> bool:
    """Whether the melding passes every check of the write API (nothing is stored)."""
    _ok, problems = intake.check([form.new_melding()], prefix="")
    show_problems(form, problems, PROBLEM_FIELDS)
    return not problems


@permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def intake_page(request: HttpRequest) -> HttpResponse:
    organisations = _organisations(request)
    if request.method == "GET":
        return _render(request, EDIT, IntakeForm(organisations=organisations))
    step = request.POST.get("stap", CHECK)
    form = IntakeForm(request.POST, organisations=organisations)
    if step == EDIT or not form.is_valid() or not _checked(request, form):
        return _render(request, EDIT, form)
    context = _check_context(request, form)
    if step != SAVE:
        return _render(request, CHECK, form, decision=DecisionForm(candidates=context["choices"]), **context)
    decision = DecisionForm(request.POST, request.FILES, candidates=context["choices"])
    if decision.is_valid():
        uploads, too_large = read_uploads(decision.cleaned_data["attachments"])
        for problem in too_large:
            decision.add_error("attachments", problem)
        if not too_large:
            saved = _save(request, form, decision, uploads)
            if saved is not None:
                return saved
    return _render(request, CHECK, form, decision=decision, **context)


def _save(
    request: HttpRequest, form: IntakeForm, decision: DecisionForm, uploads: list[Any]
) -> HttpResponse | None:
    new = form.new_melding(uploads)
    parent = decision.parent()
    try:
        if parent is None:
            melding = intake.receive(new, organisation=form.receiver, actor=person(request)).melding
        else:
            melding = links.link_to_existing(
                new,
                parent,
                organisation=form.receiver,
                actor=person(request),
                reason=decision.cleaned_data["reason"],
            )
    except IntakeError as error:
        show_problems(decision, error.problems, {"attachments": "attachments"})
        return None
    except NotAllowed as error:
        decision.add_error("decision", str(error))
        return None
    if parent is None:
        messages.success(request, _("Melding %(reference)s is opgenomen.") % {"reference": melding.reference})
    else:
        messages.success(
            request,
            _("Melding %(reference)s is opgenomen en gekoppeld aan %(parent)s.")
            % {"reference": melding.reference, "parent": parent.reference},
        )
    return redirect("cases-melding", reference=melding.reference)
