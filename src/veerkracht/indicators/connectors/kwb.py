# SPDX-License-Identifier: EUPL-1.2
"""CBS Kerncijfers Wijken en Buurten (KWB) as CSV or XLSX download, in CBS's short column names.

CBS writes one row per area (``recs``: Land, Gemeente, Wijk, Buurt) with the code in ``gwb_code_10``
(older files: ``gwb_code``), figures in columns like ``a_inw`` and ``p_wcorpw``, and "." or "x" for a
figure that is missing or secret; some files carry secrecy codes such as -99999999 instead.
Percentages of the dwelling stock are kept as shares and also turned into counts (share x dwellings,
flagged estimated) so that they add up across areas.
"""

from pathlib import Path

import ftfy
import numpy as np
import pandas as pd

from veerkracht.areas.importers.geofile import sha256_of
from veerkracht.geo.levels import CBS_CODE_DIGITS, CBS_PREFIX, LEVEL_OF_PREFIX
from veerkracht.importing import ImportProblem
from veerkracht.indicators.connectors.base import (
    ParsedValues,
    choose_year,
    finish,
    long_piece,
    suppressed_note,
)
from veerkracht.indicators.connectors.tables import TextTable, find_column, parse_numbers, read_text_table

#: Our code -> CBS short names, newest first (lower case; CBS used upper case up to 2012).
KWB_COLUMNS: dict[str, tuple[str, ...]] = {
    "inwoners": ("a_inw", "aant_inw"),
    "huishoudens": ("a_hh", "aantal_hh"),
    "woningen": ("a_woning", "woningen"),
    "aandeel_koopwoningen": ("p_koopw", "p_koopwon"),
    "aandeel_huurwoningen": ("p_huurw", "p_huurwon"),
    "aandeel_corporatie": ("p_wcorpw", "p_huurcorp"),
    "aandeel_meergezinswoningen": ("p_mgezw", "p_mgezwon"),
    "woz_gemiddeld": ("g_wozbag", "g_woz", "woningwaarde"),
    # a_bijstand is not a CBS name, but the synthetic demo files use it.
    "bijstand": ("a_soz_wb", "a_bijstand"),
    "ao_uitkering": ("a_soz_ao", "ao_uit_tot"),
    "ww_uitkering": ("a_soz_ww", "ww_uit_tot"),
    "aow_uitkering": ("a_soz_ow", "aow_uit_tot"),
    "inkomen_per_inwoner": ("g_ink_pi", "ink_inw2"),
    "aandeel_laag_inkomen": ("p_hh_lkk",),
    "aandeel_onder_sociaal_minimum": ("p_hh_osm", "p_socminh"),
    "aandeel_laagste_40_personen": ("p_ink_li", "p_laaginkp"),
    "aandeel_laagste_40_huishoudens": ("p_hh_li",),
    "wmo_clienten": ("a_wmo_t",),
    "wmo_clienten_per_1000": ("p_wmo_t",),
    "afstand_grote_supermarkt": ("g_afs_gs",),
    "afstand_huisarts": ("g_afs_hp",),
}
#: Shares of the dwelling stock that become counts: share code -> count code.
DWELLING_SHARES: dict[str, str] = {
    "aandeel_corporatie": "woningen_corporatie",
    "aandeel_koopwoningen": "woningen_koop",
    "aandeel_huurwoningen": "woningen_huur",
    "aandeel_meergezinswoningen": "woningen_meergezins",
}
CODE_COLUMNS = ("gwb_code_10", "gwb_code", "gwb_code12", "codering")
NAME_COLUMNS = ("regio", "gwb_naam")
LEVEL_COLUMN = "recs"
#: "." is CBS's sign for "unknown or secret", "x" for "secret"; both are shown as suppressed.
SECRET_MARKERS = (".", "x", "X")
MISSING_MARKERS = ("", "-", "NA")
SECRECY_CODES = (-99999999, -99999998, -99999997, -99999996, -99999995)
RECS_LEVELS = {
    "land": "land",
    "nederland": "land",
    "l": "land",
    "gemeente": "gemeente",
    "g": "gemeente",
    "wijk": "wijk",
    "w": "wijk",
    "buurt": "buurt",
    "b": "buurt",
}


