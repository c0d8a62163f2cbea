# SPDX-License-Identifier: EUPL-1.2
"""Pages of the performance agreements: overview, agreement, workgroups, stagnation, annual evaluation.

Thin: parse input, check permission, call a query or the write API, render. Reading needs programme.view;
writing is decided by the write API (a lead organisation's staff, or programme.edit; ADR 0013).
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from veerkracht.core.models import User
from veerkracht.core.pdf import render_pdf
from veerkracht.core.permissions import has_permission, permission_required
from veerkracht.programme.models import (
    Agreement,
    AgreementSet,
    AgreementStatus,
    StagnationSignal,
    Theme,
    Workgroup,
    WorkgroupAction,
)
from veerkracht.programme.queries import agreements as queries
from veerkracht.programme.services import agreements as services
from veerkracht.programme.views.agreement_forms import ActionForm, EvaluationForm, StatusUpdateForm

VIEW, EDIT = queries.VIEW, queries.EDIT


def _person(request: HttpRequest) -> User:
    """The logged-in person (every view here requires a login first)."""
    assert isinstance(request.user, User)
    return request.user


def _chosen_set(request: HttpRequest) -> AgreementSet | None:
    slug = request.GET.get("reeks", "")
    if slug:
        return get_object_or_404(AgreementSet, slug=slug)
    return queries.current_set()


@permission_required(VIEW)
def overview(request: HttpRequest) -> HttpResponse:
    """All agreements of a set by theme, filtered on theme, lead, area and status."""
    agreement_set = _chosen_set(request)
    if agreement_set is None:
        return render(request, "programme/agreements/overview.html", {"agreement_set": None})
    filters = queries.AgreementFilters(
        theme=request.GET.get("thema", ""),
        lead=request.GET.get("trekker", ""),
        area=request.GET.get("gebied", ""),
        status=request.GET.get("status", ""),
    )
    found = list(queries.agreements(agreement_set, filters))
    themes = []
    for theme in agreement_set.themes.all():
        items = [a for a in found if a.theme_id == theme.pk]
        if items:
            themes.append((theme, items))
    return render(
        request,
        "programme/agreements/overview.html",
        {
            "agreement_set": agreement_set,
            "sets": AgreementSet.objects.all(),
            "filters": filters,
            "filtered": any((filters.theme, filters.lead, filters.area, filters.status)),
            "themes": themes,
            "count": len(found),
            "theme_choices": [(str(t.number), str(t)) for t in agreement_set.themes.all()],
            "lead_choices": queries.lead_choices(agreement_set),
            "area_choices": queries.area_choices(agreement_set),
            "status_choices": AgreementStatus.choices,
        },
    )


@permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def agreement(request: HttpRequest, set_slug: str, code: str) -> HttpResponse:
    """One agreement: text, goal, start, leads, areas, milestones, status history and the update form."""
    found = queries.agreement_page(set_slug, code)
    if found is None:
        raise Http404
    writer = queries.writing_organisation(request.user, found)
    form = None
    if writer is not None:
        form = StatusUpdateForm(request.POST or None, agreement=found)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("programme.status_update")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_status_update(
                    found,
                    author=_person(request),
                    status=data["status"],
                    note=data["note"],
                    milestone=data["milestone"],
                    milestone_reached=data["progress"] == "reached",
                    milestone_expected_on=data["expected_on"] if data["progress"] == "later" else None,
                )
            except services.NotALead as error:
                raise PermissionDenied(str(error)) from error
            except services.AgreementInputError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, _("De statusupdate is vastgelegd."))
                return redirect("programme-agreement", set_slug=set_slug, code=code)
    return render(
        request,
        "programme/agreements/agreement.html",
        {
            "agreement": found,
            "form": form,
            "writer": writer,
            "open_signals": list(found.signals.filter(resolved_on__isnull=True).select_related("milestone")),
            "today": timezone.localdate(),
            # The levels with a neighbourhood profile (issue 12), linked from the agreement's areas.
            "profile_levels": ("buurt", "wijk", "rayon", "gemeente"),
        },
    )


@permission_required(VIEW)
def workgroups(request: HttpRequest) -> HttpResponse:
    """The workgroups of the current set with their members and open actions."""
    agreement_set = _chosen_set(request)
    groups = []
    if agreement_set is not None:
        groups = list(
            agreement_set.workgroups.select_related("theme").prefetch_related(
                "members", "actions", "led_agreements"
            )
        )
    return render(
        request,
        "programme/agreements/workgroups.html",
        {"agreement_set": agreement_set, "workgroups": groups},
    )


@permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def workgroup(request: HttpRequest, set_slug: str, slug: str) -> HttpResponse:
    """A workgroup with its members, the agreements it pulls and its joint action list."""
    group = get_object_or_404(
        Workgroup.objects.select_related("agreement_set", "theme"), agreement_set__slug=set_slug, slug=slug
    )
    may_write = queries.may_keep_action_list(request.user, group)
    form = ActionForm(request.POST or None, workgroup=group) if may_write else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("programme.action_list")
        if form.is_valid():
            try:
                services.add_workgroup_action(
                    group,
                    author=_person(request),
                    description=form.cleaned_data["description"],
                    who=form.cleaned_data["who"],
                    due_on=form.cleaned_data["due_on"],
                    agreement=form.cleaned_data["agreement"],
                )
            except services.AgreementInputError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, _("De actie staat op de actielijst."))
                return redirect("programme-workgroup", set_slug=set_slug, slug=slug)
    actions = list(group.actions.select_related("agreement").order_by("done_on", "due_on", "pk"))
    return render(
        request,
        "programme/agreements/workgroup.html",
        {
            "workgroup": group,
            "members": group.members.order_by("name"),
            "led": group.led_agreements.select_related("theme").order_by("theme__number", "position"),
            "open_actions": [a for a in actions if a.done_on is None],
            "done_actions": [a for a in actions if a.done_on is not None],
            "form": form,
            "may_write": may_write,
            "today": timezone.localdate(),
        },
    )


@permission_required(VIEW)
@require_POST
def action_done(request: HttpRequest, set_slug: str, slug: str, pk: int) -> HttpResponse:
    """Mark an action of the list done, or open again."""
    action = get_object_or_404(
        WorkgroupAction.objects.select_related("workgroup"),
        pk=pk,
        workgroup__slug=slug,
        workgroup__agreement_set__slug=set_slug,
    )
    done_on = timezone.localdate() if request.POST.get("done") == "1" else None
    try:
        services.set_action_done(action, author=_person(request), done_on=done_on)
    except services.NotALead as error:
        raise PermissionDenied(str(error)) from error
    messages.success(request, _("De actielijst is bijgewerkt."))
    return redirect("programme-workgroup", set_slug=set_slug, slug=slug)


@permission_required(VIEW)
def stagnation(request: HttpRequest) -> HttpResponse:
    """For the bestuurlijk overleg: what is stuck now, and what got moving in the last 90 days."""
    signals = list(queries.open_signals())
    # Theme -> agreement -> what is stuck in it, in the order of the document.
    by_theme: dict[Theme, dict[Agreement, list[StagnationSignal]]] = {}
    for signal in signals:
        by_theme.setdefault(signal.agreement.theme, {}).setdefault(signal.agreement, []).append(signal)
    today = timezone.localdate()
    return render(
        request,
        "programme/agreements/stagnation.html",
        {
            "by_theme": [(theme, list(stuck.items())) for theme, stuck in by_theme.items()],
            "count": len(signals),
            "agreement_count": sum(len(stuck) for stuck in by_theme.values()),
            "resolved": list(queries.resolved_since(today - timedelta(days=90))[:50]),
            "today": today,
        },
    )


def _years(agreement_set: AgreementSet) -> list[int]:
    last = min(agreement_set.end_year, timezone.localdate().year)
    return list(range(agreement_set.start_year, max(last, agreement_set.start_year) + 1))


@permission_required(VIEW)
def evaluations(request: HttpRequest) -> HttpResponse:
    """Choose a theme and a year to evaluate."""
    agreement_set = _chosen_set(request)
    return render(
        request,
        "programme/agreements/evaluations.html",
        {
            "agreement_set": agreement_set,
            "themes": list(agreement_set.themes.all()) if agreement_set else [],
            "years": _years(agreement_set) if agreement_set else [],
        },
    )


def _theme_year(set_slug: str, year: int, number: int) -> queries.ThemeYear:
    theme = get_object_or_404(
        Theme.objects.select_related("agreement_set"), agreement_set__slug=set_slug, number=number
    )
    if year not in _years(theme.agreement_set):
        raise Http404
    return queries.theme_year(theme, year, today=timezone.localdate())


@permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, set_slug: str, year: int, number: int) -> HttpResponse:
    """The annual evaluation of a theme: agreed, happened, next year; editable with programme.edit."""
    figures = _theme_year(set_slug, year, number)
    may_edit = has_permission(request.user, EDIT)
    form = None
    if may_edit:
        initial = {}
        if figures.evaluation is not None:
            initial = {
                "agreed": figures.evaluation.agreed,
                "happened": figures.evaluation.happened,
                "next_year": figures.evaluation.next_year,
            }
        form = EvaluationForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(EDIT)
        if form.is_valid():
            services.save_theme_evaluation(
                figures.theme,
                year,
                author=_person(request),
                **form.cleaned_data,
            )
            messages.success(request, _("De evaluatie is opgeslagen."))
            return redirect("programme-evaluation", set_slug=set_slug, year=year, number=number)
    return render(
        request,
        "programme/agreements/evaluation.html",
        {"figures": figures, "form": form, "may_edit": may_edit},
    )


@permission_required(VIEW)
def evaluation_pdf(request: HttpRequest, set_slug: str, year: int, number: int) -> HttpResponse:
    """The same evaluation as a PDF (rendered here for now; a background task later, ADR 0014)."""
    figures = _theme_year(set_slug, year, number)
    content = render_pdf(
        "programme/agreements/evaluation_pdf.html", {"figures": figures, "made_on": timezone.localdate()}
    )
    response = HttpResponse(content, content_type="application/pdf")
    name = f"evaluatie-{set_slug}-{year}-thema-{number}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
