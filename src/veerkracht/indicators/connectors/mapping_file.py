# SPDX-License-Identifier: EUPL-1.2
"""The YAML mapping of a table: its keys, their checks, and the mappings that come with Veerkracht.

See :mod:`veerkracht.indicators.connectors.mapping` for the format and for reading a table with it.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from veerkracht.importing import ImportProblem
from veerkracht.indicators.connectors.base import LEVELS

BUNDLED_MAPPINGS = Path(__file__).resolve().parents[1] / "mappings"
_TOP_KEYS = {
    "description",
    "file",
    "area",
    "level",
    "period",
    "names",
    "missing",
    "secret",
    "secret_codes",
    "notes",
    "indicators",
}
_FILE_KEYS = {"separator", "decimal", "encoding", "sheet", "header_row"}
_RULE_KEYS = {"column", "factor", "missing", "secret", "secret_codes", "estimated_column"}


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

    def columns(self) -> list[str]:
        """Every column of the data file this mapping reads."""
        named = [self.area_column, self.level_column, self.period_column, self.name_column]
        named += [rule.column for rule in self.indicators] + [
            rule.estimated_column for rule in self.indicators
        ]
        return [column for column in dict.fromkeys(named) if column]


def _fail(path: Path, key: str, problem: str) -> ImportProblem:
    return ImportProblem(path, f"sleutel '{key}': {problem}")


def _texts(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str | int | float) for item in value):
        raise _fail(path, key, "verwacht een lijst van teksten")
    return tuple(str(item) for item in value)


def _codes(path: Path, key: str, value: Any) -> tuple[float, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(
        isinstance(i, int | float) and not isinstance(i, bool) for i in value
    ):
        raise _fail(path, key, "verwacht een lijst van getallen")
    return tuple(float(item) for item in value)


def _text(path: Path, key: str, value: Any, *, required: bool = False) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, key, "verwacht een kolomnaam of tekst")
    return value


def _rule(path: Path, code: str, raw: Any) -> IndicatorRule:
    from veerkracht.indicators.connectors.catalogue import catalogue_index

    key = f"indicators.{code}"
    if code not in catalogue_index():
        raise _fail(path, key, f"indicator '{code}' staat niet in de catalogus")
    if isinstance(raw, str):
        return IndicatorRule(code=code, column=raw)
    if not isinstance(raw, dict):
        raise _fail(path, key, "verwacht een kolomnaam of {column: ..., factor: ...}")
    unknown = sorted(set(raw) - _RULE_KEYS)
    if unknown:
        raise _fail(path, key, f"onbekende sleutel(s) {unknown}; toegestaan {sorted(_RULE_KEYS)}")
    factor = raw.get("factor", 1.0)
    if not isinstance(factor, int | float) or isinstance(factor, bool) or factor == 0:
        raise _fail(path, f"{key}.factor", "verwacht een getal (niet 0)")
    return IndicatorRule(
        code=code,
        column=str(_text(path, f"{key}.column", raw.get("column"), required=True)),
        factor=float(factor),
        missing=_texts(path, f"{key}.missing", raw.get("missing")),
        secret=_texts(path, f"{key}.secret", raw.get("secret")),
        secret_codes=_codes(path, f"{key}.secret_codes", raw.get("secret_codes")),
        estimated_column=_text(path, f"{key}.estimated_column", raw.get("estimated_column")),
    )


def _level(path: Path, raw: Any) -> tuple[str | None, str | None, dict[str, str]]:
    if isinstance(raw, str):
        if raw not in LEVELS:
            raise _fail(path, "level", f"'{raw}' is geen niveau; verwacht een van {list(LEVELS)}")
        return raw, None, {}
    if not isinstance(raw, dict) or set(raw) - {"column", "values"}:
        raise _fail(path, "level", "verwacht een niveau (buurt) of {column: ..., values: {...}}")
    values = raw.get("values") or {}
    if not isinstance(values, dict) or any(level not in LEVELS for level in values.values()):
        raise _fail(
            path, "level.values", f"verwacht {{waarde in bestand: niveau}} met niveaus uit {list(LEVELS)}"
        )
    return (
        None,
        _text(path, "level.column", raw.get("column"), required=True),
        {str(k): v for k, v in values.items()},
    )


def _period(path: Path, raw: Any) -> tuple[int | None, str | None, bool]:
    if isinstance(raw, int) and not isinstance(raw, bool) and 1900 <= raw <= 2100:
        return raw, None, False
    if isinstance(raw, dict) and raw.get("from_file_name") is True and len(raw) == 1:
        return None, None, True
    if isinstance(raw, dict) and set(raw) == {"column"}:
        return None, _text(path, "period.column", raw["column"], required=True), False
    raise _fail(path, "period", "verwacht een jaar (2021), {column: jaar} of {from_file_name: true}")


def load_mapping(path: Path | str) -> Mapping:
    """Read and check a mapping file; errors name the mapping file and the key."""
    source = Path(path)
    if not source.is_file() and not source.suffix:
        source = BUNDLED_MAPPINGS / f"{source}.yaml"
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except OSError as error:
        raise ImportProblem(source, f"mapping niet leesbaar: {error}") from error
    except yaml.YAMLError as error:
        raise ImportProblem(source, f"geen geldige YAML: {error}") from error
    if not isinstance(data, dict):
        raise ImportProblem(
            source, "een mapping is een YAML-mapping met onder meer area, level, period, indicators"
        )
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise ImportProblem(source, f"onbekende sleutel(s) {unknown}; toegestaan {sorted(_TOP_KEYS)}")
    for key in ("area", "level", "period", "indicators"):
        if key not in data:
            raise _fail(source, key, "ontbreekt")
    file = data.get("file") or {}
    if not isinstance(file, dict) or set(file) - _FILE_KEYS:
        raise _fail(source, "file", f"verwacht een mapping met sleutels uit {sorted(_FILE_KEYS)}")
    if file.get("decimal") not in (None, ",", "."):
        raise _fail(source, "file.decimal", "verwacht ',' of '.'")
    area = data["area"]
    if not isinstance(area, dict) or set(area) - {"column", "prefix", "pad"}:
        raise _fail(source, "area", "verwacht {column: ..., prefix: ..., pad: ...}")
    pad = area.get("pad")
    if pad is not None and (not isinstance(pad, int) or isinstance(pad, bool) or not 1 <= pad <= 12):
        raise _fail(source, "area.pad", "verwacht een aantal cijfers (1-12)")
    indicators = data["indicators"]
    if not isinstance(indicators, dict) or not indicators:
        raise _fail(source, "indicators", "verwacht {indicatorcode: kolom, ...}")
    names = data.get("names")
    if names is not None and (not isinstance(names, dict) or set(names) != {"column"}):
        raise _fail(source, "names", "verwacht {column: ...}")
    level, level_column, level_values = _level(source, data["level"])
    period, period_column, from_name = _period(source, data["period"])
    notes = _texts(source, "notes", data.get("notes"))
    return Mapping(
        path=source,
        name=source.stem,
        description=str(data.get("description") or source.stem),
        file=dict(file),
        area_column=str(_text(source, "area.column", area.get("column"), required=True)),
        area_prefix=_text(source, "area.prefix", area.get("prefix")),
        area_pad=pad,
        level=level,
        level_column=level_column,
        level_values=level_values,
        period=period,
        period_column=period_column,
        period_from_file_name=from_name,
        name_column=_text(source, "names.column", names["column"]) if names else None,
        missing=_texts(source, "missing", data.get("missing")),
        secret=_texts(source, "secret", data.get("secret")),
        secret_codes=_codes(source, "secret_codes", data.get("secret_codes")),
        notes=notes,
        indicators=tuple(_rule(source, str(code), raw) for code, raw in indicators.items()),
    )


def bundled_mappings() -> list[Path]:
    """The mappings that come with Veerkracht, for the tables it knows."""
    return sorted(BUNDLED_MAPPINGS.glob("*.yaml"))
