# SPDX-License-Identifier: EUPL-1.2
"""The dossiers of the dossier load benchmark: 100,000 leefbaarheidsdossiers over Maastricht's buurten.

The areas are the Maastricht demo's real ones (CBS buurten 2017 and wijken 2014 from the open data, through
the real importer), the organisations and people the demo's. Each dossier is written as the services would
leave it, but in bulk (a benchmark shortcut: the services take one at a time): two to five meldingen of
the nuisance and neglect categories with their links and reporter parties, a subject, sometimes a
witness, hoor en wederhoor of the subject and the reporters, ladder steps in the ladder's order with
outcome and evidence, a referral under the area covenant for one dossier in eight, and the history rows
(opened, meldingen added, closed). Points are drawn inside their buurt, so buurt, wijk and 100 m square
agree with what intake would find. Dossiers open over the last three years; two in three are closed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import shapely

GEMEENTE = "GM0935"
CHUNK = 5_000
#: Categories of the dossiers' meldingen, with the dossier type they belong to.
KINDS = (
    ("overlast", "geluid", "overlast"),
    ("overlast", "jongeren", "overlast"),
    ("overlast", "huisdieren", "overlast"),
    ("burenruzie", "conflict", "overlast"),
    ("vervuiling", "vervuilde_woning", "woonomgeving"),
    ("vervuiling", "grofvuil", "woonomgeving"),
)
STREETS = ("Boschstraat", "Brusselsestraat", "Akerstraat", "Scharnerweg", "Meerssenerweg", "Oranjeplein")
FIRST = ("Anna", "Bas", "Carla", "Dirk", "Els", "Frank", "Gerda", "Hans", "Ilse", "Joost")
LAST = ("Bakker", "Claessens", "Dassen", "Erkens", "Franssen", "Geurts", "Hendrikx", "Janssen")


@dataclass(frozen=True)
class Buurten:
    """Maastricht's buurten with points drawn inside each."""

    codes: list[str]
    wijk_of: dict[str, str]
    points: dict[str, np.ndarray]


def import_maastricht(open_data: Path, *, seed: int) -> Buurten:
    """Import Maastricht's real buurten and wijken and the demo's people; draw points in every buurt."""
    import geopandas as gpd

    from veerkracht.areas.models import Area, AreaLevel
    from veerkracht.areas.services import import_areas
    from veerkracht.demo.maastricht import BUURTEN_2017, WIJKEN_2014
    from veerkracht.demo.people import create_demo_people
    from veerkracht.demo.synthetic_dossiers import _covenants

    import_areas(open_data / WIJKEN_2014, gemeenten=[GEMEENTE])
    import_areas(open_data / BUURTEN_2017, gemeenten=[GEMEENTE])
    create_demo_people()
    _covenants()
    wijk_of = dict(
        Area.objects.filter(level=AreaLevel.BUURT, gemeente_code=GEMEENTE).values_list("code", "parent__code")
    )
    frame = gpd.read_file(open_data / BUURTEN_2017).to_crs(28992)
    rng = np.random.default_rng(seed)
    points = {}
    for code, shape in zip(frame["BU_CODE"], frame.geometry, strict=True):
        if code not in wijk_of or shape is None or shape.is_empty:
            continue
        minx, miny, maxx, maxy = shape.bounds
        xs, ys = rng.uniform(minx, maxx, 400), rng.uniform(miny, maxy, 400)
        inside = shapely.contains_xy(shape, xs, ys)
        if inside.any():
            points[code] = np.column_stack([xs[inside], ys[inside]])
    return Buurten(sorted(points), wijk_of, points)


@dataclass
class _Context:
    organisations: list[Any]
    staff: list[Any]
    coordinators: list[Any]
    partner: Any
    covenant: Any
    ladder: Any
    categories: Any
    now: datetime


