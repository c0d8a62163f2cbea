# SPDX-License-Identifier: EUPL-1.2
"""The home page shows the map of the loaded city, speaks Dutch by default and English on request."""

import re
from pathlib import Path

import pytest
from django.test import Client

from veerkracht.areas.services import import_areas

pytestmark = pytest.mark.django_db


def test_without_areas_the_page_says_how_to_load_them(client: Client) -> None:
    page = client.get("/").content.decode()
    assert "Er zijn nog geen gebieden geladen" in page
    assert 'lang="nl"' in page


def test_with_areas_the_page_has_the_map_and_an_accessible_list(client: Client, open_data: Path) -> None:
    import_areas(open_data / "cbs-buurten-2017-maastricht/buurten_2017_maastricht.geojson")
    page = client.get("/").content.decode()
    assert 'id="map"' in page
    assert re.search(r'<script type="module" src="/static/veerkracht/build/map-[A-Z0-9]{8}\.js">', page)
    assert "Lijst van 44 buurten" in page
    assert "Belvédère" in page
    assert 'href="#inhoud"' in page, "skip link for keyboard users"
    assert 'id="synthetic-note"' not in page, "real data is not labelled synthetic"


def test_synthetic_areas_are_labelled_as_such(client: Client, tmp_path: Path) -> None:
    import geopandas as gpd
    from shapely import box

    path = tmp_path / "buurten_2020.geojson"
    gpd.GeoDataFrame(
        {"BU_CODE": ["BU50010000"], "BU_NAAM": ["Hoogveld"]},
        geometry=[box(150_000, 400_000, 151_000, 401_000)],
        crs="EPSG:28992",
    ).to_file(path)
    import_areas(path, synthetic=True)
    page = client.get("/").content.decode()
    assert 'id="synthetic-note"' in page and "Synthetisch" in page


def test_english_is_the_second_language(client: Client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert 'lang="en"' in page
    assert "Map of the areas" in page and "Skip to content" in page
    assert "Kaart van de gebieden" not in page
