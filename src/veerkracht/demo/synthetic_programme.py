# SPDX-License-Identifier: EUPL-1.2
"""Programme content for the synthetic city, of the same shape as Maastricht's (seeds 003 and 002).

Deterministic for a seed and a set of areas: stock per corporation and segment for 2022-2026, a target,
BAT figures per buurt, interventions per buurt, corporation and year (realised up to 2024), a fund with
budgets per buurt and rayon, resident teams, one area programme and a prioritisation. The content is built
as the same typed files a city writes and goes through the same loader. Then a few applications go through
the fund's steps, each by the demo person whose role takes that step, and a gebiedsteam meets; every date is
fixed, so a rebuild gives the same database whatever the day.
"""

import random
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.utils import timezone

from veerkracht.areas.models import Area, AreaSetMembership
from veerkracht.core.models import User
from veerkracht.programme import vocabulary
from veerkracht.programme.content.city import CityContent
from veerkracht.programme.content.community_files import FundFile, ProgrammesFile, TeamsFile
from veerkracht.programme.content.housing_files import (
    AccessibilityFile,
    InterventionsFile,
    StockFile,
    TargetsFile,
)
from veerkracht.programme.models import Application, Fund, ResidentTeam
from veerkracht.programme.services import area_teams, teams
from veerkracht.programme.services import fund as fund_steps
from veerkracht.programme.services.content_loader import is_loaded, load_city_content
from veerkracht.programme.services.fund_publishing import publish_fund_values
from veerkracht.rulefiles import read_rule_data

GEMEENTE_NAME = "Gemeente Veerstad"
CORPORATIONS = (("Woonstichting Maasoever", "woningcorporatie"), ("Veerstad Wonen", "woningcorporatie"))
PARTNERS = (("Welzijn Veerstad", "welzijn"), ("Huurdersvereniging Veerstad", "huurdersvereniging"))
YEARS = range(2022, 2027)
#: The demo people who take the fund's steps (demo/people.py), one role each.
STEP_PEOPLE = {
    "assess": "leefbaarheid",
    "award": "coordinator",
    "pay": "financien",
    "account": "wijkbeheerder",
}


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _org(name: str, kind: str) -> dict[str, str]:
    return {"name": name, "kind": kind}


class _City:
    def __init__(self) -> None:
        gemeente = Area.objects.filter(level="gemeente", valid_to__isnull=True).order_by("code").first()
        if gemeente is None:
            raise ValueError("de synthetische stad heeft nog geen gebieden; bouw eerst de gebieden")
        self.gemeente = gemeente.code
        self.buurten = list(
            Area.objects.filter(level="buurt", valid_to__isnull=True, gemeente_code=gemeente.code).order_by(
                "code"
            )
        )
        self.rayons = list(
            Area.objects.filter(level="rayon", valid_to__isnull=True, gemeente_code=gemeente.code).order_by(
                "code"
            )
        )
        rayon_of = dict(
            AreaSetMembership.objects.filter(area_set__in=self.rayons).values_list(
                "member__code", "area_set__code"
            )
        )
        self.rayon_of = rayon_of


def _stock(city: _City, rng: random.Random) -> dict[str, Any]:
    shares = (0.10, 0.52, 0.18, 0.18, 0.02)
    stands: list[dict[str, Any]] = []
    for name, _kind in CORPORATIONS:
        size = rng.randint(2500, 6000)
        level = {
            seg: round(size * share) for seg, share in zip(vocabulary.RENT_SEGMENTS, shares, strict=True)
        }
        for year in YEARS:
            if year > YEARS[0]:
                # Cheap dwellings go (sale, demolition), dearer social rent comes (new build, rent policy).
                level["goedkoop"] -= rng.randint(5, 40)
                level["betaalbaar_1"] -= rng.randint(0, 30)
                level["betaalbaar_2"] += rng.randint(10, 50)
                level["tot_liberalisatiegrens"] += rng.randint(20, 90)
            stand = next((s for s in stands if s["year"] == year), None)
            if stand is None:
                stand = {"year": year, "planned": year > 2024, "figures": {}}
                stands.append(stand)
            stand["figures"][name] = {seg: max(0, n) for seg, n in level.items()}
    return {
        "version": 1,
        "table": {
            "slug": "veerstad-daeb",
            "title": "Zelfstandige DAEB-woningen van de corporaties in Veerstad per huursegment",
            "gemeente": city.gemeente,
            "source": "Synthetisch: gegenereerd voor de democity",
            "note": "Synthetische cijfers; tot en met 2024 gerealiseerd, daarna plan.",
        },
        "corporations": [_org(name, kind) for name, kind in CORPORATIONS],
        "stands": stands,
    }


