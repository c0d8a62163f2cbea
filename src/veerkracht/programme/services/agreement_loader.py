# SPDX-License-Identifier: EUPL-1.2
"""Load a content file of performance agreements into the database: all or nothing.

Organisations are found by name (created when missing, through the kernel's audited service), areas by
CBS code (the current version). A problem anywhere leaves the database as it was and names the file and
the key in Dutch.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from veerkracht.areas.models import Area
from veerkracht.core.models import Organisation, User
from veerkracht.core.services import create_organisation, record_audit
from veerkracht.programme.content.agreement_file import AgreementFile, ContentError, read_agreement_file
from veerkracht.programme.models import Agreement, AgreementSet, Milestone, Theme, Workgroup

MAASTRICHT_AGREEMENTS = Path(__file__).resolve().parents[1] / "data" / "maastricht" / "agreements.yaml"


@dataclass(frozen=True)
class LoadResult:
    agreement_set: AgreementSet
    themes: int
    agreements: int
    milestones: int
    workgroups: int
    organisations_created: int


def load_agreement_file(path: Path, *, actor: User | None = None) -> LoadResult:
    """Read, check and store a content file; the set must not exist yet."""
    return load_agreements(read_agreement_file(path), source=str(path), actor=actor)


@transaction.atomic
def load_agreements(spec: AgreementFile, *, source: str, actor: User | None = None) -> LoadResult:
    """Store checked content in one transaction."""

    def fail(key: str, problem: str) -> None:
        raise ContentError(f"{source}, sleutel {key}: {problem}")

    if AgreementSet.objects.filter(slug=spec.set.slug).exists():
        fail("set.slug", f"de set '{spec.set.slug}' is al geladen")
    organisations: dict[str, Organisation] = {}
    created = 0
    for index, entry in enumerate(spec.organisations):
        found = Organisation.objects.filter(name=entry.name).first()
        if found is None:
            if Organisation.objects.filter(slug=entry.key).exists():
                fail(
                    f"organisations[{index}].key", f"een andere organisatie heeft al de sleutel '{entry.key}'"
                )
            found = create_organisation(entry.name, entry.kind, slug=entry.key, actor=actor)
            created += 1
        organisations[entry.key] = found
    areas = _resolve_areas(spec, fail)
    agreement_set = AgreementSet.objects.create(
        slug=spec.set.slug,
        title=spec.set.title,
        gemeente_code=spec.set.gemeente,
        start_year=spec.set.start_year,
        end_year=spec.set.end_year,
        source=spec.set.source,
        synthetic=spec.set.synthetic,
    )
    themes = {
        theme.number: Theme.objects.create(
            agreement_set=agreement_set, number=theme.number, title=theme.title, ambition=theme.ambition
        )
        for theme in spec.themes
    }
    workgroups: dict[str, Workgroup] = {}
    for entry_ in spec.workgroups:
        workgroup = Workgroup.objects.create(
            agreement_set=agreement_set,
            slug=entry_.key,
            name=entry_.name,
            theme=themes[entry_.theme] if entry_.theme is not None else None,
        )
        workgroup.members.set([organisations[key] for key in entry_.members])
        workgroups[entry_.key] = workgroup
    agreements = milestones = 0
    for theme_spec in spec.themes:
        for position, item in enumerate(theme_spec.agreements):
            agreement = Agreement.objects.create(
                theme=themes[theme_spec.number],
                code=item.code,
                title=item.title,
                text=item.text,
                goal=item.goal,
                starting_actions=item.starting_actions,
                lead_text=item.lead,
                position=position,
                starts_on=spec.set.starts_on,
            )
            agreement.lead_organisations.set([organisations[key] for key in item.lead_organisations])
            agreement.lead_workgroups.set([workgroups[key] for key in item.lead_workgroups])
            agreement.areas.set([areas[code] for code in item.areas])
            Milestone.objects.bulk_create(
                Milestone(agreement=agreement, title=m.title, due_on=m.due, due_text=m.as_written)
                for m in item.milestones
            )
            agreements += 1
            milestones += len(item.milestones)
    record_audit(
        "programme.agreements_loaded",
        actor=actor,
        object_type="agreement_set",
        object_id=agreement_set.pk,
        detail={"source": source, "agreements": agreements},
    )
    return LoadResult(agreement_set, len(themes), agreements, milestones, len(workgroups), created)


def _resolve_areas(spec: AgreementFile, fail: Callable[[str, str], None]) -> dict[str, Area]:
    """The current version of every area the file names; a missing one is an error."""
    codes = {code for theme in spec.themes for item in theme.agreements for code in item.areas}
    found: dict[str, Area] = {}
    for area in Area.objects.filter(code__in=codes).order_by("code", "valid_from"):
        found[area.code] = area  # the latest version wins
    for t, theme in enumerate(spec.themes):
        for a, item in enumerate(theme.agreements):
            for i, code in enumerate(item.areas):
                if code not in found:
                    fail(
                        f"themes[{t}].agreements[{a}].areas[{i}]",
                        f"gebied {code} bestaat niet; laad eerst de gebieden van {spec.set.gemeente}",
                    )
    return found


def load_maastricht_agreements() -> str:
    """The Maastricht demo's hook: load seed 003's agreements once, compute the signals, return a summary."""
    from veerkracht.programme.services.agreements import compute_stagnation_signals

    spec = read_agreement_file(MAASTRICHT_AGREEMENTS)
    if AgreementSet.objects.filter(slug=spec.set.slug).exists():
        return f"prestatieafspraken: {spec.set.title} was al geladen"
    result = load_agreements(spec, source=str(MAASTRICHT_AGREEMENTS))
    signals = compute_stagnation_signals()
    return (
        f"prestatieafspraken: {result.agreements} afspraken in {result.themes} thema's, "
        f"{result.milestones} mijlpalen, {result.workgroups} werkgroepen, {signals.open} stagnatiesignalen"
    )
