# SPDX-License-Identifier: EUPL-1.2
"""In a real browser: the monitor switches indicator and year, shows its legend, explains a clicked buurt."""

import pytest

from demo_site import DemoSite, log_in
from monitor_steps import click_area, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_switching_indicator_and_year_and_reading_the_explanation(page: object, demo_site: DemoSite) -> None:
    log_in(page, demo_site, "/monitor/?run=1")
    wait_ready(page)
    assert page.locator("#synthetic-note").is_visible()  # type: ignore[attr-defined]

    legend = page.locator("#legend li")  # type: ignore[attr-defined]
    assert legend.count() >= 3, "a legend in classes plus the 'no data' and 'withheld' entries"
    first_legend = legend.first.inner_text()
    swatch = legend.first.locator(".swatch").evaluate("node => getComputedStyle(node).backgroundColor")
    assert swatch not in ("", "rgba(0, 0, 0, 0)"), "legend colours survive the Content-Security-Policy"

    page.get_by_label("Indicator", exact=True).select_option("lbm_onv")  # type: ignore[attr-defined]
    wait_ready(page)
    assert "overlast" in page.locator("#legend-source").inner_text().lower()  # type: ignore[attr-defined]
    assert legend.first.inner_text() != first_legend

    slider = page.locator("#period-slider")  # type: ignore[attr-defined]
    slider.fill("2016")
    slider.dispatch_event("change")
    wait_ready(page)
    assert page.locator("#period-output").inner_text() == "2016"  # type: ignore[attr-defined]
    assert "2016" in page.locator("#legend-source").inner_text()  # type: ignore[attr-defined]

    page.get_by_label("Veerkrachtkaart", exact=False).check()  # type: ignore[attr-defined]
    wait_ready(page)
    truth = demo_site.truth
    # A buurt whose onv moved 0.003 better than the country's: in line with the reference, so holding
    # steady; compared with no reference at all it would look resilient.
    (holding,) = (c for c, b in truth["buurten"].items() if b.get("threshold_case") == "band_inside_upper")  # type: ignore[attr-defined]
    click_area(page, holding)
    page.wait_for_selector(".area-explanation", timeout=10_000)  # type: ignore[attr-defined]
    assert page.locator(".area-info-name").get_attribute("data-code") == holding  # type: ignore[attr-defined]
    assert page.locator(".area-class-label").inner_text() == "Houdt stand"  # type: ignore[attr-defined]
    explanation = page.locator(".area-explanation").inner_text()  # type: ignore[attr-defined]
    assert "procentpunt" in explanation and "overlast en onveiligheid" in explanation
    assert "Nederland" in explanation
