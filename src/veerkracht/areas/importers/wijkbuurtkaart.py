# SPDX-License-Identifier: EUPL-1.2
"""Read the CBS Wijk- en Buurtkaart (and CBS gebiedsindelingen) in any published form and validate it.

CBS has used three naming schemes over the years, all understood here:

- up to 2018: ``BU_CODE``, ``BU_NAAM``, ``WK_CODE``, ``WK_NAAM``, ``GM_CODE``, ``GM_NAAM``, ``WATER``;
- from 2019: ``buurtcode``, ``buurtnaam``, ``wijkcode``, ``wijknaam``, ``gemeentecode``, ``gemeentenaam``,
  ``water``, in a GeoPackage with the layers ``gemeenten``, ``wijken`` and ``buurten``;
- the gebiedsindelingen: ``statcode``, ``statnaam`` (and ``rubriek``).

A file with only buurten is enough: wijken and the gemeente are then derived by dissolving the buurten,
since the CBS codes carry the hierarchy.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from veerkracht.areas.importers.columns import (
    CODE_COLUMNS,
    GENERIC_CODE,
    GENERIC_NAME,
    NAME_COLUMNS,
    STRUCTURAL,
    WATER_COLUMNS,
    clean_text,
    first_present,
)
from veerkracht.areas.importers.geofile import detect_format, read_layers, sha256_of
from veerkracht.areas.importers.hierarchy import derive_parents, parent_names
from veerkracht.areas.importers.repair import repair_polygons
from veerkracht.geo import levels
from veerkracht.geo.crs import RD_NEW
from veerkracht.importing import ImportProblem

# CBS marks secret or unknown figures with these codes; they mean "missing", never a number.
SECRECY_CODES = frozenset({-99999999, -99999998, -99999997, -99999996, -99999995, -99997, -99998, -99995})

_YEAR_IN_NAME = re.compile(r"(?<!\d)(19[89]\d|20[0-9]\d)(?!\d)")
LEVEL_ORDER = ("gemeente", "wijk", "buurt")


@dataclass
class ParsedAreas:
    """The validated content of one area file, ready for the import service."""

    path: Path
    source_format: str
    sha256: str
    year: int
    # code, name (None where it must come from elsewhere), level, parent_code, derived, geometry (RD New)
    areas: gpd.GeoDataFrame
    # code plus the CBS figures that came with the areas, secrecy codes turned into NaN
    attributes: pd.DataFrame
    rows_read: int
    notes: list[str] = field(default_factory=list)

    def count(self, level: str) -> int:
        return int((self.areas["level"] == level).sum())


def year_from_name(path: Path) -> int | None:
    """Return the year a CBS file name mentions (``buurten_2017_maastricht.geojson`` -> 2017)."""
    found = _YEAR_IN_NAME.findall(path.stem)
    return int(found[0]) if found else None


def _row_codes(path: Path, layer: str, frame: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Return per row the area code, its name and the column the code came from."""
    code = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    name = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    source = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    # The most specific code wins: a buurt row also carries its wijk and gemeente codes.
    for level in ("buurt", "wijk", "gemeente"):
        code_column = first_present(frame, CODE_COLUMNS[level])
        if code_column is None:
            continue
        name_column = first_present(frame, NAME_COLUMNS[level])
        values = frame[code_column].map(clean_text)
        take = code.isna() & values.notna()
        code[take] = values[take]
        source[take] = code_column
        if name_column is not None:
            name[take] = frame.loc[take, name_column].map(clean_text)
    generic = first_present(frame, GENERIC_CODE)
    if generic is not None:
        values = frame[generic].map(clean_text)
        take = code.isna() & values.notna()
        code[take] = values[take]
        source[take] = generic
        generic_name = first_present(frame, GENERIC_NAME)
        if generic_name is not None:
            name[take] = frame.loc[take, generic_name].map(clean_text)
    if source.isna().all():
        raise ImportProblem(
            path,
            f"laag '{layer}' heeft geen CBS-codekolom; verwacht BU_CODE/WK_CODE/GM_CODE, "
            "buurtcode/wijkcode/gemeentecode of statcode",
        )
    return code, name, source


def _stated_parent(frame: pd.DataFrame, level: str) -> tuple[str | None, pd.Series | None]:
    """Return the column that states a row's parent code, if the file has one."""
    parent_level = {"buurt": "wijk", "wijk": "gemeente"}.get(level)
    if parent_level is None:
        return None, None
    column = first_present(frame, CODE_COLUMNS[parent_level])
    if column is None:
        return None, None
    return column, frame[column].map(clean_text)


