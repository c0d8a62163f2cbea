# SPDX-License-Identifier: EUPL-1.2
"""The YAML mapping of a table: its keys, their checks, and the mappings that come with Veerkracht.

See :mod:`veerkracht.indicators.connectors.mapping` for the format and for reading a table with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, model_validator

from veerkracht.importing import ImportProblem
from veerkracht.indicators.connectors.base import LEVELS
from veerkracht.rulefiles import (
    Name,
    RuleFile,
    RuleFileError,
    RuleModel,
    RuleProblem,
    Version,
    check,
    one_of,
    read_rule_file,
)

BUNDLED_MAPPINGS = Path(__file__).resolve().parents[1] / "mappings"
Level = Annotated[str, one_of(LEVELS, "niveau")]


@dataclass(frozen=True)
class IndicatorRule:
    """Where one indicator comes from in the table."""

    code: str
    column: str
    factor: float = 1.0
    missing: tuple[str, ...] = ()
    secret: tuple[str, ...] = ()
    secret_codes: tuple[float, ...] = ()
    #: A column whose true values mark the value as estimated (e.g. imputed by the supplier).
    estimated_column: str | None = None


@dataclass(frozen=True)
class Mapping:
    """A validated mapping file."""

    path: Path
    name: str
    description: str
    file: dict[str, Any]
    area_column: str
    area_prefix: str | None
    area_pad: int | None
    level: str | None
    level_column: str | None
    level_values: dict[str, str]
    period: int | None
    period_column: str | None
    period_from_file_name: bool
    name_column: str | None
    missing: tuple[str, ...]
    secret: tuple[str, ...]
    secret_codes: tuple[float, ...]
    notes: tuple[str, ...]
    indicators: tuple[IndicatorRule, ...]
    version: str = ""
    sha256: str = ""

    def columns(self) -> list[str]:
        """Every column of the data file this mapping reads."""
        named = [self.area_column, self.level_column, self.period_column, self.name_column]
        named += [rule.column for rule in self.indicators] + [
            rule.estimated_column for rule in self.indicators
        ]
        return [column for column in dict.fromkeys(named) if column]


def _texts(value: Any) -> Any:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str | int | float) for item in value):
        raise ValueError("verwacht een lijst van teksten")
    return tuple(str(item) for item in value)


def _shape(expected: str, allowed: Any) -> Any:
    """A check of the short and long forms a key may take, with the one message that lists them."""

    def accept(value: Any) -> Any:
        converted = allowed(value)
        if converted is None:
            raise ValueError(f"verwacht {expected}")
        return converted

    return BeforeValidator(accept)


def _codes(value: Any) -> Any:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ValueError("verwacht een lijst van getallen")
    return tuple(value)


Texts = Annotated[tuple[str, ...], BeforeValidator(_texts)]
Codes = Annotated[tuple[float, ...], BeforeValidator(_codes)]


class FileOptions(RuleModel):
    separator: str | None = None
    decimal: Annotated[str, one_of((",", "."))] | None = None
    encoding: str | None = None
    sheet: str | int | None = None
    header_row: Annotated[int, Field(ge=1)] = 1


class AreaSpec(RuleModel):
    column: Name
    prefix: Name | None = None
    pad: Annotated[int, check(lambda n: 1 <= n <= 12, "verwacht een aantal cijfers (1-12)")] | None = None


class LevelSpec(RuleModel):
    fixed: str | None = None
    column: Name | None = None
    values: Annotated[
        dict[str, Level], BeforeValidator(lambda v: {str(k): x for k, x in (v or {}).items()})
    ] = {}


def _level(value: Any) -> Any:
    if isinstance(value, str):
        if value not in LEVELS:
            raise ValueError(f"verwacht een niveau uit {list(LEVELS)} of {{column: ..., values: {{...}}}}")
        return {"fixed": value}
    if isinstance(value, dict) and "column" in value and not set(value) - {"column", "values"}:
        return value if isinstance(value.get("values"), dict | None) else None
    return None


class PeriodSpec(RuleModel):
    year: int | None = None
    column: Name | None = None
    from_file_name: bool = False


def _period(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100:
        return {"year": value}
    if isinstance(value, dict) and value == {"from_file_name": True}:
        return value
    if isinstance(value, dict) and set(value) == {"column"}:
        return value
    return None


class RuleSpec(RuleModel):
    column: Name
    factor: Annotated[float, check(lambda f: f != 0, "verwacht een getal (niet 0)")] = 1.0
    missing: Texts = ()
    secret: Texts = ()
    secret_codes: Codes = ()
    estimated_column: Name | None = None


def _rule(value: Any) -> Any:
    return {"column": value} if isinstance(value, str) else value if isinstance(value, dict) else None


class NamesSpec(RuleModel):
    column: Name


class MappingFile(RuleFile):
    """The shape of a mapping file. ``version`` is optional here: a mapping describes someone's table."""

    version: Version | None = None  # type: ignore[assignment]
    description: str | None = None
    file: Annotated[FileOptions, BeforeValidator(lambda v: {} if v is None else v)] = FileOptions()
    area: AreaSpec
    level: Annotated[LevelSpec, _shape("een niveau (buurt) of {column: ..., values: {...}}", _level)]
    period: Annotated[
        PeriodSpec, _shape("een jaar (2021), {column: jaar} of {from_file_name: true}", _period)
    ]
    names: NamesSpec | None = None
    missing: Texts = ()
    secret: Texts = ()
    secret_codes: Codes = ()
    notes: Texts = ()
    indicators: Annotated[
        dict[str, Annotated[RuleSpec, _shape("een kolomnaam of {column: ..., factor: ...}", _rule)]],
        Field(min_length=1),
    ]

    @model_validator(mode="after")
    def _indicators_are_catalogued(self) -> MappingFile:
        from veerkracht.indicators.connectors.catalogue import catalogue_index

        for code in self.indicators:
            if code not in catalogue_index():
                raise RuleProblem(("indicators", code), f"indicator '{code}' staat niet in de catalogus")
        return self


def load_mapping(path: Path | str) -> Mapping:
    """Read and check a mapping file (a path, or a bundled one's name); errors name file, line and key."""
    source = Path(path)
    if not source.is_file() and not source.suffix:
        source = BUNDLED_MAPPINGS / f"{source}.yaml"
    try:
        read = read_rule_file(source, MappingFile)
    except RuleFileError as error:
        raise ImportProblem(source, error.detail) from None
    rules = tuple(
        IndicatorRule(code, r.column, r.factor, r.missing, r.secret, r.secret_codes, r.estimated_column)
        for code, r in read.indicators.items()
    )
    return Mapping(
        path=source,
        name=source.stem,
        description=read.description or source.stem,
        file=read.file.model_dump(exclude_none=True, exclude_defaults=True),
        area_column=read.area.column,
        area_prefix=read.area.prefix,
        area_pad=read.area.pad,
        level=read.level.fixed,
        level_column=read.level.column,
        level_values=dict(read.level.values),
        period=read.period.year,
        period_column=read.period.column,
        period_from_file_name=read.period.from_file_name,
        name_column=read.names.column if read.names else None,
        missing=read.missing,
        secret=read.secret,
        secret_codes=read.secret_codes,
        notes=read.notes,
        indicators=rules,
        version=read.version or "",
        sha256=read.sha256,
    )


def bundled_mappings() -> list[Path]:
    """The mappings that come with Veerkracht, for the tables it knows."""
    return sorted(BUNDLED_MAPPINGS.glob("*.yaml"))
