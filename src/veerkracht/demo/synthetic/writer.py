# SPDX-License-Identifier: EUPL-1.2
"""Write a generated city in the official formats, with truth.json and a MANIFEST.json of every file."""

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .params import GENERATOR_VERSION
from .write_gebieden import write_gebieden
from .write_kwb import write_kwb
from .write_leefbaarometer import write_leefbaarometer
from .write_partner import write_partner
from .write_squares import write_squares
from .write_study_layers import write_study_layers

if TYPE_CHECKING:
    from .city import City

_DESCRIPTIONS = {
    "gebieden": "CBS Wijk- en Buurtkaart style areas (GeoJSON, CRS84) and the city's rayons",
    "vierkanten": "CBS square statistics (GeoPackage, EPSG:28992)",
    "kwb": "CBS Kerncijfers Wijken en Buurten (CSV, ';', decimal comma, '.' missing)",
    "leefbaarometer": "Leefbaarometer 3.0 scores (CSV, NA missing)",
    "partner": "partner data: WoonZorgwijzer-like counts, corporation stock, WMO, complexes (CSV)",
    "lagen": "the study's other layers: GGD health, allocations, Veiligheidsmonitor, crime, cohesion (CSV)",
    "truth.json": "designed stories and hotspots, for tests only: never import as data",
}


def _json_default(value: Any) -> Any:
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def dump_json(data: Any, path: Path) -> None:
    """Write JSON deterministically (sorted keys, fixed indentation, UTF-8)."""
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=_json_default)
    path.write_text(text + "\n", encoding="utf-8")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_city(city: "City", out_dir: Path | str, square_years: list[int] | None = None) -> list[Path]:
    """Write every file of a generated city under ``out_dir`` and return their paths.

    Parameters
    ----------
    city : City
        A city from :func:`generate_city` or :func:`synthesize_for_real_city`.
    out_dir : path
        Target folder (created when missing); files from an earlier run are overwritten.
    square_years : list of int, optional
        Years to write 100 m square files for (default: all years).

    Returns
    -------
    list of Path
        All written files, MANIFEST.json last.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    years = city.years
    written = write_gebieden(
        city.buurten,
        city.wijken,
        city.gemeenten,
        city.rayons,
        city.buurt_values,
        city.wijk_values,
        city.gemeente_values,
        city.boundary_years,
        out,
    )
    written += write_squares(city.square_values, square_years or years, years[-1], out)
    written += write_kwb(city.buurt_values, city.wijk_values, city.gemeente_values, years, out)
    written += write_leefbaarometer(
        city.buurt_values, city.wijk_values, city.square_values, city.national_reference, years, out
    )
    written += write_partner(
        city.square_values, city.buurt_values, city.complexes, city.complex_values, years, out
    )
    written += write_study_layers(city.buurt_values, years, int(city.parameters.get("seed") or 0), out)
    truth = out / "truth.json"
    dump_json(city.truth, truth)
    written.append(truth)
    files = []
    for path in written:
        relative = path.relative_to(out).as_posix()
        files.append(
            {
                "path": relative,
                "synthetic": True,
                "bytes": path.stat().st_size,
                "sha256": _sha256(path),
                "description": _DESCRIPTIONS.get(relative.split("/")[0], ""),
            }
        )
    manifest = out / "MANIFEST.json"
    dump_json(
        {
            "generator": "veerkracht.demo.synthetic",
            "generator_version": GENERATOR_VERSION,
            "seed": city.parameters.get("seed"),
            "parameters": city.parameters,
            "synthetic": True,
            "notice": "Synthetische gegevens: geen echte personen of buurten. "
            "Synthetic data, label it as such.",
            "files": files,
        },
        manifest,
    )
    return [*written, manifest]
