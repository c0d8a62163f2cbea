# SPDX-License-Identifier: EUPL-1.2
"""The synthetic city's programme content as typed files, of the same shape as Maastricht's (seeds 003, 002).

Deterministic for a seed and a set of areas: stock per corporation and segment for 2022-2026, a target,
BAT figures per buurt, interventions per buurt, corporation and year (realised up to 2024), a fund with
budgets per buurt and rayon, resident teams, one area programme and a prioritisation.
"""

import random
from datetime import date
from typing import Any

from veerkracht.areas.models import Area, AreaSetMembership
from veerkracht.programme import vocabulary
from veerkracht.programme.content.city import CityContent
from veerkracht.programme.content.community_files import FundFile, ProgrammesFile, TeamsFile
from veerkracht.programme.content.housing_files import (
    AccessibilityFile,
    InterventionsFile,
    StockFile,
    TargetsFile,
)
from veerkracht.rulefiles import read_rule_data

GEMEENTE_NAME = "Gemeente Veerstad"
CORPORATIONS = (("Woonstichting Maasoever", "woningcorporatie"), ("Veerstad Wonen", "woningcorporatie"))
PARTNERS = (("Welzijn Veerstad", "welzijn"), ("Huurdersvereniging Veerstad", "huurdersvereniging"))
YEARS = range(2022, 2027)


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
