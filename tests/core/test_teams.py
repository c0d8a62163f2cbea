# SPDX-License-Identifier: EUPL-1.2
"""Teams: an organisation's teams and resident teams, joined through a membership; the demo has them."""

import pytest

from veerkracht.core.models import AuditEvent, Membership, Team, TeamKind
from veerkracht.core.services import TeamError, create_organisation, create_person, create_team, grant_role
from veerkracht.demo.people import create_demo_people

pytestmark = pytest.mark.django_db


def test_a_team_belongs_to_one_organisation_and_a_membership_to_one_of_its_teams() -> None:
    corporation = create_organisation("Woonstichting Test", "woningcorporatie")
    other = create_organisation("Woonstichting Anders", "woningcorporatie")
    noord = create_team(corporation, "Wijkbeheer Noord")
    assert (noord.slug, noord.kind) == ("wijkbeheer-noord", TeamKind.STAFF)
    assert AuditEvent.objects.filter(action="team.created", object_id=str(noord.pk)).exists()
    person = create_person("wim", None)
    membership = grant_role(person, corporation, "wijkbeheerder", team=noord)
    assert membership.team == noord
    # Granting the role again without a team keeps the team.
    assert grant_role(person, corporation, "wijkbeheerder").team == noord
    with pytest.raises(TeamError, match="hoort niet bij Woonstichting Anders"):
        grant_role(person, other, "wijkbeheerder", team=noord)
    create_team(other, "Wijkbeheer Noord")  # the same name in another organisation is another team


@pytest.mark.parametrize(
    ("name", "kind", "words"),
    [("  ", TeamKind.STAFF, "geef een naam"), ("Team", "club", "soort 'club' bestaat niet")],
)
def test_a_team_needs_a_name_and_a_known_kind(name: str, kind: str, words: str) -> None:
    corporation = create_organisation("Woonstichting Test", "woningcorporatie")
    with pytest.raises(TeamError, match=words):
        create_team(corporation, name, kind=kind)


def test_the_same_team_twice_is_refused() -> None:
    corporation = create_organisation("Woonstichting Test", "woningcorporatie")
    create_team(corporation, "Sociaal beheer")
    with pytest.raises(TeamError, match="heeft al een team 'sociaal-beheer'"):
        create_team(corporation, "Sociaal Beheer")


def test_the_demo_people_work_in_teams_and_a_second_run_changes_nothing() -> None:
    create_demo_people()
    create_demo_people()
    assert Team.objects.count() == 3
    team_of = dict(Membership.objects.filter(team__isnull=False).values_list("user__username", "team__name"))
    assert team_of == {
        "wijkbeheerder": "Wijkbeheer Noord",
        "sociaalbeheerder": "Sociaal beheer",
        "leefbaarheid": "Sociaal beheer",
        "bewoner": "Bewonersteam Hoogveld",
    }
    assert Team.objects.get(name="Bewonersteam Hoogveld").kind == TeamKind.RESIDENT
