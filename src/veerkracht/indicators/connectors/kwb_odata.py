# SPDX-License-Identifier: EUPL-1.2
"""CBS Kerncijfers Wijken en Buurten through the CBS OData API (via ``cbsodata``), or a recorded copy.

OData columns carry a number that changes between editions (``AantalInwoners_5``,
``InBezitWoningcorporatie_42`` in one year, ``_49`` in another), so columns are matched on the part
before the number. ``cbsodata.get_data`` replaces the ``WijkenEnBuurten`` key by its title (the area
name); the code then sits in ``Codering_3``. Codes are padded with spaces, which are stripped.
Offline, pass the rows (the list of dicts ``cbsodata`` returns) or read a recorded JSON file.
"""

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from veerkracht.areas.importers.geofile import sha256_of
from veerkracht.geo.levels import CBS_CODE, LEVEL_OF_PREFIX
from veerkracht.importing import ImportProblem
from veerkracht.indicators.connectors.base import (
    ParsedValues,
    finish,
    long_piece,
    suppressed_note,
    year_in_name,
)
from veerkracht.indicators.connectors.kwb import DWELLING_SHARES, RECS_LEVELS

Rows = list[dict[str, Any]]
Fetch = Callable[[str], Rows]

#: KWB editions on CBS OData: table id -> year.
KWB_TABLES: dict[str, int] = {
    "82339NED": 2013,
    "82931NED": 2014,
    "83220NED": 2015,
    "83487NED": 2016,
    "83765NED": 2017,
    "84286NED": 2018,
    "84583NED": 2019,
    "84799NED": 2020,
    "85039NED": 2021,
    "85318NED": 2022,
    "85618NED": 2023,
    "85984NED": 2024,
    "86165NED": 2025,
}
#: OData column name without its number -> our code.
ODATA_COLUMNS: dict[str, str] = {
    "AantalInwoners": "inwoners",
    "HuishoudensTotaal": "huishoudens",
    "Woningvoorraad": "woningen",
    "Koopwoningen": "aandeel_koopwoningen",
    "HuurwoningenTotaal": "aandeel_huurwoningen",
    "InBezitWoningcorporatie": "aandeel_corporatie",
    "PercentageMeergezinswoning": "aandeel_meergezinswoningen",
    "GemiddeldeWOZWaardeVanWoningen": "woz_gemiddeld",
    "GemiddeldeWoningwaarde": "woz_gemiddeld",
    "PersonenPerSoortUitkeringBijstand": "bijstand",
    "PersonenPerSoortUitkeringAO": "ao_uitkering",
    "PersonenPerSoortUitkeringWW": "ww_uitkering",
    "PersonenPerSoortUitkeringAOW": "aow_uitkering",
    "GemiddeldInkomenPerInwoner": "inkomen_per_inwoner",
    "HuishoudensMetEenLaagInkomen": "aandeel_laag_inkomen",
    "HuishOnderOfRondSociaalMinimum": "aandeel_onder_sociaal_minimum",
    "k_40PersonenMetLaagsteInkomen": "aandeel_laagste_40_personen",
    "k_40HuishoudensMetLaagsteInkomen": "aandeel_laagste_40_huishoudens",
    "WmoClienten": "wmo_clienten",
    "WmoClientenRelatief": "wmo_clienten_per_1000",
    "AfstandTotGroteSupermarkt": "afstand_grote_supermarkt",
    "AfstandTotHuisartsenpraktijk": "afstand_huisarts",
}
_NUMBER_SUFFIX = re.compile(r"_\d+$")
_TABLE_ID = re.compile(r"^\d{5}[A-Z]{3}$")
DOWNLOAD_HINT = (
    "download de tabel als CSV via https://www.cbs.nl/nl-nl/reeksen/kerncijfers-wijken-en-buurten-2004-2024 "
    "(of StatLine) en importeer dat bestand"
)


def column_stem(column: str) -> str:
    """An OData column name without its edition number.

    >>> column_stem("AantalInwoners_5")
    'AantalInwoners'
    """
    return _NUMBER_SUFFIX.sub("", column)


