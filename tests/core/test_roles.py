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
    "financieel_medewerker",
    "privacy",
}


def test_the_catalogue_has_the_roles_of_the_field() -> None:
    assert set(catalogue().roles) == ALL_ROLES


def test_each_step_of_the_liveability_fund_belongs_to_another_role() -> None:
    steps = ("programme.fund_assess", "programme.fund_award", "programme.fund_pay", "programme.fund_account")
    holders = {
        step: {code for code, role in catalogue().roles.items() if step in role.permissions} for step in steps
    }
    assert holders == {
        "programme.fund_assess": {"leefbaarheidsmedewerker"},
        "programme.fund_award": {"coordinator"},
        "programme.fund_pay": {"financieel_medewerker"},
        "programme.fund_account": {"wijkbeheerder"},
    }
    assert all(
        "programme.fund_view" in catalogue().roles[next(iter(h))].permissions for h in holders.values()
    )


def test_need_to_know_a_wijkbeheerder_does_not_read_care_signals() -> None:
    granted = catalogue().permissions_of({"wijkbeheerder"})
    assert "cases.view" in granted
    assert "cases.view_care" not in granted


def test_a_resident_team_member_can_report_but_not_read_cases() -> None:
    granted = catalogue().permissions_of({"bewonerskracht"})
    assert "cases.report" in granted
    assert not {"cases.view", "monitor.analyse"} & granted


def test_the_privacy_officer_reads_the_audit_log_but_no_dossier() -> None:
    granted = catalogue().permissions_of({"privacy"})
    assert "core.view_audit" in granted
    assert not {perm for perm in granted if perm.startswith("cases.")}


def test_roles_add_up_when_a_person_has_several() -> None:
    both = catalogue().permissions_of({"analist", "wijkbeheerder"})
    assert "monitor.analyse" in both and "cases.edit" in both


def test_a_role_granting_an_unknown_permission_is_refused() -> None:
    data = {
        "version": 1,
        "permissions": {"a.b": "x"},
        "roles": {"r": {"label": {"nl": "R"}, "permissions": ["a.c"]}},
    }
    with pytest.raises(
        RoleCatalogueError,
        match=r"roles.yaml, sleutel 'roles\.r\.permissions': onbekende permissie\(s\) \['a.c'\]",
    ):
        parse_catalogue(data, "roles.yaml")


@pytest.mark.parametrize(
    ("role", "message"),
    [
        ({"permissions": ["a.b"]}, r"sleutel 'roles\.r\.label': ontbreekt"),
        (
            {"label": {"nl": "R"}, "permissions": "a.b"},
            r"sleutel 'roles\.r\.permissions': verwacht een lijst",
        ),
        (
            {"label": {"nl": ""}, "permissions": []},
            r"sleutel 'roles\.r\.label\.nl': verwacht een niet-lege tekst",
        ),
        ({"label": {"nl": "R"}, "permissions": [], "rights": []}, r"onbekende sleutel\(s\) \['rights'\]"),
    ],
)
def test_a_malformed_role_is_refused_naming_the_key(role: dict[str, object], message: str) -> None:
    data = {"version": 1, "permissions": {"a.b": "x"}, "roles": {"r": role}}
    with pytest.raises(RoleCatalogueError, match=message):
        parse_catalogue(data, "roles.yaml")


def test_the_role_file_without_a_version_is_refused() -> None:
    with pytest.raises(RoleCatalogueError, match=r"sleutel 'version': ontbreekt"):
        parse_catalogue({"permissions": {}, "roles": {}}, "roles.yaml")


def test_the_shipped_role_file_has_a_version() -> None:
    assert catalogue().version == "1"
