# SPDX-License-Identifier: EUPL-1.2
"""What every connector returns (ParsedValues) and the checks every parse ends with."""

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from veerkracht.geo.levels import CODE_EXAMPLES, CODE_PATTERNS
from veerkracht.geo.levels import VALUE_LEVELS as LEVELS
from veerkracht.importing import ImportProblem

VALUE_COLUMNS: tuple[str, ...] = (
    "area_code",
    "level",
    "indicator",
    "period",
    "value",
    "suppressed",
    "estimated",
)

_YEAR = re.compile(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)")


@dataclass
class ParsedValues:
    """The validated content of one source, in the long form the value store keeps."""

    #: The file read, or the CBS table id for an OData download.
    path: Path | str
    source_format: str
    #: SHA-256 of the file, or of the downloaded OData payload.
    sha256: str
    #: Exactly the columns of VALUE_COLUMNS; one row per (area_code, indicator, period).
    values: pd.DataFrame
    rows_read: int
    notes: list[str] = field(default_factory=list)
    #: Area names the source carries (area_code -> name), e.g. from ``regio`` or ``wk_naam``.
    names: dict[str, str] = field(default_factory=dict)
    #: The registry name of the connector that read it ("kwb", "squares", ...).
    connector: str = ""
    #: 100 or 500 for CBS squares: both sizes use ids like E1765N3180, so the store must keep them apart.
    square_size: int | None = None

    def indicators(self) -> list[str]:
        """The indicator codes in this parse, sorted."""
        return sorted(self.values["indicator"].unique().tolist())

    def periods(self) -> list[int]:
        """The periods (years) in this parse, sorted."""
        return sorted(int(p) for p in self.values["period"].unique())


def year_in_name(path: Path | str) -> int | None:
    """Return the one year a file name mentions (``kwb-2023.xlsx`` -> 2023), None for none or several.

    >>> year_in_name("kwb-2023.xlsx"), year_in_name("cbs_vk100_2021.gpkg")
    (2023, 2021)
    >>> year_in_name("Leefbaarometer-scores wijken 2002-2022.csv") is None
    True
    """
    found = set(_YEAR.findall(Path(str(path)).stem))
    return int(found.pop()) if len(found) == 1 else None


def choose_year(path: Path | str, year: int | None, notes: list[str]) -> int:
    """Return the year given, else the one in the file name; say so when they differ."""
    named = year_in_name(path)
    if year is not None:
        if named is not None and named != year:
            notes.append(f"jaar {year} opgegeven; de bestandsnaam noemt {named}")
        return int(year)
    if named is None:
        raise ImportProblem(path, "het jaar staat niet in de bestandsnaam; geef het jaar op")
    return named


def suppressed_note(count: int, source: str) -> str:
    """The note that tells how many values the source kept secret."""
    word = "waarde" if count == 1 else "waarden"
    return f"{count} {word} geheim ({source})"


def long_piece(
    codes: np.ndarray | pd.Series,
    levels: np.ndarray | pd.Series | str,
    indicator: str,
    period: np.ndarray | pd.Series | int,
    value: np.ndarray | pd.Series,
    suppressed: np.ndarray | pd.Series,
    rows: np.ndarray | pd.Series,
    estimated: np.ndarray | pd.Series | bool = False,
) -> pd.DataFrame:
    """One indicator's values in the long form, with the source row of each value for error messages."""
    size = len(codes)
    return pd.DataFrame(
        {
            "area_code": np.asarray(codes, dtype=object),
            "level": np.broadcast_to(np.asarray(levels, dtype=object), size),
            "indicator": indicator,
            "period": np.broadcast_to(np.asarray(period, dtype=np.int64), size),
            "value": np.asarray(value, dtype=np.float64),
            "suppressed": np.broadcast_to(np.asarray(suppressed, dtype=bool), size),
            "estimated": np.broadcast_to(np.asarray(estimated, dtype=bool), size),
            "row": np.asarray(rows, dtype=np.int64),
        }
    )


def check_codes(path: Path | str, codes: pd.Series, levels: pd.Series, rows: pd.Series, column: str) -> None:
    """Fail on the first code that does not fit its level (or a level that does not exist)."""
    unknown = ~levels.isin(LEVELS)
    if unknown.any():
        first = unknown.to_numpy().nonzero()[0][0]
        raise ImportProblem(
            path,
            f"onbekend niveau '{levels.iloc[first]}'; verwacht een van {list(LEVELS)}",
            row=int(rows.iloc[first]),
            column=column,
        )
    for level, pattern in CODE_PATTERNS.items():
        mine = levels == level
        if not mine.any():
            continue
        # Checking each distinct code once, vectorised, keeps this fast for the national 100 m grid.
        distinct = pd.Series(pd.unique(codes[mine].astype(str).to_numpy()), dtype=str)
        bad = distinct[~distinct.str.fullmatch(pattern.pattern)]
        if len(bad):
            first = (mine & codes.isin(bad.tolist())).to_numpy().nonzero()[0][0]
            raise ImportProblem(
                path,
                f"'{codes.iloc[first]}' is geen geldige code voor niveau {level} "
                f"(verwacht bijvoorbeeld {CODE_EXAMPLES[level]})",
                row=int(rows.iloc[first]),
                column=column,
            )


def finish(path: Path | str, pieces: list[pd.DataFrame], *, code_column: str) -> pd.DataFrame:
    """Join the pieces, check codes, catalogue and duplicates, and return exactly VALUE_COLUMNS."""
    from veerkracht.indicators.connectors.catalogue import catalogue_index

    if not pieces or all(piece.empty for piece in pieces):
        raise ImportProblem(path, "het bestand bevat geen waarden")
    values = pd.concat([piece for piece in pieces if not piece.empty], ignore_index=True)
    check_codes(path, values["area_code"], values["level"], values["row"], code_column)
    catalogue = catalogue_index()
    for position, indicator, level in values[["indicator", "level"]].drop_duplicates().itertuples():
        entry = catalogue.get(str(indicator))
        if entry is None:
            raise ImportProblem(path, f"indicator '{indicator}' staat niet in de catalogus")
        if level not in entry["levels"]:
            raise ImportProblem(
                path,
                f"indicator '{indicator}' bestaat volgens de catalogus niet op niveau {level} "
                f"(wel op {', '.join(entry['levels'])})",
                row=int(values.at[position, "row"]),
            )
    twice = values.duplicated(["area_code", "indicator", "period"], keep=False)
    if twice.any():
        dupes = values.loc[twice].sort_values("row", kind="stable")
        first = dupes.iloc[0]
        same = dupes[
            (dupes["area_code"] == first["area_code"])
            & (dupes["indicator"] == first["indicator"])
            & (dupes["period"] == first["period"])
        ]
        raise ImportProblem(
            path,
            f"{first['area_code']} staat dubbel voor {first['indicator']} in {first['period']} "
            f"(rijen {', '.join(str(r) for r in sorted(set(same['row'].tolist())))})",
            row=int(same["row"].iloc[-1]),
            column=code_column,
        )
    out = values.loc[:, list(VALUE_COLUMNS)].reset_index(drop=True)
    out["area_code"] = out["area_code"].astype(str)
    out["level"] = out["level"].astype(str)
    out["indicator"] = out["indicator"].astype(str)
    out["period"] = out["period"].astype(np.int64)
    out["value"] = out["value"].astype(np.float64)
    out["suppressed"] = out["suppressed"].astype(bool)
    out["estimated"] = out["estimated"].astype(bool)
    return out
