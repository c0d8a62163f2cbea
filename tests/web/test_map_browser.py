# SPDX-License-Identifier: EUPL-1.2
"""In a real browser: the home map renders Maastricht, a click selects a buurt, the layer switch works."""

from pathlib import Path

import pytest

from veerkracht.areas.importers.area_sets import read_area_sets
from veerkracht.areas.models import Area
from veerkracht.areas.services import define_area_sets, import_areas
from veerkracht.demo.maastricht import RAYONS
from veerkracht.geo.crs import rd_to_wgs84

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _inner_point(code: str) -> tuple[float, float]:
    geometry = Area.objects.get(code=code).geometry
    point = geometry.representative_point()
    lon, lat = rd_to_wgs84().transform(point.x, point.y)
    return lon, lat


def _click_lonlat(page: object, lon: float, lat: float) -> None:
    box = page.locator("#map").bounding_box()  # type: ignore[attr-defined]
    pixel = page.evaluate("([lon, lat]) => window.veerkrachtMap.project([lon, lat])", [lon, lat])  # type: ignore[attr-defined]
    page.mouse.click(box["x"] + pixel["x"], box["y"] + pixel["y"])  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_the_map_renders_and_a_clicked_buurt_shows_its_name_and_code(
    live_server: object, page: object, open_data: Path
) -> None:
    import_areas(open_data / "cbs-buurten-2017-maastricht/buurten_2017_maastricht.geojson")
    define_area_sets(read_area_sets(RAYONS), year=2017)
    lon, lat = _inner_point("BU09350203")  # Pottenberg
    page.goto(f"{live_server.url}/")  # type: ignore[attr-defined]
    page.wait_for_selector("#map[data-state=ready]", timeout=30_000)  # type: ignore[attr-defined]
    rendered = page.evaluate("window.veerkrachtMap.queryRenderedFeatures({layers: ['fill-buurt']}).length")  # type: ignore[attr-defined]
    assert rendered >= 40, "the buurten are drawn"

    _click_lonlat(page, lon, lat)
    info = page.locator("#area-info")  # type: ignore[attr-defined]
    info.locator(".area-info-name").wait_for()
    assert info.locator(".area-info-name").inner_text() == "Pottenberg"
    assert info.locator(".area-info-code").inner_text() == "BU09350203"
    assert "Wijk 02" in info.inner_text()
    assert page.locator("#map").get_attribute("data-selected") == "BU09350203"  # type: ignore[attr-defined]

    page.get_by_label("Wijken").check()  # type: ignore[attr-defined]
    page.wait_for_selector("#map[data-state=ready]", timeout=30_000)  # type: ignore[attr-defined]
    _click_lonlat(page, lon, lat)
    page.wait_for_function("document.querySelector('.area-info-code')?.textContent === 'WK093502'")  # type: ignore[attr-defined]

    page.get_by_label("Rayons").check()  # type: ignore[attr-defined]
    page.wait_for_selector("#map[data-state=ready]", timeout=30_000)  # type: ignore[attr-defined]
    _click_lonlat(page, lon, lat)
    page.wait_for_function("document.querySelector('.area-info-name')?.textContent === 'Noord-West'")  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_keyboard_users_pick_a_buurt_from_the_list(
    live_server: object, page: object, open_data: Path
) -> None:
    import_areas(open_data / "cbs-buurten-2017-maastricht/buurten_2017_maastricht.geojson")
    page.goto(f"{live_server.url}/")  # type: ignore[attr-defined]
    page.wait_for_selector("#map[data-state=ready]", timeout=30_000)  # type: ignore[attr-defined]
    page.get_by_label("Kies een gebied").select_option("BU09350303")  # type: ignore[attr-defined]
    page.wait_for_function("document.querySelector('.area-info-name')?.textContent === 'Belvédère'")  # type: ignore[attr-defined]
    info = page.locator("#area-info")  # type: ignore[attr-defined]
    assert info.locator(".area-info-code").inner_text() == "BU09350303"
    assert page.locator("#map").get_attribute("data-selected") == "BU09350303"  # type: ignore[attr-defined]
