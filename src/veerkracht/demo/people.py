# SPDX-License-Identifier: EUPL-1.2
"""The demo's organisations and people: one login per role, so every view of the product can be tried."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from veerkracht.core.models import Membership, Organisation, Team, TeamKind, User
from veerkracht.core.roles import catalogue
from veerkracht.core.services import create_organisation, create_person, create_team, grant_role
from veerkracht.datafolder import is_demo, mark_as_demo

DEMO_PASSWORD = "veerkracht-demo"

# (organisation name, kind, [(username, first name, last name, role)])
DEMO_ORGANISATIONS: list[tuple[str, str, list[tuple[str, str, str, str]]]] = [
    (
        "Gemeente Veerstad",
        "gemeente",
        [
            ("analist", "Anouk", "de Vries", "analist"),
            ("coordinator", "Cor", "Janssen", "coordinator"),
            ("bestuurder", "Bea", "Smeets", "bestuurder"),
            ("beheerder", "Bram", "Hendriks", "beheerder"),
            ("financien", "Femke", "Ramakers", "financieel_medewerker"),
        ],
    ),
    (
        "Woonstichting Maasoever",
        "woningcorporatie",
        [
            ("wijkbeheerder", "Wim", "Peters", "wijkbeheerder"),
            ("sociaalbeheerder", "Sanne", "Willems", "sociaal_beheerder"),
            ("leefbaarheid", "Lotte", "Claessens", "leefbaarheidsmedewerker"),
            ("ondersteuner", "Olaf", "Bemelmans", "ondersteuner"),
            ("teamleider", "Tessa", "Vos", "coordinator"),
            ("privacy", "Fenna", "Gielen", "privacy"),
        ],
    ),
    # A second corporation: the demo shows that one corporation never reads another's meldingen or dossiers.
    (
        "Woonvereniging Heuvelrand",
        "woningcorporatie",
        [
            ("heuvelrand", "Hester", "Ramakers", "coordinator"),
            ("wijkbeheerder2", "Wout", "Reinders", "wijkbeheerder"),
        ],
    ),
    ("Kredietbank Veerstad", "welzijn", [("schuldhulp", "Sam", "Kessels", "partner")]),
    ("Welzijn Veerstad", "welzijn", [("welzijn", "Willem", "Dassen", "partner")]),
    ("Zorgcoöperatie Veerstad", "zorg", [("zorg", "Zoë", "Lemmens", "partner")]),
    ("Politie wijkteam Veerstad", "politie", [("wijkagent", "Pieter", "Maas", "partner")]),
    ("Huurdersvereniging Veerstad", "huurdersvereniging", [("huurders", "Hanna", "Coenen", "partner")]),
    ("Bewonersteam Hoogveld", "huurdersvereniging", [("bewoner", "Bert", "Vaessen", "bewonerskracht")]),
]


# Teams per organisation (name, kind), and which demo person works in which team. Meldingen are routed to
# teams; a resident team walks rounds and submits its findings as one batch.
DEMO_TEAMS: dict[str, list[tuple[str, str]]] = {
    "Woonstichting Maasoever": [("Wijkbeheer Noord", TeamKind.STAFF), ("Sociaal beheer", TeamKind.STAFF)],
    "Bewonersteam Hoogveld": [("Bewonersteam Hoogveld", TeamKind.RESIDENT)],
}
DEMO_TEAM_OF: dict[str, str] = {
    "wijkbeheerder": "Wijkbeheer Noord",
    "sociaalbeheerder": "Sociaal beheer",
    "leefbaarheid": "Sociaal beheer",
    "bewoner": "Bewonersteam Hoogveld",
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role_label: str
    organisation: str


DEMO_USERNAMES = [username for _org, _kind, people in DEMO_ORGANISATIONS for username, *_ in people]


@transaction.atomic
def create_demo_people() -> int:
    """Create the demo organisations and people (idempotent); return how many people exist for the demo.

    The data folder is marked as a demo first: accounts with a public password belong in a demo only, and
    ``serve`` refuses to start with them anywhere else.
    """
    mark_as_demo(Path(settings.DATA_DIR))
    created = 0
    for org_name, kind, people in DEMO_ORGANISATIONS:
        organisation = Organisation.objects.filter(name=org_name).first() or create_organisation(
            org_name, kind
        )
        teams = {
            name: Team.objects.filter(organisation=organisation, name=name).first()
            or create_team(organisation, name, kind=team_kind)
            for name, team_kind in DEMO_TEAMS.get(org_name, [])
        }
        for username, first, last, role in people:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = create_person(username, DEMO_PASSWORD, first_name=first, last_name=last)
                created += 1
            grant_role(user, organisation, role, team=teams.get(DEMO_TEAM_OF.get(username, "")))
    return created


def is_demo_data_folder() -> bool:
    """Whether this installation's data folder was marked as a demo by a demo builder."""
    return is_demo(Path(settings.DATA_DIR))


def accounts_with_demo_password() -> list[str]:
    """User names of the demo accounts that still log in with the public demo password.

    Only accounts with a demo user name are checked, so the slow password hashing runs a few times at most.
    """
    candidates = User.objects.filter(username__in=DEMO_USERNAMES, is_active=True)
    return sorted(user.username for user in candidates if user.check_password(DEMO_PASSWORD))


def demo_logins() -> list[DemoLogin]:
    """The demo logins that exist in this database, to print when the server starts.

    Passwords are not verified here: hashing is deliberately slow and the server should start at once.
    """
    roles = catalogue().roles
    result = []
    for membership in (
        Membership.objects.filter(user__username__in=DEMO_USERNAMES, active=True)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__username")
    ):
        role = roles.get(membership.role)
        result.append(
            DemoLogin(
                membership.user.username,
                DEMO_PASSWORD,
                role.label_nl if role else membership.role,
                membership.organisation.name,
            )
        )
    return result
