# SPDX-License-Identifier: EUPL-1.2
"""The comparison of two years in a browser: reached from the profile, years chosen with the keyboard
alone, readable at desktop width and at 390 px without sideways scrolling, and no axe-core violation.
Also the monitor's list, drawn by its script, links each buurt to its profile."""

import pytest

from demo_site import DemoSite, log_in
from monitor_steps import wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BUURT = "BU50010006"


def _violations(page: object) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in results.response["violations"]
    ]


WIDER = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > width + 0.5)
    .slice(0, 8)
    .map((e) => `${e.tagName.toLowerCase()}#${e.id} ${Math.round(e.getBoundingClientRect().right)}`);
}"""


def _wider_than_the_screen(page: object) -> list[str]:
    """What sticks out to the right (empty when nothing does): the page would scroll sideways."""
    if not page.evaluate(  # type: ignore[attr-defined]
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    ):
        return []
    return list(page.evaluate(WIDER)) or ["the page scrolls sideways"]  # type: ignore[attr-defined]


def test_two_years_are_chosen_by_keyboard_and_read_on_a_phone(page: object, demo_site: DemoSite) -> None:
    log_in(page, demo_site, f"/profiel/{BUURT}/", username="coordinator")
    page.focus("#compare-link")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_selector("#compare-form")  # type: ignore[attr-defined]
    # Type-ahead on the focused list picks a year; Tab moves on; Enter on the button compares.
    page.focus("#van")  # type: ignore[attr-defined]
    page.keyboard.type("2018")  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    page.keyboard.type("2022")  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    with page.expect_navigation():  # type: ignore[attr-defined]
        page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert "van=2018" in page.url and "tot=2022" in page.url  # type: ignore[attr-defined]
    title = page.text_content("#compare-title")  # type: ignore[attr-defined]
    assert title is not None and "2018 en 2022 vergeleken" in title
    # Both years end an analysis of the demo: each has its class, and the page says whether it changed.
    assert page.locator("#class-years li strong").count() == 2  # type: ignore[attr-defined]
    change = page.text_content("#class-change") or ""  # type: ignore[attr-defined]
    assert change.startswith(("De klasse veranderde van", "De klasse bleef"))
    assert page.locator("#key-figures tbody tr").count() > 0  # type: ignore[attr-defined]
    assert _wider_than_the_screen(page) == []
    assert _violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})  # type: ignore[attr-defined]
    page.reload()  # type: ignore[attr-defined]
    page.wait_for_selector("#key-figures")  # type: ignore[attr-defined]
    assert _wider_than_the_screen(page) == []
    assert page.is_visible("#tot")  # type: ignore[attr-defined]
    assert _violations(page) == []
    page.click("#back-to-profile")  # type: ignore[attr-defined]
    page.wait_for_selector("#profile-title")  # type: ignore[attr-defined]


def test_the_monitors_list_links_each_buurt_to_its_profile(page: object, demo_site: DemoSite) -> None:
    log_in(page, demo_site, "/monitor/?run=1&view=classes&level=buurt")
    wait_ready(page)
    link = page.locator(f'#values-table tr[data-code="{BUURT}"] a.profile-link')  # type: ignore[attr-defined]
    assert link.get_attribute("href") == f"/profiel/{BUURT}/"
    # The script draws the list again for another level: complexes have no profile and no link.
    page.select_option("#level-select", "wijk")  # type: ignore[attr-defined]
    page.wait_for_selector('#values-table tr[data-code^="WK"] a.profile-link')  # type: ignore[attr-defined]
