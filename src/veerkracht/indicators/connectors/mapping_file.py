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
    area_column: str | None
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
    #: One area for the whole file (a table about one gemeente), instead of an area column.
    area_code: str | None = None
    #: Rows name their indicator in this column and the years are the other columns' headers.
    rows_column: str | None = None
    #: Column headers that are neither a year nor read (a partial year such as "2019_tm_Q2").
    skip_columns: tuple[str, ...] = ()

    def columns(self) -> list[str]:
        """Every column of the data file this mapping reads (the year columns of a rows layout aside)."""
        named = [self.area_column, self.level_column, self.period_column, self.name_column, self.rows_column]
        if self.rows_column is None:
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
    column: Name | None = None
    #: The one area a whole file is about (a gemeente's own table), instead of a column.
    code: Name | None = None
    prefix: Name | None = None
    pad: Annotated[int, check(lambda n: 1 <= n <= 12, "verwacht een aantal cijfers (1-12)")] | None = None

    @model_validator(mode="after")
    def _column_or_code(self) -> AreaSpec:
        if (self.column is None) == (self.code is None):
            raise RuleProblem(
                "column", "verwacht een kolom met gebiedscodes (column) of één gebiedscode (code)"
            )
        return self


class RowsSpec(RuleModel):
    """A table with an indicator per row and a year per column (as many municipal web pages publish)."""

    #: The column that names the indicator of each row; ``indicators:`` maps these names.
    column: Name
    #: Headers that are not a whole year and are not read, e.g. "2019_tm_Q2".
    skip_columns: Texts = ()


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
    period: (
        Annotated[PeriodSpec, _shape("een jaar (2021), {column: jaar} of {from_file_name: true}", _period)]
        | None
    ) = None
    indicators_in_rows: RowsSpec | None = None
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
    def _years_come_from_one_place(self) -> MappingFile:
        if self.indicators_in_rows is not None:
            if self.period is not None:
                raise RuleProblem("period", "laat weg: bij indicators_in_rows zijn de kolomkoppen de jaren")
            for code, rule in self.indicators.items():
                if rule.estimated_column is not None:
                    raise RuleProblem(
                        ("indicators", code, "estimated_column"), "hoort niet bij indicators_in_rows"
                    )
            if self.area.prefix is not None and self.area.code is not None:
                raise RuleProblem(("area", "prefix"), "hoort niet bij één vaste gebiedscode")
        elif self.period is None:
            raise RuleProblem(
                "period", "ontbreekt; verwacht een jaar (2021), {column: jaar} of {from_file_name: true}"
            )
        return self

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
    period = read.period or PeriodSpec()
    rows = read.indicators_in_rows
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
        period=period.year,
        period_column=period.column,
        period_from_file_name=period.from_file_name,
        name_column=read.names.column if read.names else None,
        missing=read.missing,
        secret=read.secret,
        secret_codes=read.secret_codes,
        notes=read.notes,
        indicators=rules,
        version=read.version or "",
        sha256=read.sha256,
        area_code=read.area.code,
        rows_column=rows.column if rows else None,
        skip_columns=rows.skip_columns if rows else (),
    )


def bundled_mappings() -> list[Path]:
    """The mappings that come with Veerkracht, for the tables it knows."""
    return sorted(BUNDLED_MAPPINGS.glob("*.yaml"))
