# SPDX-License-Identifier: EUPL-1.2
"""The role catalogue: which permissions each role grants, read from ``roles.yaml`` (pure: no Django)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import model_validator

from veerkracht.rulefiles import (
    Items,
    Name,
    RuleFile,
    RuleFileError,
    RuleModel,
    RuleProblem,
    check,
    read_rule_data,
    read_rule_file,
)

ROLES_FILE = Path(__file__).with_name("roles.yaml")
_PERMISSION = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


class RoleCatalogueError(RuleFileError):
    """The role file is malformed."""


class RoleLabel(RuleModel):
    nl: Name
    #: The Dutch label when not given.
    en: Name | None = None


class RoleSpec(RuleModel):
    label: RoleLabel
    permissions: Items[str]


PermissionCode = Annotated[
    str, check(lambda code: bool(_PERMISSION.match(code)), "verwacht een code als 'cases.view'")
]


class RolesFile(RuleFile):
    """The shape of ``roles.yaml``: permission codes with their description, roles with what they grant."""

    permissions: dict[PermissionCode, Name]
    roles: dict[str, RoleSpec]

    @model_validator(mode="after")
    def _roles_grant_known_permissions(self) -> RolesFile:
        for code, role in self.roles.items():
            unknown = sorted(set(role.permissions) - set(self.permissions))
            if unknown:
                raise RuleProblem(("roles", code, "permissions"), f"onbekende permissie(s) {unknown}")
        return self


@dataclass(frozen=True)
class Role:
    code: str
    label_nl: str
    label_en: str
    permissions: frozenset[str]


@dataclass(frozen=True)
class RoleCatalogue:
    permissions: dict[str, str]
    roles: dict[str, Role]
    version: str = ""

    def permissions_of(self, role_codes: set[str] | frozenset[str]) -> frozenset[str]:
        granted: set[str] = set()
        for code in role_codes:
            role = self.roles.get(code)
            if role is not None:
                granted |= role.permissions
        return frozenset(granted)

    def choices(self) -> list[tuple[str, str]]:
        return [(role.code, role.label_nl) for role in self.roles.values()]


def _catalogue(read: RolesFile) -> RoleCatalogue:
    roles = {
        code: Role(code, spec.label.nl, spec.label.en or spec.label.nl, frozenset(spec.permissions))
        for code, spec in read.roles.items()
    }
    return RoleCatalogue(permissions=dict(read.permissions), roles=roles, version=read.version)


def parse_catalogue(data: Any, source: str) -> RoleCatalogue:
    """Validate already parsed YAML and build the catalogue; errors name the file and the key."""
    return _catalogue(read_rule_data(data, RolesFile, source, error=RoleCatalogueError))


@cache
def catalogue() -> RoleCatalogue:
    """Return the catalogue of this installation (read once per process)."""
    return _catalogue(read_rule_file(ROLES_FILE, RolesFile, error=RoleCatalogueError))
