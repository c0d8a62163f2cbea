# SPDX-License-Identifier: EUPL-1.2
"""Performance agreements for the synthetic city: the shape of Maastricht's (seed 003), invented content.

Deterministic for a seed: the same buurten get the same agreements, milestones and status history. The
content is built as the same typed structure as a real content file (``AgreementFile``) and goes through the
same loader, so the synthetic city exercises the real path. Its history ends before 2025-07-01 whatever the
date of the build, so a rebuild gives the same database; stagnation signals then follow from the day the
periodic job runs.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.text import slugify

from veerkracht.areas.models import Area, AreaSetMembership
from veerkracht.programme.content.agreement_file import (
    AgreementFile,
    AgreementSpec,
    MilestoneSpec,
    OrganisationSpec,
    SetSpec,
    ThemeSpec,
    WorkgroupSpec,
)
from veerkracht.programme.models import Agreement, AgreementStatus, Workgroup
from veerkracht.programme.services.agreement_loader import load_agreements
from veerkracht.programme.services.agreements import (
    add_workgroup_action,
    compute_stagnation_signals,
    record_status_update,
    set_action_done,
)

HISTORY_ENDS = date(2025, 7, 1)

# (name, kind) of the demo organisations (demo/people.py); the loader finds them by name.
GEMEENTE = ("Gemeente Veerstad", "gemeente")
CORPORATION = ("Woonstichting Maasoever", "woningcorporatie")
TENANTS = ("Huurdersvereniging Veerstad", "huurdersvereniging")
WELFARE = ("Welzijn Veerstad", "welzijn")
CARE = ("Zorgcoöperatie Veerstad", "zorg")
POLICE = ("Politie wijkteam Veerstad", "politie")

THEMES = {
    0: "Proces en samenwerking",
    1: "Betaalbaarheid",
    2: "Wonen en zorg",
    3: "Woonruimteverdeling",
    4: "Veiligheid en leefbaarheid",
    5: "Vastgoed, studentenhuisvesting, tijdelijkheid en duurzaamheid",
    6: "Gebiedsgerichte aanpak",
}

# Per theme: (title, goal, what we start with, lead keys). Invented, in the register of seed 003.
CITY_AGREEMENTS: dict[int, list[tuple[str, str, str, tuple[str, ...]]]] = {
    0: [
        (
            "Gezamenlijke actielijst",
            "Voortgang afspraken bewaken",
            "Opstellen van een gezamenlijke actielijst.",
            ("gemeente",),
        ),
        (
            "Jaarlijkse evaluatie",
            "Ambities verantwoord bijstellen",
            "Een evaluatie per thema in het voorjaar.",
            ("gemeente", "corporatie"),
        ),
    ],
    1: [
        (
            "Huren betaalbaar houden",
            "Betaalbare woonlasten",
            "Een gezamenlijk huurbeleid voor de komende jaren.",
            ("corporatie",),
        ),
        (
            "Vroegsignalering huurachterstand",
            "Schulden voorkomen",
            "Bij één maand achterstand samen in actie met welzijn.",
            ("corporatie", "welzijn"),
        ),
    ],
    2: [
        (
            "Coördinatiepunt wonen en zorg",
            "Wonen en zorg aan elkaar koppelen",
            "Een projectplan.",
            ("gemeente", "zorg"),
        ),
        (
            "Woningaanpassingen",
            "Zorggeschikte woningen waar ze nodig zijn",
            "Een opgave per wijk.",
            ("gemeente", "corporatie"),
        ),
    ],
    3: [
        (
            "Evenwichtige woonruimteverdeling",
            "Duurzame bewoning",
            "Maandelijks de toewijzingen bespreken.",
            ("corporatie", "huurders"),
        ),
    ],
    4: [
        (
            "Leefbare wijken aanpak",
            "Samen met bewoners leefbaarheid verbeteren",
            "Een gebiedsteam per rayon.",
            ("gemeente", "corporatie", "politie"),
        ),
        (
            "Eén centraal meldpunt",
            "Meldingen komen op één plek binnen",
            "Een procesbeschrijving.",
            ("gemeente", "corporatie"),
        ),
    ],
    5: [
        (
            "Verduurzaming sociale huurwoningen",
            "Gemiddeld energielabel B",
            "Een isolatiestandaard.",
            ("corporatie",),
        ),
        (
            "Nieuwbouw sociale huur",
            "Voldoende betaalbare woningen",
            "Een gezamenlijke bouwplanning.",
            ("gemeente", "corporatie"),
        ),
    ],
}


@dataclass(frozen=True)
class _Areas:
    gemeente: Area
    buurten: list[Area]
    rayons: list[Area]


def _areas() -> _Areas:
    gemeente = Area.objects.filter(level="gemeente", valid_to__isnull=True).order_by("code").first()
    if gemeente is None:
        raise ValueError("de synthetische stad heeft nog geen gebieden; bouw eerst de gebieden")
    buurten = list(
        Area.objects.filter(level="buurt", valid_to__isnull=True, gemeente_code=gemeente.code).order_by(
            "code"
        )
    )
    rayon_ids = AreaSetMembership.objects.filter(member__in=buurten).values_list("area_set", flat=True)
    rayons = list(Area.objects.filter(pk__in=rayon_ids, valid_to__isnull=True).order_by("code"))
    return _Areas(gemeente, buurten, rayons)


def _milestones(rng: random.Random, count: int) -> tuple[MilestoneSpec, ...]:
    steps = ("Projectplan gereed", "Besluit in het bestuurlijk overleg", "Uitvoering gestart", "Evaluatie")
    result = []
    day = date(2022, 1, 1)
    for step in steps[:count]:
        day += timedelta(days=rng.randint(90, 300))
        quarter = (day.month - 1) // 3 + 1
        due = date(day.year, quarter * 3, 30 if quarter in (2, 3) else 31)
        result.append(MilestoneSpec(title=step, due=due, as_written=f"{day.year} Q{quarter}"))
    return tuple(result)


def synthetic_agreement_file(seed: int) -> AgreementFile:
    """The content of the synthetic city's agreements for a seed."""
    rng = random.Random(f"agreements-{seed}")
    areas = _areas()
    organisations = {
        key: OrganisationSpec(key=slugify(name)[:80], name=name, kind=kind)  # type: ignore[arg-type]
        for key, (name, kind) in {
            "gemeente": GEMEENTE,
            "corporatie": CORPORATION,
            "huurders": TENANTS,
            "welzijn": WELFARE,
            "zorg": CARE,
            "politie": POLICE,
        }.items()
    }
    partners = ("gemeente", "corporatie", "huurders")
    workgroups = [
        WorkgroupSpec(
            key=slugify(THEMES[number])[:40],
            name=f"Werkgroep {THEMES[number].split(',')[0]}",
            theme=number,
            members=tuple(organisations[k].key for k in partners + (("zorg",) if number == 2 else ())),
        )
        for number in range(1, 7)
    ]
    themes = []
    for number, title in THEMES.items():
        items = []
        specs = CITY_AGREEMENTS.get(number, [])
        for index, (name, goal, start, leads) in enumerate(specs):
            items.append(
                AgreementSpec(
                    code=f"{number}{chr(97 + index)}",
                    title=name,
                    text=f"{name}: gemeente, corporatie en huurders spreken af hier samen aan te werken.",
                    goal=goal,
                    starting_actions=start,
                    lead=", ".join(organisations[k].name for k in leads),
                    lead_organisations=tuple(organisations[k].key for k in leads),
                    lead_workgroups=(workgroups[number - 1].key,) if number else (),
                    areas=(areas.gemeente.code,),
                    milestones=_milestones(rng, rng.randint(1, 3)),
                )
            )
        if number == 6:
            items += _area_agreements(rng, areas, organisations, workgroups[5].key)
        themes.append(ThemeSpec(number=number, title=title, agreements=tuple(items)))
    return AgreementFile(
        version=1,
        set=SetSpec(
            slug="veerstad-2022-2026",
            title="Prestatieafspraken Veerstad 2022-2026",
            gemeente=areas.gemeente.code,
            start_year=2022,
            end_year=2026,
            starts_on=date(2022, 1, 1),
            source="synthetisch, gegenereerd naar het model van de Maastrichtse prestatieafspraken",
            synthetic=True,
        ),
        organisations=tuple(organisations.values()),
        workgroups=tuple(workgroups),
        themes=tuple(themes),
    )


