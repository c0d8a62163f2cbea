# SPDX-License-Identifier: EUPL-1.2
"""Downloads of a run: an indicator's published values, or the veerkrachtkaart with its explanation
and inputs, as CSV (Dutch Excel or plain), GeoJSON (WGS84) or GeoPackage (RD New).

Suppressed cells travel as empty values with ``status`` "afgeschermd": a download never carries a
number that the run withheld, and tells it apart from "geen gegevens" (no figure exists). CSV cells that
a spreadsheet would run as a formula are written as text, and file names keep to a safe alphabet
whatever was asked for.
"""

import re
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from veerkracht.analysis import queries
from veerkracht.analysis.layers import run_preset
from veerkracht.analysis.models import AnalysisRun
from veerkracht.core.spreadsheet import to_csv
from veerkracht.geo.crs import WGS84
from veerkracht.indicators.models import Indicator

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "csv-plain": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "gpkg": ("application/geopackage+sqlite3", "gpkg"),
}
STATUS_VALUE, STATUS_SUPPRESSED, STATUS_NO_DATA = "waarde", "afgeschermd", "geen gegevens"
_UNSAFE_IN_NAMES = re.compile(r"[^A-Za-z0-9_-]+")


def safe_name(text: str) -> str:
    """Text for a file or layer name: letters, digits, '_' and '-' only, at most 60 characters."""
    return _UNSAFE_IN_NAMES.sub("_", text).strip("_")[:60] or "x"


def _file_name(*parts: object, suffix: str) -> str:
    return "_".join(safe_name(str(part)) for part in parts) + f".{suffix}"


def published_frame(run: AnalysisRun, indicator: str, level: str, period: int) -> gpd.GeoDataFrame:
    """The published values with area names, geometry, status and provenance columns."""
    # A year without figures still gives every area, with empty values (not a server error).
    values = queries.indicator_map(run, indicator, level, period).reindex(
        columns=["area_code", "value", "suppressed", "estimated"]
    )
    frame = queries.area_shapes(run, level).rename(columns={"area_code": "code", "name": "naam"})
    frame = frame.merge(
        values.rename(
            columns={
                "area_code": "code",
                "value": "waarde",
                "suppressed": "onderdrukt",
                "estimated": "geschat",
            }
        ),
        on="code",
        how="left",
    )
    meta = Indicator.objects.filter(code=indicator).first()
    suppressed = frame["onderdrukt"].fillna(False).astype(bool).to_numpy()
    frame.loc[suppressed, "waarde"] = None
    frame["onderdrukt"] = suppressed
    frame["geschat"] = frame["geschat"].fillna(False).astype(bool)
    frame["status"] = np.where(
        suppressed, STATUS_SUPPRESSED, np.where(frame["waarde"].notna(), STATUS_VALUE, STATUS_NO_DATA)
    )
    frame["indicator"] = indicator
    frame["jaar"] = period
    frame["eenheid"] = meta.unit if meta else ""
    frame["bron"] = "synthetisch (gegenereerd)" if run.synthetic else (meta.source if meta else "")
    frame["synthetisch"] = run.synthetic
    frame["run"] = run.pk
    return frame


#: Columns of the veerkrachtkaart download: Dutch names for the class, its explanation and inputs.
CLASS_COLUMNS = {
    "class_label_nl": "klasse",
    "class_key": "klasse_code",
    "explanation_nl": "uitleg",
    "calculation_nl": "berekening",
    "vulnerable_start": "kwetsbaar_begin",
    "vulnerable_end": "kwetsbaar_eind",
    "vulnerable_change": "kwetsbaar_verandering",
    "vulnerable_category": "kwetsbaar_categorie",
    "residents_start": "inwoners_begin",
    "residents_end": "inwoners_eind",
    "nuisance_start": "overlast_begin",
    "nuisance_end": "overlast_eind",
    "nuisance_change": "overlast_verandering",
    "nuisance_level_category": "overlast_niveau",
    "reference_change": "referentie_verandering",
    "nuisance_relative_change": "overlast_ten_opzichte_van_referentie",
    "nuisance_development_category": "overlast_ontwikkeling",
    "withheld": "cijfers_afgeschermd",
}


def classes_frame(run: AnalysisRun, level: str) -> gpd.GeoDataFrame:
    """The veerkrachtkaart of one level: class, explanation, calculation and the numbers behind it."""
    classes = queries.classes(run, level)
    keep = [c for c in CLASS_COLUMNS if c in classes.columns]
    frame = queries.area_shapes(run, level).rename(columns={"area_code": "code", "name": "naam"})
    frame = frame.merge(
        classes[["area_code", *keep]].rename(columns={"area_code": "code", **CLASS_COLUMNS}),
        on="code",
        how="left",
    )
    preset = run_preset(run)
    if preset is not None:
        # Labels as the preset names them now (the run stored the same keys).
        labels = {c.key: c.label.nl for c in preset.classes}
        frame["klasse"] = frame["klasse_code"].map(labels).fillna(frame["klasse"])
    frame["status"] = np.where(frame["klasse_code"].notna(), "klasse", STATUS_NO_DATA)
    frame["cijfers_afgeschermd"] = frame["cijfers_afgeschermd"].fillna(False).astype(bool)
    frame["periode"] = f"{run.period_start}-{run.period_end}"
    frame["referentie"] = str(run.manifest.get("reference", {}).get("label_nl", ""))
    frame["methode"] = f"{run.preset_name} {run.preset_version}"
    frame["synthetisch"] = run.synthetic
    frame["run"] = run.pk
    return frame


def _write(frame: gpd.GeoDataFrame, filename: str, file_format: str, layer: str) -> bytes:
    if file_format in ("csv", "csv-plain"):
        dialect = "plain" if file_format == "csv-plain" else "excel-nl"
        return to_csv(pd.DataFrame(frame.drop(columns="geometry")), dialect)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / filename
        if file_format == "geojson":
            frame.to_crs(WGS84).to_file(path, driver="GeoJSON")
        else:
            frame.to_file(path, driver="GPKG", layer=safe_name(layer))
        return path.read_bytes()


def export(
    run: AnalysisRun, indicator: str, level: str, period: int, file_format: str
) -> tuple[bytes, str, str]:
    """Return the file's bytes, its content type and a file name."""
    content_type, suffix = FORMATS[file_format]
    filename = _file_name(f"veerkracht_run{run.pk}", indicator, level, period, suffix=suffix)
    frame = published_frame(run, indicator, level, period)
    return _write(frame, filename, file_format, f"{indicator}_{period}"), content_type, filename


def export_classes(run: AnalysisRun, level: str, file_format: str) -> tuple[bytes, str, str]:
    """The veerkrachtkaart of a level as a file: its bytes, content type and file name."""
    content_type, suffix = FORMATS[file_format]
    filename = _file_name(
        f"veerkrachtkaart_run{run.pk}", level, f"{run.period_start}-{run.period_end}", suffix=suffix
    )
    frame = classes_frame(run, level)
    return _write(frame, filename, file_format, f"veerkrachtkaart_{level}"), content_type, filename
