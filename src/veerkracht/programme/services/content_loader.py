# SPDX-License-Identifier: EUPL-1.2
"""Load a city's programme content (stock, targets, accessibility, interventions, fund, teams, programmes).

All or nothing: every file is read and checked first (shapes by the typed reader, then every area code and
organisation against the database), and only content without any problem is stored, in one transaction.
Problems are named in Dutch with file, line and key. Organisations are found by name and created when
missing, through the kernel's shared ``get_or_create_organisation``, so this loader and the agreements'
loader can run in either order.
"""

from collections.abc import Iterator
from pathlib import Path

from django.db import transaction

from veerkracht.areas.models import Area
from veerkracht.core.models import Organisation, OrganisationKind, User
from veerkracht.core.services import get_or_create_organisation, record_audit
from veerkracht.programme.content.city import CityContent, read_city_content
from veerkracht.programme.content.common import ContentError, LineFinder, OrganisationRef
from veerkracht.programme.models import Fund, HousingTable, Prioritisation, Programme, ResidentTeam
from veerkracht.programme.services import fund_budgets, housing, programmes, teams
from veerkracht.rulefiles.errors import Location

MAASTRICHT = Path(__file__).resolve().parents[1] / "data" / "maastricht"

# (part, location of the code, the code, the levels it may have)
AreaRef = tuple[str, Location, str, tuple[str, ...]]


def _area_refs(content: CityContent) -> Iterator[AreaRef]:
    if content.accessibility:
        for p, part in enumerate(content.accessibility.parts):
            for r, row in enumerate(part.rows):
                yield "accessibility", ("parts", p, "rows", r, "buurt"), row.buurt, ("buurt",)
    if content.interventions:
        for t, table in enumerate(content.interventions.tables):
            for r, planned in enumerate(table.rows):
                yield "interventions", ("tables", t, "rows", r, "area"), planned.area, ("buurt", "gemeente")
    if content.fund:
        for b, budget in enumerate(content.fund.budgets):
            for a, code in enumerate(budget.areas):
                yield "fund", ("budgets", b, "areas", a), code, (budget.scope,)
    if content.teams:
        for t, team in enumerate(content.teams.teams):
            yield "teams", ("teams", t, "buurt"), team.buurt, ("buurt",)
    if content.programmes:
        for p, programme in enumerate(content.programmes.programmes):
            for a, code in enumerate(programme.areas):
                yield "programmes", ("programmes", p, "areas", a), code, ("buurt", "wijk")
            for s, spending in enumerate(programme.spending):
                if spending.area:
                    yield (
                        "programmes",
                        ("programmes", p, "spending", s, "area"),
                        spending.area,
                        ("buurt", "wijk"),
                    )
        if content.programmes.prioritisation:
            for e, entry in enumerate(content.programmes.prioritisation.entries):
                for a, code in enumerate(entry.areas):
                    yield "programmes", ("prioritisation", "entries", e, "areas", a), code, ("buurt",)


def _organisation_refs(content: CityContent) -> Iterator[tuple[str, Location, OrganisationRef]]:
    if content.stock:
        for n, ref in enumerate(content.stock.corporations):
            yield "stock", ("corporations", n), ref
    if content.interventions:
        for n, ref in enumerate(content.interventions.corporations):
            yield "interventions", ("corporations", n), ref
    if content.fund:
        yield "fund", ("fund", "holder"), content.fund.fund.holder
    if content.teams:
        for n, ref in enumerate(content.teams.corporations):
            yield "teams", ("corporations", n), ref
    if content.programmes:
        for p, programme in enumerate(content.programmes.programmes):
            yield "programmes", ("programmes", p, "lead"), programme.lead
            for n, ref in enumerate(programme.partners):
                yield "programmes", ("programmes", p, "partners", n), ref


def _loaded_already(content: CityContent) -> Iterator[tuple[str, Location, str]]:
    for part, spec in (("stock", content.stock), ("accessibility", content.accessibility)):
        if spec is not None and HousingTable.objects.filter(slug=spec.table.slug).exists():
            yield part, ("table", "slug"), spec.table.slug
    if content.fund and Fund.objects.filter(slug=content.fund.fund.slug).exists():
        yield "fund", ("fund", "slug"), content.fund.fund.slug
    if content.teams and ResidentTeam.objects.filter(gemeente_code=content.teams.gemeente).exists():
        yield "teams", ("gemeente",), content.teams.gemeente
    if content.programmes:
        for p, programme in enumerate(content.programmes.programmes):
            if Programme.objects.filter(slug=programme.slug).exists():
                yield "programmes", ("programmes", p, "slug"), programme.slug
        prioritisation = content.programmes.prioritisation
        if prioritisation and Prioritisation.objects.filter(slug=prioritisation.slug).exists():
            yield "programmes", ("prioritisation", "slug"), prioritisation.slug


