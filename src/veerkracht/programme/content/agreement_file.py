# SPDX-License-Identifier: EUPL-1.2
"""The typed content file of a set of performance agreements (``data/<city>/agreements.yaml``).

Read with pydantic; every problem is reported in Dutch with the file and the key, such as
``agreements.yaml, sleutel themes[6].agreements[0].lead_organisations[1]: onbekende organisatie 'x'``.
Pure: no Django, so the demo generator can build and check the same structure.
"""

import re
from collections.abc import Callable, Hashable, Sequence
from datetime import date
from pathlib import Path
from typing import Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

KEY = r"^[a-z0-9][a-z0-9-]*$"
AREA_CODE = re.compile(r"^(GM\d{4}|WK\d{6}|BU\d{8}|RA\d{6})$")


T = TypeVar("T", bound=Hashable)


class ContentError(ValueError):
    """A content file that cannot be loaded; nothing was written."""


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class SetSpec(_Spec):
    slug: str = Field(pattern=KEY, max_length=80)
    title: str = Field(min_length=1, max_length=200)
    gemeente: str = Field(pattern=r"^GM\d{4}$")
    start_year: int = Field(ge=2000, le=2100)
    end_year: int = Field(ge=2000, le=2100)
    starts_on: date
    source: str = ""
    synthetic: bool = False


class OrganisationSpec(_Spec):
    key: str = Field(pattern=KEY, max_length=80)
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["gemeente", "woningcorporatie", "welzijn", "zorg", "politie", "huurdersvereniging"]


class WorkgroupSpec(_Spec):
    key: str = Field(pattern=KEY, max_length=80)
    name: str = Field(min_length=1, max_length=200)
    theme: int | None = None
    members: tuple[str, ...] = ()


class MilestoneSpec(_Spec):
    title: str = Field(min_length=1, max_length=500)
    due: date
    as_written: str = Field(default="", max_length=80)


class AgreementSpec(_Spec):
    code: str = Field(pattern=r"^\d{1,2}[a-z]{1,2}$")
    title: str = Field(min_length=1, max_length=300)
    text: str = Field(min_length=1)
    goal: str = ""
    starting_actions: str = ""
    lead: str = Field(default="", max_length=500)
    lead_organisations: tuple[str, ...] = ()
    lead_workgroups: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    milestones: tuple[MilestoneSpec, ...] = ()


class ThemeSpec(_Spec):
    number: int = Field(ge=0, le=99)
    title: str = Field(min_length=1, max_length=200)
    ambition: str = ""
    agreements: tuple[AgreementSpec, ...] = ()


class AgreementFile(_Spec):
    version: Literal[1]
    set: SetSpec
    organisations: tuple[OrganisationSpec, ...]
    workgroups: tuple[WorkgroupSpec, ...] = ()
    themes: tuple[ThemeSpec, ...]


def _path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(het bestand)"


def _dutch(problem: dict[str, object]) -> str:
    kind = problem["type"]
    context = problem.get("ctx") or {}
    assert isinstance(context, dict)
    messages = {
        "missing": "ontbreekt",
        "extra_forbidden": "onbekende sleutel",
        "string_type": "verwacht tekst",
        "int_parsing": "verwacht een geheel getal",
        "int_type": "verwacht een geheel getal",
        "date_from_datetime_parsing": "verwacht een datum als JJJJ-MM-DD",
        "date_parsing": "verwacht een datum als JJJJ-MM-DD",
        "date_type": "verwacht een datum als JJJJ-MM-DD",
        "string_too_short": "mag niet leeg zijn",
        "string_too_long": f"is langer dan {context.get('max_length')} tekens",
        "string_pattern_mismatch": f"heeft niet de vorm {context.get('pattern')}",
        "literal_error": f"verwacht {context.get('expected')}",
        "greater_than_equal": f"verwacht minstens {context.get('ge')}",
        "less_than_equal": f"verwacht hoogstens {context.get('le')}",
        "tuple_type": "verwacht een lijst",
        "model_type": "verwacht een blok met sleutels",
    }
    return messages.get(str(kind), str(problem["msg"]))


def parse_agreement_file(data: object, source: str) -> AgreementFile:
    """Validate parsed YAML: shapes first, then the references between its parts."""
    try:
        spec = AgreementFile.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        raise ContentError(f"{source}, sleutel {_path(first['loc'])}: {_dutch(dict(first))}") from error
    _check_references(spec, source)
    return spec


def _check_references(spec: AgreementFile, source: str) -> None:
    def fail(key: str, problem: str) -> None:
        raise ContentError(f"{source}, sleutel {key}: {problem}")

    if spec.set.end_year < spec.set.start_year:
        fail("set.end_year", "ligt voor set.start_year")
    organisations = _unique([o.key for o in spec.organisations], "organisations", fail)
    _unique([o.name for o in spec.organisations], "organisations", fail)
    workgroups = _unique([w.key for w in spec.workgroups], "workgroups", fail)
    themes = _unique([t.number for t in spec.themes], "themes", fail)
    for w, workgroup in enumerate(spec.workgroups):
        if workgroup.theme is not None and workgroup.theme not in themes:
            fail(f"workgroups[{w}].theme", f"thema {workgroup.theme} staat niet in 'themes'")
        for m, member in enumerate(workgroup.members):
            if member not in organisations:
                fail(f"workgroups[{w}].members[{m}]", f"onbekende organisatie '{member}'")
    codes: set[str] = set()
    for t, theme in enumerate(spec.themes):
        for a, agreement in enumerate(theme.agreements):
            where = f"themes[{t}].agreements[{a}]"
            if (
                not agreement.code.startswith(str(theme.number))
                or not agreement.code[len(str(theme.number))].isalpha()
            ):
                fail(f"{where}.code", f"'{agreement.code}' begint niet met het themanummer {theme.number}")
            if agreement.code in codes:
                fail(f"{where}.code", f"de code '{agreement.code}' komt twee keer voor")
            codes.add(agreement.code)
            for i, key in enumerate(agreement.lead_organisations):
                if key not in organisations:
                    fail(f"{where}.lead_organisations[{i}]", f"onbekende organisatie '{key}'")
            for i, key in enumerate(agreement.lead_workgroups):
                if key not in workgroups:
                    fail(f"{where}.lead_workgroups[{i}]", f"onbekende werkgroep '{key}'")
            for i, code in enumerate(agreement.areas):
                if not AREA_CODE.match(code):
                    fail(f"{where}.areas[{i}]", f"'{code}' is geen gebiedscode (GM, WK, BU of RA)")


def _unique(values: Sequence[T], where: str, fail: Callable[[str, str], None]) -> set[T]:
    seen: set[T] = set()
    for index, value in enumerate(values):
        if value in seen:
            fail(f"{where}[{index}]", f"'{value}' komt twee keer voor")
        seen.add(value)
    return seen


def read_agreement_file(path: Path) -> AgreementFile:
    """Read and check a content file from disk."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ContentError(f"{path}: kan het bestand niet lezen: {error}") from error
    return parse_agreement_file(data, str(path))
