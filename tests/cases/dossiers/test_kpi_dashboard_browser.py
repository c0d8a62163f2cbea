# SPDX-License-Identifier: EUPL-1.2
"""The KPI dashboard in a real browser, at desktop and phone width: tables and heatmaps without axe
findings, sideways scrolling or console errors, and a suppressed cell that reads "afgeschermd"."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from veerkracht.cases.queries import kpi_dashboard
from veerkracht.cases.services.kpi_snapshots import refresh

from ..conftest import BUURT_2, IN_BUURT_1, IN_BUURT_2
from ..pages.test_browser import WIDTHS, check, context_for
from .conftest import Network
from .test_kpi_dashboard import YEAR
from .test_kpis import take_meldingen

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_dashboard_reads_well_at_desktop_and_phone_width(
    live_server: Any, browser: Any, network: Network, take_in: Any, width: str, monkeypatch: Any
) -> None:
    monkeypatch.setattr(kpi_dashboard, "SQUARES_PER_PAGE", 1)  # two squares: the paging links show
    take_meldingen(take_in, 9, IN_BUURT_1)
    take_meldingen(take_in, 3, IN_BUURT_2)
    refresh(network.city.corporation, YEAR)
    context = context_for(browser, live_server.url, network["wijkbeheerder"], width)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    for level in ("buurt", "square", "gemeente"):
        response = page.goto(f"{live_server.url}/meldingen/kengetallen/?jaar={YEAR}&niveau={level}")
        assert response.status == 200
        check(page, f"KPI dashboard per {level} at {width}", axe=Axe())
    page.goto(f"{live_server.url}/meldingen/kengetallen/?jaar={YEAR}&niveau=square")
    page.get_by_role("link", name="Volgende").click()
    assert page.locator("tr[data-area]").count() == 1
    assert "Vierkanten 2 tot en met 2 van 2" in page.locator(".kpi-page-range").inner_text()
    page.goto(f"{live_server.url}/meldingen/kengetallen/?jaar={YEAR}&niveau=buurt")
    cell = page.locator(f'tr[data-area="{BUURT_2}"] td[data-indicator="meldingen_leefbaarheid"]')
    assert cell.inner_text().strip() == "afgeschermd"
    assert page.locator("svg.kpi-svg").count() == 2
    assert not errors, errors
    context.close()
