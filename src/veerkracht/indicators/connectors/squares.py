# SPDX-License-Identifier: EUPL-1.2
"""CBS 100 m and 500 m square statistics (vierkantstatistieken) from a GeoPackage or shapefile.

The square id is the geometry (``E1766N3184`` names the lower-left corner in hectometres), so only
the attribute columns are read: the national 100 m file (about 400,000 squares) reads in seconds.
Files without an id column get ids from their polygons. CBS hides small counts behind -99997
(and related codes); those become missing and suppressed.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError

from veerkracht.areas.importers.geofile import sha256_of
from veerkracht.geo.squares import SQUARE_ID_PATTERN, square_ids
from veerkracht.importing import ImportProblem
from veerkracht.indicators.connectors.base import (
    ParsedValues,
    finish,
    long_piece,
    suppressed_note,
    year_in_name,
)
from veerkracht.indicators.connectors.tables import find_column

SQUARE_SUFFIXES = (".gpkg", ".shp", ".zip")
#: Id columns: current CBS name first, then the older names; both hold ids like E1766N3184.
ID_COLUMNS = {"crs28992res100m": 100, "crs28992res500m": 500, "c28992r100": 100, "c28992r500": 500}
#: Our code -> CBS column names (from 2019 on, then the older upper-case names).
SQUARE_COLUMNS: dict[str, tuple[str, ...]] = {
    "inwoners": ("aantal_inwoners", "inwoner"),
    "huishoudens": ("aantal_part_huishoudens", "aantal_hh"),
    "woningen": ("aantal_woningen", "woning"),
    "woningen_corporatie": ("aantal_huurwoningen_in_bezit_woningcorporaties", "won_hcorp"),
    "uitkering_onder_aow": ("aantal_personen_met_uitkering_onder_aowlft", "uitkminaow"),
    "aandeel_koopwoningen": ("percentage_koopwoningen", "p_koopwon"),
    "aandeel_huurwoningen": ("percentage_huurwoningen", "p_huurwon"),
}
#: -99997 is CBS's "secret" in the square files; the neighbouring codes are treated the same, since no
#: count or percentage can be that negative.
SECRECY_CODES = (-99995, -99996, -99997, -99998, -99999)


def _source(path: Path) -> str:
    return f"/vsizip/{path}" if path.suffix.lower() == ".zip" else str(path)


def _pick_layer(path: Path, layer: str | None) -> str:
    try:
        layers = [str(name) for name, _kind in pyogrio.list_layers(_source(path))]
    except (DataSourceError, DataLayerError, OSError) as error:
        raise ImportProblem(path, f"geen leesbaar GeoPackage of shapefile: {error}") from error
    if layer is not None:
        if layer not in layers:
            raise ImportProblem(path, f"laag {layer!r} ontbreekt; het bestand heeft {layers}")
        return layer
    if len(layers) == 1:
        return layers[0]
    squares = [name for name in layers if name.lower().startswith("vierkant")]
    if len(squares) == 1:
        return squares[0]
    raise ImportProblem(path, f"het bestand heeft meerdere lagen {layers}; geef de laag op")


def _ids_from_geometry(path: Path, layer: str) -> tuple[np.ndarray, int]:
    """Square ids from the polygons' lower-left corners, after checking they are whole CBS squares."""
    info = pyogrio.read_info(_source(path), layer=layer)
    crs = str(info.get("crs") or "")
    if crs and "28992" not in crs:
        raise ImportProblem(
            path, f"laag '{layer}' staat in {crs}; CBS-vierkanten horen in RD New (EPSG:28992)"
        )
    frame = pyogrio.read_dataframe(_source(path), layer=layer, columns=[])
    if frame.geometry.isna().all():
        raise ImportProblem(path, f"laag '{layer}' heeft geen kolom crs28992res100m en geen geometrie")
    bounds = shapely.bounds(frame.geometry.to_numpy())
    width, height = bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1]
    size = 500 if np.nanmedian(width) > 300 else 100
    off_grid = (
        ~np.isclose(width, size, atol=0.5)
        | ~np.isclose(height, size, atol=0.5)
        | ~np.isclose(np.mod(bounds[:, 0] + 0.5, size), 0.5, atol=0.5)
        | ~np.isclose(np.mod(bounds[:, 1] + 0.5, size), 0.5, atol=0.5)
    )
    if off_grid.any():
        first = int(off_grid.nonzero()[0][0])
        raise ImportProblem(
            path,
            f"vlak {first + 1} is geen CBS-vierkant van {size} m op het RD-raster",
            row=first + 1,
            column="geometry",
        )
    # The centre is safely inside the square, away from rounding at its edges.
    return np.asarray(
        square_ids(bounds[:, 0] + size / 2, bounds[:, 1] + size / 2, size=size), dtype=object
    ), size


