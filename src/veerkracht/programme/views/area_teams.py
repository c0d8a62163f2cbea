# SPDX-License-Identifier: EUPL-1.2
"""Pages of the area teams: per rayon, what changed since the last meeting, and the actions agreed."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veerkracht.areas.models import Area
from veerkracht.core.permissions import has_permission, permission_required, permissions_of
from veerkracht.programme.models import AreaTeamAction
from veerkracht.programme.queries import area_teams as area_team_queries
from veerkracht.programme.services.area_teams import (
    AreaTeamRefused,
    add_action,
    complete_action,
    record_meeting,
)
from veerkracht.programme.views.programme_forms import ActionForm, MeetingForm


def _rayon(code: str) -> Area:
    found = Area.objects.filter(code=code, level="rayon", valid_to__isnull=True).first()
    if found is None:
        raise Http404("onbekend rayon")
    return found


@permission_required("programme.view")
def area_team_list(request: HttpRequest) -> HttpResponse:
    """The rayons, each with its gebiedsteam."""
    rows = []
    for rayon in area_team_queries.rayons():
        view = area_team_queries.area_team_view(rayon, frozenset())
        rows.append({"rayon": rayon, "last": view.last_meeting, "open": len(view.open_actions)})
    return render(request, "programme/area_teams/list.html", {"rows": rows})


@permission_required("programme.view")
def area_team(request: HttpRequest, rayon: str) -> HttpResponse:
    """The view for the monthly meeting: sections of what changed, the actions, the meetings."""
    found = _rayon(rayon)
    can_edit = has_permission(request.user, "programme.edit")
    return render(
        request,
        "programme/area_teams/detail.html",
        {
            "view": area_team_queries.area_team_view(found, permissions_of(request.user)),
            "meeting_form": MeetingForm() if can_edit else None,
            "action_form": ActionForm() if can_edit else None,
        },
    )


@require_POST
@permission_required("programme.edit")
def area_team_meeting(request: HttpRequest, rayon: str) -> HttpResponse:
    found = _rayon(rayon)
    form = MeetingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Niet vastgelegd: vul de datum van het overleg in."))
    else:
        try:
            record_meeting(
                found,
                actor=request.user,  # type: ignore[arg-type]
                held_on=form.cleaned_data["held_on"],
                notes=form.cleaned_data["notes"],
            )
        except AreaTeamRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Het overleg is vastgelegd; vanaf nu telt wat daarna veranderde."))
    return redirect("programme-area-team", rayon=found.code)


@require_POST
@permission_required("programme.edit")
def area_team_actions(request: HttpRequest, rayon: str) -> HttpResponse:
    """Add an agreed action, or mark one done (``done`` holds its id)."""
    found = _rayon(rayon)
    done = request.POST.get("done")
    try:
        if done:
            action = AreaTeamAction.objects.filter(
                rayon__code=found.code, pk=int(done) if done.isdigit() else 0
            ).first()
            if action is None:
                raise Http404("onbekende actie")
            complete_action(action, actor=request.user)  # type: ignore[arg-type]
            messages.success(request, _("De actie staat op gedaan."))
        else:
            form = ActionForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Niet vastgelegd: vul in wat, wie en eventueel wanneer."))
            else:
                add_action(
                    found,
                    actor=request.user,  # type: ignore[arg-type]
                    description=form.cleaned_data["description"],
                    who=form.cleaned_data["who"],
                    due_on=form.cleaned_data["due_on"],
                )
                messages.success(request, _("De actie is vastgelegd."))
    except AreaTeamRefused as refusal:
        messages.error(request, str(refusal))
    return redirect("programme-area-team", rayon=found.code)
