# SPDX-License-Identifier: EUPL-1.2
"""A resident team's rounds (bewonerskrachten), made for a phone: the walk and its findings in one batch.

A bewonerskracht sees the rounds of their own team and, of the findings, what they submitted themselves
(the visibility rule); staff see the rounds their organisation received.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from veerkracht.cases.access import REPORT, grants_of
from veerkracht.cases.models import Melding, ResidentTeamRound
from veerkracht.cases.queries import labels, places
from veerkracht.cases.services import rounds
from veerkracht.cases.services.errors import IntakeError, NotAllowed
from veerkracht.cases.views.base import login_required, person, show_problems
from veerkracht.cases.views.round_forms import (
    FINDING_FIELDS,
    ROUND_FIELDS,
    BaseFindingFormSet,
    FindingFormSet,
    RoundForm,
)
from veerkracht.core.models import Team, TeamKind
from veerkracht.core.permissions import permission_required

PREFIX = "bevinding"


def _teams(request: HttpRequest) -> list[Team]:
    """The resident teams a person may submit a round for: their own, and those their organisation
    handles meldingen for."""
    grants = grants_of(request.user)
    return list(
        Team.objects.filter(kind=TeamKind.RESIDENT)
        .filter(Q(pk__in=grants.teams) | Q(organisation_id__in=grants.edit))
        .order_by("name")
    )


@permission_required(REPORT)
@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    found = list(
        ResidentTeamRound.objects.visible_to(request.user)
        .select_related("team", "organisation")
        .annotate(findings=Count("meldingen"))
        .order_by("-walked_on", "-id")[:100]
    )
    return render(request, "cases/rounds.html", {"rounds": found, "may_submit": bool(_teams(request))})


def _problems(form: RoundForm, findings: Any, problems: dict[str, str]) -> None:
    own = {k: v for k, v in problems.items() if not k.startswith("findings[")}
    show_problems(form, own, ROUND_FIELDS)
    filled = findings.findings()
    for key, text in problems.items():
        if not key.startswith("findings["):
            continue
        index_text, _bracket, field = key.removeprefix("findings[").partition("].")
        index = int(index_text) if index_text.isdigit() else -1
        if 0 <= index < len(filled):
            show_problems(filled[index], {field: text}, FINDING_FIELDS)
        else:
            form.add_error(None, text)


@permission_required(REPORT)
@require_http_methods(["GET", "POST"])
def round_new(request: HttpRequest) -> HttpResponse:
    """A round and its findings; "one more finding" adds a form without JavaScript."""
    teams = _teams(request)
    if not teams:
        raise PermissionDenied("cases.report")
    if request.method == "GET":
        form = RoundForm(teams=teams)
        findings = FindingFormSet(prefix=PREFIX)
        return _render(request, form, findings)
    data = request.POST.copy()
    if "meer" in data:
        total = f"{PREFIX}-TOTAL_FORMS"
        data[total] = str(int(data.get(total, "1") or 1) + 1)
        # What was typed stays; errors wait until the round is submitted.
        form = RoundForm(data, teams=teams, quiet=True)
        findings = cast(BaseFindingFormSet, FindingFormSet(data, prefix=PREFIX, form_kwargs={"quiet": True}))
        # Focus goes to the finding just added, so a screen reader lands where the work continues.
        findings.forms[-1].fields["kind"].widget.attrs["autofocus"] = True
        return _render(request, form, findings, added=True)
    form = RoundForm(data, teams=teams)
    findings = cast(BaseFindingFormSet, FindingFormSet(data, prefix=PREFIX))
    if form.is_valid() & findings.is_valid():
        try:
            round, made = rounds.submit_round(
                form.teams[form.cleaned_data["team"]],
                walked_on=form.cleaned_data["walked_on"],
                route=form.cleaned_data["route"],
                findings=[finding.new_melding() for finding in findings.findings()],
                actor=person(request),
                organisation=form.organisations[form.cleaned_data["organisation"]],
                notes=form.cleaned_data["notes"],
            )
        except IntakeError as error:
            _problems(form, findings, error.problems)
        except NotAllowed as error:
            form.add_error("team", str(error))
        else:
            messages.success(
                request,
                _("De ronde is opgeslagen: %(count)s bevinding(en) doorgegeven aan %(organisation)s.")
                % {"count": len(made), "organisation": round.organisation.name},
            )
            return redirect("cases-round", round_id=round.pk)
    return _render(request, form, findings)


def _render(request: HttpRequest, form: RoundForm, findings: Any, **extra: Any) -> HttpResponse:
    return render(
        request,
        "cases/round_new.html",
        {
            "form": form,
            "findings": findings,
            "labels": {
                "locating": _("Locatie wordt bepaald…"),
                "located": _("Uw locatie wordt gebruikt (nauwkeurig tot ongeveer %(metres)s meter)."),
                "failed": _("Uw locatie is niet beschikbaar. Vul het adres in en kies de buurt."),
                "unsupported": _(
                    "Deze telefoon of browser deelt geen locatie. Vul het adres in en kies de buurt."
                ),
                "cleared": _("Locatie niet meer gebruikt."),
            },
            **extra,
        },
    )


@login_required
@require_GET
def round_page(request: HttpRequest, round_id: int) -> HttpResponse:
    """A round and the findings the person may read (the same 404 for a round they may not see)."""
    found = (
        ResidentTeamRound.objects.visible_to(request.user)
        .select_related("team", "organisation")
        .filter(pk=round_id)
        .first()
    )
    if found is None:
        raise Http404
    visible = list(Melding.objects.visible_to(request.user).filter(round=found).order_by("id"))
    names = places.names(m.buurt_code for m in visible)
    return render(
        request,
        "cases/round.html",
        {
            "round": found,
            "findings": [
                {
                    "melding": m,
                    "kind": labels.kind(m.category, m.subcategory),
                    "status": labels.status(m.workflow_type, m.status),
                    "place": ", ".join(p for p in (m.address, names.get(m.buurt_code, "")) if p),
                }
                for m in visible
            ],
            "total": Melding.objects.filter(round=found).count(),
        },
    )
