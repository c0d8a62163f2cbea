# SPDX-License-Identifier: EUPL-1.2
"""Importing the CBS Wijk- en Buurtkaart: real files load right, wrong files change nothing and say why."""

import json
import time
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely import box

from veerkracht.areas.models import Area, AreaImport, AreaSetMembership
from veerkracht.areas.queries import locate, valid_in
from veerkracht.areas.services import import_areas
from veerkracht.core.models import AuditEvent
from veerkracht.importing import ImportProblem

pytestmark = pytest.mark.django_db

MAASTRICHT_2017 = Path("cbs-buurten-2017-maastricht/buurten_2017_maastricht.geojson")


def _snapshot() -> tuple[int, int, int, int]:
    return (
        Area.objects.count(),
        AreaImport.objects.count(),
        AreaSetMembership.objects.count(),
        AuditEvent.objects.count(),
    )


def _write_buurten(
    path: Path, rows: list[dict[str, object]], geometries: list[shapely.Geometry], driver: str | None = None
) -> Path:
    frame = gpd.GeoDataFrame(rows, geometry=geometries, crs="EPSG:28992")
    frame.to_file(path, driver=driver)
    return path


def _tiny_city(tmp_path: Path, name: str = "buurten_2020.geojson") -> Path:
    rows = [
        {
            "BU_CODE": "BU50010000",
            "BU_NAAM": "Hoogveld",
            "WK_CODE": "WK500100",
            "GM_CODE": "GM5001",
            "GM_NAAM": "Veerstad",
        },
        {
            "BU_CODE": "BU50010001",
            "BU_NAAM": "Kloosterhof",
            "WK_CODE": "WK500100",
            "GM_CODE": "GM5001",
            "GM_NAAM": "Veerstad",
        },
        {
            "BU_CODE": "BU50010100",
            "BU_NAAM": "Brugwijk",
            "WK_CODE": "WK500101",
            "GM_CODE": "GM5001",
            "GM_NAAM": "Veerstad",
        },
    ]
    shapes = [
        box(150_000, 400_000, 151_000, 401_000),
        box(151_000, 400_000, 152_000, 401_000),
        box(150_000, 401_000, 152_000, 402_000),
    ]
    return _write_buurten(tmp_path / name, rows, shapes)


def test_maastricht_2017_loads_44_buurten_in_7_wijken_with_correct_names(open_data: Path) -> None:
    result = import_areas(open_data / MAASTRICHT_2017)
    assert result.counts == {"gemeente": 1, "wijk": 7, "buurt": 44}
    buurten = valid_in(2017).filter(level="buurt")
    assert buurten.count() == 44
    assert {b.parent.parent.code for b in buurten.select_related("parent__parent")} == {"GM0935"}
    names = dict(buurten.values_list("code", "name"))
    assert "Belvédère" in names.values(), "the double-encoded UTF-8 name must be repaired"
    assert not any("Ã" in name for name in names.values())
    assert names["BU09350203"] == "Pottenberg"
    assert Area.objects.get(code="GM0935").name == "Maastricht"
    assert sorted(valid_in(2017).filter(level="wijk").values_list("code", flat=True)) == [
        f"WK09350{i}" for i in range(7)
    ]


def test_a_maastricht_point_is_found_and_border_points_give_one_buurt(open_data: Path) -> None:
    import_areas(open_data / MAASTRICHT_2017)
    vrijthof = locate(5.6889, 50.8490, wgs84=True)  # the Vrijthof square in the city centre
    assert vrijthof is not None and vrijthof.name == "Binnenstad"
    assert locate(5.2, 52.1, wgs84=True) is None  # Utrecht is no part of Maastricht
    # A point on the shared border of two buurten belongs to exactly one of them.
    a, b = (Area.objects.get(code=c, level="buurt").geometry for c in ("BU09350000", "BU09350006"))
    border = a.boundary.intersection(b.boundary)
    point = (
        shapely.line_interpolate_point(shapely.line_merge(border), 0.5, normalized=True)
        if not border.is_empty
        else None
    )
    if point is not None:
        found = locate(point.x, point.y)
        assert found is not None and found.code in {"BU09350000", "BU09350006"}


def test_the_secrecy_code_is_read_as_missing(open_data: Path) -> None:
    from veerkracht.areas.importers.wijkbuurtkaart import read_area_file

    parsed = read_area_file(open_data / MAASTRICHT_2017)
    assert not (parsed.attributes.drop(columns="code") == -99999999).any().any()
    assert parsed.attributes.drop(columns="code").isna().any().any()


@pytest.mark.realdata
@pytest.mark.slow
def test_the_national_2014_topojson_loads_all_11691_buurten(open_data: Path) -> None:
    started = time.perf_counter()
    result = import_areas(open_data / "cbs-gebieden-2014-nl/buurten_2014_nl.topojson")
    seconds = time.perf_counter() - started
    assert result.counts["buurt"] == 11_691
    assert valid_in(2014).filter(level="buurt").count() == 11_691
    assert result.counts["wijk"] > 2_500 and result.counts["gemeente"] > 350
    print(f"national 2014 buurten imported in {seconds:.1f} s")


