# SPDX-License-Identifier: EUPL-1.2
"""The KPI dashboard: the figures the KPI computation gives, small cells shown as "afgeschermd", only the
organisation's own figures, and a snapshot that follows new meldingen."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from veerkracht.cases.models import Dossier, KpiSnapshot, Melding
from veerkracht.cases.queries.kpis import kpi_values
from veerkracht.cases.services.kpi_snapshots import computed_at, refresh, refresh_after_change
from veerkracht.core import events

from ..conftest import BUURT_1, BUURT_2, GEMEENTE, IN_BUURT_1, IN_BUURT_2, moment
from .conftest import Network
from .test_kpis import take_meldingen

pytestmark = pytest.mark.django_db
YEAR = 2026
PAGE = "/meldingen/kengetallen/"


def _page(user: Any, **query: str) -> Any:
    client = Client()
    client.force_login(user)
    return client.get(PAGE, {"jaar": str(YEAR), **query})


def _cell(html: str, area: str, indicator: str) -> str:
    row = re.search(rf'<tr data-area="{area}">(.*?)</tr>', html, re.S)
    assert row, f"no row for {area}"
    cell = re.search(rf'data-indicator="{indicator}">(.*?)</td>', row.group(1), re.S)
    assert cell, f"no {indicator} in {area}"
    return re.sub(r"<[^>]+>", "", cell.group(1)).strip()


def _without_tokens(content: bytes) -> str:
    """A page without its CSRF tokens, which differ on every response."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", content.decode())


def _number(value: float | None) -> str:
    return "afgeschermd" if value is None else f"{value:g}"


def test_the_page_shows_what_the_kpi_computation_gives(network: Network, take_in: Any) -> None:
    corporation = network.city.corporation
    take_meldingen(take_in, 7, IN_BUURT_1)
    take_meldingen(take_in, 6, IN_BUURT_2)
    refresh(corporation, YEAR)
    html = _page(network["wijkbeheerder"]).content.decode()
    # Computed from the rows here, not through the snapshot.
    expected = kpi_values(
        Melding.objects.filter(organisation=corporation),
        Dossier.objects.filter(organisation=corporation),
        YEAR,
    )
    shown = 0
    for row in expected[expected["level"] == "buurt"].itertuples():
        if row.indicator in ("meldingen_leefbaarheid", "meldingen_overlast_intimidatie", "dossiers_geopend"):
            value = None if row.suppressed else float(row.value)
            assert _cell(html, row.area_code, row.indicator) == _number(value)
            shown += 1
    assert shown == 6
    assert _cell(html, BUURT_1, "meldingen_leefbaarheid") == "7"
    assert "Stand van" in html
    # The heatmap says the same per buurt, in the title a screen reader reads.
    assert "<title>Westbuurt: 7</title>" in html and "<title>Oostbuurt: 6</title>" in html


@pytest.mark.parametrize(("in_buurt_2", "shown"), [(5, "5"), (4, "afgeschermd")])
def test_a_cell_at_the_threshold_is_shown_and_one_below_it_is_afgeschermd(
    network: Network, take_in: Any, in_buurt_2: int, shown: str
) -> None:
    take_meldingen(take_in, 9, IN_BUURT_1)
    take_meldingen(take_in, in_buurt_2, IN_BUURT_2)
    refresh(network.city.corporation, YEAR)
    html = _page(network["wijkbeheerder"]).content.decode()
    assert _cell(html, BUURT_2, "meldingen_leefbaarheid") == shown
    assert ("<title>Oostbuurt: afgeschermd</title>" in html) == (shown == "afgeschermd")


def test_another_corporation_sees_none_of_the_figures(network: Network, take_in: Any) -> None:
    take_meldingen(take_in, 7, IN_BUURT_1)
    refresh(network.city.corporation, YEAR)
    refresh(network.city.other, YEAR)
    theirs = _page(network["wijk_b"])
    assert theirs.status_code == 200
    html = theirs.content.decode()
    assert "Woonstichting Anders" in html and "Woonstichting Test" not in html
    assert f'data-area="{BUURT_1}"' not in html and "Westbuurt: 7" not in html
    # Asking for the other corporation's figures looks the same as asking for one that does not exist.
    asked = _page(network["wijk_b"], organisatie="woonstichting-test")
    missing = _page(network["wijk_b"], organisatie="bestaat-niet")
    assert asked.status_code == missing.status_code == 404
    # The language switch carries the address asked for; nothing else may differ.
    assert _without_tokens(asked.content).replace("woonstichting-test", "?") == _without_tokens(
        missing.content
    ).replace("bestaat-niet", "?")


