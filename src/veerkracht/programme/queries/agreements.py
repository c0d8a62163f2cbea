# SPDX-License-Identifier: EUPL-1.2
"""Reads of the performance agreements: filters, who may write, the stagnation list, the evaluation."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet

from veerkracht.areas.models import AreaLevel
from veerkracht.core.models import Organisation, User
from veerkracht.core.permissions import has_permission
from veerkracht.programme.models import (
    Agreement,
    AgreementSet,
    AgreementStatus,
    Milestone,
    StagnationSignal,
    StatusUpdate,
    Theme,
    ThemeEvaluation,
    Workgroup,
)

VIEW = "programme.view"
EDIT = "programme.edit"


def current_set() -> AgreementSet | None:
    """The set shown by default: the one that started last."""
    return AgreementSet.objects.order_by("-start_year", "-pk").first()


def lead_organisations(agreement: Agreement) -> set[int]:
    """The organisations that pull an agreement: named leads and the members of its lead workgroups."""
    direct = set(agreement.lead_organisations.values_list("pk", flat=True))
    through_groups = set(
        Organisation.objects.filter(workgroups__led_agreements=agreement).values_list("pk", flat=True)
    )
    return direct | through_groups


def writing_organisation(user: User | AnonymousUser, agreement: Agreement) -> Organisation | None:
    """The organisation in whose name this person may write a status update, or None (ADR 0013).

    A person writes for a lead organisation they belong to (with the programme.view permission there);
    failing that, anyone with programme.edit writes for the organisation that grants it.
    """
    if not user.is_authenticated:
        return None
    leads = lead_organisations(agreement)
    memberships = user.memberships.filter(active=True).select_related("organisation")
    for membership in memberships.order_by("organisation__name"):
        if membership.organisation_id in leads and has_permission(user, VIEW, membership.organisation):
            return membership.organisation
    for membership in memberships.order_by("organisation__name"):
        if has_permission(user, EDIT, membership.organisation):
            return membership.organisation
    return None


def may_keep_action_list(user: User | AnonymousUser, workgroup: Workgroup) -> bool:
    """Members' staff keep their workgroup's action list; programme.edit may do so for any workgroup."""
    if not user.is_authenticated:
        return False
    if has_permission(user, EDIT):
        return True
    member_ids = set(workgroup.members.values_list("pk", flat=True))
    return any(
        has_permission(user, VIEW, membership.organisation)
        for membership in user.memberships.filter(active=True, organisation_id__in=member_ids)
    )


@dataclass(frozen=True)
class AgreementFilters:
    """The filters of the overview; empty strings mean "all"."""

    theme: str = ""
    lead: str = ""  # an organisation slug or "werkgroep:<slug>"
    area: str = ""  # a CBS code
    status: str = ""


def agreements(agreement_set: AgreementSet, filters: AgreementFilters) -> QuerySet[Agreement]:
    """The agreements of a set that pass the filters, with what the overview shows."""
    found = Agreement.objects.filter(theme__agreement_set=agreement_set)
    if filters.theme.isdigit():
        found = found.filter(theme__number=int(filters.theme))
    if filters.lead.startswith("werkgroep:"):
        found = found.filter(lead_workgroups__slug=filters.lead.removeprefix("werkgroep:"))
    elif filters.lead:
        # The organisations the document names as lead; a workgroup is a lead of its own in the filter.
        found = found.filter(lead_organisations__slug=filters.lead)
    if filters.area:
        # The area itself and the areas inside it (the buurten of a wijk or of a rayon).
        found = found.filter(
            Q(areas__code=filters.area)
            | Q(areas__parent__code=filters.area)
            | Q(areas__in_sets__area_set__code=filters.area)
        )
    if filters.status in AgreementStatus.values:
        found = found.filter(status=filters.status)
    return (
        found.distinct()
        .select_related("theme")
        .prefetch_related("lead_organisations", "lead_workgroups", "areas")
        .order_by("theme__number", "position", "code")
    )


def lead_choices(agreement_set: AgreementSet) -> list[tuple[str, str]]:
    """The leads one can filter on: organisations, then workgroups."""
    organisations = (
        Organisation.objects.filter(led_agreements__theme__agreement_set=agreement_set)
        .distinct()
        .order_by("name")
    )
    choices = [(o.slug, o.name) for o in organisations]
    choices += [(f"werkgroep:{w.slug}", w.name) for w in agreement_set.workgroups.order_by("name")]
    return choices


def area_choices(agreement_set: AgreementSet) -> list[tuple[str, str]]:
    """The areas the set's agreements touch, by CBS code, named with their level: "Pottenberg (buurt)"."""
    levels = dict(AreaLevel.choices)
    seen: dict[str, str] = {}
    for code, name, level in (
        Agreement.objects.filter(theme__agreement_set=agreement_set)
        .values_list("areas__code", "areas__name", "areas__level")
        .distinct()
    ):
        if code:
            seen.setdefault(code, f"{name} ({str(levels.get(level, level)).lower()})")
    return sorted(seen.items(), key=lambda item: item[1])


