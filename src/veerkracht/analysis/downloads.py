# SPDX-License-Identifier: EUPL-1.2
"""Downloads of a run's published values as CSV, GeoJSON (WGS84) or GeoPackage (RD New).

Suppressed cells travel as empty values with ``onderdrukt`` set: a download never carries a number
that the run withheld. CSV cells that a spreadsheet would run as a formula are written as text, and
file names keep to a safe alphabet whatever was asked for.
"""

import re
import tempfile
from pathlib import Path

import geopandas as gpd

from veerkracht.analysis import queries
from veerkracht.analysis.models import AnalysisRun
from veerkracht.core.spreadsheet import write_csv
from veerkracht.geo.crs import WGS84
from veerkracht.indicators.models import Indicator

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "gpkg": ("application/geopackage+sqlite3", "gpkg"),
}
_UNSAFE_IN_NAMES = re.compile(r"[^A-Za-z0-9_-]+")


def safe_name(text: str) -> str:
    """Text for a file or layer name: letters, digits, '_' and '-' only, at most 60 characters."""
    return _UNSAFE_IN_NAMES.sub("_", text).strip("_")[:60] or "x"


def published_frame(run: AnalysisRun, indicator: str, level: str, period: int) -> gpd.GeoDataFrame:
    """The published values with area names, geometry, flags and provenance columns."""
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
    frame["indicator"] = indicator
    frame["jaar"] = period
    frame["eenheid"] = meta.unit if meta else ""
    frame["bron"] = meta.source if meta else ""
    frame["synthetisch"] = run.synthetic
    frame["run"] = run.pk
    frame.loc[frame["onderdrukt"].fillna(False).astype(bool), "waarde"] = None
    return frame


def export(
    run: AnalysisRun, indicator: str, level: str, period: int, file_format: str
) -> tuple[bytes, str, str]:
    """Return the file's bytes, its content type and a file name."""
    content_type, suffix = FORMATS[file_format]
    frame = published_frame(run, indicator, level, period)
    stem = "_".join(safe_name(str(part)) for part in (f"veerkracht_run{run.pk}", indicator, level, period))
    filename = f"{stem}.{suffix}"
    if file_format == "csv":
        text = write_csv(frame.drop(columns="geometry")) or ""
        return text.encode("utf-8"), content_type, filename
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / filename
        if file_format == "geojson":
            frame.to_crs(WGS84).to_file(path, driver="GeoJSON")
        else:
            frame.to_file(path, driver="GPKG", layer=safe_name(f"{indicator}_{period}"))
        return path.read_bytes(), content_type, filename
