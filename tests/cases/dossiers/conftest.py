# SPDX-License-Identifier: EUPL-1.2
"""Dossiers in the small test city of ``tests/cases/conftest.py``: partners, a covenant, a privacy officer.

Woonstichting Test (corporation A) and Woonstichting Anders (corporation B) each have a wijkbeheerder;
Kredietbank Test is the debt-help partner, Politie Test the police; both have a person with the partner
role. The covenant "Convenant vroegsignalering schulden" lets A and the Kredietbank share the
rent-arrears fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from veerkracht.cases.models import Covenant, Dossier, Melding, Party
from veerkracht.cases.services.covenants import NewCovenant, create_covenant
from veerkracht.cases.services.dossiers import NewDossier, open_dossier
from veerkracht.cases.services.intake import Reporter
from veerkracht.cases.services.parties import NewParty, add_party
from veerkracht.core.models import Organisation
from veerkracht.core.services import create_organisation, create_person, grant_role

from ..conftest import City


@dataclass
class Network:
    city: City
    kredietbank: Organisation
    politie: Organisation
    covenant: Covenant

    def __getitem__(self, username: str) -> Any:
        return self.city[username]


@pytest.fixture
def network(city: City) -> Network:
    kredietbank = create_organisation("Kredietbank Test", "welzijn", slug="kredietbank")
    politie = create_organisation("Politie Test", "politie", slug="politie-test")
    for username, organisation, role in (
        ("schuldhulp", kredietbank, "partner"),
        ("agent", politie, "partner"),
        ("fg", city.corporation, "privacy"),
        ("wijk_b", city.other, "wijkbeheerder"),
    ):
        city.people[username] = create_person(username, None, first_name=username.title())
        grant_role(city.people[username], organisation, role)
    covenant = create_covenant(
        NewCovenant(
            name="Convenant vroegsignalering schulden",
            purpose="Samen optreden bij huurachterstand om uitzetting te voorkomen",
            legal_basis="AVG artikel 6 lid 1 onder e; Wet gemeentelijke schuldhulpverlening artikel 3a",
            organisations=[city.corporation, kredietbank],
            partner_kinds=["debt_help"],
            fields=[
                "adres",
                "betrokkene_naam",
                "betrokkene_contact",
                "huurachterstand",
                "meldingen_overzicht",
            ],
            valid_from=date(2024, 1, 1),
        ),
        actor=None,
    )
    return Network(city, kredietbank, politie, covenant)


def ago(days: float) -> datetime:
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def nuisance(network: Network, take_in: Any) -> Dossier:
    """An overlast dossier of corporation A: three meldingen of two reporters, a subject, a reporter party."""
    city = network.city
    first = take_in(
        "overlast",
        "geluid",
        address="Maasstraat 12",
        description="Harde muziek tot diep in de nacht bij nummer 12.",
        reporter=Reporter(
            kind="neighbour", name="Greet Geheim", email="greet@example.nl", phone="0612345678"
        ),
        received_at=ago(60),
        actor=None,
    )
    second = take_in(
        "overlast",
        "geluid",
        address="Maasstraat 12",
        description="Weer harde muziek en geschreeuw.",
        reporter=Reporter(kind="neighbour", name="Greet Geheim", email="greet@example.nl"),
        received_at=ago(40),
        actor=None,
    )
    third = take_in(
        "burenruzie",
        "intimidatie",
        address="Maasstraat 12",
        description="Bewoner van 12 schold mij uit in het trappenhuis.",
        reporter=Reporter(kind="neighbour", name="Henk Anoniem", phone="0687654321"),
        received_at=ago(30),
        actor=None,
    )
    dossier = open_dossier(
        NewDossier(
            dossier_type="overlast",
            subject_kind="address",
            title="Geluidsoverlast Maasstraat 12",
            summary="Structurele geluidsoverlast en intimidatie door de bewoner van Maasstraat 12.",
            meldingen=[first, second, third],
            opened_at=ago(29),
        ),
        organisation=city.corporation,
        actor=city["wijkbeheerder"],
    )
    add_party(
        dossier,
        NewParty(role="subject", name="Kees Veroorzaker", address="Maasstraat 12", phone="0611111111"),
        actor=city["wijkbeheerder"],
        at=ago(28),
    )
    add_party(
        dossier,
        NewParty(role="reporter", name="Greet Geheim", melding=first),
        actor=city["wijkbeheerder"],
        at=ago(28),
    )
    return dossier


def parties_of(dossier: Dossier, role: str) -> list[Party]:
    return list(dossier.parties.filter(role=role).order_by("number"))


def meldingen_of(dossier: Dossier) -> list[Melding]:
    return list(Melding.objects.filter(dossier_links__dossier=dossier).order_by("received_at"))