def _context() -> _Context:
    from django.utils import timezone

    from veerkracht.cases.dossier_rulebook import dossier_rules
    from veerkracht.cases.models import Covenant
    from veerkracht.cases.rulebook import rulebook
    from veerkracht.core.models import Organisation, User
    from veerkracht.demo.synthetic_dossiers import AREA_COVENANT, CORPORATIONS, WELFARE

    return _Context(
        organisations=[Organisation.objects.get(name=name) for name, _s, _c in CORPORATIONS],
        staff=[User.objects.get(username=staff) for _n, staff, _c in CORPORATIONS],
        coordinators=[User.objects.get(username=coordinator) for _n, _s, coordinator in CORPORATIONS],
        partner=Organisation.objects.get(name=WELFARE),
        covenant=Covenant.objects.get(name=AREA_COVENANT),
        ladder=dossier_rules().ladder.ladder("standaard"),
        categories=rulebook().categories,
        now=timezone.now(),
    )


def load_dossiers(buurten: Buurten, total: int, *, seed: int, log: Any = print) -> dict[str, int]:
    """Write ``total`` dossiers (and everything in them) in chunks; return how many rows of each kind."""
    context = _context()
    counts: dict[str, int] = {}
    started = time.perf_counter()
    for start in range(0, total, CHUNK):
        made = _chunk(context, buurten, start, min(CHUNK, total - start), seed)
        for name, number in made.items():
            counts[name] = counts.get(name, 0) + number
        done = start + min(CHUNK, total - start)
        if done % 20_000 == 0 or done == total:
            log(f"  {done:>7,} dossiers written ({time.perf_counter() - started:.0f} s)")
    return counts


