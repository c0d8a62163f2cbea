# SPDX-License-Identifier: EUPL-1.2
"""Any table (CSV or XLSX) with a small YAML mapping that says which column is what.

This is how municipal, corporation and partner figures come in: a buurtmonitor export, a safety
survey, WMO clients, corporation stock. A mapping names the area column (and how to make a CBS code
of it), the level, the period and, per indicator, the source column. Example::

    version: "1"                       # optional; recorded with the import, with the mapping's hash
    description: KWB rond 2021 met Engelse kolomnamen
    file: {separator: ",", decimal: "."}
    area: {column: gwb_code_10, prefix: BU, pad: 8}
    level: {column: recs, values: {Buurt: buurt}}
    period: 2021                       # or {column: jaar}, or {from_file_name: true}
    names: {column: regio}
    missing: ["", "NA"]                # empty or unknown, not secret
    secret: [".", "x"]                 # the source kept it secret
    indicators:
      inwoners: Number.of.inhabitants  # short form
      inkomen_per_inwoner: {column: avg_income, factor: 0.001, missing: ["-"]}

A table with an indicator per row and a year per column (a municipality's web page) names the
column of the row names and the headers to leave out; the other headers are the years, and the
``indicators`` map row names instead of columns. One area for the whole file goes in ``area.code``;
comment lines above the header (``header_row: 2``) go into the import's notes::

    file: {header_row: 2}
    area: {code: GM0935}
    level: gemeente
    indicators_in_rows: {column: categorie, skip_columns: ["2019_tm_Q2"]}
    indicators:
      misdrijven_woninginbraak: Diefstal uit of inbraak in woning
"""

from pathlib import Path

import ftfy
import numpy as np
import pandas as pd

from veerkracht.areas.importers.geofile import sha256_of
from veerkracht.importing import ImportProblem
from veerkracht.indicators.connectors.base import (
    LEVELS,
    ParsedValues,
    finish,
    long_piece,
    suppressed_note,
    year_in_name,
)
from veerkracht.indicators.connectors.kwb import RECS_LEVELS
from veerkracht.indicators.connectors.mapping_file import (
    BUNDLED_MAPPINGS,
    IndicatorRule,
    Mapping,
    bundled_mappings,
    load_mapping,
)
from veerkracht.indicators.connectors.mapping_rows import rows_pieces
from veerkracht.indicators.connectors.tables import TextTable, find_column, parse_numbers, read_text_table

__all__ = [
    "BUNDLED_MAPPINGS",
    "IndicatorRule",
    "Mapping",
    "bundled_mappings",
    "load_mapping",
    "read_with_mapping",
]

#: Prefix and digits per level for ``prefix: auto``.
AUTO_PREFIX = {
    "land": ("NL", 2),
    "gemeente": ("GM", 4),
    "wijk": ("WK", 6),
    "buurt": ("BU", 8),
    "pc4": ("PC", 4),
}
_TRUE = {"true", "1", "ja", "yes", "waar", "j", "y"}
_FALSE = {"false", "0", "nee", "no", "onwaar", "n", ""}


def _levels(path: Path, mapping: Mapping, table: TextTable) -> pd.Series:
    if mapping.level is not None:
        return pd.Series(mapping.level, index=table.frame.index, dtype=object)
    column = str(mapping.level_column)
    raw = table.frame[column].astype(str).str.strip()
    if mapping.level_values:
        levels = raw.map(mapping.level_values)
    else:
        lowered = raw.str.lower()
        levels = lowered.map({**RECS_LEVELS, **{level: level for level in LEVELS}})
    unknown = levels.isna()
    if unknown.any():
        first = int(unknown.to_numpy().nonzero()[0][0])
        raise ImportProblem(
            path,
            f"onbekend niveau '{raw.iloc[first]}' (de mapping {mapping.name} kent het niet)",
            row=int(table.rows.iloc[first]),
            column=column,
        )
    return levels.astype(object)


def _area_codes(path: Path, mapping: Mapping, table: TextTable, levels: pd.Series) -> pd.Series:
    if mapping.area_code is not None:
        return pd.Series(mapping.area_code.strip(), index=table.frame.index, dtype=object)
    column = str(mapping.area_column)
    codes = table.frame[column].astype(str).str.strip()
    empty = codes.eq("")
    if empty.any():
        first = int(empty.to_numpy().nonzero()[0][0])
        raise ImportProblem(path, "gebiedscode ontbreekt", row=int(table.rows.iloc[first]), column=column)
    cbs_like = levels.isin(["land", "gemeente", "wijk", "buurt", "square", "pc4"])
    codes = codes.where(~cbs_like, codes.str.upper())
    digits = codes.str.fullmatch(r"\d+")
    if mapping.area_prefix == "auto":
        for level, (prefix, width) in AUTO_PREFIX.items():
            mine = digits & levels.eq(level)
            codes[mine] = prefix + codes[mine].str.zfill(mapping.area_pad or width)
    elif mapping.area_prefix:
        codes[digits] = mapping.area_prefix + codes[digits].str.zfill(mapping.area_pad or 0)
    elif mapping.area_pad:
        codes[digits] = codes[digits].str.zfill(mapping.area_pad)
    return codes


