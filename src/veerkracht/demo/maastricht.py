# SPDX-License-Identifier: EUPL-1.2
"""The Maastricht demo: real open data where it exists, synthetic values only where it has none.

Real: the CBS buurten (2017) and wijk names (2014), the Leefbaarometer 3.0 wijk scores of all of the
Netherlands, the Kerncijfers (about 2021, and 2025), and the municipality's police figures and
Veiligheidsmonitor scores (2014-2019, gemeente; one Mariaberg snippet). Synthetic, flagged as such and
matched to the real totals: 100 m squares, corporation stock, vulnerable residents, WMO, buurt-level
Leefbaarometer scores, the GGD health monitor, allocations and social cohesion. The synthetic figures
are imported first, so where a real figure exists it wins. The synthetic years take the direction the
2021 study reports per buurt (``data/maastricht_study_trends.csv``, seed 001 Kaart 2-9).

Two analyses: the study's preset (on synthetic WoonZorgwijzer-like shares) and, run last so that the
monitor shows it first, the open-data composite (``veerkracht-2021-open``) on the real Kerncijfers of
about 2021. Each run records per layer which inputs were real and which synthetic.

The four rayons (Centrum/Zuid-West, Noord-West, Noord-Oost, Zuid-Oost) are typed from the performance
agreements (seed 003, "leefbare wijken aanpak"), which name their buurten; ``data/maastricht_rayons.csv``
holds them.
"""

from pathlib import Path

import geopandas as gpd
import pandas as pd
from django.conf import settings

from veerkracht.analysis.services import start_analysis
from veerkracht.analysis.summary import summary_lines
from veerkracht.areas.importers.area_sets import read_area_sets
from veerkracht.areas.services import Progress, define_area_sets, import_areas
from veerkracht.demo.build import study_layer_files
from veerkracht.demo.imports import import_once
from veerkracht.demo.meldingen.build import build_demo_meldingen
from veerkracht.demo.people import create_demo_people
from veerkracht.demo.synthetic import (
    City,
    RealCityAnchors,
    kwb_from_english_columns,
    synthesize_for_real_city,
    write_city,
)
from veerkracht.importing import ImportProblem
from veerkracht.indicators.models import ImportRun
from veerkracht.indicators.services import sync_catalogue
from veerkracht.programme.services.agreement_loader import load_maastricht_agreements
from veerkracht.programme.services.content_loader import load_maastricht_content

GEMEENTE = "GM0935"
BUURTEN_2017 = Path("cbs-buurten-2017-maastricht/buurten_2017_maastricht.geojson")
WIJKEN_2014 = Path("cbs-gebieden-2014-nl/wijken_2014_nl.topojson")
RAYONS = Path(__file__).with_name("data") / "maastricht_rayons.csv"
LBM3_WIJKEN = Path("leefbaarometer-3-wijken/Leefbaarometer-scores wijken 2002-2022.csv")
KWB_2021 = Path("kwb-buurten-maastricht/kwb_circa2021_limburg_buurten_englishcols.csv")
KWB_2025 = Path("kwb-buurten-maastricht/kwb2025_maastricht_processed.csv")
TRENDS = Path(__file__).with_name("data") / "maastricht_study_trends.csv"
#: The municipality's safety files, and the mapping that reads each as it is published.
SAFETY_FOLDER = Path("veiligheid-maastricht")
SAFETY = {
    "maastricht_politiecijfers_2014_2019Q2.csv": "veiligheid_maastricht_politiecijfers",
    "maastricht_veiligheidsmonitor_2014_2019.csv": "veiligheid_maastricht_veiligheidsmonitor",
    "maastricht_buurt_veiligheidsmonitor_snippets.csv": "veiligheid_maastricht_buurt",
}
#: The study's layers that Maastricht has no open figures for; safety and crime come from the real files.
SYNTHETIC_LAYERS = ("gezondheidsmonitor", "toewijzingen", "sociale_cohesie")
#: The open composite ends in the year of the real Kerncijfers (about 2021) and has every year in it.
OPEN_START, OPEN_END = 2014, 2021


def _require(open_data: Path, relative: Path) -> Path:
    path = open_data / relative
    if not path.exists():
        raise ImportProblem(path, f"ontbreekt; verwacht in de open-datamap {open_data} (zie PROVENANCE.md)")
    return path


def _synthetic_fill(open_data: Path, seed: int, out_dir: Path) -> tuple[City, list[Path]]:
    """Generate what the open data lacks, matched to the real figures, and return the files to import."""
    buurten = gpd.read_file(_require(open_data, BUURTEN_2017))
    anchors = RealCityAnchors(
        boundary_year=2017,
        kwb=kwb_from_english_columns(pd.read_csv(_require(open_data, KWB_2021)), 2021, gemeente="Maastricht"),
        leefbaarometer_wijken=pd.read_csv(_require(open_data, LBM3_WIJKEN), na_values=["NA"]),
        trends=pd.read_csv(TRENDS, comment="#"),
    )
    city = synthesize_for_real_city(buurten, seed=seed, anchors=anchors)
    write_city(city, out_dir)
    files = sorted((out_dir / "kwb").glob("kwb_*.csv"))
    files += sorted((out_dir / "vierkanten").glob("cbs_vk100_*.gpkg"))
    # Buurt and grid scores are synthetic; wijk scores and the national figure come from the real download.
    files += sorted((out_dir / "leefbaarometer").glob("*buurten*.csv"))
    files += sorted((out_dir / "leefbaarometer").glob("*grid*.csv"))
    for kind in ("woonzorg", "corporatiebezit", "wmo"):
        files += sorted((out_dir / "partner").glob(f"{kind}_*.csv"))
    return city, files


