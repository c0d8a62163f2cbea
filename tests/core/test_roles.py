# SPDX-License-Identifier: EUPL-1.2
"""Roles grant what the role file says, and a broken role file is refused with a clear message."""

import pytest

from veerkracht.core.roles import RoleCatalogueError, catalogue, parse_catalogue

ALL_ROLES = {
    "wijkbeheerder",
    "sociaal_beheerder",
    "leefbaarheidsmedewerker",
    "coordinator",
    "ondersteuner",
    "analist",
    "bestuurder",
    "partner",
    "bewonerskracht",
    "beheerder",
}


def test_the_catalogue_has_the_ten_roles_of_the_field() -> None:
    assert set(catalogue().roles) == ALL_ROLES


def test_need_to_know_a_wijkbeheerder_does_not_read_care_signals() -> None:
    granted = catalogue().permissions_of({"wijkbeheerder"})
    assert "cases.view" in granted
    assert "cases.view_care" not in granted


def test_a_resident_team_member_can_report_but_not_read_cases() -> None:
    granted = catalogue().permissions_of({"bewonerskracht"})
    assert "cases.report" in granted
    assert not {"cases.view", "monitor.analyse"} & granted


def test_roles_add_up_when_a_person_has_several() -> None:
    both = catalogue().permissions_of({"analist", "wijkbeheerder"})
    assert "monitor.analyse" in both and "cases.edit" in both


def test_a_role_granting_an_unknown_permission_is_refused() -> None:
    data = {"permissions": {"a.b": "x"}, "roles": {"r": {"label": {"nl": "R"}, "permissions": ["a.c"]}}}
    with pytest.raises(
        RoleCatalogueError, match=r"roles.yaml: role 'r' grants unknown permissions \['a.c'\]"
    ):
        parse_catalogue(data, "roles.yaml")
