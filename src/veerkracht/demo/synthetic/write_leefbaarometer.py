# SPDX-License-Identifier: EUPL-1.2
"""Leefbaarometer 3.0 score files for buurten, wijken and the 100 m grid, like the official download.

Comma-separated, ``NA`` for missing; scores of areas with fewer than ``MIN_DWELLINGS`` dwellings are
missing, as the Leefbaarometer publishes no score for nearly empty areas. Buurten follow the
boundaries valid in each year. A fourth file holds the synthetic national reference per year.
"""

from pathlib import Path

import pandas as pd

from .liveability import DIMENSIONS

MIN_DWELLINGS = 10
MIN_SQUARE_DWELLINGS = 5
SCORES = ("lbm", "afw", *DIMENSIONS)


def _scores(frame: pd.DataFrame, minimum: int) -> pd.DataFrame:
    out = frame.copy()
    hidden = out["dwellings"] < minimum
    for column in SCORES:
        out[column] = out[column].astype("float64").where(~hidden)
    return out


def _write(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, na_rep="NA", lineterminator="\n", float_format="%.6f")


def leefbaarometer_tables(
    buurt_values: pd.DataFrame,
    wijk_values: pd.DataFrame,
    square_values: pd.DataFrame,
) -> dict[str, pd.DataFrame]:
    """Return the buurt, wijk and grid tables in the download's columns."""
    buurten = _scores(buurt_values, MIN_DWELLINGS).rename(
        columns={"buurtcode": "bu_code", "buurtnaam": "bu_naam"}
    )
    wijken = _scores(wijk_values, MIN_DWELLINGS).rename(
        columns={"wijkcode": "wk_code", "wijknaam": "wk_naam"}
    )
    grid = square_values.loc[square_values["dwellings"] > 0]
    grid = _scores(grid, MIN_SQUARE_DWELLINGS).rename(columns={"square_id": "grid_id"})
    grid = grid.assign(grid_id=grid["grid_id"].astype(str))
    return {
        "buurten": buurten.sort_values(["bu_code", "jaar"])[["bu_code", "bu_naam", "jaar", *SCORES]],
        "wijken": wijken.sort_values(["wk_code", "jaar"])[["wk_code", "wk_naam", "jaar", *SCORES]],
        "grid": grid.sort_values(["grid_id", "jaar"])[["grid_id", "jaar", *SCORES]],
    }


def write_leefbaarometer(
    buurt_values: pd.DataFrame,
    wijk_values: pd.DataFrame,
    square_values: pd.DataFrame,
    national: pd.DataFrame,
    years: list[int],
    out_dir: Path,
) -> list[Path]:
    """Write the three score files and the national reference; return the paths."""
    folder = out_dir / "leefbaarometer"
    folder.mkdir(parents=True, exist_ok=True)
    span = f"{min(years)}-{max(years)}"
    written = []
    for level, table in leefbaarometer_tables(buurt_values, wijk_values, square_values).items():
        path = folder / f"Leefbaarometer-scores {level} {span}.csv"
        _write(table, path)
        written.append(path)
    path = folder / f"Leefbaarometer-scores nederland {span}.csv"
    _write(national.drop(columns=["synthetic"]), path)
    written.append(path)
    return written
