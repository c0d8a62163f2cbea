# SPDX-License-Identifier: EUPL-1.2
"""The monitor's API: maps with legends, classes, series and downloads, only for who may see them,
and never a number that small-number suppression withheld."""

import io
import re
from typing import Any

import geopandas as gpd
import pandas as pd
import pytest
from django.test import Client

from veerkracht.analysis.results import read_result
from veerkracht.demo.people import DEMO_PASSWORD

pytestmark = pytest.mark.slow


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client


def test_only_people_with_the_monitor_permission_get_figures(demo: Any) -> None:
    url = f"/api/v1/analyses/{demo.run_id}/classes/?level=buurt"
    assert Client().get(url).status_code == 403
    assert _client("bewoner").get(url).status_code == 403
    assert _client("wijkbeheerder").get(url).status_code == 200
    download = f"/api/v1/analyses/{demo.run_id}/download/?indicator=inwoners&level=buurt&period=2022"
    assert _client("wijkbeheerder").get(download).status_code == 403, "exporting needs monitor.export"
    assert _client("analist").get(download).status_code == 200


def test_a_map_comes_with_a_legend_in_classes(demo: Any) -> None:
    client = _client("analist")
    body = client.get(
        f"/api/v1/analyses/{demo.run_id}/map/?indicator=aandeel_kwetsbaar&level=buurt&period=2022&scheme=quantiles&k=5"
    ).json()
    bins = body["legend"]["bins"]
    assert len(bins) == 5
    assert [b["upper"] for b in bins] == sorted(b["upper"] for b in bins)
    assert sum(b["count"] for b in bins) == sum(1 for a in body["areas"].values() if a["bin"] >= 0)
    worst = max(body["areas"].values(), key=lambda a: a["value"] or -1)
    assert worst["bin"] == 4
    assert body["indicator"]["unit"] and body["synthetic"] is True
    natural = client.get(
        f"/api/v1/analyses/{demo.run_id}/map/?indicator=aandeel_kwetsbaar&level=wijk&period=2014&scheme=natural_breaks"
    ).json()
    assert natural["legend"]["scheme"] == "natural_breaks" and len(natural["areas"]) == 7


def test_fixed_classes_follow_the_catalogue_legend(demo: Any) -> None:
    body = (
        _client("analist")
        .get(
            f"/api/v1/analyses/{demo.run_id}/map/?indicator=aandeel_kwetsbaar&level=buurt&period=2022&scheme=fixed"
        )
        .json()
    )
    assert [b["upper"] for b in body["legend"]["bins"]][:5] == [5.0, 10.0, 15.0, 20.0, 30.0]


def test_fixed_classes_without_breaks_are_refused_with_the_reason(demo: Any) -> None:
    response = _client("analist").get(
        f"/api/v1/analyses/{demo.run_id}/map/?indicator=inwoners&level=buurt&period=2022&scheme=fixed"
    )
    assert response.status_code == 400
    assert response.json() == {
        "scheme": ["Vaste klassen kunnen alleen bij een indicator met vaste klassegrenzen in de catalogus."]
    }


def test_the_veerkrachtkaart_explains_every_buurt(demo: Any) -> None:
    body = _client("analist").get(f"/api/v1/analyses/{demo.run_id}/classes/?level=buurt").json()
    assert len(body["areas"]) == 46
    resilient = body["areas"][demo.truth["stories"]["resilient"][0]]
    assert resilient["class_label_nl"] == "Veerkrachtig"
    assert "procentpunt" in resilient["explanation_nl"] and "Nederland" in resilient["explanation_nl"]
    assert sum(item["count"] for item in body["legend"]) == 46


def test_a_series_sets_the_buurt_against_its_city_and_the_country(demo: Any) -> None:
    buurt = demo.truth["stories"]["not_resilient"][0]
    body = (
        _client("analist")
        .get(f"/api/v1/analyses/{demo.run_id}/series/?area={buurt}&indicator=lbm_onv")
        .json()
    )
    names = [s["area_code"] for s in body["series"]]
    assert names[0] == buurt and names[-1] == "NL00" and "GM5001" in names
    assert len(body["series"][0]["points"]) == 13


