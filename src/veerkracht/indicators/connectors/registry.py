# SPDX-License-Identifier: EUPL-1.2
"""Pick the connector a file needs and read it: the one entry point the import service calls."""

from pathlib import Path

from veerkracht.importing import ImportProblem
from veerkracht.indicators.connectors.base import ParsedValues
from veerkracht.indicators.connectors.kwb import CODE_COLUMNS as KWB_CODE_COLUMNS
from veerkracht.indicators.connectors.kwb import KWB_COLUMNS, read_kwb_table
from veerkracht.indicators.connectors.kwb_odata import (
    ODATA_COLUMNS,
    column_stem,
    is_table_id,
    read_kwb_odata,
    rows_from_json,
)
from veerkracht.indicators.connectors.leefbaarometer import AREA_COLUMNS, SCORE_COLUMNS, read_leefbaarometer3
from veerkracht.indicators.connectors.leefbaarometer2 import CODE_COLUMNS as LBM2_CODE_COLUMNS
from veerkracht.indicators.connectors.leefbaarometer2 import measure_of, read_leefbaarometer2
from veerkracht.indicators.connectors.mapping import bundled_mappings, load_mapping, read_with_mapping
from veerkracht.indicators.connectors.squares import SQUARE_SUFFIXES, read_squares
from veerkracht.indicators.connectors.tables import TABLE_SUFFIXES, read_header

#: Registry name -> what it reads (shown when a file cannot be recognised).
CONNECTORS: dict[str, str] = {
    "kwb": "CBS Kerncijfers Wijken en Buurten, CSV of XLSX met CBS-kolomnamen (a_inw, p_wcorpw, ...)",
    "kwb_odata": "CBS Kerncijfers Wijken en Buurten via OData (tabel-id zoals 85984NED, of opgeslagen JSON)",
    "mapping": "een tabel (CSV/XLSX) met een YAML-mapping die zegt welke kolom wat is",
    "squares": "CBS-vierkantstatistieken 100 m / 500 m (GeoPackage of shapefile)",
    "leefbaarometer3": "Leefbaarometer 3.0-scores per grid, buurt, wijk of gemeente (jaar, lbm, onv, ...)",
    "leefbaarometer2": "Leefbaarometer 2.0 per postcodegebied (resources_PC4DIMENSIE / PC4LBR.csv)",
}


def _known() -> str:
    mappings = ", ".join(path.stem for path in bundled_mappings())
    kinds = "; ".join(f"{name}: {text}" for name, text in CONNECTORS.items())
    return f"bekende bronnen: {kinds}. Meegeleverde mappings: {mappings}"


def _matching_mapping(header: list[str]) -> Path | None:
    """The bundled mapping whose columns all appear in the header (the most specific one wins)."""
    present = set(header)
    best: tuple[int, Path] | None = None
    for path in bundled_mappings():
        mapping = load_mapping(path)
        if mapping.rows_column is not None:
            continue  # indicators in rows: too few fixed columns to recognise; name the mapping
        columns = mapping.columns()
        if set(columns) <= present and (best is None or len(columns) > best[0]):
            best = (len(columns), path)
    return best[1] if best else None


def _detect_table(path: Path) -> tuple[str, Path | None]:
    header = read_header(path)
    lowered = {name.lower() for name in header}
    if lowered & {c.lower() for c in LBM2_CODE_COLUMNS} and any(measure_of(name) for name in header):
        return "leefbaarometer2", None
    if (
        "jaar" in lowered
        and lowered & set(SCORE_COLUMNS)
        and (lowered & set(AREA_COLUMNS) or "lbm" in lowered)
    ):
        return "leefbaarometer3", None
    kwb_names = {name for names in KWB_COLUMNS.values() for name in names}
    if lowered & set(KWB_CODE_COLUMNS) and lowered & kwb_names:
        return "kwb", None
    mapping = _matching_mapping(header)
    if mapping is not None:
        return "mapping", mapping
    raise ImportProblem(path, f"niet herkend welk soort bestand dit is (kolommen {header[:8]}); {_known()}")


def _detect_json(path: Path) -> str:
    rows = rows_from_json(path)
    stems = {column_stem(str(key)) for row in rows[:5] for key in row}
    if stems & set(ODATA_COLUMNS):
        return "kwb_odata"
    raise ImportProblem(path, f"JSON zonder bekende KWB-kolommen (zoals AantalInwoners_5); {_known()}")


def _detect(path: Path | str) -> tuple[str, Path | None]:
    text = str(path)
    candidate = Path(text)
    if not candidate.exists() and is_table_id(candidate.name):
        return "kwb_odata", None
    if not candidate.exists():
        raise ImportProblem(candidate, "bestand bestaat niet")
    if candidate.is_dir():
        raise ImportProblem(candidate, "dit is een map; geef een bestand")
    suffix = candidate.suffix.lower()
    if suffix in SQUARE_SUFFIXES:
        return "squares", None
    if suffix == ".json":
        return _detect_json(candidate), None
    if suffix in TABLE_SUFFIXES:
        return _detect_table(candidate)
    raise ImportProblem(candidate, f"onbekend bestandstype '{suffix or '(geen extensie)'}'; {_known()}")


def detect_connector(path: Path | str) -> str:
    """Name the connector a file (or CBS table id) needs, from its name and columns.

    Raises ImportProblem listing the known sources when it cannot tell.
    """
    return _detect(path)[0]


def read_values(
    path: Path | str,
    *,
    connector: str | None = None,
    year: int | None = None,
    mapping: Path | str | None = None,
    sheet: str | int | None = None,
    layer: str | None = None,
    grid_geometry: Path | None = None,
) -> ParsedValues:
    """Read one source completely with the given (or detected) connector; all-or-nothing.

    ``path`` is a file, or a CBS table id such as ``85984NED`` for the OData connector. ``mapping``
    (a file, or the name of a bundled mapping) implies the mapping connector. ``year`` sets the
    period where the source does not state it.
    """
    if connector is not None and connector not in CONNECTORS:
        raise ImportProblem(path, f"onbekende connector '{connector}'; {_known()}")
    if mapping is not None:
        if connector not in (None, "mapping"):
            raise ImportProblem(path, f"een mapping hoort bij connector 'mapping', niet bij '{connector}'")
        connector = "mapping"
    found_mapping: Path | None = None
    if connector is None:
        connector, found_mapping = _detect(path)
    file = Path(str(path))
    if connector == "kwb_odata":
        if file.exists():
            return read_kwb_odata(file.stem, recorded=file, year=year)
        if not is_table_id(file.name):
            raise ImportProblem(path, "geen bestand en geen CBS-tabel-id (zoals 85984NED)")
        return read_kwb_odata(file.name, year=year)
    if connector == "mapping":
        chosen = mapping if mapping is not None else found_mapping or _detect(file)[1]
        if chosen is None:
            raise ImportProblem(file, f"geef een mapping op; {_known()}")
        return read_with_mapping(file, chosen, year=year)
    if connector == "kwb":
        return read_kwb_table(file, year=year, sheet=sheet)
    if connector == "squares":
        return read_squares(file, year=year, layer=layer)
    parsed = (
        read_leefbaarometer3(file, grid_geometry=grid_geometry)
        if connector == "leefbaarometer3"
        else read_leefbaarometer2(file)
    )
    if year is not None:
        parsed.notes.append(f"opgegeven jaar {year} genegeerd: het bestand noemt zelf de jaren")
    return parsed