def agreement_page(agreement_set_slug: str, code: str) -> Agreement | None:
    """One agreement with everything its page shows."""
    return (
        Agreement.objects.filter(theme__agreement_set__slug=agreement_set_slug, code=code)
        .select_related("theme", "theme__agreement_set")
        .prefetch_related(
            "lead_organisations",
            "lead_workgroups",
            "areas",
            "milestones",
            Prefetch(
                "updates",
                queryset=StatusUpdate.objects.select_related("organisation", "milestone"),
            ),
        )
        .first()
    )


def open_signals() -> QuerySet[StagnationSignal]:
    """What is stuck now, oldest first, grouped by theme on the page."""
    return (
        StagnationSignal.objects.filter(resolved_on__isnull=True)
        .select_related("agreement", "agreement__theme", "agreement__theme__agreement_set", "milestone")
        .prefetch_related("agreement__lead_organisations", "agreement__lead_workgroups")
        .order_by("agreement__theme__number", "agreement__position", "agreement__code", "stuck_since")
    )


def resolved_since(day: date) -> QuerySet[StagnationSignal]:
    """Signals resolved on or after a day ("what got unstuck since the last overleg")."""
    return (
        StagnationSignal.objects.filter(resolved_on__gte=day)
        .select_related("agreement", "agreement__theme", "agreement__theme__agreement_set", "milestone")
        .order_by("-resolved_on", "agreement__code")
    )


@dataclass
class ThemeYear:
    """The figures of a theme in one year: the same object feeds the evaluation page and its PDF."""

    theme: Theme
    year: int
    agreements: list[Agreement]
    statuses_at_end: list[str]  # the status label of each agreement at the end of the year, same order
    status_counts: list[tuple[str, int]]  # (label, count) in the order of AgreementStatus
    milestones_due: int
    milestones_reached: int
    milestones_missed: int
    updates: int
    evaluation: ThemeEvaluation | None
    milestone_rows: list[Milestone] = field(default_factory=list)

    @property
    def agreement_count(self) -> int:
        return len(self.agreements)

    @property
    def agreement_rows(self) -> list[tuple[Agreement, str]]:
        return list(zip(self.agreements, self.statuses_at_end, strict=True))


def theme_year(theme: Theme, year: int, *, today: date) -> ThemeYear:
    """What was agreed and what happened in a theme in a year (status as at the end of the year)."""
    end = min(date(year, 12, 31), today)
    agreements_ = list(
        theme.agreements.prefetch_related("lead_organisations", "lead_workgroups").order_by(
            "position", "code"
        )
    )
    statuses: Counter[str] = Counter()
    at_end = []
    labels = dict(AgreementStatus.choices)
    for agreement in agreements_:
        latest = agreement.updates.filter(recorded_at__date__lte=end).order_by("-recorded_at", "-pk").first()
        status = latest.status if latest else AgreementStatus.NOT_STARTED
        statuses[status] += 1
        at_end.append(str(labels[status]))
    milestones = list(
        Milestone.objects.filter(agreement__theme=theme, due_on__year=year)
        .select_related("agreement")
        .order_by("due_on", "agreement__code")
    )
    reached = sum(1 for m in milestones if m.reached_on is not None and m.reached_on <= end)
    # Missed: its date passed (by the year's end, or by today in the current year) and it was not reached.
    missed = sum(
        1
        for m in milestones
        if m.due_on <= end and m.due_on < today and (m.reached_on is None or m.reached_on > end)
    )
    updates = StatusUpdate.objects.filter(agreement__theme=theme, recorded_at__year=year).count()
    return ThemeYear(
        theme=theme,
        year=year,
        agreements=agreements_,
        statuses_at_end=at_end,
        status_counts=[(str(label), statuses.get(value, 0)) for value, label in AgreementStatus.choices],
        milestones_due=len(milestones),
        milestones_reached=reached,
        milestones_missed=missed,
        updates=updates,
        evaluation=theme.evaluations.filter(year=year).first(),
        milestone_rows=milestones,
    )
