# SPDX-License-Identifier: EUPL-1.2
"""Kerncijfers Wijken en Buurten (KWB) per year, in the short column names of the CBS CSV download.

Semicolon-separated with a decimal comma, "." for a missing or secret value as CBS writes it; rows
for the gemeente, its wijken and its buurten (the buurten valid in that year). Percentages and income
figures of areas below ``INCOME_SECRET_BELOW`` inhabitants and benefit counts below
``COUNT_SECRET_BELOW`` inhabitants are secret.
"""

from pathlib import Path

import numpy as np
import pandas as pd

MISSING = "."
INCOME_SECRET_BELOW = 100
COUNT_SECRET_BELOW = 50
COLUMNS = (
    "gwb_code_10",
    "gwb_code_8",
    "regio",
    "gm_naam",
    "recs",
    "gwb_code",
    "ind_wbi",
    "a_inw",
    "a_hh",
    "a_woning",
    "p_koopw",
    "p_huurw",
    "p_wcorpw",
    "a_bijstand",
    "a_soz_ao",
    "a_soz_ww",
    "g_ink_pi",
    "p_hh_lkk",
    "p_hh_osm",
)


def _rows(
    values: pd.DataFrame, code: str, name: str, recs: str, gemeente_names: dict[str, str]
) -> pd.DataFrame:
    people = values["inhabitants"]
    poor = people < INCOME_SECRET_BELOW
    few = people < COUNT_SECRET_BELOW
    frame = pd.DataFrame(
        {
            "gwb_code_10": values[code],
            "gwb_code_8": values[code].str[2:].astype(np.int64),
            "regio": values[name],
            "gm_naam": values["gemeentecode"].map(gemeente_names) if recs != "Gemeente" else values[name],
            "recs": recs,
            "gwb_code": values[code],
            "ind_wbi": 1,
            "a_inw": people,
            "a_hh": values["households"],
            "a_woning": values["dwellings"],
            "p_koopw": (100 * values["owner_occupied_share"]).round(0).mask(few),
            "p_huurw": (100 * (1 - values["owner_occupied_share"])).round(0).mask(few),
            "p_wcorpw": (100 * values["corporation_share"]).round(0).mask(few),
            "a_bijstand": values["bijstand"].astype("Float64").mask(few),
            "a_soz_ao": values["ao"].astype("Float64").mask(few),
            "a_soz_ww": values["ww"].astype("Float64").mask(few),
            "g_ink_pi": values["income_per_inhabitant"].round(1).mask(poor),
            "p_hh_lkk": values["pct_low_income_households"].round(1).mask(poor),
            "p_hh_osm": values["pct_below_social_minimum"].round(1).mask(poor),
        }
    )
    return frame


def _format(frame: pd.DataFrame) -> pd.DataFrame:
    text = pd.DataFrame(index=frame.index)
    for column in COLUMNS:
        series = frame[column]
        if column in ("g_ink_pi", "p_hh_lkk", "p_hh_osm"):
            text[column] = series.map(lambda v: MISSING if pd.isna(v) else f"{v:.1f}".replace(".", ","))
        elif pd.api.types.is_numeric_dtype(series):
            text[column] = series.map(lambda v: MISSING if pd.isna(v) else str(int(v)))
        else:
            text[column] = series.astype(str)
    return text


def kwb_table(
    buurt_values: pd.DataFrame, wijk_values: pd.DataFrame, gemeente_values: pd.DataFrame, year: int
) -> pd.DataFrame:
    """Return the KWB table of one year as text cells in CBS's column order."""
    names = dict(zip(gemeente_values["gemeentecode"], gemeente_values["gemeentenaam"], strict=False))
    parts = []
    gemeenten = gemeente_values.loc[gemeente_values["jaar"] == year]
    wijken = wijk_values.loc[wijk_values["jaar"] == year]
    buurten = buurt_values.loc[buurt_values["jaar"] == year]
    for gm in sorted(gemeenten["gemeentecode"]):
        parts.append(
            _rows(
                gemeenten.loc[gemeenten["gemeentecode"] == gm],
                "gemeentecode",
                "gemeentenaam",
                "Gemeente",
                names,
            )
        )
        parts.append(
            _rows(
                wijken.loc[wijken["gemeentecode"] == gm].sort_values("wijkcode"),
                "wijkcode",
                "wijknaam",
                "Wijk",
                names,
            )
        )
        parts.append(
            _rows(
                buurten.loc[buurten["gemeentecode"] == gm].sort_values("buurtcode"),
                "buurtcode",
                "buurtnaam",
                "Buurt",
                names,
            )
        )
    return _format(pd.concat(parts, ignore_index=True))


def write_kwb(
    buurt_values: pd.DataFrame,
    wijk_values: pd.DataFrame,
    gemeente_values: pd.DataFrame,
    years: list[int],
    out_dir: Path,
) -> list[Path]:
    """Write ``kwb/kwb_<year>.csv`` for every year; return the paths."""
    folder = out_dir / "kwb"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for year in years:
        path = folder / f"kwb_{year}.csv"
        kwb_table(buurt_values, wijk_values, gemeente_values, year).to_csv(
            path, sep=";", index=False, lineterminator="\n"
        )
        written.append(path)
    return written
