# SPDX-License-Identifier: EUPL-1.2
"""The world of the meldingen load benchmark: Veerstad's areas and people, and meldingen to send.

The city is the synthetic demo city (its buurten and complexes imported through the real importers, its
organisations and people made as the demo makes them), so intake places every melding in a real buurt
polygon and routes it with the demo's rules. Meldingen follow the demo's mix of categories; points are
drawn inside the buurten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely

BATCH_USER = "bench-batch"


@dataclass(frozen=True)
class World:
    """What the benchmark's meldingen are made of."""

    points: np.ndarray  # (n, 2) RD New, inside buurten
    buurten: list[str]
    complexes: list[str]
    kinds: list[tuple[str, str]]
    shares: np.ndarray


def build_world(folder: Path, *, seed: int = 2021) -> World:
    """Import Veerstad's areas and complexes, make the demo's people, teams and routing."""
    from veerkracht.areas.importers.complexes import read_complexes
    from veerkracht.areas.services import import_areas, import_complexes
    from veerkracht.core.models import Organisation
    from veerkracht.core.services import create_person, grant_role
    from veerkracht.demo.meldingen.build import CORPORATIONS, _route_to_teams
    from veerkracht.demo.meldingen.mix import MIX
    from veerkracht.demo.people import create_demo_people
    from veerkracht.demo.synthetic import generate_city, write_city

    city = generate_city(seed)
    write_city(city, folder)
    year = max(city.boundary_years)
    import_areas(folder / "gebieden" / f"wijken_{year}.geojson", synthetic=True)
    import_areas(folder / "gebieden" / f"buurten_{year}.geojson", synthetic=True)
    import_complexes(read_complexes(folder / "partner" / "complexen.csv"), year=year, synthetic=True)
    create_demo_people()
    maasoever = Organisation.objects.get(name=CORPORATIONS[0])
    _route_to_teams(maasoever)
    batch = create_person(BATCH_USER, None, first_name="Koppeling")
    grant_role(batch, maasoever, "coordinator")
    buurten = city.buurten_in(year)
    rng = np.random.default_rng(seed)
    outline = shapely.union_all(list(buurten.geometry))
    minx, miny, maxx, maxy = outline.bounds
    xs, ys = rng.uniform(minx, maxx, 200_000), rng.uniform(miny, maxy, 200_000)
    inside = shapely.contains_xy(outline, xs, ys)
    points = np.column_stack([xs[inside], ys[inside]])[:50_000]
    shares = np.array([kind.share for kind in MIX])
    return World(
        points=points,
        buurten=list(buurten["buurtcode"]),
        complexes=list(city.complexes["complex_id"]),
        kinds=[(kind.category, kind.subcategory) for kind in MIX],
        shares=shares / shares.sum(),
    )


def new_meldingen(world: World, start: int, count: int, *, prefix: str, seed: int) -> list[Any]:
    """``count`` meldingen to take in now, each with its own idempotency key ``<prefix>-<number>``."""
    from veerkracht.cases.services.intake import NewMelding, Reporter
    from veerkracht.cases.services.location import Location

    rng = np.random.default_rng([seed, start])
    kinds = rng.choice(len(world.kinds), size=count, p=world.shares)
    spots = rng.integers(0, len(world.points), size=count)
    made = []
    for offset in range(count):
        number = start + offset
        category, subcategory = world.kinds[int(kinds[offset])]
        x, y = world.points[int(spots[offset])]
        known = offset % 2 == 0
        made.append(
            NewMelding(
                category=category,
                subcategory=subcategory,
                description=f"Melding {number} uit de koppeling",
                location=Location(address=f"Benchmarkstraat {number % 300 + 1}", x=float(x), y=float(y)),
                channel="api",
                reporter=Reporter(kind="tenant", name=f"Huurder {number}", email=f"h{number}@example.org")
                if known
                else Reporter(),
                idempotency_key=f"{prefix}-{number}",
            )
        )
    return made


