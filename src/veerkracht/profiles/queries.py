# SPDX-License-Identifier: EUPL-1.2
"""Reads of the neighbourhood profile: the area and its surroundings, each part as the person may see it,
and the stories behind the numbers.

The profile composes the other apps through their queries (ADR 0023): the monitor's run, the meldingen
KPIs and dossier counts, the programme. A part the person may not see is left out (``None``), not shown
greyed with its value.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from veerkracht.areas.models import Area, AreaSetMembership
from veerkracht.cases.queries import area_figures
from veerkracht.core.permissions import permissions_of
from veerkracht.profiles.models import NoteStatus, ProfileNote
from veerkracht.profiles.monitor_part import MonitorPart, monitor_part
from veerkracht.programme.queries import area_profile

LEVELS = ("buurt", "wijk", "rayon", "gemeente")
WRITE = "profiles.write_notes"
REVIEW = "profiles.review_notes"


def _current() -> QuerySet[Area]:
    # The geometry is not needed here and is the bulk of a row.
    return Area.objects.filter(valid_to__isnull=True).defer("geometry_wkb", "map_geojson")


def find_area(code: str) -> Area | None:
    """The current area with this code at a level that has a profile."""
    return _current().filter(code=code, level__in=LEVELS).first()


@dataclass(frozen=True)
class Place:
    """The area with what lies around and inside it."""

    area: Area
    gemeente: Area | None
    #: Larger areas it lies in, each with its own profile (wijk, rayon, gemeente).
    around: list[Area]
    #: Areas one level down, each with its own profile.
    inside: list[Area]
    #: The buurten it covers (a buurt: itself).
    buurten: list[Area]

    @property
    def buurt_codes(self) -> list[str]:
        return [b.code for b in self.buurten]


def place(area: Area) -> Place:
    gemeente = _current().filter(level="gemeente", code=area.gemeente_code).first()
    around: list[Area] = []
    inside: list[Area] = []
    if area.level == "buurt":
        buurten = [area]
        rayons = AreaSetMembership.objects.filter(member__code=area.code, area_set__level="rayon")
        rayon_codes = list(rayons.values_list("area_set__code", flat=True))
        parents = _current().filter(Q(pk=area.parent_id) | Q(code__in=rayon_codes, level="rayon"))
        around = sorted(parents, key=lambda a: LEVELS.index(a.level) if a.level in LEVELS else 9)
    elif area.level in ("wijk", "rayon"):
        if area.level == "wijk":
            buurten = list(_current().filter(parent__code=area.code, level="buurt").order_by("name"))
        else:
            members = AreaSetMembership.objects.filter(area_set__code=area.code)
            codes = set(members.values_list("member__code", flat=True))
            buurten = list(_current().filter(code__in=codes, level="buurt").order_by("name"))
        inside = buurten
    else:
        buurten = list(_current().filter(gemeente_code=area.code, level="buurt").order_by("name"))
        inside = list(
            _current().filter(gemeente_code=area.code, level__in=["rayon", "wijk"]).order_by("level", "name")
        )
    if gemeente is not None and area.level != "gemeente":
        around.append(gemeente)
    return Place(area, gemeente, around, inside, buurten)


@dataclass(frozen=True)
class CasesPart:
    year: int
    #: Per area code (the area itself; for a rayon its buurten) the KPIs.
    kpis: dict[str, dict[str, area_figures.Cell]]
    rows: list[tuple[Area, dict[str, area_figures.Cell]]]
    steps: list[area_figures.StepCount] | None
    open_dossiers: int | None


def cases_part(user: Any, where: Place, year: int, permissions: frozenset[str]) -> CasesPart | None:
    if "cases.view" not in permissions:
        return None
    area = where.area
    # A rayon is no level of the KPIs' equations: its buurten each with their own (suppressed) figures.
    shown = where.buurten if area.level == "rayon" else [area]
    kpis = area_figures.area_kpis(user, area.gemeente_code, year, [a.code for a in shown])
    steps, total = area_figures.dossier_steps(user, where.buurt_codes)
    return CasesPart(year, kpis, [(a, kpis.get(a.code, {})) for a in shown], steps, total)


@dataclass(frozen=True)
class ProgrammePart:
    agreements: list[Any]
    interventions: Any
    fund: area_profile.FundPart
    teams: list[Any]
    accessibility: list[Any]
    programmes: list[Any]
    #: Whether the person may open the applications themselves (with the applicants' details).
    may_open_applications: bool


def programme_part(where: Place, permissions: frozenset[str]) -> ProgrammePart | None:
    if "programme.view" not in permissions:
        return None
    codes = where.buurt_codes
    return ProgrammePart(
        agreements=area_profile.agreements_touching(where.area.code, codes),
        interventions=area_profile.interventions_in(codes),
        fund=area_profile.fund_in(where.area.gemeente_code, where.buurten),
        teams=area_profile.teams_in(codes),
        accessibility=area_profile.accessibility_in(where.area.gemeente_code, codes),
        programmes=area_profile.programmes_touching(where.area.code, codes),
        may_open_applications="programme.fund_view" in permissions,
    )


def notes_for(area_code: str, permissions: frozenset[str]) -> list[ProfileNote]:
    """Approved stories for everyone; staff who write or review them also see those waiting or refused."""
    found = ProfileNote.objects.filter(area_code=area_code).select_related("organisation")
    if not permissions & {WRITE, REVIEW}:
        found = found.filter(status=NoteStatus.APPROVED)
    return list(found.order_by("-observed_on", "-id"))


@dataclass(frozen=True)
class Profile:
    place: Place
    monitor: MonitorPart | None
    cases: CasesPart | None
    programme: ProgrammePart | None
    notes: list[ProfileNote]
    may_write_notes: bool
    may_review_notes: bool


def profile(user: Any, area: Area, *, year: int | None = None) -> Profile:
    """Everything the person may see of the area."""
    permissions = permissions_of(user)
    where = place(area)
    monitor = None
    if "monitor.view" in permissions:
        monitor = monitor_part(area.code, area.level, area.gemeente_code, where.buurt_codes)
    return Profile(
        place=where,
        monitor=monitor,
        cases=cases_part(user, where, year or timezone.localdate().year, permissions),
        programme=programme_part(where, permissions),
        notes=notes_for(area.code, permissions),
        may_write_notes=WRITE in permissions,
        may_review_notes=REVIEW in permissions,
    )


def index() -> dict[str, list[Area]]:
    """Every area with a profile, per level."""
    found = _current().filter(level__in=LEVELS).order_by("gemeente_code", "name")
    return {level: [a for a in found if a.level == level] for level in LEVELS}
