# SPDX-License-Identifier: EUPL-1.2
"""The demo's dossiers: two corporations, a dossier on every step of the ladder, referrals, evictions."""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely
from django.utils import timezone

from veerkracht.areas.models import AreaLevel
from veerkracht.cases.models import Dossier, Referral
from veerkracht.cases.queries.chronology import chronology
from veerkracht.cases.queries.ladder import position
from veerkracht.cases.services.retention import run_retention
from veerkracht.core.models import User
from veerkracht.demo.people import create_demo_people
from veerkracht.demo.synthetic_dossiers import PATH, build_synthetic_dossiers
from veerkracht.indicators.models import ImportRun
from veerkracht.indicators.services import sync_catalogue

from ..conftest import GEMEENTE, WIJK, _area

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(data_dir: Path) -> str:
    gemeente = _area(
        GEMEENTE, "Veerstad", AreaLevel.GEMEENTE, shapely.box(99_000, 399_000, 103_000, 402_000), None
    )
    wijk = _area(WIJK, "Centrum", AreaLevel.WIJK, shapely.box(100_000, 400_000, 102_000, 401_000), gemeente)
    buurt = _area("BU99900101", "Oud", AreaLevel.BUURT, shapely.box(100_000, 400_000, 101_000, 401_000), wijk)
    _area("BU99900102", "Nieuw", AreaLevel.BUURT, shapely.box(101_000, 400_000, 102_000, 401_000), wijk)
    for code, x in (("VS-1", 100_100), ("VS-2", 100_400), ("VS-3", 100_700)):
        _area(code, f"Complex {code}", AreaLevel.COMPLEX, shapely.box(x, 400_100, x + 200, 400_300), buurt)
    sync_catalogue()
    create_demo_people()
    return build_synthetic_dossiers(2021)


def test_each_corporation_has_a_dossier_on_every_step_of_the_ladder_and_an_eviction_case(built: str) -> None:
    assert built.startswith("dossiers: 22 leefbaarheidsdossiers van 2 corporaties")
    for name in ("Woonstichting Maasoever", "Woonvereniging Heuvelrand"):
        found = Dossier.objects.filter(organisation__name=name, dossier_type="overlast", is_open=True)
        standing = set()
        for dossier in found:
            place = position(dossier)
            assert place is not None
            standing.add(place.current)
        assert standing == set(PATH), name
    # The eviction cases, with their full history.
    evictions = Dossier.objects.filter(outcome="huurovereenkomst_beeindigd")
    assert evictions.count() == 2
    coordinator = User.objects.get(username="teamleider")
    dossier = evictions.get(organisation__name="Woonstichting Maasoever")
    titles = [entry.title for entry in chronology(coordinator, dossier).entries]
    for expected in ("Hoor en wederhoor", "Brief", "Stopgesprek", "Allonge", "Beëindiging huurovereenkomst"):
        assert any(expected in title for title in titles), expected
    assert titles[-1] == "Gesloten"


def test_referrals_go_under_a_covenant_retention_has_work_and_the_kpis_are_published(built: str) -> None:
    kinds = set(Referral.objects.values_list("partner_kind", "covenant__name"))
    assert ("debt_help", "Convenant vroegsignalering schulden Veerstad") in kinds
    assert ("mediation", "Convenant Leefbare Wijken Veerstad") in kinds
    assert Referral.objects.filter(legal_basis="covenant").count() == Referral.objects.count() == 18
    # Some demo dossiers are past their retention, and the KPIs of both years are published.
    report = run_retention(dry_run=True, now=timezone.now())
    assert len(report.dossiers) == 4  # resolved in January and February 2024
    assert set(ImportRun.objects.filter(connector="meldingen").values_list("source_name", flat=True)) == {
        "Meldingen en dossiers 2024 (definitief)",
        "Meldingen en dossiers 2025 (definitief)",
    }
    assert build_synthetic_dossiers(2021) == "dossiers: al aanwezig"
