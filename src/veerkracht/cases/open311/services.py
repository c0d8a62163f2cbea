# SPDX-License-Identifier: EUPL-1.2
"""Open311 services: the categories a public app may offer, one service per subcategory.

A service code is ``<category>-<subcategory>`` (``vervuiling-zwerfafval``). Offered are the subcategories
of the pillars the policy makes public whose confidentiality level needs no permission; a confidential
subcategory (``vervuiling-vervuilde_woning`` is a care signal) is never offered, whatever the policy says.
"""

from __future__ import annotations

from dataclasses import dataclass

from veerkracht.cases.open311.policy import policy
from veerkracht.cases.queries.texts import text
from veerkracht.cases.rulebook import rulebook
from veerkracht.cases.rules.categories import Classification

SEPARATOR = "-"


@dataclass(frozen=True)
class Service:
    code: str
    kind: Classification
    name: str
    group: str
    pillar_label: str


def public_levels() -> list[str]:
    """The confidentiality levels that need no permission: the only ones Open311 ever shows."""
    return [level for level, permission in rulebook().categories.levels().items() if permission is None]


def offered() -> dict[str, Service]:
    """Every service, by code, in the order of the categories file."""
    book = rulebook().categories
    allowed_levels, pillars = set(public_levels()), set(policy().public_pillars)
    found: dict[str, Service] = {}
    for code, spec in book.file.categories.items():
        for sub_code, sub in spec.subcategories.items():
            kind = book.classify(code, sub_code)
            if kind.confidentiality not in allowed_levels or kind.pillar not in pillars:
                continue
            service_code = f"{code}{SEPARATOR}{sub_code}"
            found[service_code] = Service(
                code=service_code,
                kind=kind,
                name=text(sub.label),
                group=text(spec.label),
                pillar_label=text(book.file.pillars[kind.pillar].label),
            )
    return found


def service_code(category: str, subcategory: str) -> str:
    return f"{category}{SEPARATOR}{subcategory}"


def as_open311(service: Service) -> dict[str, object]:
    """A service in the shape of GET services."""
    return {
        "service_code": service.code,
        "service_name": service.name,
        "description": f"{service.group}: {service.name}",
        "metadata": False,
        "type": "realtime",
        "keywords": ", ".join((service.group, service.pillar_label)),
        "group": service.group,
    }


def definition(service: Service) -> dict[str, object]:
    """A service definition: no attributes beyond the spec's own fields."""
    return {"service_code": service.code, "attributes": []}