def area_codes(path: Path | str, table: TextTable, code_column: str) -> tuple[pd.Series, pd.Series]:
    """Return the CBS code and level of every row; a code without prefix gets one from ``recs``."""
    codes = table.frame[code_column].astype(str).str.strip().str.upper()
    level_column = find_column(table.columns, (LEVEL_COLUMN,))
    from_recs = None
    if level_column is not None:
        recs = table.frame[level_column].astype(str).str.strip()
        from_recs = recs.str.lower().map(RECS_LEVELS)
        unknown = from_recs.isna() & recs.ne("")
        if unknown.any():
            first = int(unknown.to_numpy().nonzero()[0][0])
            raise ImportProblem(
                path,
                f"onbekende soort regio '{recs.iloc[first]}'; verwacht Land, Gemeente, Wijk of Buurt",
                row=int(table.rows.iloc[first]),
                column=level_column,
            )
    from_code = codes.str[:2].map(LEVEL_OF_PREFIX)
    levels = from_code.copy()
    digits_only = codes.str.fullmatch(r"\d+")
    if digits_only.any():
        if from_recs is None:
            first = int(digits_only.to_numpy().nonzero()[0][0])
            raise ImportProblem(
                path,
                f"code '{codes.iloc[first]}' heeft geen voorvoegsel (GM/WK/BU) en er is geen kolom recs",
                row=int(table.rows.iloc[first]),
                column=code_column,
            )
        levels[digits_only] = from_recs[digits_only]
        for level, prefix in CBS_PREFIX.items():
            mine = digits_only & from_recs.eq(level)
            codes[mine] = prefix + codes[mine].str.zfill(CBS_CODE_DIGITS[level])
    if from_recs is not None:
        clash = from_code.notna() & from_recs.notna() & from_code.ne(from_recs)
        if clash.any():
            first = int(clash.to_numpy().nonzero()[0][0])
            raise ImportProblem(
                path,
                f"{codes.iloc[first]} is volgens zijn code een {from_code.iloc[first]}, "
                f"maar recs zegt {from_recs.iloc[first]}",
                row=int(table.rows.iloc[first]),
                column=level_column,
            )
    empty = codes.eq("")
    if empty.any():
        first = int(empty.to_numpy().nonzero()[0][0])
        raise ImportProblem(path, "CBS-code ontbreekt", row=int(table.rows.iloc[first]), column=code_column)
    unknown = levels.isna()
    if unknown.any():
        first = int(unknown.to_numpy().nonzero()[0][0])
        raise ImportProblem(
            path,
            f"'{codes.iloc[first]}' is geen CBS-gebiedscode (verwacht bijvoorbeeld BU09350301, WK093503, "
            "GM0935 of NL00)",
            row=int(table.rows.iloc[first]),
            column=code_column,
        )
    return codes, levels.astype(str)


def area_names(table: TextTable, codes: pd.Series, levels: pd.Series) -> dict[str, str]:
    """Names from ``regio`` (and ``gm_naam`` for gemeente rows), with broken encodings repaired."""
    column = find_column(table.columns, NAME_COLUMNS)
    names: dict[str, str] = {}
    if column is not None:
        for code, name in zip(codes, table.frame[column], strict=True):
            if str(name).strip():
                names[code] = ftfy.fix_encoding(str(name)).strip()
    gemeente_column = find_column(table.columns, ("gm_naam",))
    if gemeente_column is not None:
        gemeenten = levels.eq("gemeente")
        for code, name in zip(codes[gemeenten], table.frame.loc[gemeenten, gemeente_column], strict=True):
            if str(name).strip():
                names.setdefault(code, ftfy.fix_encoding(str(name)).strip())
    return names


def read_kwb_table(path: Path, *, year: int | None = None, sheet: str | int | None = None) -> ParsedValues:
    """Read a KWB CSV or XLSX download completely; raise ImportProblem on the first thing wrong."""
    table = read_text_table(path, sheet=sheet)
    code_column = find_column(table.columns, CODE_COLUMNS)
    if code_column is None:
        raise ImportProblem(
            path, "geen kolom met CBS-codes (gwb_code_10 of gwb_code); is dit een KWB-bestand van CBS?"
        )
    candidates = {code: find_column(table.columns, names) for code, names in KWB_COLUMNS.items()}
    found = {code: column for code, column in candidates.items() if column is not None}
    if not found:
        known = ", ".join(names[0] for names in KWB_COLUMNS.values())
        raise ImportProblem(
            path,
            f"geen bekende KWB-kolommen gevonden (verwacht bijvoorbeeld {known}); "
            "gebruik voor een tabel met andere kolomnamen een mapping",
        )
    notes: list[str] = []
    period = choose_year(path, year, notes)
    codes, levels = area_codes(path, table, code_column)
    pieces = []
    parsed: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for indicator, column in found.items():
        numbers = parse_numbers(
            path, table, column, missing=MISSING_MARKERS, secret=SECRET_MARKERS, secret_codes=SECRECY_CODES
        )
        parsed[indicator] = (numbers.values, numbers.suppressed)
        pieces.append(
            long_piece(codes, levels, indicator, period, numbers.values, numbers.suppressed, table.rows)
        )
    if "woningen" in parsed:
        dwellings, dwellings_secret = parsed["woningen"]
        for share_code, count_code in DWELLING_SHARES.items():
            if share_code not in parsed:
                continue
            share, share_secret = parsed[share_code]
            # CBS publishes whole percentages per buurt, so the count is an estimate and says so.
            counts = np.round(share / 100.0 * dwellings)
            pieces.append(
                long_piece(
                    codes,
                    levels,
                    count_code,
                    period,
                    counts,
                    share_secret | dwellings_secret,
                    table.rows,
                    estimated=True,
                )
            )
            notes.append(f"{count_code} geschat als {found[share_code]} x {found['woningen']} (afgerond)")
    values = finish(path, pieces, code_column=code_column)
    secret = int((values["suppressed"] & ~values["estimated"]).sum())
    if secret:
        notes.append(suppressed_note(secret, "CBS"))
    return ParsedValues(
        path=path,
        source_format="cbs-kwb-xlsx" if table.separator is None else "cbs-kwb-csv",
        sha256=sha256_of(path),
        values=values,
        rows_read=len(table.frame),
        notes=notes,
        names=area_names(table, codes, levels),
        connector="kwb",
    )
