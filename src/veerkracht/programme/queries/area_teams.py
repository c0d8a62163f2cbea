# SPDX-License-Identifier: EUPL-1.2
"""Reads for the area-team view: rayons, the window since the last meeting, the programme's own sections."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veerkracht.analysis.models import AnalysisRun
from veerkracht.areas.models import Area, AreaSetMembership
from veerkracht.programme import vocabulary
from veerkracht.programme.area_team_sections import Change, Section, Window, collect
from veerkracht.programme.models import (
    Application,
    ApplicationStep,
    AreaTeamAction,
    AreaTeamMeeting,
    ProgrammeSpending,
    ResidentTeamPhaseChange,
)
from veerkracht.programme.services.fund import euro

#: Without an earlier meeting, the view looks back this far.
FIRST_LOOK_BACK = timedelta(days=31)


def rayons(gemeente_code: str | None = None) -> list[Area]:
    """The current rayons (of one gemeente), by name."""
    found = Area.objects.filter(level="rayon", valid_to__isnull=True)
    if gemeente_code:
        found = found.filter(gemeente_code=gemeente_code)
    return list(found.order_by("gemeente_code", "name"))


def rayon_buurten(rayon: Area) -> list[Area]:
    """The buurten of a rayon (the members of the city's set)."""
    codes = AreaSetMembership.objects.filter(area_set__code=rayon.code).values_list("member__code", flat=True)
    return list(Area.objects.filter(code__in=set(codes), valid_to__isnull=True).order_by("name"))


@dataclass(frozen=True)
class AreaTeamView:
    rayon: Area
    buurten: list[Area]
    last_meeting: AreaTeamMeeting | None
    window: Window
    sections: list[tuple[Section, list[Change]]]
    open_actions: list[AreaTeamAction]
    done_actions: list[AreaTeamAction]
    meetings: list[AreaTeamMeeting]


def area_team_view(rayon: Area, permissions: frozenset[str], now: datetime | None = None) -> AreaTeamView:
    """What changed since the last meeting, the actions agreed (open, and done since then), the meetings."""
    now = now or timezone.now()
    meetings = list(AreaTeamMeeting.objects.filter(rayon__code=rayon.code).order_by("-held_on", "-id")[:12])
    last = meetings[0] if meetings else None
    since = (
        timezone.make_aware(datetime.combine(last.held_on, time.min))
        if last is not None
        else now - FIRST_LOOK_BACK
    )
    buurten = rayon_buurten(rayon)
    window = Window(
        rayon_code=rayon.code,
        rayon_name=rayon.name,
        buurt_codes=frozenset(b.code for b in buurten),
        since=since,
        until=now,
        permissions=permissions,
    )
    actions = AreaTeamAction.objects.filter(rayon__code=rayon.code).select_related("organisation")
    return AreaTeamView(
        rayon=rayon,
        buurten=buurten,
        last_meeting=last,
        window=window,
        sections=collect(window),
        open_actions=list(actions.filter(done_on__isnull=True).order_by("due_on", "id")),
        done_actions=list(actions.filter(done_on__gte=since.date()).order_by("-done_on", "-id")),
        meetings=meetings,
    )


def fund_changes(window: Window) -> list[Change]:
    """Applications filed or decided in the rayon's buurten (titles and amounts, never the applicants)."""
    steps = (
        ApplicationStep.objects.filter(
            application__buurt__code__in=window.buurt_codes,
            at__gt=window.since,
            at__lte=window.until,
            step__in=[
                ApplicationStep.Step.SUBMITTED,
                ApplicationStep.Step.AWARDED,
                ApplicationStep.Step.REJECTED,
                ApplicationStep.Step.ACCOUNTED,
            ],
        )
        .select_related("application", "application__buurt")
        .order_by("-at")
    )
    texts: dict[str, str] = {
        ApplicationStep.Step.SUBMITTED: _("Nieuwe aanvraag „%(title)s” (%(amount)s gevraagd)"),
        ApplicationStep.Step.AWARDED: _("Toegekend: „%(title)s” (%(amount)s)"),
        ApplicationStep.Step.REJECTED: _("Afgewezen: „%(title)s”"),
        ApplicationStep.Step.ACCOUNTED: _("Verantwoord: „%(title)s” (%(amount)s besteed)"),
    }
    changes = []
    for step in steps:
        application: Application = step.application
        amount = euro(step.amount) if step.amount is not None else ""
        text = texts[step.step] % {"title": application.title, "amount": amount}
        changes.append(Change(f"{application.reference}: {text}", step.at, application.buurt.name))
    return changes


def phase_changes(window: Window) -> list[Change]:
    """Resident teams of the rayon that entered a phase since the last meeting (by when it was recorded)."""
    found = ResidentTeamPhaseChange.objects.filter(
        team__buurt__code__in=window.buurt_codes, recorded_at__gt=window.since, recorded_at__lte=window.until
    ).select_related("team", "team__buurt")
    return [
        Change(
            _("%(team)s: %(phase)s sinds %(since)s")
            % {
                "team": change.team.name,
                "phase": _(vocabulary.TEAM_PHASE_LABELS[change.phase]).lower(),
                "since": change.changed_on.strftime("%d-%m-%Y"),
            },
            change.recorded_at,
            change.team.buurt.name,
            reverse("programme-resident-team", kwargs={"team": change.team.slug}),
        )
        for change in found
    ]


def spending_changes(window: Window) -> list[Change]:
    """Spending recorded by programmes that work in the rayon's buurten."""
    found = (
        ProgrammeSpending.objects.filter(recorded_at__gt=window.since, recorded_at__lte=window.until)
        .filter(Q(area__code__in=window.buurt_codes) | Q(programme__areas__code__in=window.buurt_codes))
        .select_related("programme", "area")
        .distinct()
    )
    return [
        Change(
            _("%(programme)s: %(amount)s voor %(what)s")
            % {"programme": item.programme.name, "amount": euro(item.amount), "what": item.description},
            item.recorded_at,
            item.area.name if item.area else "",
            reverse("programme-programme", kwargs={"programme": item.programme.slug}),
        )
        for item in found
    ]


def class_changes(window: Window) -> list[Change]:
    """Buurten of the rayon whose veerkracht class changed in an analysis finished since the last meeting."""
    from veerkracht.analysis.queries import compare_runs

    finished = AnalysisRun.objects.filter(
        status=AnalysisRun.Status.SUCCEEDED, finished_at__gt=window.since, finished_at__lte=window.until
    ).order_by("finished_at", "id")
    changes = []
    for run in finished:
        earlier = (
            AnalysisRun.objects.filter(status=AnalysisRun.Status.SUCCEEDED, finished_at__lt=run.finished_at)
            .exclude(pk=run.pk)
            .order_by("-finished_at", "-id")
        )
        previous = next((r for r in earlier if set(r.gemeenten) & set(run.gemeenten)), None)
        if previous is None:
            continue
        compared = compare_runs(previous.pk, run.pk, level="buurt")
        compared = compared[compared["changed"] & compared["area_code"].isin(window.buurt_codes)]
        for row in compared.itertuples():
            changes.append(
                Change(
                    _("%(name)s: %(a)s → %(b)s (analyse #%(run)s tegenover #%(previous)s)")
                    % {
                        "name": row.name,
                        "a": row.label_a,
                        "b": row.label_b,
                        "run": run.pk,
                        "previous": previous.pk,
                    },
                    run.finished_at,
                    str(row.name),
                    f"{reverse('monitor')}?run={run.pk}",
                )
            )
    return changes


PROGRAMME_SECTIONS = (
    Section(
        "programme.fund", gettext_lazy("Leefbaarheidsfonds: aanvragen en besluiten"), fund_changes, order=40
    ),
    Section(
        "programme.resident_teams",
        gettext_lazy("Bewonerskrachtenteams: fasewisselingen"),
        phase_changes,
        order=50,
    ),
    Section("programme.spending", gettext_lazy("Programma's: uitgaven"), spending_changes, order=60),
    Section(
        "analysis.classes",
        gettext_lazy("Veerkrachtklassen die veranderden"),
        class_changes,
        permission="monitor.view",
        order=30,
    ),
)
