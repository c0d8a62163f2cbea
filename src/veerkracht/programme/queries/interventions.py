# SPDX-License-Identifier: EUPL-1.2
"""Reads of interventions: planned and realised per wijk and buurt, per corporation, per area."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from veerkracht.core.models import Organisation
from veerkracht.programme import vocabulary
from veerkracht.programme.models import Intervention

KINDS = vocabulary.INTERVENTION_KINDS


@dataclass
class Tally:
    """Planned and realised dwellings per kind of intervention."""

    planned: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    realised: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    known_realised: bool = False
    amount_eur: Decimal = Decimal("0")

    def add(self, intervention: Intervention) -> None:
        self.planned[intervention.kind] += intervention.planned
        if intervention.realised is not None:
            self.realised[intervention.kind] += intervention.realised
            self.known_realised = True
        if intervention.amount_eur:
            self.amount_eur += intervention.amount_eur

    @property
    def total(self) -> int:
        return sum(self.planned.values())

    def planned_list(self, kinds: tuple[str, ...] = KINDS) -> list[int]:
        return [self.planned[kind] for kind in kinds]

    def realised_list(self, kinds: tuple[str, ...] = KINDS) -> list[int]:
        return [self.realised[kind] for kind in kinds]


@dataclass
class AreaTally:
    code: str
    name: str
    tally: Tally = field(default_factory=Tally)
    items: list[Intervention] = field(default_factory=list)


@dataclass
class WijkGroup:
    code: str
    name: str
    buurten: list[AreaTally] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)


def filtered(
    gemeente_code: str | None = None,
    *,
    corporation: Organisation | None = None,
    kind: str | None = None,
    year: int | None = None,
) -> QuerySet[Intervention]:
    """Interventions of a gemeente, optionally of one corporation, one kind, or running in one year."""
    found = Intervention.objects.select_related("area", "area__parent", "corporation")
    if gemeente_code:
        found = found.filter(gemeente_code=gemeente_code)
    if corporation is not None:
        found = found.filter(corporation=corporation)
    if kind:
        found = found.filter(kind=kind)
    if year is not None:
        found = found.filter(from_year__lte=year, year__gte=year)
    return found


def by_wijk(interventions: QuerySet[Intervention]) -> tuple[list[WijkGroup], Tally]:
    """Buurt interventions grouped per CBS wijk, with totals per wijk and for the whole."""
    wijken: dict[str, WijkGroup] = {}
    buurten: dict[str, AreaTally] = {}
    whole = Tally()
    for item in interventions.filter(area__level="buurt"):
        parent = item.area.parent
        wijk_code, wijk_name = (parent.code, parent.name) if parent else ("", "")
        group = wijken.setdefault(wijk_code, WijkGroup(wijk_code, wijk_name))
        if item.area.code not in buurten:
            buurten[item.area.code] = AreaTally(item.area.code, item.area.name)
            group.buurten.append(buurten[item.area.code])
        buurten[item.area.code].tally.add(item)
        buurten[item.area.code].items.append(item)
        group.tally.add(item)
        whole.add(item)
    groups = sorted(wijken.values(), key=lambda g: g.code)
    for group in groups:
        group.buurten.sort(key=lambda b: b.name)
    return groups, whole


def by_corporation(interventions: QuerySet[Intervention]) -> tuple[list[tuple[Organisation, Tally]], Tally]:
    """City-wide interventions per corporation (rows the source gives per corporation for the gemeente)."""
    per: dict[int, tuple[Organisation, Tally]] = {}
    whole = Tally()
    for item in interventions.filter(area__level="gemeente", corporation__isnull=False):
        assert item.corporation is not None
        per.setdefault(item.corporation.pk, (item.corporation, Tally()))[1].add(item)
        whole.add(item)
    return sorted(per.values(), key=lambda pair: -pair[1].total), whole


def for_area(code: str) -> AreaTally:
    """Everything planned in one area (a buurt), with its items."""
    items = sorted(
        Intervention.objects.filter(area__code=code).select_related("area", "corporation"),
        key=lambda item: (KINDS.index(item.kind), item.from_year, item.corporation_id or 0),
    )
    tally = AreaTally(code, items[0].area.name if items else code)
    for item in items:
        tally.tally.add(item)
        tally.items.append(item)
    return tally


def corporations_with_interventions(gemeente_code: str | None = None) -> list[Organisation]:
    ids = filtered(gemeente_code).exclude(corporation__isnull=True).values_list("corporation", flat=True)
    return list(Organisation.objects.filter(pk__in=set(ids)).order_by("name"))


def years(gemeente_code: str | None = None) -> list[int]:
    spans = filtered(gemeente_code).values_list("from_year", "year").distinct()
    found: set[int] = set()
    for first, last in spans:
        found.update(range(first, last + 1))
    return sorted(found)


def per_kind_totals(groups: list[WijkGroup]) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for group in groups:
        for kind, n in group.tally.planned.items():
            totals[kind] += n
    return dict(totals)
