# SPDX-License-Identifier: EUPL-1.2
"""A small test city for the meldingen: one gemeente, one wijk, two buurten, a complex, and its people.

Buurt 1 is the square x 100,000-101,000, y 400,000-401,000 (RD New); buurt 2 lies east of it. Complex
C-100 lies in buurt 1. Woonstichting Test handles meldingen; Woonstichting Anders is a second corporation
whose staff must never see the first one's meldingen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
import shapely
from django.utils import timezone

from veerkracht.areas.models import Area, AreaLevel
from veerkracht.cases.services.intake import NewMelding, Reporter, receive
from veerkracht.cases.services.location import Location
from veerkracht.core.calendar import AMSTERDAM
from veerkracht.core.models import Organisation, Team, TeamKind, User
from veerkracht.core.services import create_organisation, create_person, create_team, grant_role

GEMEENTE, WIJK, BUURT_1, BUURT_2, COMPLEX = "GM9990", "WK999001", "BU99900101", "BU99900102", "C-100"
IN_BUURT_1 = (100_500.0, 400_500.0)
IN_BUURT_2 = (101_500.0, 400_500.0)


def _area(code: str, name: str, level: str, shape: shapely.Geometry, parent: Area | None) -> Area:
    min_x, min_y, max_x, max_y = shape.bounds
    return Area.objects.create(
        code=code,
        name=name,
        level=level,
        parent=parent,
        gemeente_code=GEMEENTE,
        valid_from=2024,
        geometry_wkb=shapely.to_wkb(shape),
        min_x=min_x,
        min_y=min_y,
        max_x=max_x,
        max_y=max_y,
        area_m2=shape.area,
    )


@dataclass
class City:
    corporation: Organisation
    other: Organisation
    gemeente: Organisation
    residents: Organisation
    noord: Team
    resident_team: Team
    people: dict[str, User]

    def __getitem__(self, username: str) -> User:
        return self.people[username]


@pytest.fixture
def city(db: Any) -> City:
    gemeente_area = _area(
        GEMEENTE, "Teststad", AreaLevel.GEMEENTE, shapely.box(99_000, 399_000, 103_000, 402_000), None
    )
    wijk = _area(
        WIJK, "Testwijk", AreaLevel.WIJK, shapely.box(100_000, 400_000, 102_000, 401_000), gemeente_area
    )
    buurt = _area(
        BUURT_1, "Westbuurt", AreaLevel.BUURT, shapely.box(100_000, 400_000, 101_000, 401_000), wijk
    )
    _area(BUURT_2, "Oostbuurt", AreaLevel.BUURT, shapely.box(101_000, 400_000, 102_000, 401_000), wijk)
    _area(
        COMPLEX, "Flat aan de Maas", AreaLevel.COMPLEX, shapely.box(100_100, 400_100, 100_200, 400_200), buurt
    )
    corporation = create_organisation("Woonstichting Test", "woningcorporatie", slug="woonstichting-test")
    other = create_organisation("Woonstichting Anders", "woningcorporatie", slug="woonstichting-anders")
    gemeente = create_organisation("Gemeente Teststad", "gemeente", slug="gemeente-teststad")
    residents = create_organisation("Bewonersteam Westbuurt", "huurdersvereniging", slug="bewoners-west")
    noord = create_team(corporation, "Wijkbeheer Noord")
    resident_team = create_team(residents, "Bewonersteam Westbuurt", kind=TeamKind.RESIDENT)
    roles = [
        ("wijkbeheerder", corporation, "wijkbeheerder", noord),
        ("sociaal", corporation, "sociaal_beheerder", None),
        ("leefbaarheid", corporation, "leefbaarheidsmedewerker", None),
        ("coordinator", corporation, "coordinator", None),
        ("ondersteuner", corporation, "ondersteuner", None),
        ("beheerder", corporation, "beheerder", None),
        ("bewoner", residents, "bewonerskracht", resident_team),
        ("buurman", residents, "bewonerskracht", resident_team),
        ("anders", other, "coordinator", None),
        ("analist", gemeente, "analist", None),
        ("balie", gemeente, "coordinator", None),
    ]
    people = {}
    for username, organisation, role, team in roles:
        people[username] = create_person(username, None, first_name=username.title())
        grant_role(people[username], organisation, role, team=team)
    return City(corporation, other, gemeente, residents, noord, resident_team, people)


def moment(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A moment in Europe/Amsterdam."""
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


def new_melding(
    category: str = "vervuiling",
    subcategory: str = "zwerfafval",
    *,
    point: tuple[float, float] | None = IN_BUURT_1,
    address: str = "Maasstraat 1",
    channel: str = "phone",
    reporter: Reporter | None = None,
    received_at: datetime | None = None,
    **extra: Any,
) -> NewMelding:
    location = extra.pop("location", None) or Location(
        address=address, x=point[0] if point else None, y=point[1] if point else None
    )
    return NewMelding(
        category=category,
        subcategory=subcategory,
        description=extra.pop("description", "Er ligt afval naast de container."),
        location=location,
        channel=channel,
        reporter=reporter
        or Reporter(kind="tenant", name="Jan Jansen", email="jan@example.nl", phone="06-12345678"),
        received_at=received_at or timezone.now(),
        **extra,
    )


@pytest.fixture
def take_in(city: City) -> Any:
    """Take in a melding for Woonstichting Test as its wijkbeheerder (or as ``actor``)."""

    default = object()

    def run(*args: Any, actor: Any = default, organisation: Organisation | None = None, **kwargs: Any) -> Any:
        return receive(
            new_melding(*args, **kwargs),
            organisation=organisation or city.corporation,
            actor=city["wijkbeheerder"] if actor is default else actor,
        ).melding

    return run