def _accessibility(city: _City, rng: random.Random, buurten: list[Area]) -> dict[str, Any]:
    stand_rows, development_rows = [], []
    for buurt in buurten:
        classes = {bat: rng.choice((0, 0, 3, 8, 20, 60)) for bat in vocabulary.BAT_CLASSES}
        classes["BAT1"] += rng.randint(20, 200)
        stand_rows.append({"buurt": buurt.code, "classes": {k: v for k, v in classes.items() if v}})
        if rng.random() < 0.4:
            development_rows.append({"buurt": buurt.code, "classes": {"BAT2": rng.randint(5, 60)}})
    return {
        "version": 1,
        "table": {
            "slug": "veerstad-zorggeschiktheid",
            "title": "Zorggeschiktheid van het corporatiebezit in Veerstad per buurt",
            "gemeente": city.gemeente,
            "source": "Synthetisch: gegenereerd voor de democity",
        },
        "parts": [
            {"from_year": 2022, "year": 2022, "measure": "stand", "rows": stand_rows},
            {"from_year": 2023, "year": 2026, "measure": "ontwikkeling", "rows": development_rows},
        ],
    }


def _interventions(city: _City, rng: random.Random, buurten: list[Area]) -> dict[str, Any]:
    tables = []
    for year in YEARS:
        rows = []
        for buurt in buurten:
            for name, _kind in CORPORATIONS:
                if rng.random() < 0.5:
                    continue
                counts = {
                    kind: rng.choice((0, 0, 10, 24, 40)) for kind in ("nieuwbouw", "sloop", "renovatie")
                }
                if not any(counts.values()):
                    continue
                row: dict[str, Any] = {"area": buurt.code, "corporation": name, "counts": counts}
                if year <= 2024:
                    row["realised"] = {
                        k: max(0, n - rng.choice((0, 0, 2, 5))) for k, n in counts.items() if n
                    }
                rows.append(row)
        tables.append(
            {"source": f"Synthetisch: plannen {year}", "from_year": year, "year": year, "rows": rows}
        )
    return {
        "version": 1,
        "gemeente": city.gemeente,
        "corporations": [_org(name, kind) for name, kind in CORPORATIONS],
        "tables": tables,
    }


def _fund(city: _City, labelled: list[Area]) -> dict[str, Any]:
    budgets: list[dict[str, Any]] = [
        {
            "slug": f"buurt-{buurt.code.lower()}",
            "name": buurt.name,
            "scope": "buurt",
            "areas": [buurt.code],
            "amount": amount,
            "purpose": "Voor initiatieven van en voor bewoners (synthetisch).",
        }
        for buurt, amount in zip(labelled, (120000, 60000), strict=False)
    ]
    for rayon in city.rayons:
        budgets.append(
            {
                "slug": f"rayon-{rayon.code.lower()}",
                "name": f"Rayon {rayon.name}",
                "scope": "rayon",
                "areas": [rayon.code],
                "amount": 25000,
                "purpose": "Voor initiatieven van bewoners en professionele ondersteuning (synthetisch).",
            }
        )
    return {
        "version": 1,
        "fund": {
            "slug": "leefbaarheidsfonds-veerstad",
            "name": "Leefbaarheidsfonds Veerstad",
            "gemeente": city.gemeente,
            "holder": _org(GEMEENTE_NAME, "gemeente"),
            "start_year": 2022,
            "end_year": 2026,
            "reference_prefix": "VS",
            "source": "Synthetisch: gegenereerd voor de democity",
        },
        "budgets": budgets,
    }


def _teams(city: _City, rng: random.Random, buurten: list[Area]) -> dict[str, Any]:
    chosen = rng.sample(buurten, k=min(8, len(buurten)))
    return {
        "version": 1,
        "gemeente": city.gemeente,
        "as_of": date(2023, 1, 1),
        "document": "Synthetisch: gegenereerd voor de democity",
        "corporations": [_org(name, kind) for name, kind in CORPORATIONS],
        "teams": [
            {
                "buurt": buurt.code,
                "corporation": rng.choice(CORPORATIONS)[0],
                "phase": rng.choice(("0", "I", "I", "II")),
            }
            for buurt in sorted(chosen, key=lambda b: b.code)
        ],
    }


