# SPDX-License-Identifier: EUPL-1.2
"""Downloads check what they are asked for: unknown indicators and levels are not found, file names are
safe, spreadsheet formulas in a cell are neutralised, and no odd character gives a server error."""

import io
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from click.testing import CliRunner
from django.test import Client
from django.utils.http import content_disposition_header

from veerkracht.areas.models import Area
from veerkracht.cli.main import cli

pytestmark = pytest.mark.slow

FORMATS = ["csv", "geojson", "gpkg"]
# What a curious visitor or an attacker types: quotes that end a header value, line breaks, path
# separators, markup, wildcards, a null byte, a formula, very long text and non-Latin letters.
ODD_VALUES = [
    "x\";filename*=UTF-8''evil.html;x=\"",
    "a\nb",
    "a\r\nSet-Cookie: x=1",
    "../../etc/passwd",
    "a/b",
    "<script>alert(1)</script>",
    "'; drop table x; --",
    "*",
    "\x00",
    '=HYPERLINK("http://example.org")',
    "x" * 5000,
    "ë漢字🙂",
    "%00",
    " ",
]


def _client(username: str = "analist") -> Client:
    from veerkracht.core.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _download(demo: Any, **params: str) -> Any:
    query = {"indicator": "inwoners", "level": "buurt", "period": "2022", "filetype": "csv", **params}
    return _client().get(f"/api/v1/analyses/{demo.run_id}/download/", query)


@pytest.mark.parametrize("file_format", FORMATS)
def test_an_unknown_indicator_is_not_found(demo: Any, file_format: str) -> None:
    response = _download(demo, indicator="bestaat_niet", filetype=file_format)
    assert response.status_code == 404
    assert "indicator" in response.json()["detail"] and "bestaat niet" in response.json()["detail"]


@pytest.mark.parametrize("file_format", FORMATS)
def test_an_unknown_level_is_not_found(demo: Any, file_format: str) -> None:
    response = _download(demo, level="provincie", filetype=file_format)
    assert response.status_code == 404
    assert "niveau" in response.json()["detail"]


@pytest.mark.parametrize("file_format", FORMATS)
def test_the_file_name_comes_from_a_safe_alphabet(demo: Any, file_format: str) -> None:
    response = _download(demo, filetype=file_format)
    assert response.status_code == 200
    expected = f"veerkracht_run{demo.run_id}_inwoners_buurt_2022.{file_format}"
    assert response["Content-Disposition"] == content_disposition_header(True, expected)


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize("parameter", ["indicator", "level", "period", "filetype"])
def test_no_odd_character_in_any_parameter_gives_a_server_error(
    demo: Any, file_format: str, parameter: str
) -> None:
    client = _client()
    for value in ODD_VALUES:
        query = {"indicator": "inwoners", "level": "buurt", "period": "2022", "filetype": file_format}
        query[parameter] = value
        response = client.get(f"/api/v1/analyses/{demo.run_id}/download/", query)
        assert response.status_code in (200, 400, 404), (parameter, value, response.status_code)
        if response.status_code == 200:
            assert "evil" not in response["Content-Disposition"]


READING_QUERIES = {
    "map": {"indicator": "inwoners", "level": "buurt", "period": "2022", "scheme": "quantiles"},
    "classes": {"level": "buurt"},
    "series": {"indicator": "inwoners", "area": "BU50010000"},
}


@pytest.mark.parametrize("endpoint", list(READING_QUERIES))
def test_no_odd_character_reaches_the_reading_endpoints_as_a_server_error(demo: Any, endpoint: str) -> None:
    client = _client()
    for value in ODD_VALUES:
        for parameter in READING_QUERIES[endpoint]:
            query = {**READING_QUERIES[endpoint], parameter: value}
            response = client.get(f"/api/v1/analyses/{demo.run_id}/{endpoint}/", query)
            assert response.status_code in (200, 400, 404), (endpoint, parameter, value)