@pytest.mark.parametrize("file_format", ["csv", "geojson", "gpkg"])
def test_downloads_never_carry_a_suppressed_value(demo: Any, file_format: str, tmp_path: Any) -> None:
    published = read_result(demo.run_id, "values")
    hidden = published[published["suppressed"] & (published["indicator"] == "bijstand")]
    assert len(hidden), "the demo has small counts that must be withheld"
    period = int(hidden["period"].iloc[0])
    response = _client("analist").get(
        f"/api/v1/analyses/{demo.run_id}/download/?indicator=bijstand&level=buurt&period={period}&filetype={file_format}"
    )
    assert response.status_code == 200
    if file_format == "csv":
        # Dutch Excel by default: semicolons, decimal commas, a byte order mark, "ja"/"nee".
        frame = pd.read_csv(io.BytesIO(response.content), sep=";", decimal=",", encoding="utf-8-sig")
        frame["onderdrukt"] = frame["onderdrukt"] == "ja"
    else:
        path = tmp_path / f"download.{file_format}"
        path.write_bytes(response.content)
        frame = gpd.read_file(path)
        assert frame.crs.to_epsg() == (4326 if file_format == "geojson" else 28992)
    secret = frame[frame["code"].isin(hidden.loc[hidden["period"] == period, "area_code"])]
    assert len(secret) and secret["waarde"].isna().all()
    assert secret["onderdrukt"].astype(bool).all()
    assert (secret["status"] == "afgeschermd").all()
    shown = frame["waarde"].dropna()
    assert ((shown == 0) | (shown >= 5)).all(), "no published count between 1 and 4"


def test_the_country_is_not_the_sum_of_the_loaded_city(demo: Any) -> None:
    values = read_result(demo.run_id, "values")
    national = values[values["area_code"] == "NL00"]
    assert set(national["indicator"]) <= {
        "lbm_score",
        "lbm_afw",
        "lbm_fys",
        "lbm_onv",
        "lbm_soc",
        "lbm_vrz",
        "lbm_won",
    }
    assert not national.empty, "the national Leefbaarometer file is there"


def test_a_level_without_figures_downloads_its_areas_as_no_data(demo: Any) -> None:
    """The run has Leefbaarometer figures for 2022, but none for complexes: every complex is listed."""
    response = _client("analist").get(
        f"/api/v1/analyses/{demo.run_id}/download/?indicator=lbm_onv&level=complex&period=2022&filetype=csv"
    )
    assert response.status_code == 200
    frame = pd.read_csv(io.BytesIO(response.content), sep=";", encoding="utf-8-sig")
    assert len(frame) == 326
    assert frame["waarde"].isna().all()
    assert (frame["status"] == "geen gegevens").all(), "no figure is not the same as a withheld one"


def test_a_plain_csv_is_the_alternative(demo: Any) -> None:
    response = _client("analist").get(
        f"/api/v1/analyses/{demo.run_id}/download/?indicator=aandeel_kwetsbaar&level=buurt&period=2022&filetype=csv-plain"
    )
    assert not response.content.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(response.content))
    assert frame["waarde"].dtype == float and len(frame) == 46


def test_the_veerkrachtkaart_downloads_with_its_explanation_and_inputs(demo: Any) -> None:
    client = _client("analist")
    url = f"/api/v1/analyses/{demo.run_id}/classes/download/?level=buurt&filetype=csv"
    assert _client("wijkbeheerder").get(url).status_code == 403, "exporting needs monitor.export"
    response = client.get(url)
    assert response["Content-Disposition"].startswith('attachment; filename="veerkrachtkaart_run')
    frame = pd.read_csv(io.BytesIO(response.content), sep=";", decimal=",", encoding="utf-8-sig")
    resilient = frame.set_index("code").loc[demo.truth["stories"]["resilient"][0]]
    assert resilient["klasse"] == "Veerkrachtig"
    assert resilient["uitleg"].startswith("Het aandeel kwetsbare bewoners steeg")
    assert "drempel" in resilient["berekening"]
    assert isinstance(resilient["kwetsbaar_eind"], float)
    unknown_level = client.get(url.replace("level=buurt", "level=nergens"))
    assert unknown_level.status_code == 404, "an unknown level is not found (issue 7)"


def test_every_area_of_a_level_has_a_status(demo: Any) -> None:
    client = _client("analist")
    body = client.get(
        f"/api/v1/analyses/{demo.run_id}/map/?indicator=lbm_onv&level=complex&period=2022"
    ).json()
    statuses = {a["status"] for a in body["areas"].values()}
    assert statuses == {"no_data"} and body["no_data"]["count"] == 326 and body["suppressed"]["count"] == 0
    classes = client.get(f"/api/v1/analyses/{demo.run_id}/classes/?level=buurt").json()
    assert classes["legend"][0]["key"] == "under_pressure_severe"
    assert all("description" in item and "accessible_colour" in item for item in classes["legend"])