def _finders(content: CityContent) -> dict[str, LineFinder]:
    finders = {}
    for part in ("stock", "targets", "accessibility", "interventions", "fund", "teams", "programmes"):
        path = content.paths.get(part)
        finders[part] = LineFinder(path.name if path else f"{part} (inhoud)", path)
    return finders


def check_references(content: CityContent) -> tuple[dict[str, Area], dict[str, str]]:
    """Every area code and organisation the content names; raise one ContentError with all problems."""
    finders = _finders(content)
    refs = list(_area_refs(content))
    found: dict[str, Area] = {}
    for area in Area.objects.filter(code__in={ref[2] for ref in refs}).order_by("code", "valid_from"):
        found[area.code] = area  # the latest version wins
    for part, loc, code, levels in refs:
        named = found.get(code)
        if named is None:
            finders[part].problem(loc, f"gebied {code} bestaat niet; laad eerst de gebieden van de gemeente")
        elif named.level not in levels:
            finders[part].problem(
                loc, f"{code} ({named.name}) is een {named.level}; verwacht een {' of '.join(levels)}"
            )
    kinds: dict[str, str] = {}
    for part, loc, ref in _organisation_refs(content):
        if kinds.setdefault(ref.name, ref.kind) != ref.kind:
            finders[part].problem((*loc, "kind"), f"'{ref.name}' heeft elders de soort '{kinds[ref.name]}'")
        existing = Organisation.objects.filter(name=ref.name).first()
        if existing is None and ref.kind not in OrganisationKind.values:
            finders[part].problem((*loc, "kind"), f"onbekende soort organisatie '{ref.kind}'")
    for part, loc, slug in _loaded_already(content):
        finders[part].problem(loc, f"'{slug}' is al geladen")
    problems = [problem for finder in finders.values() for problem in finder.problems]
    if problems:
        raise ContentError(
            "\n".join(
                str(ContentError(finder.source, finder.problems))
                for finder in finders.values()
                if finder.problems
            )
        )
    return found, kinds


def is_loaded(content: CityContent) -> bool:
    """Whether (part of) this content is in the database already."""
    return next(_loaded_already(content), None) is not None


def load_city_content(content: CityContent, *, actor: User | None = None) -> list[str]:
    """Check, then store all of the content in one transaction; return a summary, one line per part."""
    areas, kinds = check_references(content)
    synthetic = content.synthetic
    with transaction.atomic():
        organisations = {
            name: get_or_create_organisation(name, kind, actor=actor) for name, kind in kinds.items()
        }
        summary = []
        if content.stock:
            table = housing.store_stock(content.stock, organisations, synthetic=synthetic)
            summary.append(f"woningvoorraad: {table.stock_figures.count()} cijfers ({table.title})")
        if content.targets:
            source = str(content.paths.get("targets", "")) or "targets (inhoud)"
            targets = housing.store_targets(content.targets, source=Path(source).name)
            summary.append(f"doelen woningvoorraad: {len(targets)}")
        if content.accessibility:
            table = housing.store_accessibility(content.accessibility, areas, synthetic=synthetic)
            summary.append(f"zorggeschiktheid: {table.accessibility_figures.count()} cijfers per buurt")
        if content.interventions:
            count = housing.store_interventions(
                content.interventions, areas, organisations, synthetic=synthetic
            )
            summary.append(f"ingrepen: {count}")
        if content.fund:
            fund = fund_budgets.store_fund(
                content.fund,
                areas,
                organisations[content.fund.fund.holder.name],
                synthetic=synthetic,
                actor=actor,
            )
            summary.append(f"leefbaarheidsfonds: {fund.budgets.count()} budgetten")
        if content.teams:
            made = teams.store_teams(content.teams, areas, organisations, synthetic=synthetic)
            summary.append(f"bewonerskrachtenteams: {len(made)}")
        if content.programmes:
            for spec in content.programmes.programmes:
                programmes.store_programme(
                    spec, content.programmes.gemeente, areas, organisations, synthetic=synthetic
                )
            summary.append(f"programma's: {len(content.programmes.programmes)}")
            if content.programmes.prioritisation:
                prioritisation = programmes.store_prioritisation(
                    content.programmes.prioritisation, content.programmes.gemeente, areas, synthetic=synthetic
                )
                summary.append(f"buurtprioritering: {prioritisation.areas.count()} buurten")
        record_audit(
            "programme.content_loaded",
            actor=actor,
            object_type="programme_content",
            detail={"files": sorted(path.name for path in content.paths.values()), "synthetic": synthetic},
        )
    return summary


def load_content_folder(folder: Path, *, actor: User | None = None) -> list[str]:
    """Read a folder of content files and load it."""
    return load_city_content(read_city_content(folder), actor=actor)


def load_maastricht_content() -> str:
    """The Maastricht demo's hook: load seed 003's and 002's content once; return a summary."""
    content = read_city_content(MAASTRICHT)
    if is_loaded(content):
        return "programma (voorraad, fonds, teams, programma's): was al geladen"
    return "programma: " + "; ".join(load_city_content(content))
