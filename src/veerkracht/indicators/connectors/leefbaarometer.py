# SPDX-License-Identifier: EUPL-1.2
"""Leefbaarometer 3.0 score downloads (ministerie van BZK): per 100 m grid cell, buurt, wijk or gemeente.

The official CSVs have an area column (``grid_id``, ``bu_code``, ``wk_code`` or ``gm_code``, with
``bu_naam`` etc.), ``jaar`` and the scores ``lbm`` (total), ``afw`` (deviation from the national
average) and the dimensions ``fys``, ``onv``, ``soc``, ``vrz``, ``won``. ``NA`` marks a score that was
not published (the dimensions for 2002-2012 and 2016): missing, never 0. Some values are written in
scientific notation. A file with only ``jaar`` and scores is the national average (``NL00``).

Grid cells whose ``grid_id`` is a CBS square id are stored as squares. The Leefbaarometer's own grid
ids need the grid's geometry (``grid_geometry``, a GeoPackage with ``grid_id`` and polygons) to
become CBS square ids.
"""

from pathlib import Path

import ftfy
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError

from veerkracht.areas.importers.geofile import sha256_of
from veerkracht.geo.levels import NATIONAL_CODE
from veerkracht.geo.squares import SQUARE_ID_PATTERN, square_ids
from veerkracht.importing import ImportProblem
from veerkracht.indicators.connectors.base import ParsedValues, finish, long_piece
from veerkracht.indicators.connectors.tables import TextTable, find_column, parse_numbers, read_text_table

SCORE_COLUMNS: dict[str, str] = {
    "lbm": "lbm_score",
    "afw": "lbm_afw",
    "fys": "lbm_fys",
    "onv": "lbm_onv",
    "soc": "lbm_soc",
    "vrz": "lbm_vrz",
    "won": "lbm_won",
}
#: Area column -> (level, name column).
AREA_COLUMNS: dict[str, tuple[str, str | None]] = {
    "grid_id": ("square", None),
    "bu_code": ("buurt", "bu_naam"),
    "wk_code": ("wijk", "wk_naam"),
    "gm_code": ("gemeente", "gm_naam"),
}
MISSING = ("NA", "N/A", "nan", "NaN", "")


def grid_to_squares(path: Path, grid_geometry: Path) -> dict[str, str]:
    """Map the Leefbaarometer's grid ids to CBS square ids, through a point inside each cell."""
    try:
        frame = pyogrio.read_dataframe(str(grid_geometry))
    except (DataSourceError, DataLayerError, OSError) as error:
        raise ImportProblem(grid_geometry, f"grid-geometrie niet leesbaar: {error}") from error
    id_column = find_column([str(c) for c in frame.columns], ("grid_id", "id"))
    if id_column is None or frame.geometry.isna().all():
        raise ImportProblem(grid_geometry, "verwacht een kolom grid_id en vlakken van de gridcellen")
    if frame.crs is not None and frame.crs.to_epsg() != 28992:
        frame = frame.to_crs(28992)
    # Cells may be clipped to land; a point on the surface still lies in the square it came from.
    points = shapely.point_on_surface(frame.geometry.to_numpy())
    ids = square_ids(shapely.get_x(points), shapely.get_y(points), size=100)
    return dict(zip(frame[id_column].astype(str).str.strip(), ids.tolist(), strict=True))


def _area(path: Path, table: TextTable, grid_geometry: Path | None) -> tuple[pd.Series, str, str, str | None]:
    """Return the area code per row, the level, the code column and the name column."""
    code_column = find_column(table.columns, AREA_COLUMNS)
    if code_column is None:
        return pd.Series(NATIONAL_CODE, index=table.frame.index), "land", "jaar", None
    level, name_column = AREA_COLUMNS[code_column.lower()]
    codes = table.frame[code_column].astype(str).str.strip()
    if level != "square":
        return codes.str.upper(), level, code_column, find_column(table.columns, (name_column or "",))
    is_cbs = codes.str.upper().str.match(SQUARE_ID_PATTERN)
    if is_cbs.all():
        return codes.str.upper(), level, code_column, None
    if grid_geometry is None:
        first = int((~is_cbs).to_numpy().nonzero()[0][0])
        raise ImportProblem(
            path,
            f"grid_id '{codes.iloc[first]}' is geen CBS-vierkantcode; geef de grid-geometrie van de "
            "Leefbaarometer mee (GeoPackage met grid_id) om de cellen te vertalen",
            row=int(table.rows.iloc[first]),
            column=code_column,
        )
    lookup = grid_to_squares(path, grid_geometry)
    squares = codes.map(lookup)
    unknown = squares.isna()
    if unknown.any():
        first = int(unknown.to_numpy().nonzero()[0][0])
        raise ImportProblem(
            path,
            f"grid_id '{codes.iloc[first]}' staat niet in de grid-geometrie",
            row=int(table.rows.iloc[first]),
            column=code_column,
        )
    return squares.astype(str), level, code_column, None


def _years(path: Path, table: TextTable) -> pd.Series:
    column = find_column(table.columns, ("jaar",))
    if column is None:
        raise ImportProblem(path, "kolom 'jaar' ontbreekt; is dit een Leefbaarometer 3.0-bestand?")
    text = table.frame[column].astype(str).str.strip()
    years = pd.to_numeric(text, errors="coerce")
    bad = years.isna() | (years % 1 != 0) | ~years.between(1990, 2100)
    if bad.any():
        first = int(bad.to_numpy().nonzero()[0][0])
        raise ImportProblem(
            path, f"'{text.iloc[first]}' is geen jaartal", row=int(table.rows.iloc[first]), column=column
        )
    return years.astype(np.int64)


def read_leefbaarometer3(path: Path, *, grid_geometry: Path | None = None) -> ParsedValues:
    """Read a Leefbaarometer 3.0 score file completely; raise ImportProblem on the first thing wrong."""
    table = read_text_table(path)
    candidates = {code: find_column(table.columns, (column,)) for column, code in SCORE_COLUMNS.items()}
    found = {code: column for code, column in candidates.items() if column is not None}
    if not found:
        raise ImportProblem(
            path, f"geen Leefbaarometer-scores gevonden; verwacht kolommen {list(SCORE_COLUMNS)}"
        )
    years = _years(path, table)
    codes, level, code_column, name_column = _area(path, table, grid_geometry)
    pieces = []
    for indicator, column in found.items():
        numbers = parse_numbers(path, table, column, decimal=".", missing=MISSING)
        pieces.append(
            long_piece(codes, level, indicator, years, numbers.values, numbers.suppressed, table.rows)
        )
    values = finish(path, pieces, code_column=code_column)
    notes = []
    unpublished = int(values["value"].isna().sum())
    if unpublished:
        notes.append(f"{unpublished} scores niet gepubliceerd (NA), bewaard als ontbrekend")
    names: dict[str, str] = {}
    if name_column is not None:
        order = np.argsort(years.to_numpy(), kind="stable")
        for code, name in zip(codes.iloc[order], table.frame[name_column].iloc[order], strict=True):
            if str(name).strip():
                names[code] = str(name).strip()
        names = {code: ftfy.fix_encoding(name) for code, name in names.items()}
    return ParsedValues(
        path=path,
        source_format="leefbaarometer-3-csv",
        sha256=sha256_of(path),
        values=values,
        rows_read=len(table.frame),
        notes=notes,
        names=names,
        connector="leefbaarometer3",
    )
