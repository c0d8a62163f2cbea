# SPDX-License-Identifier: EUPL-1.2
"""Build the synthetic demo city: generate it, write the official file formats, import them for real.

Nothing here writes a table directly: the generator writes the files a city would download from CBS,
the Leefbaarometer and its partners, and the same importers a real city uses load them.
"""

import json
from pathlib import Path

from django.conf import settings

from veerkracht.analysis.services import start_analysis
from veerkracht.analysis.summary import summary_lines
from veerkracht.areas.importers.area_sets import AreaSetSpec, read_area_sets
from veerkracht.areas.importers.complexes import read_complexes
from veerkracht.areas.queries import valid_in
from veerkracht.areas.services import Progress, define_area_sets, import_areas, import_complexes
from veerkracht.demo.imports import import_once
from veerkracht.demo.meldingen.build import build_demo_meldingen
from veerkracht.demo.people import create_demo_people
from veerkracht.demo.synthetic import generate_city, write_city
from veerkracht.demo.synthetic.write_study_layers import FOLDER
from veerkracht.demo.synthetic_agreements import build_synthetic_agreements
from veerkracht.demo.synthetic_dossiers import build_synthetic_dossiers
from veerkracht.demo.synthetic_programme import build_synthetic_programme
from veerkracht.indicators.services import sync_catalogue


def default_out_dir() -> Path:
    return Path(settings.DATA_DIR) / "demo" / "veerstad"


def _sets_valid_in(specs: list[AreaSetSpec], year: int) -> list[AreaSetSpec]:
    """Keep, per set, the buurten that exist in ``year`` (the file lists old and new codes of a split)."""
    existing = set(valid_in(year).filter(level="buurt").values_list("code", flat=True))
    return [
        AreaSetSpec(spec.code, spec.name, tuple(code for code in spec.member_codes if code in existing))
        for spec in specs
    ]


def build_synthetic_demo(*, seed: int, out_dir: Path | None, progress: Progress) -> list[str]:
    """Generate Veerstad, write its files and import them; return a summary for the CLI."""
    out_dir = out_dir or default_out_dir()
    progress("genereren", 0, 6)
    city = generate_city(seed)
    progress("bestanden schrijven", 1, 6)
    write_city(city, out_dir)
    manifest = json.loads((out_dir / "MANIFEST.json").read_text(encoding="utf-8"))
    progress("gebieden importeren", 2, 6)
    summary = [f"bestanden: {len(manifest['files'])} in {out_dir} (synthetisch)"]
    specs = read_area_sets(out_dir / "gebieden" / "rayons.csv")
    for year in city.boundary_years:
        # Wijken first: they carry the names (WK_NAAM) that the buurten file does not.
        import_areas(out_dir / "gebieden" / f"wijken_{year}.geojson", synthetic=True)
        result = import_areas(out_dir / "gebieden" / f"buurten_{year}.geojson", synthetic=True)
        define_area_sets(_sets_valid_in(specs, year), year=year, synthetic=True)
        summary.append(
            f"indeling {year}: {result.counts['buurt']} buurten, {result.counts['wijk']} wijken, "
            f"{len(specs)} rayons"
        )
    progress("complexen", 3, 6)
    complexes = import_complexes(
        read_complexes(out_dir / "partner" / "complexen.csv"), year=max(city.boundary_years), synthetic=True
    )
    summary.append(f"complexen: {len(complexes)}")
    progress("cijfers importeren", 4, 6)
    sync_catalogue()
    runs = [import_once(path, synthetic=True) for path in _value_files(out_dir)]
    runs += [import_once(path, synthetic=True, mapping=path.stem) for path in study_layer_files(out_dir)]
    count = f"{sum(r.values_written for r in runs):_}".replace("_", ".")
    summary.append(f"cijfers: {count} waarden in {len(runs)} imports")
    progress("veerkrachtanalyse", 5, 6)
    create_demo_people()
    summary.append(build_synthetic_agreements(seed))
    meldingen = build_demo_meldingen(city, seed=seed)
    summary.append(meldingen.line() if meldingen else "meldingen: al aanwezig")
    summary.append(build_synthetic_dossiers(seed))
    start, end = city.truth["period"]
    run = start_analysis(
        gemeenten=[city.gemeenten["gemeentecode"].iloc[0]],
        period_start=start,
        period_end=end,
        periods=list(city.years),
        name=f"Veerstad {start}–{end}",
    )
    summary.append(f"analyse #{run.pk} {run.name}, klassen per niveau:")
    summary += summary_lines(run)
    summary += build_synthetic_programme(seed)
    progress("klaar", 6, 6)
    return summary


def study_layer_files(out_dir: Path) -> list[Path]:
    """The study's other layers, each named after the bundled mapping that reads it."""
    return sorted((out_dir / FOLDER).glob("*.csv"))


def _value_files(out_dir: Path) -> list[Path]:
    """The generated figures, in the order a city would load them."""
    files = sorted((out_dir / "kwb").glob("kwb_*.csv"))
    files += sorted((out_dir / "vierkanten").glob("cbs_vk100_*.gpkg"))
    files += sorted((out_dir / "leefbaarometer").glob("*.csv"))
    for kind in ("woonzorg", "corporatiebezit", "wmo"):
        files += sorted((out_dir / "partner").glob(f"{kind}_*.csv"))
    return files
