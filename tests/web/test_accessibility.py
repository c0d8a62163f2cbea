# SPDX-License-Identifier: EUPL-1.2
"""axe-core (the copy bundled with axe-playwright-python) finds no violation on any page (issue 8)."""

import pytest

from demo_site import DemoSite, log_in
from monitor_steps import wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = [
    ("/inloggen/", False, False),
    ("/", True, False),
    ("/monitor/?run=1", True, True),
    ("/monitor/?run=1&view=classes&area=BU50010006", True, True),
    ("/monitor/?run=1&view=classes&palette=accessible&level=complex", True, True),
    ("/monitor/methode/", False, False),
    ("/monitor/jaren/?run=1", True, False),
    ("/monitor/vergelijken/?a=2&b=3&area=BU50010006", True, False),
    ("/profiel/", True, False),
    ("/profiel/BU50010006/", True, False),
]


def _violations(page: object) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize(("path", "logged_in", "monitor"), PAGES)
def test_no_axe_violation(
    page: object, demo_site: DemoSite, path: str, logged_in: bool, monitor: bool
) -> None:
    if logged_in:
        log_in(page, demo_site, path)
    else:
        page.goto(f"{demo_site.url}{path}")  # type: ignore[attr-defined]
    if monitor:
        wait_ready(page)
        if "area=" in path:
            page.wait_for_selector(".area-explanation")  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert _violations(page) == []


def test_the_check_does_find_violations(page: object) -> None:
    # The other side: a page with an unlabelled image and an unlabelled field fails.
    page.set_content('<html lang="nl"><title>t</title><main><img src="x.png"><input></main></html>')  # type: ignore[attr-defined]
    found = " ".join(_violations(page))
    assert "image-alt" in found and "label" in found