def _programmes(city: _City, focus: list[Area], others: list[Area]) -> dict[str, Any]:
    phases = ("afronden", "afronden", "doorstarten", "anticiperen")
    return {
        "version": 1,
        "gemeente": city.gemeente,
        "programmes": [
            {
                "slug": "veerstad-wijkenaanpak",
                "name": f"Veerkrachtige wijkenbenadering {' en '.join(b.name for b in focus)}",
                "description": "Een langjarige, integrale aanpak met bewoners en partners (synthetisch).",
                "lead": _org(GEMEENTE_NAME, "gemeente"),
                "partners": [_org(*CORPORATIONS[0]), *[_org(*p) for p in PARTNERS]],
                "areas": [b.code for b in focus],
                "start_year": 2023,
                "budget": [
                    {"from_year": 2023, "to_year": 2023, "amount_per_year": 300000, "note": "opstartjaar"},
                    {"from_year": 2024, "amount_per_year": 500000, "note": "structureel"},
                ],
                "goals": [
                    "De veerkracht van bewoners en van de wijk als geheel versterken.",
                    "Samen met bewoners een integraal plan voor de wijk maken.",
                ],
                "spending": [
                    {
                        "year": 2023,
                        "amount": 180000,
                        "description": "Verkenning en buurtgesprekken",
                        "spent_on": date(2023, 6, 1),
                    },
                    {
                        "year": 2024,
                        "amount": 320000,
                        "description": "Wijkteam en projecten",
                        "spent_on": date(2024, 9, 1),
                        "area": focus[0].code,
                    },
                ],
                "source": "Synthetisch: gegenereerd voor de democity",
            }
        ],
        "prioritisation": {
            "slug": "veerstad-buurtprioritering",
            "title": "Buurtprioritering Veerstad",
            "decided_year": 2022,
            "source": "Synthetisch: gegenereerd voor de democity",
            "phase_reasons": {
                "afronden": "Projecten lopen al; de komende jaren worden ze afgerond.",
                "doorstarten": "Eerste stappen zijn gezet; de uitvoering start of start opnieuw.",
                "anticiperen": "Er liggen uitdagingen, maar plannen en participatie moeten nog beginnen.",
            },
            "entries": [
                {"areas": [b.code], "group": b.name, "phase": phase}
                for b, phase in zip([*focus, *others], ("doorstarten", "doorstarten", *phases), strict=False)
            ],
        },
    }


def synthetic_content(seed: int) -> CityContent:
    """The synthetic city's content as typed files (read through the same checks as a city's files)."""
    rng = random.Random(seed * 7919 + 11)
    city = _City()
    with_stock = [b for b in city.buurten if rng.random() < 0.6] or city.buurten[:5]
    focus = rng.sample(with_stock, k=min(2, len(with_stock)))
    others = [b for b in with_stock if b not in focus][:4]
    targets = {
        "version": 1,
        "gemeente": city.gemeente,
        "targets": [
            {
                "code": "daeb-tot-tweede-aftoppingsgrens",
                "title": {
                    "nl": "80 procent van de DAEB-huurwoningen op of onder de tweede aftoppingsgrens",
                    "en": "80 percent of DAEB rental dwellings at or below the second capping limit",
                },
                "share_of": ["goedkoop", "betaalbaar_1", "betaalbaar_2"],
                "at_least": 80,
            }
        ],
    }
    source = "synthetisch"
    return CityContent(
        stock=read_rule_data(_stock(city, rng), StockFile, f"{source}/housing_stock.yaml"),
        targets=read_rule_data(targets, TargetsFile, f"{source}/housing_targets.yaml"),
        accessibility=read_rule_data(
            _accessibility(city, rng, with_stock), AccessibilityFile, f"{source}/accessibility.yaml"
        ),
        interventions=read_rule_data(
            _interventions(city, rng, with_stock), InterventionsFile, f"{source}/interventions.yaml"
        ),
        fund=read_rule_data(_fund(city, focus), FundFile, f"{source}/fund.yaml"),
        teams=read_rule_data(_teams(city, rng, with_stock), TeamsFile, f"{source}/resident_teams.yaml"),
        programmes=read_rule_data(
            _programmes(city, focus, others), ProgrammesFile, f"{source}/programmes.yaml"
        ),
        synthetic=True,
    )


def _person(username: str) -> User:
    return User.objects.get(username=username)