def api_body(world: World, number: int, rng: np.random.Generator) -> dict[str, Any]:
    """One melding as a partner system sends it to ``POST /api/v1/meldingen/``."""
    category, subcategory = world.kinds[int(rng.choice(len(world.kinds), p=world.shares))]
    x, y = world.points[int(rng.integers(len(world.points)))]
    return {
        "category": category,
        "subcategory": subcategory,
        "description": f"Melding {number} via de API",
        "location": {"x": float(x), "y": float(y), "address": f"Apistraat {number % 200 + 1}"},
        "channel": "api",
        "reporter": {"kind": "tenant", "name": f"Melder {number}", "email": f"m{number}@example.org"},
    }


#: Source codes of the bundled example mapping, per our category.
_SOURCE_CODES = {
    "AFVAL": 0.2,
    "GROFVUIL": 0.15,
    "GELUID": 0.15,
    "VERLICHTING": 0.08,
    "TUIN": 0.08,
    "BUREN": 0.07,
    "JONGEREN": 0.05,
    "GRAFFITI": 0.05,
    "ZORG": 0.04,
    "PARKEREN": 0.05,
    "DRUGS": 0.03,
    "INITIATIEF": 0.05,
}


def write_historic_file(world: World, path: Path, *, index: int, rows: int, now: datetime, seed: int) -> None:
    """A CSV in the shape of the bundled example mapping: five years of meldingen, nearly all closed."""
    rng = np.random.default_rng([seed, 1000 + index])
    codes = np.array(list(_SOURCE_CODES))
    weights = np.array(list(_SOURCE_CODES.values()))
    spots = world.points[rng.integers(0, len(world.points), size=rows)]
    start = (now - timedelta(days=5 * 365)).timestamp()
    end = (now - timedelta(days=30)).timestamp()
    moments = pd.to_datetime(rng.uniform(start, end, rows), unit="s", utc=True).floor("min")
    received = moments.tz_convert("Europe/Amsterdam")
    acknowledged = received + pd.to_timedelta(rng.integers(30, 3 * 24 * 60, rows), unit="min")
    feedback = acknowledged + pd.to_timedelta(rng.integers(60, 9 * 24 * 60, rows), unit="min")
    closed = feedback + pd.to_timedelta(rng.integers(60, 10 * 24 * 60, rows), unit="min")
    state = rng.random(rows)
    is_closed = state < 0.96
    answered = state < 0.98
    fmt = "%d-%m-%Y %H:%M"
    known = rng.random(rows) < 0.6
    numbers = np.arange(rows)
    frame = pd.DataFrame(
        {
            "Meldingnummer": [f"H{index}-{n}" for n in numbers],
            "Datum melding": received.strftime(fmt),
            "Soort": rng.choice(codes, size=rows, p=weights / weights.sum()),
            "Omschrijving": "Historische melding uit het vorige systeem",
            "Adres": [f"Oude straat {n % 250 + 1}" for n in numbers],
            "X": np.char.replace(np.round(spots[:, 0], 1).astype(str), ".", ","),
            "Y": np.char.replace(np.round(spots[:, 1], 1).astype(str), ".", ","),
            "Complex": "",
            "Buurtcode": "",
            "Kanaal": rng.choice(np.array(["Telefoon", "Website", "Balie"]), size=rows),
            "Melder": np.where(known, "Huurder", "Anoniem"),
            "Naam melder": np.where(known, "Oud Huurder", ""),
            "E-mail melder": np.where(known, [f"oud{index}.{n}@example.org" for n in numbers], ""),
            "Telefoon melder": "",
            "Status": np.where(
                is_closed, "Afgehandeld", np.where(answered, "Teruggekoppeld", "In behandeling")
            ),
            "Datum status": "",
            "Datum ontvangstbevestiging": acknowledged.strftime(fmt),
            "Datum terugkoppeling": np.where(answered, feedback.strftime(fmt), ""),
            "Datum afgehandeld": np.where(is_closed, closed.strftime(fmt), ""),
            "Terugkoppeling": np.where(answered, "Wij hebben het opgelost.", ""),
            "Reden afhandeling": np.where(is_closed, "Afgehandeld", ""),
        }
    )
    frame.to_csv(path, sep=";", index=False)