def test_double_encoded_names_are_repaired_and_correct_ones_left_alone(tmp_path: Path) -> None:
    # The 2017 Maastricht file spells Belvédère as UTF-8 read as Latin-1 and written again ("mojibake").
    rows = [
        {"BU_CODE": "BU50010000", "BU_NAAM": "BelvÃ©dÃ¨re", "WK_CODE": "WK500100", "GM_CODE": "GM5001"},
        {"BU_CODE": "BU50010001", "BU_NAAM": "CÃ©ramique", "WK_CODE": "WK500100", "GM_CODE": "GM5001"},
        {"BU_CODE": "BU50010002", "BU_NAAM": "Wyckerpoort", "WK_CODE": "WK500100", "GM_CODE": "GM5001"},
        {"BU_CODE": "BU50010003", "BU_NAAM": "Sint Pieter-Zuid", "WK_CODE": "WK500100", "GM_CODE": "GM5001"},
        {"BU_CODE": "BU50010004", "BU_NAAM": "Céramique-Noord", "WK_CODE": "WK500100", "GM_CODE": "GM5001"},
    ]
    for row in rows:
        row["GM_NAAM"] = "Ãœbach over Worms"  # Übach over Worms, double-encoded too
    shapes = [box(150_000 + 1_000 * i, 400_000, 151_000 + 1_000 * i, 401_000) for i in range(len(rows))]
    import_areas(_write_buurten(tmp_path / "buurten_2020.geojson", rows, shapes))
    names = dict(valid_in(2020).filter(level="buurt").values_list("code", "name"))
    assert names == {
        "BU50010000": "Belvédère",
        "BU50010001": "Céramique",
        "BU50010002": "Wyckerpoort",
        "BU50010003": "Sint Pieter-Zuid",
        "BU50010004": "Céramique-Noord",
    }
    assert Area.objects.get(code="GM5001").name == "Übach over Worms"


def test_reimporting_the_same_year_updates_instead_of_duplicating(tmp_path: Path) -> None:
    path = _tiny_city(tmp_path)
    import_areas(path)
    import_areas(path)
    assert Area.objects.filter(level="buurt").count() == 3
    assert AreaImport.objects.count() == 2


def test_a_later_boundary_version_closes_the_earlier_one(tmp_path: Path) -> None:
    import_areas(_tiny_city(tmp_path, "buurten_2018.geojson"))
    import_areas(_tiny_city(tmp_path, "buurten_2021.geojson"))
    versions = list(
        Area.objects.filter(code="BU50010000").order_by("valid_from").values_list("valid_from", "valid_to")
    )
    assert versions == [(2018, 2020), (2021, None)]
    assert valid_in(2019).get(code="BU50010000").valid_from == 2018


def test_every_published_form_is_read(tmp_path: Path) -> None:
    source = gpd.read_file(_tiny_city(tmp_path))
    for name, driver in (("buurten_2020.gpkg", "GPKG"), ("buurten_2020.shp", "ESRI Shapefile")):
        source.to_file(tmp_path / name, driver=driver)
        assert import_areas(tmp_path / name).counts["buurt"] == 3


