# SPDX-License-Identifier: EUPL-1.2
"""Dossier types as data (``dossier_types.yaml``): subjects, access level, ladder, retention and zaaktype.

The zaaktype part carries what the ZGW Catalogi API asks of a zaaktype, so that a dossier can be mirrored
to a municipal Zaken API without remodelling (ADR 0021): ``as_zaaktype`` gives those fields under their
ZGW names.

>>> book = read_dossier_types()
>>> overlast = book.type("overlast")
>>> overlast.access_level, overlast.ladder, overlast.zaaktype.doorlooptijd_days
('normaal', 'standaard', 182)
>>> book.type_for_category("woonfraude").code
'ondermijning'
>>> overlast.as_zaaktype()["doorlooptijd"], overlast.as_zaaktype()["verlengingstermijn"]
('P182D', 'P91D')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, model_validator

from veerkracht.rulefiles import Items, Name, RuleFile, RuleModel, RuleProblem, Text, check, read_rule_file

DOSSIER_TYPES_FILE = Path(__file__).with_name("dossier_types.yaml")
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
Code = Annotated[str, check(lambda code: bool(_CODE.match(code)), "verwacht een code als 'overlast'")]
SubjectKind = Literal["address", "household", "complex"]
Days = Annotated[int, Field(ge=1, le=3650)]
#: The values of the ZGW vertrouwelijkheidaanduiding, from open to secret.
CONFIDENTIALITY_ZGW = (
    "openbaar",
    "beperkt_openbaar",
    "intern",
    "zaakvertrouwelijk",
    "vertrouwelijk",
    "confidentieel",
    "geheim",
    "zeer_geheim",
)
# ``zeer_vertrouwelijk`` is how people say it; ZGW calls that level ``confidentieel``.
_ZGW_ALIASES = {"zeer_vertrouwelijk": "confidentieel"}


class DossierTypeError(ValueError):
    """A dossier type or outcome that does not exist (the message is in Dutch)."""


class Outcome(RuleModel):
    label: Text


class Suspension(RuleModel):
    allowed: bool
    #: The most days a dossier may be suspended in total (ZGW: opschorting).
    max_days: Days | None = None

    @model_validator(mode="after")
    def _days_when_allowed(self) -> Suspension:
        if self.allowed and self.max_days is None:
            raise RuleProblem(("max_days",), "noem hoeveel dagen opschorten ten hoogste mag")
        if not self.allowed and self.max_days is not None:
            raise RuleProblem(("max_days",), "opschorten mag niet; laat max_days weg")
        return self


class Extension(RuleModel):
    allowed: bool
    #: The days one extension adds (ZGW: verlengingstermijn); a dossier is extended at most once.
    days: Days | None = None

    @model_validator(mode="after")
    def _days_when_allowed(self) -> Extension:
        if self.allowed and self.days is None:
            raise RuleProblem(("days",), "noem met hoeveel dagen verlengen mag (verlengingstermijn)")
        if not self.allowed and self.days is not None:
            raise RuleProblem(("days",), "verlengen mag niet; laat days weg")
        return self


def _zgw_level(value: Any) -> Any:
    return _ZGW_ALIASES.get(value, value) if isinstance(value, str) else value


class Zaaktype(RuleModel):
    identificatie: Name
    omschrijving: Name
    doorlooptijd_days: Days
    servicenorm_days: Days
    suspension: Suspension
    extension: Extension
    vertrouwelijkheidaanduiding: Annotated[
        str,
        Field(),
        check(
            lambda v: _zgw_level(v) in CONFIDENTIALITY_ZGW, f"verwacht een van {list(CONFIDENTIALITY_ZGW)}"
        ),
    ]

    @model_validator(mode="after")
    def _norm_within_duration(self) -> Zaaktype:
        if self.servicenorm_days > self.doorlooptijd_days:
            raise RuleProblem(
                ("servicenorm_days",),
                f"de servicenorm ({self.servicenorm_days}) is langer dan de doorlooptijd "
                f"({self.doorlooptijd_days})",
            )
        return self


class DossierType(RuleModel):
    label: Text
    subjects: Annotated[Items[SubjectKind], Field(min_length=1)]
    access_level: Code
    categories: Items[Code] = ()
    ladder: Code | None = None
    retention: Code
    zaaktype: Zaaktype
    _code: str = PrivateAttr(default="")

    @property
    def code(self) -> str:
        return self._code

    def as_zaaktype(self) -> dict[str, Any]:
        """The zaaktype under the field names of the ZGW Catalogi API (durations as ISO 8601)."""
        zaaktype = self.zaaktype
        return {
            "identificatie": zaaktype.identificatie,
            "omschrijving": zaaktype.omschrijving,
            "vertrouwelijkheidaanduiding": _zgw_level(zaaktype.vertrouwelijkheidaanduiding),
            "doorlooptijd": f"P{zaaktype.doorlooptijd_days}D",
            "servicenorm": f"P{zaaktype.servicenorm_days}D",
            "opschortingEnAanhoudingMogelijk": zaaktype.suspension.allowed,
            "verlengingMogelijk": zaaktype.extension.allowed,
            "verlengingstermijn": f"P{zaaktype.extension.days}D" if zaaktype.extension.days else None,
            "handelingInitiator": "melden",
            "handelingBehandelaar": "behandelen",
            "onderwerp": self.label.nl,
            "indicatieInternOfExtern": "extern",
        }


class DossierTypesFile(RuleFile):
    """The shape of ``dossier_types.yaml``."""

    outcomes: dict[Code, Outcome]
    types: dict[Code, DossierType]

    @model_validator(mode="after")
    def _codes(self) -> DossierTypesFile:
        seen: dict[str, str] = {}
        for code, spec in self.types.items():
            spec._code = code
            for category in spec.categories:
                if category in seen:
                    raise RuleProblem(
                        ("types", code, "categories"),
                        f"categorie '{category}' opent al een dossier van type '{seen[category]}'",
                    )
                seen[category] = code
        return self


@dataclass(frozen=True)
class DossierTypes:
    """The dossier types of an installation, with lookups that refuse unknown codes in Dutch."""

    file: DossierTypesFile

    @property
    def version(self) -> str:
        return self.file.version

    def type(self, code: str) -> DossierType:
        spec = self.file.types.get(code)
        if spec is None:
            raise DossierTypeError(
                f"dossiertype '{code}' bestaat niet; kies uit {', '.join(self.file.types)}"
            )
        return spec

    def type_for_category(self, category: str) -> DossierType | None:
        """The type a signal of this melding category opens (None: it opens no dossier by itself)."""
        return next((t for t in self.file.types.values() if category in t.categories), None)

    def outcome_label(self, code: str) -> str:
        spec = self.file.outcomes.get(code)
        return spec.label.nl if spec is not None else code

    def check_outcome(self, code: str) -> None:
        if code not in self.file.outcomes:
            raise DossierTypeError(
                f"uitkomst '{code}' bestaat niet; kies uit {', '.join(self.file.outcomes)}"
            )


def read_dossier_types(path: Path | str = DOSSIER_TYPES_FILE) -> DossierTypes:
    """Read and check a dossier-types file (the shipped one by default)."""
    return DossierTypes(read_rule_file(path, DossierTypesFile))
