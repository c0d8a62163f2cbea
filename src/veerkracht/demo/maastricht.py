# SPDX-License-Identifier: EUPL-1.2
"""The Maastricht demo: real CBS geography from the open data, synthetic values only where it has none.

The four rayons (Centrum/Zuid-West, Noord-West, Noord-Oost, Zuid-Oost) are typed from the performance
agreements (seed 003, "leefbare wijken aanpak"), which name their buurten; ``data/maastricht_rayons.csv``
holds them.
"""

from pathlib import Path

from veerkracht.areas.importers.area_sets import read_area_sets
from veerkracht.areas.importers.errors import ImportProblem
from veerkracht.areas.services import Progress, define_area_sets, import_areas
from veerkracht.demo.people import create_demo_people

GEMEENTE = "GM0935"
BUURTEN_2017 = Path("cbs-buurten-2017-maastricht/buurten_2017_maastricht.geojson")
WIJKEN_2014 = Path("cbs-gebieden-2014-nl/wijken_2014_nl.topojson")
RAYONS = Path(__file__).with_name("data") / "maastricht_rayons.csv"


def _require(open_data: Path, relative: Path) -> Path:
    path = open_data / relative
    if not path.exists():
        raise ImportProblem(path, f"ontbreekt; verwacht in de open-datamap {open_data} (zie PROVENANCE.md)")
    return path


def build_maastricht_demo(open_data: Path, *, seed: int, progress: Progress) -> list[str]:
    """Import Maastricht's real buurten, wijken and rayons; return a summary for the CLI."""
    summary = []
    progress("wijknamen 2014", 0, 4)
    # The 2014 wijken carry the names ("Wijk 02 Buitenwijk West") that the 2017 buurten file lacks.
    wijken = import_areas(_require(open_data, WIJKEN_2014), gemeenten=[GEMEENTE])
    summary.append(f"wijken 2014: {wijken.counts['wijk']} (namen)")
    progress("buurten 2017", 1, 4)
    buurten = import_areas(_require(open_data, BUURTEN_2017), gemeenten=[GEMEENTE])
    summary.append(f"buurten 2017: {buurten.counts['buurt']} in {buurten.counts['wijk']} wijken")
    progress("rayons", 2, 4)
    rayons = define_area_sets(read_area_sets(RAYONS), year=buurten.area_import.year)
    summary.append(f"rayons: {', '.join(r.name for r in rayons)}")
    progress("demo-logins", 3, 4)
    create_demo_people()
    progress("klaar", 4, 4)
    return summary
