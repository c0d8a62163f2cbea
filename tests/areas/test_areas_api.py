# SPDX-License-Identifier: EUPL-1.2
"""The areas API serves WGS84 map layers, lists and point lookups; bad requests get a 400 and the reason."""

import json
from pathlib import Path

import pytest
from django.test import Client

from veerkracht.areas.importers.area_sets import read_area_sets
from veerkracht.areas.services import define_area_sets, import_areas
from veerkracht.demo.maastricht import RAYONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def maastricht(open_data: Path) -> None:
    import_areas(open_data / "cbs-buurten-2017-maastricht/buurten_2017_maastricht.geojson")
    define_area_sets(read_area_sets(RAYONS), year=2017)


def test_the_buurt_layer_is_geojson_in_wgs84_around_maastricht(client: Client, maastricht: None) -> None:
    response = client.get("/api/v1/areas/geojson/?level=buurt")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    layer = json.loads(response.content)
    assert len(layer["features"]) == 44
    feature = next(f for f in layer["features"] if f["id"] == "BU09350303")
    assert feature["properties"]["name"] == "Belvédère"
    assert feature["properties"]["parent_code"] == "WK093503"
    lon, lat = feature["geometry"]["coordinates"][0][0][0]
    assert 5.6 < lon < 5.8 and 50.8 < lat < 50.9


def test_the_map_layer_stays_small_enough_for_a_city(client: Client, maastricht: None) -> None:
    response = client.get("/api/v1/areas/geojson/?level=buurt")
    assert len(response.content) < 250_000, "simplification keeps a city map light"


def test_rayons_are_a_layer_of_their_own(client: Client, maastricht: None) -> None:
    layer = json.loads(client.get("/api/v1/areas/geojson/?level=rayon").content)
    assert sorted(f["properties"]["name"] for f in layer["features"]) == [
        "Centrum/Zuid-West",
        "Noord-Oost",
        "Noord-West",
        "Zuid-Oost",
    ]


def test_locate_finds_the_area_inside_and_says_not_found_outside(client: Client, maastricht: None) -> None:
    inside = client.get("/api/v1/areas/locate/?x=5.6889&y=50.8490&crs=4326").json()
    assert inside["area"]["name"] == "Binnenstad"
    assert inside["area"]["parent_code"] == "WK093500"
    outside = client.get("/api/v1/areas/locate/?x=150000&y=450000")
    assert outside.status_code == 404
    assert outside.json() == {"detail": "Op dit punt ligt geen gebied van dit niveau."}


@pytest.mark.parametrize("path", ["", "geojson/"])
def test_a_question_that_finds_no_area_is_not_found_rather_than_empty(
    client: Client, maastricht: None, path: str
) -> None:
    url = f"/api/v1/areas/{path}"
    answers = {
        "gemeente": (client.get(url, {"gemeente": "GM0936"}), "Deze gemeente is niet bekend."),
        "year": (client.get(url, {"year": "1950"}), "Voor dat jaar zijn geen gebieden bekend."),
        "level": (client.get(url, {"level": "land"}), "Er zijn geen gebieden van dit niveau."),
    }
    for what, (response, message) in answers.items():
        assert (response.status_code, response.json()) == (404, {"detail": message}), what
    found = client.get(url, {"gemeente": "GM0935", "year": "2017"})
    assert found.status_code == 200
    body = found.json()
    assert len(body["features"] if path else body) == 44


def test_a_bad_request_says_what_is_wrong(client: Client) -> None:
    response = client.get("/api/v1/areas/geojson/?level=provincie")
    assert response.status_code == 400
    assert "level" in response.json()
    assert client.get("/api/v1/areas/locate/?x=abc&y=1").status_code == 400


def test_the_api_has_an_openapi_schema(client: Client) -> None:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/areas/locate/" in response.content


def test_a_file_of_address_points_is_placed_in_bulk(maastricht: None, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from veerkracht.cli.main import cli

    points = tmp_path / "adressen.csv"
    points.write_text("id;lon;lat\n1;5,6889;50,8490\n2;5,2;52,1\n")
    out = tmp_path / "geplaatst.csv"
    result = CliRunner().invoke(
        cli, ["areas", "locate-file", str(points), "--x", "lon", "--y", "lat", "--wgs84", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    lines = out.read_text().splitlines()
    assert lines[0] == "id,lon,lat,buurtcode,wijkcode,gemeentecode"
    assert lines[1].endswith("BU09350000,WK093500,GM0935")
    assert lines[2].endswith(",,,")
    bad = tmp_path / "kapot.csv"
    bad.write_text("x,y\n176000,abc\n")
    failed = CliRunner().invoke(cli, ["areas", "locate-file", str(bad), "--out", str(out)])
    assert failed.exit_code == 1 and "rij 2, kolom y: verwacht een getal" in failed.output