@pytest.mark.parametrize("path", ["", "geojson/", "locate/"])
def test_no_odd_value_reaches_the_areas_api_as_a_server_error(demo: Any, path: str) -> None:
    client = _client()
    for value in [*ODD_VALUES, "nan", "inf", "-1e999", "1e999"]:
        for parameter in ("level", "year", "gemeente", "x", "y", "crs"):
            # A point in the demo city; a question that finds no area is not found (404).
            locate = path == "locate/"
            known = ("level", "x", "y", "crs", "year") if locate else ("level", "year", "gemeente")
            if parameter not in known:
                continue
            query = {"level": "buurt", "x": "162350", "y": "383350"} if locate else {"level": "buurt"}
            query[parameter] = value
            response = client.get(f"/api/v1/areas/{path}", query)
            assert response.status_code in (200, 400, 404), (path, parameter, value, response.status_code)


def test_a_formula_in_a_cell_is_neutralised_in_the_csv(demo: Any) -> None:
    code = str(demo.truth["stories"]["resilient"][0])
    Area.objects.filter(code=code).update(name='=HYPERLINK("http://example.org","klik")')
    # The default CSV is for Dutch Excel: semicolons, decimal commas and a byte order mark.
    body = _download(demo).content
    frame = pd.read_csv(io.BytesIO(body), dtype=str, sep=";", encoding="utf-8-sig")
    name = frame.loc[frame["code"] == code, "naam"].iloc[0]
    assert name == '\'=HYPERLINK("http://example.org","klik")', "Excel must show it as text"
    numbers = frame["waarde"].dropna().str.replace(",", ".").astype(float)
    assert numbers.ge(0).all(), "numbers stay numbers"


def test_the_compare_command_neutralises_formulas_in_its_csv(demo: Any, tmp_path: Path) -> None:
    code = str(demo.truth["stories"]["resilient"][0])
    Area.objects.filter(code=code).update(name="@SUM(A1:A9)")
    out = tmp_path / "verschil.csv"
    result = CliRunner().invoke(cli, ["compare", str(demo.run_id), str(demo.run_id), "--csv", str(out)])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, dtype=str)
    assert frame.loc[frame["area_code"] == code, "name"].iloc[0] == "'@SUM(A1:A9)"


def test_placing_a_file_of_points_neutralises_formulas_in_its_csv(demo: Any, tmp_path: Path) -> None:
    points = tmp_path / "adressen.csv"
    points.write_text("id;x;y\n+31 6 1234;-1;-2\n=1+1;176000;318000\n")
    out = tmp_path / "geplaatst.csv"
    result = CliRunner().invoke(cli, ["locate-file", str(points), "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text().splitlines()
    assert lines[1].startswith("'+31 6 1234,-1,-2,"), "negative numbers stay numbers"
    assert lines[2].startswith("'=1+1,176000,318000")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.downloads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("data-format"):
            self.downloads.append(str(found["href"]))


def test_the_monitor_page_builds_download_links_that_cannot_be_injected(demo: Any) -> None:
    response = _client().get("/monitor/", {"indicator": "inwoners&filetype=gpkg&level=wijk"})
    assert response.status_code == 200
    parser = _Links()
    parser.feed(response.content.decode())
    # Four formats of the indicator map and four of the veerkrachtkaart.
    assert len(parser.downloads) == 8
    for link in parser.downloads:
        query = parse_qs(urlsplit(link).query)
        keys = ("level", "filetype") if "/classes/" in link else ("indicator", "level", "period", "filetype")
        assert all(len(query[key]) == 1 for key in keys), link
        assert query["level"] == ["buurt"], link


def test_the_monitor_page_encodes_what_it_puts_in_a_link(demo: Any) -> None:
    response = _client().get("/monitor/", {"level": "complex"})
    parser = _Links()
    parser.feed(response.content.decode())
    assert all(parse_qs(urlsplit(link).query)["level"] == ["complex"] for link in parser.downloads)
