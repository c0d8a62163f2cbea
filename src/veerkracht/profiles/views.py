# SPDX-License-Identifier: EUPL-1.2
"""Pages of the neighbourhood profiles: the areas, one area's profile, writing and reviewing a story."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veerkracht.areas.models import Area
from veerkracht.core.models import Organisation
from veerkracht.core.permissions import has_permission, permission_required
from veerkracht.profiles import pdf_queries, queries
from veerkracht.profiles.forms import NoteForm, ReviewForm
from veerkracht.profiles.labels import kpi_labels
from veerkracht.profiles.models import ProfileNote
from veerkracht.profiles.services import NoteRefused, review_note, write_note

VIEW = "programme.view"


def area_or_404(code: str) -> Area:
    found = queries.find_area(code)
    if found is None:
        raise Http404("onbekend gebied")
    return found


def _year(request: HttpRequest) -> int:
    today = timezone.localdate().year
    text = request.GET.get("jaar", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= today else today


@permission_required(VIEW)
def profile_index(request: HttpRequest) -> HttpResponse:
    """Every area with a profile: the gemeente, its rayons, wijken and buurten."""
    return render(request, "profiles/index.html", {"levels": queries.index()})


@permission_required(VIEW)
def profile(request: HttpRequest, code: str) -> HttpResponse:
    """One area's profile: figures, class, meldingen, agreements and stories, as far as the person may see."""
    area = area_or_404(code)
    year = _year(request)
    found = queries.profile(request.user, area, year=year)
    return render(
        request,
        "profiles/profile.html",
        {
            "profile": found,
            "area": area,
            "year": year,
            "years": list(range(timezone.localdate().year, timezone.localdate().year - 3, -1)),
            "privacy_threshold": settings.VEERKRACHT_PRIVACY_THRESHOLD,
            "kpi_labels": kpi_labels(),
            "note_form": NoteForm(initial={"observed_on": timezone.localdate()})
            if found.may_write_notes
            else None,
            "review_form": ReviewForm() if found.may_review_notes else None,
            "pdf": pdf_queries.pdf_panel(request.user, area.code),
            "may_see_heatmaps": has_permission(request.user, "cases.view_kpis"),
        },
    )


def _writing_organisation(request: HttpRequest) -> Organisation | None:
    for membership in request.user.memberships.filter(active=True).select_related("organisation"):  # type: ignore[union-attr]
        if has_permission(request.user, "profiles.write_notes", membership.organisation):
            return membership.organisation
    return None


@require_POST
@permission_required("profiles.write_notes")
def note_write(request: HttpRequest, code: str) -> HttpResponse:
    area = area_or_404(code)
    form = NoteForm(request.POST)
    organisation = _writing_organisation(request)
    if not form.is_valid() or organisation is None:
        messages.error(request, _("Niet vastgelegd: vul het verhaal, de bron en de datum in."))
    else:
        try:
            write_note(
                area.code,
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                text=form.cleaned_data["text"],
                source=form.cleaned_data["source"],
                observed_on=form.cleaned_data["observed_on"],
            )
        except NoteRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request, _("Het verhaal is vastgelegd; partners lezen het zodra het is goedgekeurd.")
            )
    return redirect("profiles-area", code=area.code)


@require_POST
@permission_required("profiles.review_notes")
def note_review(request: HttpRequest, pk: int) -> HttpResponse:
    note = ProfileNote.objects.filter(pk=pk).first()
    if note is None:
        raise Http404("onbekend verhaal")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Niet beoordeeld: kies goedkeuren of afwijzen."))
    else:
        try:
            review_note(
                note,
                actor=request.user,  # type: ignore[arg-type]
                approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data["comment"],
            )
        except NoteRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Het verhaal is beoordeeld."))
    return redirect("profiles-area", code=note.area_code)