def _periods(path: Path, mapping: Mapping, table: TextTable, year: int | None, notes: list[str]) -> pd.Series:
    index = table.frame.index
    if mapping.period_column is not None:
        if year is not None:
            raise ImportProblem(
                path, f"de mapping leest het jaar uit kolom {mapping.period_column}; laat het jaar weg"
            )
        column = mapping.period_column
        numbers = pd.to_numeric(table.frame[column].astype(str).str.strip(), errors="coerce")
        bad = numbers.isna() | (numbers % 1 != 0) | ~numbers.between(1900, 2100)
        if bad.any():
            first = int(bad.to_numpy().nonzero()[0][0])
            raise ImportProblem(
                path,
                f"'{table.frame[column].iloc[first]}' is geen jaartal",
                row=int(table.rows.iloc[first]),
                column=column,
            )
        return numbers.astype(np.int64)
    if year is not None:
        if mapping.period is not None and mapping.period != year:
            notes.append(f"jaar {year} opgegeven; de mapping noemt {mapping.period}")
        return pd.Series(int(year), index=index)
    if mapping.period is not None:
        return pd.Series(mapping.period, index=index)
    named = year_in_name(path)
    if named is None:
        raise ImportProblem(path, "het jaar staat niet in de bestandsnaam; geef het jaar op")
    return pd.Series(named, index=index)


def _estimated(path: Path, table: TextTable, column: str | None) -> np.ndarray | bool:
    if column is None:
        return False
    text = table.frame[column].astype(str).str.strip().str.lower()
    bad = ~text.isin(_TRUE | _FALSE)
    if bad.any():
        first = int(bad.to_numpy().nonzero()[0][0])
        raise ImportProblem(
            path,
            f"'{table.frame[column].iloc[first]}' is geen ja/nee-waarde",
            row=int(table.rows.iloc[first]),
            column=column,
        )
    return text.isin(_TRUE).to_numpy()


def read_with_mapping(path: Path, mapping: Mapping | Path | str, *, year: int | None = None) -> ParsedValues:
    """Read a table completely with a mapping; raise ImportProblem on the first thing wrong."""
    rules = mapping if isinstance(mapping, Mapping) else load_mapping(mapping)
    file = rules.file
    table = read_text_table(
        path,
        separator=file.get("separator"),
        encoding=file.get("encoding"),
        sheet=file.get("sheet"),
        header_row=int(file.get("header_row", 1)),
    )
    missing_columns = [
        column for column in rules.columns() if find_column(table.columns, (column,)) != column
    ]
    if missing_columns:
        raise ImportProblem(
            path,
            f"kolom {missing_columns[0]!r} uit mapping {rules.name} ontbreekt; "
            f"het bestand heeft {table.columns[:12]}{' ...' if len(table.columns) > 12 else ''}",
        )
    # The mapping is a rule of this import: its version and hash go into the run's provenance.
    version = f"versie {rules.version}, " if rules.version else ""
    notes = [
        f"gelezen met mapping {rules.name} ({version}sha256 {rules.sha256[:12]}): {rules.description}",
        *rules.notes,
    ]
    notes += _comment_lines(path, rules)
    levels = _levels(path, rules, table)
    codes = _area_codes(path, rules, table, levels)
    if rules.rows_column is not None:
        if year is not None:
            raise ImportProblem(
                path, f"de mapping {rules.name} leest de jaren uit de kolomkoppen; laat het jaar weg"
            )
        pieces = rows_pieces(path, rules, table, codes, levels)
    else:
        pieces = _column_pieces(
            path, rules, table, codes, levels, _periods(path, rules, table, year, notes), notes
        )
    code_column = rules.area_column or rules.rows_column or ""
    values = finish(path, pieces, code_column=code_column)
    secret = int(values["suppressed"].sum())
    if secret:
        notes.append(suppressed_note(secret, "bron"))
    names: dict[str, str] = {}
    if rules.name_column is not None:
        for code, name in zip(codes, table.frame[rules.name_column], strict=True):
            if str(name).strip():
                names[code] = ftfy.fix_encoding(str(name)).strip()
    return ParsedValues(
        path=path,
        source_format=f"tabel-met-mapping:{rules.name}",
        sha256=sha256_of(path),
        values=values,
        rows_read=len(table.frame),
        notes=notes,
        names=names,
        connector="mapping",
    )


def _comment_lines(path: Path, rules: Mapping) -> list[str]:
    """Lines above the header that start with '#' (a source URL, say) go into the import's notes."""
    header_row = int(rules.file.get("header_row", 1))
    if header_row <= 1 or path.suffix.lower() in (".xlsx", ".xlsm"):
        return []
    with path.open(encoding=rules.file.get("encoding") or "utf-8-sig", errors="replace") as handle:
        above = [handle.readline() for _ in range(header_row - 1)]
    return [f"uit het bestand: {line.strip().lstrip('#').strip()}" for line in above if line.startswith("#")]


def _column_pieces(
    path: Path,
    rules: Mapping,
    table: TextTable,
    codes: pd.Series,
    levels: pd.Series,
    periods: pd.Series,
    notes: list[str],
) -> list[pd.DataFrame]:
    """Long pieces from a table with an area per row and an indicator per column."""
    file = rules.file
    pieces = []
    for rule in rules.indicators:
        numbers = parse_numbers(
            path,
            table,
            rule.column,
            decimal=file.get("decimal"),
            missing=("", *rules.missing, *rule.missing),
            secret=(*rules.secret, *rule.secret),
            secret_codes=(*rules.secret_codes, *rule.secret_codes),
        )
        estimated = _estimated(path, table, rule.estimated_column)
        pieces.append(
            long_piece(
                codes,
                levels,
                rule.code,
                periods,
                numbers.values * rule.factor,
                numbers.suppressed,
                table.rows,
                estimated=estimated,
            )
        )
        if rule.estimated_column is not None and np.any(estimated):
            count = int(np.sum(estimated))
            word = "waarde" if count == 1 else "waarden"
            notes.append(
                f"{count} {word} van {rule.code} geschat door de leverancier ({rule.estimated_column})"
            )
    return pieces
