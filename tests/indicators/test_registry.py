# SPDX-License-Identifier: EUPL-1.2
"""Picking the connector: every kind of file is recognised, and an unknown one says what is known."""

import json
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from veerkracht.importing import ImportProblem
from veerkracht.indicators.connectors import VALUE_COLUMNS, detect_connector, read_values

KWB = "gwb_code_10;regio;recs;a_inw;a_woning;p_wcorpw\nBU50010000;Hoogveld;Buurt;2500;1210;61\n"


def test_each_kind_of_file_is_recognised(tmp_path: Path, write_text: Callable[..., Path]) -> None:
    squares = tmp_path / "cbs_vk100_2023.gpkg"
    gpd.GeoDataFrame(
        {"crs28992res100m": ["E1766N3184"], "aantal_inwoners": [10]},
        geometry=[shapely.box(176_600, 318_400, 176_700, 318_500)],
        crs="EPSG:28992",
    ).to_file(squares)
    recorded = write_text("kwb2024_veerstad.json", json.dumps({"GM5001": {"AantalInwoners_5": 20000}}))
    files = {
        "kwb": write_text("kwb_2023.csv", KWB),
        "leefbaarometer3": write_text("lbm.csv", "bu_code,bu_naam,jaar,lbm\nBU50010000,Hoogveld,2022,4.1\n"),
        "leefbaarometer2": write_text("resources_PC4LBR.csv", "CODE,KL18\n6211,8\n"),
        "squares": squares,
        "kwb_odata": recorded,
        "mapping": write_text(
            "woonzorg_2024.csv",
            "area_level,area_code,lvb,psychiatrie,vluchtelingen,"
            "geen_werk,somatiek_mobiliteit,vulnerable_total\nbuurt,BU50010000,3,4,5,6,7,20\n",
        ),
    }
    for expected, path in files.items():
        assert detect_connector(path) == expected, path.name
        parsed = read_values(path)
        assert parsed.connector == expected and list(parsed.values.columns) == list(VALUE_COLUMNS)
    assert detect_connector("85984NED") == "kwb_odata"


def test_an_unknown_table_lists_the_known_sources(write_text: Callable[..., Path]) -> None:
    path = write_text("meldingen.csv", "datum;categorie;straat\n2024-01-02;afval;Markt\n")
    with pytest.raises(ImportProblem) as caught:
        detect_connector(path)
    text = str(caught.value)
    assert "niet herkend" in text and "meldingen.csv" in text
    for known in (
        "kwb",
        "kwb_odata",
        "mapping",
        "squares",
        "leefbaarometer3",
        "leefbaarometer2",
        "kwb_circa2021_englishcols",
    ):
        assert known in text


def test_missing_files_folders_and_unknown_types_are_refused(
    tmp_path: Path, write_text: Callable[..., Path]
) -> None:
    with pytest.raises(ImportProblem, match="bestaat niet"):
        read_values(tmp_path / "weg.csv")
    with pytest.raises(ImportProblem, match="map"):
        read_values(tmp_path)
    with pytest.raises(ImportProblem, match=r"onbekend bestandstype '\.pdf'"):
        read_values(write_text("rapport.pdf", "%PDF-1.4"))
    with pytest.raises(ImportProblem, match="geen CBS-tabel-id"):
        read_values("kerncijfers", connector="kwb_odata")
    with pytest.raises(ImportProblem, match="onbekende connector"):
        read_values(write_text("kwb_2023.csv", KWB), connector="cbs")
    with pytest.raises(ImportProblem, match="hoort bij connector 'mapping'"):
        read_values(write_text("kwb_2023.csv", KWB), connector="kwb", mapping="partner_wmo")


def test_connector_and_mapping_can_be_named(write_text: Callable[..., Path]) -> None:
    path = write_text(
        "tabel.csv", "buurtcode,begeleiding,huishoudelijke_hulp,woonvoorziening\nBU50010000,1,2,3\n"
    )
    parsed = read_values(path, mapping="partner_wmo", year=2022)
    assert set(parsed.values["period"]) == {2022}
    kwb = read_values(write_text("kerncijfers.csv", KWB), connector="kwb", year=2020)
    assert set(kwb.values["period"]) == {2020}


def test_a_year_given_for_a_file_that_states_its_years_is_ignored_with_a_note(
    write_text: Callable[..., Path],
) -> None:
    parsed = read_values(write_text("lbm.csv", "wk_code,jaar,lbm\nWK093502,2022,4.1\n"), year=2018)
    assert set(parsed.values["period"]) == {2022}
    assert any("genegeerd" in note for note in parsed.notes)


def test_every_file_of_the_synthetic_demo_city_can_be_read(tmp_path: Path) -> None:
    from veerkracht.demo.synthetic.city import generate_city
    from veerkracht.demo.synthetic.writer import write_city

    city = generate_city(seed=7)
    written = write_city(city, tmp_path / "stad", square_years=[city.years[-1]])
    read = {}
    for path in written:
        folder = path.parent.name
        if folder in ("kwb", "leefbaarometer", "vierkanten") or path.name.startswith(
            ("woonzorg_", "wmo_", "corporatiebezit_")
        ):
            read[path.name] = read_values(path)
    assert {parsed.connector for parsed in read.values()} == {"kwb", "leefbaarometer3", "squares", "mapping"}
    for name, parsed in read.items():
        assert len(parsed.values) > 0, name


def test_connectors_never_load_django() -> None:
    import subprocess
    import sys

    script = (
        "import sys\n"
        "import veerkracht.indicators.connectors as connectors\n"
        "connectors.load_catalogue()\n"
        "print(','.join(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"Django was loaded: {result.stdout.strip()}"
