# SPDX-License-Identifier: EUPL-1.2
"""Pages of the housing stock and targets, accessibility, and the interventions per wijk and buurt."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veerkracht.core.permissions import has_permission, permission_required
from veerkracht.programme import vocabulary
from veerkracht.programme.models import Intervention
from veerkracht.programme.queries import housing as housing_queries
from veerkracht.programme.queries import interventions as intervention_queries
from veerkracht.programme.services.housing import InterventionError, record_intervention_realised
from veerkracht.programme.views.programme_forms import RealisedForm


@permission_required("programme.view")
def stock(request: HttpRequest) -> HttpResponse:
    """Stock per corporation and segment, its development, the targets checked; accessibility per buurt."""
    return render(
        request,
        "programme/housing/stock.html",
        {
            "overviews": [housing_queries.stock_overview(t) for t in housing_queries.stock_tables()],
            "accessibility": [
                housing_queries.accessibility_overview(t) for t in housing_queries.accessibility_tables()
            ],
            "bat_classes": [(code, _(vocabulary.BAT_LABELS[code])) for code in vocabulary.BAT_CLASSES],
        },
    )


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@permission_required("programme.view")
def interventions(request: HttpRequest) -> HttpResponse:
    """New build, demolition and renovation per wijk and buurt and per corporation, planned and realised."""
    corporations = intervention_queries.corporations_with_interventions()
    corporation = next((c for c in corporations if c.pk == _int(request.GET.get("corporatie"))), None)
    kind = request.GET.get("soort") if request.GET.get("soort") in vocabulary.INTERVENTION_KINDS else None
    years = intervention_queries.years()
    year = _int(request.GET.get("jaar"))
    year = year if year in years else None
    found = intervention_queries.filtered(corporation=corporation, kind=kind, year=year)
    groups, whole = intervention_queries.by_wijk(found)
    per_corporation, corporations_whole = intervention_queries.by_corporation(found)
    shown = (kind,) if kind else ("nieuwbouw", "sloop", "renovatie")
    return render(
        request,
        "programme/housing/interventions.html",
        {
            "groups": groups,
            "whole": whole,
            "per_corporation": per_corporation,
            "corporations_whole": corporations_whole,
            "corporations": corporations,
            "corporation": corporation,
            "kinds": [(k, _(vocabulary.INTERVENTION_LABELS[k])) for k in vocabulary.INTERVENTION_KINDS],
            "kind": kind or "",
            "shown": [
                (k, _(vocabulary.INTERVENTION_LABELS[k]), vocabulary.VERA_EXPLOITATIEREDEN[k]) for k in shown
            ],
            "all_kinds": [
                (k, _(vocabulary.INTERVENTION_LABELS[k]), vocabulary.VERA_EXPLOITATIEREDEN[k])
                for k in vocabulary.INTERVENTION_KINDS
            ],
            "years": years,
            "year": year,
            "realised_form": (
                RealisedForm(list(found.order_by("area__name", "kind")))
                if has_permission(request.user, "programme.edit")
                else None
            ),
            "sources": sorted({item.source for group in groups for b in group.buurten for item in b.items}),
        },
    )


@require_POST
@permission_required("programme.edit")
def intervention_realised(request: HttpRequest) -> HttpResponse:
    """Record how many dwellings of a planned intervention are done."""
    form = RealisedForm(list(Intervention.objects.select_related("area", "corporation")), request.POST)
    if not form.is_valid():
        messages.error(request, _("Niet vastgelegd: kies een ingreep en vul een aantal van 0 of meer in."))
        return redirect("programme-interventions")
    intervention = get_object_or_404(Intervention, pk=form.cleaned_data["intervention"])
    try:
        record_intervention_realised(intervention, form.cleaned_data["realised"], actor=request.user)  # type: ignore[arg-type]
    except InterventionError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Gerealiseerd vastgelegd: %(kind)s in %(area)s.")
            % {"kind": intervention.get_kind_display().lower(), "area": intervention.area.name},
        )
    return redirect("programme-interventions")