def _synthetic_layers(out_dir: Path) -> list[Path]:
    return [path for path in study_layer_files(out_dir) if path.stem in SYNTHETIC_LAYERS]


def build_maastricht_demo(open_data: Path, *, seed: int, progress: Progress) -> list[str]:
    """Import Maastricht's real data, fill the gaps synthetically, run the analysis; return a summary."""
    summary = []
    steps = 6
    progress("wijknamen 2014", 0, steps)
    # The 2014 wijken carry the names ("Wijk 02 Buitenwijk West") that the 2017 buurten file lacks.
    wijken = import_areas(_require(open_data, WIJKEN_2014), gemeenten=[GEMEENTE])
    summary.append(f"wijken 2014: {wijken.counts['wijk']} (namen)")
    progress("buurten 2017", 1, steps)
    buurten = import_areas(_require(open_data, BUURTEN_2017), gemeenten=[GEMEENTE])
    summary.append(f"buurten 2017: {buurten.counts['buurt']} in {buurten.counts['wijk']} wijken (echt)")
    rayons = define_area_sets(read_area_sets(RAYONS), year=buurten.area_import.year)
    summary.append(f"rayons: {', '.join(r.name for r in rayons)}")
    progress("synthetische aanvulling", 2, steps)
    out_dir = Path(settings.DATA_DIR) / "demo" / "maastricht"
    city, synthetic_files = _synthetic_fill(open_data, seed, out_dir)
    progress("cijfers importeren", 3, steps)
    sync_catalogue()
    synthetic = [import_once(path, synthetic=True) for path in synthetic_files]
    synthetic += [import_once(path, synthetic=True, mapping=path.stem) for path in _synthetic_layers(out_dir)]
    real = [
        import_once(_require(open_data, LBM3_WIJKEN)),
        import_once(_require(open_data, KWB_2021), mapping="kwb_circa2021_englishcols"),
        import_once(_require(open_data, KWB_2025), mapping="kwb2025_maastricht_processed"),
    ]
    safety = [
        import_once(_require(open_data, SAFETY_FOLDER / name), mapping=mapping)
        for name, mapping in SAFETY.items()
    ]
    real += safety
    real_count = f"{sum(r.values_written for r in real):_}".replace("_", ".")
    synthetic_count = f"{sum(r.values_written for r in synthetic):_}".replace("_", ".")
    summary.append(f"cijfers: {real_count} echte en {synthetic_count} synthetische waarden")
    progress("demo-logins", 4, steps)
    create_demo_people()
    summary.append(load_maastricht_agreements())
    summary.append(load_maastricht_content())
    summary.append(f"veiligheid: politiecijfers en Veiligheidsmonitor {', '.join(_years(safety))} (echt)")
    # Synthetic meldingen on the real buurten (the synthetic complexes are not imported here).
    meldingen = build_demo_meldingen(city, seed=seed, with_complexes=False)
    summary.append(meldingen.line() if meldingen else "meldingen: al aanwezig")
    # The KPI dashboard reads snapshots: this year's and last year's figures are there from the start.
    from veerkracht.cases.services.kpi_snapshots import refresh_all

    refresh_all()
    progress("veerkrachtanalyses", 5, steps)
    study = start_analysis(
        gemeenten=[GEMEENTE],
        period_start=2014,
        period_end=2022,
        periods=[2014, 2016, 2018, 2020, 2022],
        indeling_year=2017,
        name="Maastricht 2014–2022 (methode 2021, kwetsbare bewoners synthetisch)",
    )
    # Last, so that the monitor (newest run first) opens on the real Kerncijfers.
    open_run = start_analysis(
        gemeenten=[GEMEENTE],
        period_start=OPEN_START,
        period_end=OPEN_END,
        periods=list(range(OPEN_START, OPEN_END + 1)),
        indeling_year=2017,
        preset="veerkracht-2021-open",
        name=f"Maastricht {OPEN_START}–{OPEN_END} op open data (CBS Kerncijfers, Leefbaarometer)",
    )
    for run in (study, open_run):
        summary.append(f"analyse #{run.pk} {run.name}, klassen per niveau:")
        summary += summary_lines(run)
    progress("klaar", steps, steps)
    return summary


def _years(runs: list[ImportRun]) -> list[str]:
    """The years the imports hold, as text (first-last when they run on)."""
    years = sorted({int(p) for run in runs for p in (run.periods or [])})
    return [f"{years[0]}-{years[-1]}"] if years else []