def is_table_id(text: str) -> bool:
    """True for a CBS table id like 85984NED."""
    return bool(_TABLE_ID.match(text))


def fetch_with_cbsodata(table_id: str) -> Rows:
    """Download a table with ``cbsodata``; any network or HTTP failure becomes an ImportProblem."""
    import cbsodata
    import requests

    try:
        rows = cbsodata.get_data(table_id)
    except (requests.RequestException, OSError, ValueError, KeyError) as error:
        raise ImportProblem(
            table_id, f"CBS OData is niet bereikbaar of gaf een fout ({error}); {DOWNLOAD_HINT}"
        ) from error
    return list(rows)


def rows_from_json(path: Path) -> Rows:
    """Read a recorded OData download: the list of dicts ``cbsodata`` returns, or {code: {column: value}}."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportProblem(path, f"geen leesbare JSON: {error}") from error
    if isinstance(data, dict) and data and all(isinstance(v, dict) for v in data.values()):
        return [{"WijkenEnBuurten": code, **columns} for code, columns in data.items()]
    if isinstance(data, list) and data and all(isinstance(row, dict) for row in data):
        return data
    raise ImportProblem(path, "verwacht een lijst van OData-rijen of {code: {kolom: waarde}}")


def _key(columns: list[str], stem: str) -> str | None:
    for column in columns:
        if column_stem(column) == stem:
            return column
    return None


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _codes_and_levels(source: Path | str, frame: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series, str]:
    """Return code, level and name per row, and the column the code came from."""
    columns = [str(c) for c in frame.columns]
    coded = _key(columns, "Codering")
    regions = _key(columns, "WijkenEnBuurten") or "WijkenEnBuurten"
    region_text = frame[regions].map(_text) if regions in frame else pd.Series("", index=frame.index)
    if coded is not None:
        codes, names, column = frame[coded].map(_text).str.upper(), region_text, coded
    elif region_text.str.upper().str.match(CBS_CODE.pattern).all():
        codes, names, column = region_text.str.upper(), pd.Series("", index=frame.index), regions
    else:
        raise ImportProblem(source, "geen kolom met CBS-codes (Codering of WijkenEnBuurten met codes)")
    names = names.where(~names.str.upper().str.match(CBS_CODE.pattern), "")
    from_code = codes.str[:2].map(LEVEL_OF_PREFIX)
    kind = _key(columns, "SoortRegio")
    levels = from_code
    if kind is not None:
        from_kind = frame[kind].map(_text).str.lower().map(RECS_LEVELS)
        levels = from_kind.fillna(from_code)
        clash = from_kind.notna() & from_code.notna() & from_kind.ne(from_code)
        if clash.any():
            first = int(clash.to_numpy().nonzero()[0][0])
            raise ImportProblem(
                source,
                f"{codes.iloc[first]} is volgens zijn code een {from_code.iloc[first]}, "
                f"maar {kind} zegt {from_kind.iloc[first]}",
                row=first + 1,
                column=kind,
            )
    unknown = levels.isna() | ~codes.str.match(CBS_CODE.pattern)
    if unknown.any():
        first = int(unknown.to_numpy().nonzero()[0][0])
        raise ImportProblem(
            source, f"'{codes.iloc[first]}' is geen CBS-gebiedscode", row=first + 1, column=column
        )
    return codes, levels.astype(str), names, column


def _numbers(source: Path | str, frame: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """OData gives numbers, None for "." (unknown or secret), or text in the untyped data set."""
    values = np.full(len(frame), np.nan)
    secret = np.zeros(len(frame), dtype=bool)
    for position, raw in enumerate(frame[column].tolist()):
        if raw is None or (isinstance(raw, float) and np.isnan(raw)):
            secret[position] = True
            continue
        if isinstance(raw, bool):
            raise ImportProblem(source, f"'{raw}' is geen getal", row=position + 1, column=column)
        if isinstance(raw, int | float):
            values[position] = float(raw)
            continue
        text = str(raw).strip()
        if text in (".", "x", ""):
            secret[position] = text != ""
            continue
        try:
            number = float(text.replace(",", "."))
        except ValueError as error:
            raise ImportProblem(source, f"'{text}' is geen getal", row=position + 1, column=column) from error
        if not np.isfinite(number):
            raise ImportProblem(source, f"'{text}' is geen getal", row=position + 1, column=column)
        values[position] = number
    return values, secret


def read_kwb_odata(
    table_id: str,
    *,
    rows: Rows | None = None,
    year: int | None = None,
    fetch: Fetch | None = None,
    recorded: Path | None = None,
) -> ParsedValues:
    """Read a KWB table from OData: ``rows`` given, a ``recorded`` JSON file, or downloaded by ``fetch``."""
    source: Path | str = recorded if recorded is not None else table_id
    if rows is None:
        rows = rows_from_json(recorded) if recorded is not None else (fetch or fetch_with_cbsodata)(table_id)
    if not rows:
        raise ImportProblem(source, "de OData-tabel bevat geen rijen")
    notes: list[str] = []
    known_year = KWB_TABLES.get(table_id) or (year_in_name(recorded) if recorded is not None else None)
    chosen = year if year is not None else known_year
    if chosen is None:
        raise ImportProblem(source, f"onbekend jaar voor tabel '{table_id}'; geef het jaar op")
    period = int(chosen)
    if year is not None and known_year is not None and year != known_year:
        notes.append(f"jaar {year} opgegeven; tabel {table_id} hoort bij {known_year}")
    frame = pd.DataFrame.from_records(rows)
    columns = [str(c) for c in frame.columns]
    codes, levels, names, code_column = _codes_and_levels(source, frame)
    found = {
        column: ODATA_COLUMNS[column_stem(column)]
        for column in columns
        if column_stem(column) in ODATA_COLUMNS
    }
    if not found:
        raise ImportProblem(
            source, f"geen bekende KWB-kolommen; verwacht bijvoorbeeld {list(ODATA_COLUMNS)[:4]}"
        )
    record_rows = np.arange(1, len(frame) + 1)
    parsed: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    pieces = []
    for column, indicator in found.items():
        if indicator in parsed:
            continue
        values, secret = _numbers(source, frame, column)
        parsed[indicator] = (values, secret)
        pieces.append(long_piece(codes, levels, indicator, period, values, secret, record_rows))
    if "woningen" in parsed:
        for share_code, count_code in DWELLING_SHARES.items():
            if share_code in parsed:
                share, share_secret = parsed[share_code]
                dwellings, dwellings_secret = parsed["woningen"]
                pieces.append(
                    long_piece(
                        codes,
                        levels,
                        count_code,
                        period,
                        np.round(share / 100.0 * dwellings),
                        share_secret | dwellings_secret,
                        record_rows,
                        estimated=True,
                    )
                )
                notes.append(f"{count_code} geschat als {share_code} x woningen (afgerond)")
    values = finish(source, pieces, code_column=code_column)
    secret_count = int((values["suppressed"] & ~values["estimated"]).sum())
    if secret_count:
        notes.append(
            suppressed_note(secret_count, "CBS; in OData zijn ontbrekend en geheim niet te onderscheiden")
        )
    area_names = {code: name for code, name in zip(codes, names, strict=True) if name}
    gemeente_key = _key(columns, "Gemeentenaam")
    if gemeente_key is not None:
        for code, level, name in zip(codes, levels, frame[gemeente_key].map(_text), strict=True):
            if level == "gemeente" and name:
                area_names.setdefault(code, name)
    if recorded is not None:
        digest = sha256_of(recorded)
    else:
        payload = json.dumps(rows, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
        digest = hashlib.sha256(payload).hexdigest()
    return ParsedValues(
        path=source,
        source_format="cbs-kwb-odata-json" if recorded is not None else "cbs-kwb-odata",
        sha256=digest,
        values=values,
        rows_read=len(frame),
        notes=notes,
        names=area_names,
        connector="kwb_odata",
    )
