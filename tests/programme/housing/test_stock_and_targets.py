# SPDX-License-Identifier: EUPL-1.2
"""The DAEB stock of seed 003 per corporation and segment, its city totals, and the 80% target checked."""

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client

from veerkracht.core.models import User
from veerkracht.programme.models import HousingTable, StockFigure
from veerkracht.programme.queries.housing import accessibility_overview, describe, stock_overview
from veerkracht.programme.targets import check_share

pytestmark = pytest.mark.django_db

# Seed 003, chapter 1: "Aantallen zelfstandige DAEB woningen in Maastricht in 2026" (the Totaal column) and
# "Ontwikkeling ... in de periode 2022-2026" (its Totaal column).
SEED_2026 = {
    "goedkoop": 2335,
    "betaalbaar_1": 10775,
    "betaalbaar_2": 3415,
    "tot_liberalisatiegrens": 3623,
    "boven_liberalisatiegrens": 123,
}
SEED_CHANGE = {
    "goedkoop": -194,
    "betaalbaar_1": -271,
    "betaalbaar_2": 277,
    "tot_liberalisatiegrens": 968,
    "boven_liberalisatiegrens": -66,
}
# The two 2026 rows whose printed corporation cells do not add up to the printed total (the data file's header
# explains): the sum of the cells, and the printed total.
UNEVEN_2026 = {"tot_liberalisatiegrens": (3549, 3623), "boven_liberalisatiegrens": (196, 123)}


def _overview() -> object:
    return stock_overview(HousingTable.objects.get(slug="maastricht-daeb-2022-2026"))


def _block(overview: object, measure: str, period: str) -> object:
    return next(
        b
        for b in overview.blocks
        if b.measure == measure and f"{b.from_year}-{b.year}" == period  # type: ignore[attr-defined]
    )


def test_the_city_totals_of_every_year_and_segment_reproduce_seed_003(maastricht_content: str) -> None:
    overview = _overview()
    stand = {row.segment: row for row in _block(overview, "stand", "2026-2026").rows}  # type: ignore[attr-defined]
    change = {row.segment: row for row in _block(overview, "ontwikkeling", "2022-2026").rows}  # type: ignore[attr-defined]
    for segment, printed in SEED_2026.items():
        # The city total the source prints is kept and shown for every segment ...
        assert stand[segment].reported == printed, segment
        # ... and it is the sum of the corporations wherever the source's own cells add up to it.
        summed, _printed = UNEVEN_2026.get(segment, (printed, printed))
        assert stand[segment].total == summed, segment
    for segment, printed in SEED_CHANGE.items():
        assert change[segment].total == printed == change[segment].reported, segment
    assert [(c, n) for c, n in _block(overview, "stand", "2026-2026").column_totals] == [  # type: ignore[attr-defined]
        ("Servatius", 9070),
        ("Woonpunt", 7601),
        ("Maasvallei", 3093),
        ("Wonen Limburg", 506),
    ]


def test_the_stand_before_the_period_is_derived_and_marked_so(maastricht_content: str) -> None:
    derived = StockFigure.objects.filter(year=2021, measure="stand")
    assert derived.count() == 20 and all(f.derived for f in derived)
    block = _block(_overview(), "stand", "2021-2021")
    totals = {row.segment: row.total for row in block.rows}  # type: ignore[attr-defined]
    assert totals["goedkoop"] == 2335 + 194 and totals["betaalbaar_2"] == 3415 - 277
    assert block.derived  # type: ignore[attr-defined]


def test_the_80_percent_target_is_met_in_2026_by_one_and_a_half_point(maastricht_content: str) -> None:
    outcome = next(o for o in _overview().outcomes if o.year == 2026)  # type: ignore[attr-defined]
    assert outcome.target.agreement_code == "1c"
    assert outcome.check.met
    assert (outcome.check.part, outcome.check.whole) == (16525, 20270)
    assert outcome.check.points.quantize(Decimal("0.1")) == Decimal("1.5")
    assert outcome.check.dwellings == 309
    assert outcome.sentence == (
        "Gehaald. 81,5 procent (16.525 van 20.270 woningen) valt hieronder; de norm is minstens 80 procent. "
        "Dat is 1,5 procentpunt boven de norm: 309 woningen meer dan nodig."
    )


def test_the_stock_page_shows_the_figures_the_differences_and_the_verdict(
    maastricht_content: str,
    person: Callable[..., User],
    client_of: Callable[[User], Client],
    read: Callable[[Client, str], str],
) -> None:
    text = read(client_of(person("bea", "bestuurder")), "/programma/woningvoorraad/")
    assert "Gehaald. 81,5 procent (16.525 van 20.270 woningen)" in text
    assert "309 woningen meer dan nodig" in text
    assert (
        "Huur tot de liberalisatiegrens: de bron noemt 3.623, de corporaties samen 3.549 (verschil 74)."
        in text
    )
    assert "Goedkoop (tot de kwaliteitskortingsgrens; VERA GOE) 760 929 469 177 2.335" in text
    assert "Pottenberg 15 — — — +142" in text
    assert "4.689 (bron: 4.692)" in text


@pytest.mark.parametrize(
    ("part", "whole", "norm", "comparison", "met", "dwellings"),
    [
        (800, 1000, 80, "at_least", True, 0),  # exactly at the norm meets it
        (799, 1000, 80, "at_least", False, -1),
        (801, 1000, 80, "at_least", True, 1),
        (200, 1000, 20, "at_most", True, 0),
        (201, 1000, 20, "at_most", False, -1),
        (1, 3, Decimal("33.34"), "at_least", False, -1),  # 1.0002 dwellings needed: two are
    ],
)
def test_a_target_is_met_on_one_side_of_its_norm_and_not_on_the_other(
    part: int, whole: int, norm: Decimal, comparison: str, met: bool, dwellings: int
) -> None:
    check = check_share(part, whole, Decimal(norm), comparison)
    assert (check.met, check.dwellings) == (met, dwellings)


def test_a_missed_target_says_by_how_much_in_plain_dutch() -> None:
    text = describe(check_share(7800, 10000, Decimal(80), "at_least"))
    assert text.startswith("Niet gehaald. 78,0 procent")
    assert "2,0 procentpunt onder de norm: 200 woningen te weinig." in text
    over = describe(check_share(2100, 10000, Decimal(20), "at_most"))
    assert over.startswith("Niet gehaald.") and "100 woningen te veel" in over


def test_the_bat_table_keeps_every_class_of_the_stand_and_the_development_without_a_class(
    maastricht_content: str,
) -> None:
    overview = accessibility_overview(HousingTable.objects.get(slug="maastricht-zorggeschiktheid-2022-2026"))
    rows = {row.area_name: row for row in overview.rows}
    assert rows["Malpertuis"].stand == {"BAT1": 19, "BAT2": 107, "BAT4": 79}
    assert rows["Malpertuis"].development == 140 and rows["Malpertuis"].development_classes == {}
    assert overview.totals == {"BAT1": 4689, "BAT2": 425, "BAT3": 136, "BAT4": 972}
    assert overview.reported["BAT1"] == 4692
    assert overview.development_total == overview.development_reported == 1216
    assert len(overview.rows) == 31