def _area_agreements(
    rng: random.Random, areas: _Areas, organisations: dict[str, OrganisationSpec], workgroup: str
) -> list[AgreementSpec]:
    """Theme 6: a few prioritised buurten (like Pottenberg or Nazareth) and one agreement per rayon."""
    chosen = sorted(rng.sample(areas.buurten, k=min(3, len(areas.buurten))), key=lambda a: a.code)
    leads = (organisations["corporatie"].key, organisations["gemeente"].key)
    result: list[AgreementSpec] = []
    for area in chosen + areas.rayons:
        is_rayon = area.level == "rayon"
        result.append(
            AgreementSpec(
                code=f"6{chr(97 + len(result))}",
                title=f"Rayon {area.name}" if is_rayon else area.name,
                text=(
                    f"In {area.name} werken corporatie, gemeente en bewoners aan ontmoeting, "
                    "de openbare ruimte en een evenwichtige bewoning."
                ),
                goal="Tweedeling voorkomen en ontmoeting stimuleren",
                starting_actions="1. Renovatie van een complex.\n2. Een plan voor de openbare ruimte.",
                lead=f"{organisations['corporatie'].name} in samenwerking met de gemeente",
                lead_organisations=leads,
                lead_workgroups=(workgroup,),
                areas=(area.code,),
                milestones=_milestones(rng, rng.randint(1, 4)),
            )
        )
    return result


