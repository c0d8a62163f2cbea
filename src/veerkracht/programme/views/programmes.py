# SPDX-License-Identifier: EUPL-1.2
"""Pages of area programmes (areas, goals, partners, budget against spending) and the city's priorities."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veerkracht.core.permissions import has_permission, permission_required
from veerkracht.programme.models import Prioritisation, Programme
from veerkracht.programme.queries import programmes as programme_queries
from veerkracht.programme.services.programmes import SpendingRefused, record_spending
from veerkracht.programme.views.programme_forms import SpendingForm


@permission_required("programme.view")
def programme_list(request: HttpRequest) -> HttpResponse:
    """Every area programme with its areas and this year's budget and spending."""
    year = timezone.localdate().year
    rows = []
    for programme in Programme.objects.prefetch_related("areas").select_related("lead").order_by("name"):
        figures = {f.year: f for f in programme_queries.years(programme)}
        rows.append({"programme": programme, "this_year": figures.get(year)})
    return render(request, "programme/programmes/list.html", {"rows": rows, "year": year})


@permission_required("programme.view")
def programme_detail(request: HttpRequest, programme: str) -> HttpResponse:
    """A programme: areas with priority, fund budget, interventions and teams; budget against spending."""
    found = get_object_or_404(Programme.objects.select_related("lead"), slug=programme)
    areas = list(found.areas.order_by("name"))
    form = (
        SpendingForm(areas, initial={"spent_on": timezone.localdate()})
        if has_permission(request.user, "programme.edit")
        else None
    )
    return render(
        request,
        "programme/programmes/detail.html",
        {
            "programme": found,
            "years": programme_queries.years(found),
            "summaries": programme_queries.area_summaries(found),
            "goals": list(found.goals.all()),
            "partners": list(found.partners.order_by("name")),
            "lines": list(found.budget_lines.all()),
            "spending": list(found.spending.select_related("area")[:20]),
            "form": form,
        },
    )


@require_POST
@permission_required("programme.edit")
def programme_spending(request: HttpRequest, programme: str) -> HttpResponse:
    """Record spending of a programme."""
    found = get_object_or_404(Programme, slug=programme)
    form = SpendingForm(list(found.areas.all()), request.POST)
    if not form.is_valid():
        messages.error(request, _("Niet vastgelegd: vul bedrag, omschrijving en datum in."))
    else:
        try:
            record_spending(
                found,
                actor=request.user,  # type: ignore[arg-type]
                amount=form.cleaned_data["amount"],
                description=form.cleaned_data["description"],
                spent_on=form.cleaned_data["spent_on"],
                area=form.chosen_area(),
            )
        except SpendingRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("De uitgave is vastgelegd."))
    return redirect("programme-programme", programme=found.slug)


@permission_required("programme.view")
def priorities(request: HttpRequest) -> HttpResponse:
    """The city's prioritisation of buurten: per phase, which buurten and why."""
    prioritisations = list(Prioritisation.objects.order_by("gemeente_code", "-decided_year"))
    return render(
        request,
        "programme/programmes/priorities.html",
        {"blocks": [(p, programme_queries.priorities(p)) for p in prioritisations]},
    )