def test_a_wijken_and_buurten_geopackage_in_2019_style_is_read(tmp_path: Path) -> None:
    path = tmp_path / "wijkenbuurten_2023.gpkg"
    gpd.GeoDataFrame(
        {
            "wijkcode": ["WK500100"],
            "wijknaam": ["Noord"],
            "gemeentecode": ["GM5001"],
            "gemeentenaam": ["Veerstad"],
            "water": ["NEE"],
        },
        geometry=[box(150_000, 400_000, 152_000, 401_000)],
        crs="EPSG:28992",
    ).to_file(path, layer="wijken", driver="GPKG")
    gpd.GeoDataFrame(
        {
            "buurtcode": ["BU50010000", "BU50010001", "BU50010001"],
            "buurtnaam": ["Hoogveld", "Kloosterhof", "Maas"],
            "wijkcode": ["WK500100"] * 3,
            "gemeentecode": ["GM5001"] * 3,
            "water": ["NEE", "NEE", "JA"],
            "aantal_inwoners": [1200, -99999999, -99999999],
        },
        geometry=[
            box(150_000, 400_000, 151_000, 401_000),
            box(151_000, 400_000, 152_000, 401_000),
            box(152_000, 400_000, 152_500, 401_000),
        ],
        crs="EPSG:28992",
    ).to_file(path, layer="buurten", driver="GPKG")
    result = import_areas(path)
    assert result.counts == {"gemeente": 1, "wijk": 1, "buurt": 2}
    assert Area.objects.get(code="WK500100").name == "Noord"
    assert any("watervlak" in note for note in result.notes)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("this is no json", "niet lezen"),
        ('{"type": "FeatureCollection", "features": []}', "geen gebieden"),
        ('{"type": "Topology", "objects": {}, "arcs": []}', "TopoJSON zonder 'objects'"),
    ],
)
def test_unreadable_files_are_refused_and_nothing_is_written(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "buurten_2020.geojson"
    path.write_text(content)
    before = _snapshot()
    with pytest.raises(ImportProblem, match=message) as problem:
        import_areas(path)
    assert str(path) in str(problem.value)
    assert _snapshot() == before


def _bad_city(tmp_path: Path, change: dict[str, object], row: int = 1) -> Path:
    source = gpd.read_file(_tiny_city(tmp_path))
    for column, value in change.items():
        source.loc[row, column] = value
    path = tmp_path / "bad_buurten_2020.geojson"
    source.to_file(path)
    return path


# The file's second feature is changed; rows count features from 1, as a spreadsheet or QGIS does. A
# duplicate is reported at its first occurrence, naming the second.
@pytest.mark.parametrize(
    ("change", "message", "column", "row"),
    [
        ({"BU_CODE": "BU5001"}, "'BU5001' is geen CBS-gebiedscode", "BU_CODE", 2),
        (
            {"WK_CODE": "WK500199"},
            "BU50010001 hoort volgens zijn code bij WK500100, maar het bestand noemt WK500199",
            "WK_CODE",
            2,
        ),
        ({"BU_CODE": "BU50010000"}, r"code BU50010000 staat er meer dan eens in \(ook in rij 2 ", None, 1),
    ],
)
def test_wrong_codes_and_hierarchy_are_refused_with_file_row_and_column(
    tmp_path: Path, change: dict[str, object], message: str, column: str | None, row: int
) -> None:
    import_areas(_tiny_city(tmp_path, "buurten_2019.geojson"))
    before = _snapshot()
    path = _bad_city(tmp_path, change)
    with pytest.raises(ImportProblem, match=message) as problem:
        import_areas(path)
    assert problem.value.path == str(path)
    assert problem.value.row == row
    if column:
        assert problem.value.column == column
    assert _snapshot() == before


def test_a_file_without_year_or_with_an_unknown_extension_is_refused(tmp_path: Path) -> None:
    source = gpd.read_file(_tiny_city(tmp_path))
    source.to_file(tmp_path / "buurten.geojson")
    with pytest.raises(ImportProblem, match="jaar"):
        import_areas(tmp_path / "buurten.geojson")
    assert import_areas(tmp_path / "buurten.geojson", year=2022).area_import.year == 2022
    (tmp_path / "buurten_2020.csv").write_text("BU_CODE\nBU50010000\n")
    with pytest.raises(ImportProblem, match=r"onbekend bestandstype '\.csv'"):
        import_areas(tmp_path / "buurten_2020.csv")
    with pytest.raises(ImportProblem, match="bestaat niet"):
        import_areas(tmp_path / "missing_2020.geojson")


def test_a_file_outside_the_netherlands_is_refused(tmp_path: Path) -> None:
    frame = gpd.read_file(_tiny_city(tmp_path)).to_crs("EPSG:4326")
    frame = frame.set_geometry(frame.geometry.translate(xoff=100))  # somewhere in Asia
    frame.to_file(tmp_path / "elders_2020.geojson")
    with pytest.raises(ImportProblem, match="niet in Nederland"):
        import_areas(tmp_path / "elders_2020.geojson")


def test_the_cli_reports_success_and_failure(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from veerkracht.cli.main import cli

    runner = CliRunner()
    ok = runner.invoke(cli, ["areas", "import", str(_tiny_city(tmp_path))])
    assert ok.exit_code == 0, ok.output
    bad = tmp_path / "kapot_2020.geojson"
    bad.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"BU_CODE": "XX"},
                        "geometry": {"type": "Point", "coordinates": [5, 52]},
                    }
                ],
            }
        )
    )
    failed = runner.invoke(cli, ["areas", "import", str(bad)])
    assert failed.exit_code == 1
    assert "Import mislukt, er is niets opgeslagen" in failed.output
    assert "kapot_2020.geojson" in failed.output


def test_a_buurt_missing_from_a_later_indeling_ends_there(tmp_path: Path) -> None:
    import_areas(_tiny_city(tmp_path, "buurten_2018.geojson"))
    later = gpd.read_file(_tiny_city(tmp_path, "buurten_2021.geojson")).iloc[[0, 2]]
    later.to_file(tmp_path / "kleiner_2021.geojson")
    import_areas(tmp_path / "kleiner_2021.geojson")
    gone = Area.objects.get(code="BU50010001")
    assert (gone.valid_from, gone.valid_to) == (2018, 2020)
    assert not valid_in(2021).filter(code="BU50010001").exists()
    assert valid_in(2020).filter(code="BU50010001").exists()
    # Importing an older indeling afterwards does not reopen what a later one closed.
    import_areas(_tiny_city(tmp_path, "buurten_2015.geojson"))
    assert list(Area.objects.filter(code="BU50010001").values_list("valid_from", "valid_to")) == [
        (2015, 2017),
        (2018, 2020),
    ]