def _chunk(context: _Context, buurten: Buurten, start: int, count: int, seed: int) -> dict[str, int]:
    from django.db import transaction

    from veerkracht.cases.addresses import address_key
    from veerkracht.cases.dossier_rulebook import dossier_rules
    from veerkracht.cases.models import (
        Dossier,
        DossierHistory,
        DossierMelding,
        Hearing,
        HistoryKind,
        LadderStep,
        Melding,
        Party,
        Referral,
        ReporterContact,
        StepEvidence,
    )
    from veerkracht.geo.squares import square_id

    rng = np.random.default_rng([seed, start])
    types = dossier_rules().types
    steps = context.ladder.in_order()
    evictions = dossier_rules().ladder.eviction_outcomes()
    ladder_version = dossier_rules().ladder.version
    rows: dict[str, list[Any]] = {
        name: [] for name in ("meldingen", "parties", "hearings", "steps", "evidence", "referrals", "history")
    }
    dossiers, plans = [], []
    for offset in range(count):
        number = start + offset
        corp = number % 2
        organisation, staff = context.organisations[corp], context.staff[corp]
        buurt = buurten.codes[int(rng.integers(len(buurten.codes)))]
        x, y = buurten.points[buurt][int(rng.integers(len(buurten.points[buurt])))]
        category, subcategory, dossier_type = KINDS[int(rng.integers(len(KINDS)))]
        address = f"{STREETS[number % len(STREETS)]} {number % 400 + 1}{'' if number % 3 else ' A'}"
        opened = context.now - timedelta(days=float(rng.uniform(20, 3 * 365)))
        closed = opened + timedelta(days=float(rng.uniform(30, 300))) if rng.random() < 0.66 else None
        closed = closed if closed is not None and closed < context.now else None
        spec = types.type(dossier_type)
        place = {
            "x": float(x),
            "y": float(y),
            "buurt_code": buurt,
            "wijk_code": buurten.wijk_of.get(buurt) or "",
            "gemeente_code": GEMEENTE,
            "square_id": square_id(float(x), float(y)),
        }
        dossiers.append(
            Dossier(
                organisation=organisation,
                dossier_type=dossier_type,
                type_version=types.version,
                subject_kind="address",
                title=f"Overlast {address}",
                summary="Meerdere buren melden geluid en ruzie in de avond en het weekend.",
                address=address,
                address_key=address_key(address),
                confidentiality=spec.access_level,
                status="closed" if closed else "open",
                is_open=closed is None,
                source="staff",
                opened_at=opened,
                opened_by=staff,
                deadline=None if closed else opened + timedelta(days=182),
                planned_end=None if closed else opened + timedelta(days=91),
                closed_at=closed,
                outcome="opgelost" if closed else "",
                retention_due=closed + timedelta(days=730) if closed else None,
                assigned_to=staff,
                **place,
            )
        )
        plans.append((number, corp, category, subcategory, address, opened, closed, place))
    with transaction.atomic():
        Dossier.objects.bulk_create(dossiers, batch_size=1000)
        links, reporters = [], []
        for dossier, (number, corp, category, subcategory, address, opened, closed, place) in zip(
            dossiers, plans, strict=True
        ):
            kind = context.categories.classify(category, subcategory)
            organisation = context.organisations[corp]
            for index in range(int(rng.integers(2, 6))):
                received = opened - timedelta(days=float(rng.uniform(0, 60))) + timedelta(days=index * 7)
                melding = Melding(
                    organisation=organisation,
                    received_by=organisation,
                    category=category,
                    subcategory=subcategory,
                    pillar=kind.pillar,
                    confidentiality=kind.confidentiality,
                    workflow_type=kind.workflow,
                    description=f"Melding {number}-{index}: weer veel lawaai tot laat in de avond.",
                    address=address,
                    address_key=dossier.address_key,
                    received_at=received,
                    channel="phone" if index % 2 else "web",
                    reporter_kind="tenant",
                    status="afgehandeld" if closed else "in_behandeling",
                    is_open=closed is None,
                    status_changed_at=closed or received,
                    synthetic=True,
                    **place,
                )
                rows["meldingen"].append(melding)
                reporters.append((dossier, melding, index, received))
        Melding.objects.bulk_create(rows["meldingen"], batch_size=2000)
        history = rows["history"]
        for dossier, melding, index, received in reporters:
            links.append(
                DossierMelding(dossier=dossier, melding=melding, added_at=max(received, dossier.opened_at))
            )
            rows["parties"].append(
                Party(
                    dossier=dossier,
                    role="reporter",
                    number=index + 1,
                    name=f"{FIRST[(dossier.pk + index) % len(FIRST)]} {LAST[index % len(LAST)]}",
                    email=f"melder{dossier.pk}.{index}@example.org",
                    melding=melding,
                    added_at=dossier.opened_at,
                )
            )
            history.append(
                DossierHistory(
                    dossier=dossier,
                    at=max(received, dossier.opened_at),
                    kind=HistoryKind.MELDING_ADDED,
                    detail={"melding": melding.pk},
                )
            )
        DossierMelding.objects.bulk_create(links, batch_size=2000)
        contacts = [
            ReporterContact(
                melding=melding,
                name=f"Melder {dossier.pk}.{index}",
                email=f"melder{dossier.pk}.{index % 2}@example.org",
                email_key=f"melder{dossier.pk}.{index % 2}@example.org",
            )
            for dossier, melding, index, _received in reporters
        ]
        ReporterContact.objects.bulk_create(contacts, batch_size=2000)
        subjects = []
        for dossier in dossiers:
            subject = Party(
                dossier=dossier,
                role="subject",
                number=1,
                name=f"{FIRST[dossier.pk % len(FIRST)]} {LAST[(dossier.pk // 7) % len(LAST)]}",
                address=dossier.address,
                added_at=dossier.opened_at,
            )
            subjects.append(subject)
            rows["parties"].append(subject)
            if dossier.pk % 5 == 0:
                rows["parties"].append(
                    Party(
                        dossier=dossier, role="witness", number=1, name="Getuige", added_at=dossier.opened_at
                    )
                )
            history.append(DossierHistory(dossier=dossier, at=dossier.opened_at, kind=HistoryKind.OPENED))
            if dossier.closed_at:
                history.append(
                    DossierHistory(
                        dossier=dossier,
                        at=dossier.closed_at,
                        kind=HistoryKind.CLOSED,
                        reason="Geen nieuwe meldingen meer.",
                        detail={"outcome": dossier.outcome},
                    )
                )
        Party.objects.bulk_create(rows["parties"], batch_size=2000)
        for dossier, subject in zip(dossiers, subjects, strict=True):
            end = dossier.closed_at or context.now
            span = (end - dossier.opened_at).total_seconds()
            rows["hearings"].append(
                Hearing(
                    dossier=dossier,
                    party=subject,
                    held_at=dossier.opened_at + timedelta(seconds=span * 0.2),
                    form="home_visit",
                    statement="Bewoner erkent dat het soms laat wordt en belooft rekening te houden.",
                    recorded_at=dossier.opened_at + timedelta(seconds=span * 0.2),
                    recorded_by=dossier.assigned_to,
                )
            )
            taken = int(
                rng.choice([0, 1, 2, 3, 4, 5, 6, 7], p=[0.1, 0.2, 0.25, 0.15, 0.12, 0.08, 0.06, 0.04])
            )
            for rank, spec in enumerate(steps[:taken]):
                at = dossier.opened_at + timedelta(seconds=span * (0.1 + 0.8 * (rank + 1) / (taken + 1)))
                outcome = next(iter(spec.outcomes))
                evidence = list(spec.evidence)
                step = LadderStep(
                    dossier=dossier,
                    ladder="standaard",
                    ladder_version=ladder_version,
                    step=spec.code,
                    rung=spec.rung,
                    taken_at=at,
                    outcome=outcome,
                    notes="Afspraken vastgelegd in het gespreksverslag.",
                    required_evidence=evidence,
                    documented=True,
                    is_eviction=outcome in evictions,
                    recorded_at=at,
                    recorded_by=dossier.assigned_to,
                )
                rows["steps"].append((step, evidence))
            if dossier.pk % 8 == 0:
                shared = dossier.opened_at + timedelta(seconds=span * 0.5)
                rows["referrals"].append(
                    Referral(
                        dossier=dossier,
                        organisation=dossier.organisation,
                        partner=context.partner,
                        partner_kind="welfare",
                        purpose="Ondersteuning van het huishouden bij het nakomen van de afspraken.",
                        legal_basis="covenant",
                        covenant=context.covenant,
                        fields=["adres", "samenvatting"],
                        snapshot={"adres": dossier.address, "samenvatting": dossier.summary},
                        shared_at=shared,
                        shared_by=dossier.assigned_to,
                        ends_at=shared + timedelta(days=90),
                        ended_at=dossier.closed_at,
                        end_reason="dossier gesloten" if dossier.closed_at else "",
                    )
                )
        Hearing.objects.bulk_create(rows["hearings"], batch_size=2000)
        LadderStep.objects.bulk_create([step for step, _e in rows["steps"]], batch_size=2000)
        for step, evidence in rows["steps"]:
            for item in evidence:
                rows["evidence"].append(
                    StepEvidence(
                        step=step,
                        kind=item,
                        description="Verslag in het archief.",
                        document_date=step.taken_at.date(),
                    )
                )
        StepEvidence.objects.bulk_create(rows["evidence"], batch_size=2000)
        Referral.objects.bulk_create(rows["referrals"], batch_size=2000)
        DossierHistory.objects.bulk_create(history, batch_size=2000)
    return {
        "dossiers": len(dossiers),
        "meldingen": len(rows["meldingen"]),
        "parties": len(rows["parties"]),
        "hearings": len(rows["hearings"]),
        "ladder steps": len(rows["steps"]),
        "evidence": len(rows["evidence"]),
        "referrals": len(rows["referrals"]),
        "history": len(history),
    }
