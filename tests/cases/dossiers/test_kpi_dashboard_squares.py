# SPDX-License-Identifier: EUPL-1.2
"""The KPI dashboard per 100 m square: the table a page at a time, busiest squares first, suppressed
squares "afgeschermd" on every page and in the map, and maps that follow a new snapshot."""

from __future__ import annotations

import re
from typing import Any

import pytest

from veerkracht.cases.models import Dossier, Melding
from veerkracht.cases.queries import kpi_dashboard
from veerkracht.cases.queries.kpis import kpi_values
from veerkracht.cases.services.kpi_snapshots import refresh
from veerkracht.geo.squares import square_id

from ..conftest import IN_BUURT_1, IN_BUURT_2
from .conftest import Network
from .test_kpi_dashboard import YEAR, _cell, _page
from .test_kpis import take_meldingen

pytestmark = pytest.mark.django_db
NUISANCE = "meldingen_overlast_intimidatie"
ELSEWHERE_IN_BUURT_1 = (100_250.0, 400_250.0)


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr data-area="([^"]+)">', html)


def _squares(network: Network, take_in: Any) -> dict[str, float | None]:
    """Three squares with 8, 6 and 2 meldingen overlast; per square what the KPI computation gives
    (None: suppressed)."""
    take_meldingen(take_in, 8, IN_BUURT_1)
    take_meldingen(take_in, 6, IN_BUURT_2)
    take_meldingen(take_in, 2, ELSEWHERE_IN_BUURT_1)
    corporation = network.city.corporation
    refresh(corporation, YEAR)
    expected = kpi_values(
        Melding.objects.filter(organisation=corporation),
        Dossier.objects.filter(organisation=corporation),
        YEAR,
    )
    rows = expected[(expected["level"] == "square") & (expected["indicator"] == NUISANCE)]
    return {str(r.area_code): None if r.suppressed else float(r.value) for r in rows.itertuples()}


def test_the_square_table_comes_a_page_at_a_time_busiest_first(
    network: Network, take_in: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _squares(network, take_in)
    assert len(expected) == 3
    small = square_id(*ELSEWHERE_IN_BUURT_1)
    assert expected[small] is None  # two meldingen: below the threshold
    shown = sorted((-v, code) for code, v in expected.items() if v is not None)
    order = [code for _v, code in shown] + sorted(code for code, v in expected.items() if v is None)
    monkeypatch.setattr(kpi_dashboard, "SQUARES_PER_PAGE", 2)
    first = _page(network["wijkbeheerder"], niveau="square").content.decode()
    second = _page(network["wijkbeheerder"], niveau="square", pagina="2").content.decode()
    assert _rows(first) == order[:2] and _rows(second) == order[2:]
    assert "Vierkanten 1 tot en met 2 van 3" in first and "Vierkanten 3 tot en met 3 van 3" in second
    assert "pagina=2#per-gebied" in first and "pagina=1#per-gebied" in second
    assert "pagina=3" not in first + second
    for html, codes in ((first, order[:2]), (second, order[2:])):
        for code in codes:
            value = expected[code]
            assert _cell(html, code, NUISANCE) == ("afgeschermd" if value is None else f"{value:g}")
    # The map draws every square on every page; the suppressed one grey, without its figure anywhere.
    for html in (first, second):
        assert all(f"<title>{code}: " in html for code in expected)
        assert f"<title>{small}: afgeschermd</title>" in html
        assert f"<title>{small}: 2</title>" not in html
        assert not re.search(rf'data-area="{small}">.*?>2<', html, re.S)


def test_the_squares_fit_one_page_without_paging_links(network: Network, take_in: Any) -> None:
    expected = _squares(network, take_in)
    html = _page(network["wijkbeheerder"], niveau="square").content.decode()
    assert sorted(_rows(html)) == sorted(expected)
    assert "Vierkanten 1 tot en met 3 van 3" in html and "pagina=" not in html
    # Per buurt the table comes whole, by name, without paging.
    per_buurt = _page(network["wijkbeheerder"], niveau="buurt").content.decode()
    assert "Vierkanten" not in per_buurt and "pagina=" not in per_buurt


def test_a_page_number_out_of_range_shows_the_last_page(
    network: Network, take_in: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _squares(network, take_in)
    monkeypatch.setattr(kpi_dashboard, "SQUARES_PER_PAGE", 2)
    for asked in ("9", "nonsense"):
        answer = _page(network["wijkbeheerder"], niveau="square", pagina=asked)
        assert answer.status_code == 200
    assert len(_rows(_page(network["wijkbeheerder"], niveau="square", pagina="9").content.decode())) == 1


def test_the_maps_follow_a_new_snapshot(network: Network, take_in: Any) -> None:
    take_meldingen(take_in, 6, IN_BUURT_2)
    refresh(network.city.corporation, YEAR)
    before = _page(network["wijkbeheerder"], niveau="square").content.decode()
    square = square_id(*IN_BUURT_2)
    assert f"<title>{square}: 6</title>" in before and "<title>Oostbuurt: 6</title>" in before
    take_meldingen(take_in, 1, IN_BUURT_2)
    refresh(network.city.corporation, YEAR)
    after = _page(network["wijkbeheerder"], niveau="square").content.decode()
    assert f"<title>{square}: 7</title>" in after and "<title>Oostbuurt: 7</title>" in after