def _validate_rows(path: Path, layer: str, frame: gpd.GeoDataFrame) -> pd.DataFrame:
    code, name, source = _row_codes(path, layer, frame)
    water_column = first_present(frame, WATER_COLUMNS)
    is_water = (
        frame[water_column].astype(str).str.upper().eq("JA")
        if water_column
        else pd.Series(False, index=frame.index)
    )
    rows = []
    for position, index in enumerate(frame.index, start=1):
        if is_water[index]:
            continue
        row_code = code[index]
        if row_code is None:
            raise ImportProblem(path, "CBS-code ontbreekt", row=position, column=str(source.dropna().iloc[0]))
        level = levels.level_of(row_code)
        if level is None:
            raise ImportProblem(
                path,
                f"'{row_code}' is geen CBS-gebiedscode "
                "(verwacht bijvoorbeeld BU09350301, WK093503 of GM0935)",
                row=position,
                column=str(source[index]),
            )
        parent = levels.parent_of(row_code)
        parent_column, stated = _stated_parent(frame, level)
        if stated is not None and stated[index] is not None and stated[index] != parent:
            raise ImportProblem(
                path,
                f"{row_code} hoort volgens zijn code bij {parent}, maar het bestand noemt {stated[index]}",
                row=position,
                column=parent_column,
            )
        geometry = frame.geometry[index]
        if geometry is None or geometry.is_empty:
            # Coarse files (the quantised 2014 TopoJSON) collapse tiny buurten to nothing; the area still
            # exists in the indeling, it just has no shape to draw or to look points up in.
            rows.append((index, position, row_code, name[index], level, parent, shapely.Polygon()))
            continue
        if geometry.geom_type not in ("Polygon", "MultiPolygon"):
            raise ImportProblem(
                path,
                f"{row_code} heeft een {geometry.geom_type}, verwacht een (multi)polygoon",
                row=position,
                column="geometry",
            )
        rows.append((index, position, row_code, name[index], level, parent, geometry))
    return pd.DataFrame(rows, columns=["index", "row", "code", "name", "level", "parent_code", "geometry"])


def _attributes(frame: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """Return the CBS figures of the kept rows, secrecy codes as NaN, keyed by area code."""
    columns = [c for c in frame.columns if str(c).lower() not in STRUCTURAL]
    numeric = frame.loc[rows["index"], columns].apply(pd.to_numeric, errors="coerce")
    numeric = numeric.loc[:, numeric.notna().any()]
    numeric = numeric.mask(numeric.isin(SECRECY_CODES)).reset_index(drop=True)
    numeric.insert(0, "code", rows["code"].to_numpy())
    return numeric


def read_area_file(
    path: Path | str, *, year: int | None = None, gemeenten: list[str] | None = None
) -> ParsedAreas:
    """Read, repair and validate one CBS area file; raise :class:`ImportProblem` on the first problem."""
    path = Path(path)
    source_format = detect_format(path)
    year = year if year is not None else year_from_name(path)
    if year is None:
        raise ImportProblem(path, "het jaar staat niet in de bestandsnaam; geef het jaar op (--year)")
    layers = read_layers(path, source_format)
    notes: list[str] = []
    row_frames, attribute_frames, raw_frames = [], [], []
    rows_read = 0
    for layer in layers:
        raw_frames.append(layer.frame)
        rows = _validate_rows(path, layer.name, layer.frame)
        rows_read += len(layer.frame)
        skipped = len(layer.frame) - len(rows)
        if skipped:
            notes.append(f"laag '{layer.name}': {skipped} watervlak(ken) overgeslagen")
        rows["layer"] = layer.name
        row_frames.append(rows)
        attribute_frames.append(_attributes(layer.frame, rows))
    rows = pd.concat(row_frames, ignore_index=True)
    duplicated = rows[rows.duplicated("code", keep=False)]
    if not duplicated.empty:
        first = duplicated.iloc[0]
        again = duplicated[duplicated["code"] == first["code"]].iloc[1]
        raise ImportProblem(
            path,
            f"code {first['code']} staat er meer dan eens in (ook in rij {again['row']} van laag "
            f"'{again['layer']}')",
            row=int(first["row"]),
        )
    if gemeenten:
        wanted = {g.upper() for g in gemeenten}
        rows = rows[
            rows["code"].map(lambda c: (c if c.startswith("GM") else levels.gemeente_of(c)) in wanted)
        ]
        if rows.empty:
            raise ImportProblem(path, f"geen gebieden van gemeente(n) {sorted(wanted)} in dit bestand")
    rows["derived"] = False
    frame = gpd.GeoDataFrame(rows.drop(columns=["layer", "index"]), geometry="geometry", crs=RD_NEW)
    frame["geometry"], repaired = repair_polygons(frame.geometry)
    if repaired:
        notes.append(f"{repaired} ongeldige geometrie(ën) hersteld")
    empty = int(frame.geometry.is_empty.sum())
    if empty == len(frame):
        raise ImportProblem(path, "geen enkel gebied in het bestand heeft een bruikbare geometrie")
    if empty:
        notes.append(
            f"{empty} gebied(en) zonder bruikbare geometrie (te grof voor de kaart); "
            "ze staan wel in de indeling"
        )
    frame = derive_parents(frame, parent_names(raw_frames))
    derived = frame[frame["derived"]]
    for level, label in (("wijk", "wijk(en)"), ("gemeente", "gemeente(n)")):
        count = int((derived["level"] == level).sum())
        if count:
            notes.append(f"{count} {label} afgeleid uit de onderliggende gebieden")
    attributes = pd.concat(attribute_frames, ignore_index=True)
    attributes = attributes[attributes["code"].isin(set(frame["code"]))].reset_index(drop=True)
    order = frame["level"].map({level: i for i, level in enumerate(LEVEL_ORDER)})
    frame = (
        frame.assign(_order=order)
        .sort_values(["_order", "code"])
        .drop(columns="_order")
        .reset_index(drop=True)
    )
    return ParsedAreas(
        path=path,
        source_format=source_format,
        sha256=sha256_of(path),
        year=year,
        areas=frame,
        attributes=attributes,
        rows_read=rows_read,
        notes=notes,
    )