def _history(seed: int, agreement_set_slug: str) -> int:
    """Status updates written for the leads, deterministic, ending before HISTORY_ENDS."""
    rng = random.Random(f"history-{seed}")
    count = 0
    agreements = Agreement.objects.filter(theme__agreement_set__slug=agreement_set_slug).order_by("code")
    for agreement in agreements.prefetch_related("lead_organisations", "milestones"):
        lead = agreement.lead_organisations.order_by("name").first()
        day = agreement.starts_on
        for milestone in agreement.milestones.order_by("due_on"):
            day = min(
                milestone.due_on + timedelta(days=rng.randint(-40, 80)), HISTORY_ENDS - timedelta(days=1)
            )
            if day <= agreement.starts_on or rng.random() < 0.2:
                continue  # a quiet agreement: no news on this step
            reached = day <= milestone.due_on + timedelta(days=30) or rng.random() < 0.5
            status = AgreementStatus.ON_TRACK if reached else AgreementStatus.BEHIND
            record_status_update(
                agreement,
                author=None,
                author_label=f"{lead} (demo)",
                organisation=lead,
                status=status,
                note=f"{milestone.title}: {'bereikt' if reached else 'loopt vertraging op'}.",
                milestone=milestone if reached else None,
                milestone_reached=reached,
                at=timezone.make_aware(datetime.combine(day, time(10, 0))),
            )
            count += 1
    return count


def build_synthetic_agreements(seed: int) -> str:
    """Generate, load and check the synthetic city's agreements; return a line for the build summary."""
    spec = synthetic_agreement_file(seed)
    result = load_agreements(spec, source="synthetische prestatieafspraken")
    updates = _history(seed, spec.set.slug)
    actions = _action_lists(seed, spec.set.slug)
    signals = compute_stagnation_signals()
    return (
        f"prestatieafspraken: {result.agreements} afspraken, {result.milestones} mijlpalen, "
        f"{updates} updates, {actions} acties, {signals.open} stagnatiesignalen (synthetisch)"
    )


# What a workgroup's joint action list typically holds (invented, in the register of seed 003).
ACTIONS = (
    ("Planning voor het komend halfjaar opstellen", "voorzitter werkgroep"),
    ("Cijfers van de corporaties verzamelen voor het bestuurlijk overleg", "secretaris"),
    ("Voortgang bespreken met de huurdersvereniging", "gemeente"),
)


def _action_lists(seed: int, set_slug: str) -> int:
    """Two or three open or done actions per workgroup, dated before the history ends."""
    rng = random.Random(f"{seed}-actions")
    count = 0
    for workgroup in Workgroup.objects.filter(agreement_set__slug=set_slug).order_by("slug"):
        for description, who in rng.sample(ACTIONS, k=rng.choice((2, 3))):
            due = HISTORY_ENDS - timedelta(days=rng.randrange(20, 200))
            action = add_workgroup_action(
                workgroup, author=None, description=description, who=who, due_on=due
            )
            if rng.random() < 0.5:
                set_action_done(action, author=None, done_on=due - timedelta(days=rng.randrange(1, 15)))
            count += 1
    return count