def _applications(fund: Fund) -> int:
    """Six applications at every stage, each step taken by the demo person of that step's role."""
    buurten = list(
        Area.objects.filter(level="buurt", gemeente_code=fund.gemeente_code, valid_to__isnull=True).order_by(
            "code"
        )
    )
    labelled = [a.code for budget in fund.budgets.filter(scope="buurt") for a in budget.areas.all()]
    start = [b for b in buurten if b.code in labelled] + [b for b in buurten if b.code not in labelled]
    plans = [
        ("Buurtmoestuin", Decimal("2400"), "accounted"),
        ("Zomerfeest voor de hele straat", Decimal("1800"), "paid"),
        ("Opknappen speelplek", Decimal("5200"), "awarded"),
        ("Koffieochtend voor ouderen", Decimal("650"), "assessed"),
        ("Bloembakken in de galerij", Decimal("900"), "submitted"),
        ("Reis naar pretpark", Decimal("4000"), "rejected"),
    ]
    for n, (title, amount, stage) in enumerate(plans):
        day = date(2025, 2, 3 + n * 4)
        application, _new = fund_steps.submit_application(
            fund,
            fund_steps.ApplicationInput(
                buurt=start[n % len(start)],
                title=title,
                description=f"{title}: een initiatief van bewoners (synthetisch).",
                requested_amount=amount,
                applicant_name=f"Bewoner {n + 1}",
                email=f"bewoner{n + 1}@example.org",
                residents_involved=5 + 3 * n,
            ),
            at=_aware(day),
            synthetic=True,
        )
        if stage == "submitted":
            continue
        fund_steps.assess_application(
            application,
            actor=_person(STEP_PEOPLE["assess"]),
            advice="negatief" if stage == "rejected" else "positief",
            note="Past bij het doel van het fonds." if stage != "rejected" else "Geen buurtactiviteit.",
            at=_aware(day, 14),
        )
        if stage == "assessed":
            continue
        award = stage != "rejected"
        fund_steps.decide_application(
            application,
            actor=_person(STEP_PEOPLE["award"]),
            award=award,
            amount=amount if award else None,
            note="" if award else "Een reis buiten de buurt valt niet onder het fonds.",
            at=_aware(date(2025, 3, 3 + n)),
        )
        if stage in ("awarded", "rejected"):
            continue
        fund_steps.pay_application(
            application, actor=_person(STEP_PEOPLE["pay"]), at=_aware(date(2025, 3, 20 + n))
        )
        if stage == "accounted":
            fund_steps.account_application(
                application,
                actor=_person(STEP_PEOPLE["account"]),
                spent_amount=amount - Decimal("150"),
                note="Verslag met foto's en bonnen ontvangen.",
                at=_aware(date(2025, 6, 2)),
            )
    return len(plans)


def build_synthetic_programme(seed: int) -> list[str]:
    """Load the synthetic programme content, take the fund's steps, meet once; return a summary."""
    content = synthetic_content(seed)
    if is_loaded(content):
        return ["programma: was al geladen"]
    summary = load_city_content(content)
    fund = Fund.objects.get(slug="leefbaarheidsfonds-veerstad")
    count = _applications(fund)
    coordinator = _person(STEP_PEOPLE["award"])
    team = ResidentTeam.objects.filter(gemeente_code=fund.gemeente_code).order_by("slug").first()
    if team is not None:
        following = vocabulary.TEAM_PHASES[min(vocabulary.TEAM_PHASES.index(team.phase) + 1, 3)]
        if following != team.phase:
            teams.change_phase(
                team, following, since=date(2025, 4, 1), actor=coordinator, at=_aware(date(2025, 4, 2))
            )
    rayon = (
        Area.objects.filter(level="rayon", gemeente_code=fund.gemeente_code, valid_to__isnull=True)
        .order_by("code")
        .first()
    )
    if rayon is not None:
        meeting = area_teams.record_meeting(
            rayon,
            actor=coordinator,
            held_on=date(2025, 3, 10),
            notes="Eerste overleg (synthetisch).",
            at=_aware(date(2025, 3, 10)),
        )
        area_teams.add_action(
            rayon,
            actor=coordinator,
            description="Buurtschouw met bewonerskrachten plannen",
            who="Wijkbeheerder",
            due_on=date(2025, 5, 1),
            meeting=meeting,
            at=_aware(date(2025, 3, 10)),
        )
        done = area_teams.add_action(
            rayon,
            actor=coordinator,
            description="Aanvragen leefbaarheidsfonds bespreken",
            who="Coördinator",
            due_on=date(2025, 4, 1),
            meeting=meeting,
            at=_aware(date(2025, 3, 10)),
        )
        area_teams.complete_action(done, actor=coordinator, done_on=date(2025, 3, 28))
    published = publish_fund_values(fund)
    applications = Application.objects.filter(fund=fund).count()
    summary.append(f"aanvragen leefbaarheidsfonds: {applications} (van {count} gepland)")
    if published is not None:
        summary.append(f"fondscijfers gepubliceerd als import #{published.pk}")
    return ["programma: " + "; ".join(summary)]