def test_who_has_no_kpi_permission_is_refused_and_sees_no_menu_entry(network: Network) -> None:
    assert _page(network["bewoner"]).status_code == 403
    assert _page(network["ondersteuner"]).status_code == 403
    client = Client()
    client.force_login(network["coordinator"])
    assert PAGE in client.get("/meldingen/").content.decode()
    client.force_login(network["ondersteuner"])
    assert PAGE not in client.get("/meldingen/").content.decode()


def test_the_analist_of_the_gemeente_sees_the_gemeente_figures(network: Network, take_in: Any) -> None:
    take_meldingen(take_in, 6, IN_BUURT_1, organisation=network.city.gemeente)
    refresh(network.city.gemeente, YEAR)
    html = _page(network["analist"]).content.decode()
    assert _cell(html, BUURT_1, "meldingen_leefbaarheid") == "6"


def test_a_new_melding_refreshes_the_snapshot_through_the_task(
    network: Network, take_in: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.VEERKRACHT_PRIVACY_THRESHOLD = 1
    corporation = network.city.corporation

    def stored() -> float | None:
        cell = KpiSnapshot.objects.filter(
            organisation=corporation, year=YEAR, area_code=GEMEENTE, indicator="meldingen_leefbaarheid"
        ).first()
        return None if cell is None else cell.value

    with django_capture_on_commit_callbacks(execute=True):
        take_meldingen(take_in, 2, IN_BUURT_1)
    assert stored() == 2
    with django_capture_on_commit_callbacks(execute=True):
        take_in(point=IN_BUURT_2, address="Rijnstraat 4", actor=None, received_at=moment(YEAR, 5, 1))
    assert stored() == 3
    assert _cell(_page(network["wijkbeheerder"]).content.decode(), BUURT_2, "meldingen_leefbaarheid") == "1"


def test_bijwerken_computes_the_figures_again(network: Network, take_in: Any, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    take_meldingen(take_in, 5, IN_BUURT_1)
    assert not KpiSnapshot.objects.exists()
    client = Client()
    client.force_login(network["coordinator"])
    answer = client.post(f"{PAGE}bijwerken/", {"organisatie": "woonstichting-test", "jaar": str(YEAR)})
    assert answer.status_code == 302
    html = client.get(answer["Location"]).content.decode()
    assert _cell(html, BUURT_1, "meldingen_leefbaarheid") == "5"
    refused = client.post(f"{PAGE}bijwerken/", {"organisatie": "woonstichting-anders", "jaar": str(YEAR)})
    assert refused.status_code == 404


def test_an_event_older_than_the_last_refresh_costs_no_new_refresh(network: Network, take_in: Any) -> None:
    corporation = network.city.corporation
    first = take_meldingen(take_in, 1, IN_BUURT_1)[0]
    before = events.Event("melding.created", {"melding": first.pk}, occurred_at=timezone.now())
    refresh(corporation, YEAR)
    stored = computed_at(corporation, YEAR)
    refresh_after_change(before)  # a burst's earlier event: the refresh above already saw it
    assert computed_at(corporation, YEAR) == stored
    refresh_after_change(events.Event("melding.created", {"melding": first.pk}, occurred_at=timezone.now()))
    assert computed_at(corporation, YEAR) > stored  # type: ignore[operator]


def test_the_page_speaks_english_too(network: Network, take_in: Any) -> None:
    take_meldingen(take_in, 9, IN_BUURT_1)
    take_meldingen(take_in, 2, IN_BUURT_2)
    refresh(network.city.corporation, YEAR)
    client = Client()
    client.force_login(network["wijkbeheerder"])
    html = client.get(PAGE, {"jaar": str(YEAR)}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Figures of reports and case files" in html
    assert _cell(html, BUURT_2, "meldingen_leefbaarheid") == "withheld"