def _numbers(path: Path, column: pd.Series, name: str) -> tuple[np.ndarray, np.ndarray]:
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        values = column.to_numpy(dtype=np.float64, na_value=np.nan).copy()
    else:
        text = column.astype(str).str.strip()
        values = pd.to_numeric(text, errors="coerce").to_numpy(dtype=np.float64, copy=True)
        bad = np.isnan(values) & ~text.isin(["", "nan", "None", "<NA>"]).to_numpy()
        if bad.any():
            first = int(bad.nonzero()[0][0])
            raise ImportProblem(path, f"'{text.iloc[first]}' is geen getal", row=first + 1, column=name)
    secret = np.isin(values, SECRECY_CODES)
    values[secret] = np.nan
    negative = values < 0
    if negative.any():
        first = int(negative.nonzero()[0][0])
        raise ImportProblem(
            path,
            f"'{values[first]:g}' is negatief en geen CBS-geheimhoudingscode",
            row=first + 1,
            column=name,
        )
    return values, secret


def read_squares(path: Path, *, year: int | None = None, layer: str | None = None) -> ParsedValues:
    """Read a CBS square file completely; raise ImportProblem on the first thing wrong."""
    if not path.exists():
        raise ImportProblem(path, "bestand bestaat niet")
    chosen = _pick_layer(path, layer)
    try:
        fields = [str(name) for name in pyogrio.read_info(_source(path), layer=chosen)["fields"]]
    except (DataSourceError, DataLayerError) as error:
        raise ImportProblem(path, f"laag '{chosen}' is niet leesbaar: {error}") from error
    candidates = {code: find_column(fields, names) for code, names in SQUARE_COLUMNS.items()}
    found = {code: column for code, column in candidates.items() if column is not None}
    if not found:
        expected = ", ".join(names[0] for names in SQUARE_COLUMNS.values())
        raise ImportProblem(
            path, f"laag '{chosen}' heeft geen bekende CBS-vierkantkolommen (verwacht {expected})"
        )
    notes: list[str] = []
    period = year if year is not None else (year_in_name(path) or year_in_name(chosen))
    if period is None:
        raise ImportProblem(path, "het jaar staat niet in de bestands- of laagnaam; geef het jaar op")
    named = year_in_name(path) or year_in_name(chosen)
    if year is not None and named is not None and named != year:
        notes.append(f"jaar {year} opgegeven; de naam noemt {named}")
    id_column = find_column(fields, ID_COLUMNS)
    columns = list(dict.fromkeys([*([id_column] if id_column else []), *found.values()]))
    try:
        frame = pyogrio.read_dataframe(_source(path), layer=chosen, columns=columns, read_geometry=False)
    except (DataSourceError, DataLayerError, ValueError) as error:
        raise ImportProblem(path, f"laag '{chosen}' is niet leesbaar: {error}") from error
    if frame.empty:
        raise ImportProblem(path, f"laag '{chosen}' bevat geen vierkanten")
    if id_column is not None:
        size = ID_COLUMNS[id_column.lower()]
        codes = frame[id_column].astype(str).str.strip().str.upper()
        malformed = ~codes.str.match(SQUARE_ID_PATTERN)
        if malformed.any():
            first = int(malformed.to_numpy().nonzero()[0][0])
            raise ImportProblem(
                path,
                f"'{codes.iloc[first]}' is geen CBS-vierkantcode zoals E1766N3184",
                row=first + 1,
                column=id_column,
            )
        if size == 500:
            misaligned = (codes.str[1:5].astype(int) % 5 != 0) | (codes.str[6:10].astype(int) % 5 != 0)
            if misaligned.any():
                first = int(misaligned.to_numpy().nonzero()[0][0])
                raise ImportProblem(
                    path,
                    f"'{codes.iloc[first]}' ligt niet op het 500 m-raster",
                    row=first + 1,
                    column=id_column,
                )
        code_array = codes.to_numpy(dtype=object)
        code_column = id_column
    else:
        code_array, size = _ids_from_geometry(path, chosen)
        code_column = "geometry"
        notes.append("vierkantcodes afgeleid uit de geometrie (linkeronderhoek)")
    rows = np.arange(1, len(frame) + 1)
    pieces = []
    for indicator, column in found.items():
        values, secret = _numbers(path, frame[column], column)
        pieces.append(long_piece(code_array, "square", indicator, period, values, secret, rows))
    values_frame = finish(path, pieces, code_column=code_column)
    secret_count = int(values_frame["suppressed"].sum())
    if secret_count:
        notes.append(suppressed_note(secret_count, "CBS, minder dan 5"))
    notes.append(f"vierkanten van {size} m")
    return ParsedValues(
        path=path,
        source_format=f"cbs-vierkanten-{size}m",
        sha256=sha256_of(path),
        values=values_frame,
        rows_read=len(frame),
        notes=notes,
        connector="squares",
        square_size=size,
    )