def test_hidden_hotspots_come_as_shapes_with_their_buurt(demo: Any) -> None:
    body = _client("analist").get(f"/api/v1/analyses/{demo.run_id}/hotspots/").json()
    assert body["features"], "the demo city has hidden hotspots"
    feature = body["features"][0]
    assert feature["geometry"]["type"] == "Polygon" and feature["properties"]["parent_name"]
    assert feature["properties"]["parent_code"] in body["buurten"]


def _cells(demo: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The two counts the generator planted at the privacy minimum: exactly 5, and 4."""
    cells = {cell["published"]: cell for cell in demo.truth["privacy_cells"]}
    at, below = cells[True], cells[False]
    assert (at["value"], below["value"]) == (5, 4), "CBS publishes 5 and never 1 to 4 (DESIGN.md §6)"
    assert at["indicator"] == below["indicator"] and at["year"] == below["year"]
    return at, below


def test_the_map_api_shows_a_count_of_exactly_five_and_hides_four(demo: Any) -> None:
    at, below = _cells(demo)
    body = (
        _client("analist")
        .get(
            f"/api/v1/analyses/{demo.run_id}/map/?indicator={at['indicator']}&level=buurt"
            f"&period={at['year']}&scheme=quantiles"
        )
        .json()
    )
    shown, hidden = body["areas"][at["buurtcode"]], body["areas"][below["buurtcode"]]
    assert shown["value"] == 5 and shown["status"] == "value"
    assert hidden["value"] is None and hidden["status"] == "suppressed" and hidden["bin"] == -1


@pytest.mark.parametrize("file_format", ["csv", "geojson", "gpkg"])
def test_downloads_carry_a_count_of_exactly_five_and_not_four(
    demo: Any, file_format: str, tmp_path: Any
) -> None:
    at, below = _cells(demo)
    response = _client("analist").get(
        f"/api/v1/analyses/{demo.run_id}/download/?indicator={at['indicator']}&level=buurt"
        f"&period={at['year']}&filetype={file_format}"
    )
    assert response.status_code == 200
    if file_format == "csv":
        frame = pd.read_csv(io.BytesIO(response.content), sep=";", decimal=",", encoding="utf-8-sig")
    else:
        path = tmp_path / f"download.{file_format}"
        path.write_bytes(response.content)
        frame = gpd.read_file(path)
    rows = frame.set_index("code")

    def withheld(code: str) -> bool:
        # Dutch Excel CSV writes flags as "ja"/"nee"; GeoJSON and GeoPackage keep booleans.
        return rows.loc[code, "onderdrukt"] in (True, "ja")

    assert rows.loc[at["buurtcode"], "waarde"] == 5
    assert not withheld(at["buurtcode"])
    assert pd.isna(rows.loc[below["buurtcode"], "waarde"]) and withheld(below["buurtcode"])


def test_the_monitor_page_shows_a_count_of_exactly_five_and_hides_four(demo: Any) -> None:
    at, below = _cells(demo)
    html = (
        _client("analist")
        .get(f"/monitor/?run={demo.run_id}&indicator={at['indicator']}&level=buurt&period={at['year']}")
        .content.decode()
    )
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.DOTALL):
        cells = [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)
        ]
        if len(cells) >= 3:
            rows[cells[1]] = cells[2]
    assert rows[at["buurtcode"]] in {"5", "5,0", "5,00"}
    assert rows[below["buurtcode"]].startswith("afgeschermd"), rows[below["buurtcode"]]
    assert "4" not in rows[below["buurtcode"]]


def test_a_year_without_figures_is_not_found_rather_than_an_empty_file(demo: Any) -> None:
    client = _client("analist")
    query = "indicator=inwoners&level=buurt&filetype=csv"
    response = client.get(f"/api/v1/analyses/{demo.run_id}/download/?{query}&period=1999")
    assert response.status_code == 404
    assert "geen cijfers" in response.json()["detail"] and "2012–2024" in response.json()["detail"]
    assert client.get(f"/api/v1/analyses/{demo.run_id}/download/?{query}&period=2012").status_code == 200
    on_the_map = client.get(f"/api/v1/analyses/{demo.run_id}/map/?indicator=inwoners&level=buurt&period=2011")
    assert on_the_map.status_code == 404
