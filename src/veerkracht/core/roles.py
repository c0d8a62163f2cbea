# SPDX-License-Identifier: EUPL-1.2
"""The role catalogue: which permissions each role grants, read from ``roles.yaml``."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

ROLES_FILE = Path(__file__).with_name("roles.yaml")


class RoleCatalogueError(ValueError):
    """The role file is malformed."""


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

    def permissions_of(self, role_codes: set[str] | frozenset[str]) -> frozenset[str]:
        granted: set[str] = set()
        for code in role_codes:
            role = self.roles.get(code)
            if role is not None:
                granted |= role.permissions
        return frozenset(granted)

    def choices(self) -> list[tuple[str, str]]:
        return [(role.code, role.label_nl) for role in self.roles.values()]


def parse_catalogue(data: object, source: str) -> RoleCatalogue:
    """Validate the parsed YAML and build the catalogue; errors name the file and the key."""
    if not isinstance(data, dict) or "permissions" not in data or "roles" not in data:
        raise RoleCatalogueError(f"{source}: expected the keys 'permissions' and 'roles'")
    permissions = data["permissions"]
    if not isinstance(permissions, dict):
        raise RoleCatalogueError(f"{source}: 'permissions' must map permission codes to descriptions")
    roles: dict[str, Role] = {}
    for code, spec in data["roles"].items():
        if not isinstance(spec, dict) or "permissions" not in spec or "label" not in spec:
            raise RoleCatalogueError(f"{source}: role '{code}' needs 'label' and 'permissions'")
        unknown = set(spec["permissions"]) - set(permissions)
        if unknown:
            raise RoleCatalogueError(f"{source}: role '{code}' grants unknown permissions {sorted(unknown)}")
        roles[code] = Role(
            code=code,
            label_nl=spec["label"]["nl"],
            label_en=spec["label"].get("en", spec["label"]["nl"]),
            permissions=frozenset(spec["permissions"]),
        )
    return RoleCatalogue(permissions=dict(permissions), roles=roles)


@cache
def catalogue() -> RoleCatalogue:
    """Return the catalogue of this installation (read once per process)."""
    with ROLES_FILE.open(encoding="utf-8") as handle:
        return parse_catalogue(yaml.safe_load(handle), str(ROLES_FILE))
