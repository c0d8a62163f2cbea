# SPDX-License-Identifier: EUPL-1.2
"""In a real browser: the monitor switches indicator and year, shows its legend, explains a clicked buurt."""

import json

import pytest

from veerkracht.areas.models import Area
from veerkracht.demo.build import build_synthetic_demo, default_out_dir
from veerkracht.demo.people import DEMO_PASSWORD
from veerkracht.geo.crs import rd_to_wgs84

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _quiet(_step: str, _done: int, _total: int) -> None:
    return None


def _click_area(page: object, code: str) -> None:
    geometry = Area.objects.filter(code=code).latest("valid_from").geometry
    point = geometry.representative_point()
    lon, lat = rd_to_wgs84().transform(point.x, point.y)
    box = page.locator("#monitor-map").bounding_box()  # type: ignore[attr-defined]
    pixel = page.evaluate("([lon, lat]) => window.veerkrachtMap.project([lon, lat])", [lon, lat])  # type: ignore[attr-defined]
    page.mouse.click(box["x"] + pixel["x"], box["y"] + pixel["y"])  # type: ignore[attr-defined]


def _wait_ready(page: object) -> None:
    page.wait_for_selector("#monitor-map[data-state=ready]", timeout=30_000)  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_switching_indicator_and_year_and_reading_the_explanation(
    live_server: object, page: object, data_dir: object
) -> None:
    build_synthetic_demo(seed=2021, out_dir=None, progress=_quiet)
    page.goto(f"{live_server.url}/inloggen/?next=/monitor/")  # type: ignore[attr-defined]
    page.get_by_label("Gebruikersnaam").fill("analist")  # type: ignore[attr-defined]
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Inloggen").click()  # type: ignore[attr-defined]
    _wait_ready(page)
    assert page.locator("#synthetic-note").is_visible()  # type: ignore[attr-defined]

    legend = page.locator("#legend li")  # type: ignore[attr-defined]
    assert legend.count() >= 3, "a legend in classes plus the 'secret' entry"
    first_legend = legend.first.inner_text()

    page.get_by_label("Indicator", exact=True).select_option("lbm_onv")  # type: ignore[attr-defined]
    _wait_ready(page)
    assert "overlast" in page.locator("#legend-source").inner_text().lower()  # type: ignore[attr-defined]
    assert legend.first.inner_text() != first_legend

    slider = page.locator("#period-slider")  # type: ignore[attr-defined]
    slider.fill("2016")
    slider.dispatch_event("change")
    _wait_ready(page)
    assert page.locator("#period-output").inner_text() == "2016"  # type: ignore[attr-defined]
    assert "2016" in page.locator("#legend-source").inner_text()  # type: ignore[attr-defined]

    page.get_by_label("Veerkrachtkaart", exact=False).check()  # type: ignore[attr-defined]
    _wait_ready(page)
    truth = json.loads((default_out_dir() / "truth.json").read_text())
    # A buurt whose onv moved 0.003 better than the country's: in line with the reference, so holding
    # steady; compared with no reference at all it would look resilient.
    (holding,) = (c for c, b in truth["buurten"].items() if b.get("threshold_case") == "band_inside_upper")
    _click_area(page, holding)
    page.wait_for_selector(".area-explanation", timeout=10_000)  # type: ignore[attr-defined]
    assert page.locator(".area-info-name").get_attribute("data-code") == holding  # type: ignore[attr-defined]
    assert page.locator(".area-class-label").inner_text() == "Houdt stand"  # type: ignore[attr-defined]
    explanation = page.locator(".area-explanation").inner_text()  # type: ignore[attr-defined]
    assert "procentpunt" in explanation and "onv" in explanation and "Nederland" in explanation
