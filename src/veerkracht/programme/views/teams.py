# SPDX-License-Identifier: EUPL-1.2
"""Pages of the resident teams: per buurt and corporation with their phase; one team with its history."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veerkracht.core.permissions import has_permission, permission_required
from veerkracht.programme import vocabulary
from veerkracht.programme.models import ResidentTeam
from veerkracht.programme.queries import teams as team_queries
from veerkracht.programme.services.teams import TeamChangeRefused, change_phase
from veerkracht.programme.views.programme_forms import PhaseForm


@permission_required("programme.view")
def team_list(request: HttpRequest) -> HttpResponse:
    """Every active team, by buurt, with its phase; filter by phase."""
    phase = request.GET.get("fase") if request.GET.get("fase") in vocabulary.TEAM_PHASES else None
    everything = team_queries.teams()
    shown = team_queries.teams(phase=phase)
    return render(
        request,
        "programme/teams/list.html",
        {
            "teams": list(shown),
            "phase": phase or "",
            "phases": [(code, _(vocabulary.TEAM_PHASE_LABELS[code])) for code in vocabulary.TEAM_PHASES],
            "counts": [(code, _(label), n) for code, label, n in team_queries.phase_counts(everything)],
            "notes": sorted({team.source for team in everything if team.source}),
        },
    )


@permission_required("programme.view")
def team_detail(request: HttpRequest, team: str) -> HttpResponse:
    """A team: its buurt, corporation, phase and the history of its phases; a phase change for editors."""
    found = get_object_or_404(ResidentTeam.objects.select_related("buurt", "corporation"), slug=team)
    form = (
        PhaseForm(initial={"since": timezone.localdate()})
        if has_permission(request.user, "programme.edit")
        else None
    )
    return render(
        request,
        "programme/teams/detail.html",
        {"team": found, "history": team_queries.history(found), "form": form},
    )


@require_POST
@permission_required("programme.edit")
def team_phase(request: HttpRequest, team: str) -> HttpResponse:
    """Record that the team entered a phase."""
    found = get_object_or_404(ResidentTeam, slug=team)
    form = PhaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Niet vastgelegd: kies een fase en een datum."))
    else:
        try:
            change_phase(
                found,
                form.cleaned_data["phase"],
                since=form.cleaned_data["since"],
                note=form.cleaned_data["note"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except TeamChangeRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("De fasewisseling is vastgelegd."))
    return redirect("programme-resident-team", team=found.slug)
