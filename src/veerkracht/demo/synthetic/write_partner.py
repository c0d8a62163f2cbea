# SPDX-License-Identifier: EUPL-1.2
"""Partner data as plain CSV: WoonZorgwijzer-like counts, corporation stock, WMO clients, complexes."""

from pathlib import Path

import pandas as pd

from .housing import SEGMENTS
from .vulnerability import GROUPS
from .wmo import SERVICES


def _write(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, index=False, lineterminator="\n")
    return path


def woonzorg_table(square_values: pd.DataFrame, buurt_values: pd.DataFrame, year: int) -> pd.DataFrame:
    """Return vulnerable residents per group for the squares and the buurten of one year."""
    columns = ["inhabitants", *(f"vulnerable_{g}" for g in GROUPS), "vulnerable_total"]
    rename = {f"vulnerable_{g}": g for g in GROUPS}
    squares = square_values.loc[(square_values["jaar"] == year) & (square_values["inhabitants"] > 0)]
    squares = squares.assign(area_level="square", area_code=squares["square_id"].astype(str))
    buurten = buurt_values.loc[buurt_values["jaar"] == year].assign(area_level="buurt")
    buurten = buurten.assign(area_code=buurten["buurtcode"])
    table = pd.concat(
        [buurten[["area_level", "area_code", *columns]], squares[["area_level", "area_code", *columns]]],
        ignore_index=True,
    )
    return table.rename(columns=rename)


def corporation_table(buurt_values: pd.DataFrame, complex_values: pd.DataFrame, year: int) -> pd.DataFrame:
    """Return corporation dwellings per rent segment for the buurten and complexes of one year."""
    segments = [f"corporation_{s}" for s in SEGMENTS]
    buurten = buurt_values.loc[buurt_values["jaar"] == year]
    buurten = buurten.assign(
        area_level="buurt", area_code=buurten["buurtcode"], dwellings=buurten["corporation_dwellings"]
    )
    complexes = complex_values.loc[complex_values["jaar"] == year]
    complexes = complexes.assign(
        area_level="complex", area_code=complexes["complex_id"], dwellings=complexes["dwellings"]
    )
    columns = ["area_level", "area_code", "buurtcode", "dwellings", *segments]
    table = pd.concat([buurten[columns], complexes[columns]], ignore_index=True)
    return table.rename(columns={f"corporation_{s}": s for s in SEGMENTS})


def write_partner(
    square_values: pd.DataFrame,
    buurt_values: pd.DataFrame,
    complexes: pd.DataFrame,
    complex_values: pd.DataFrame,
    years: list[int],
    out_dir: Path,
) -> list[Path]:
    """Write the partner files for every year and the complex list; return the paths."""
    folder = out_dir / "partner"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for year in years:
        written.append(
            _write(woonzorg_table(square_values, buurt_values, year), folder / f"woonzorg_{year}.csv")
        )
        written.append(
            _write(
                corporation_table(buurt_values, complex_values, year), folder / f"corporatiebezit_{year}.csv"
            )
        )
        wmo = buurt_values.loc[buurt_values["jaar"] == year, ["buurtcode", *(f"wmo_{s}" for s in SERVICES)]]
        written.append(
            _write(wmo.rename(columns={f"wmo_{s}": s for s in SERVICES}), folder / f"wmo_{year}.csv")
        )
    table = complexes[["complex_id", "buurtcode", "square_ids", "n_squares", "dwellings", "inhabitants"]]
    written.append(_write(table, folder / "complexen.csv"))
    return written
