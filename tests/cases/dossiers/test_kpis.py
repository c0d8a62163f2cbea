# SPDX-License-Identifier: EUPL-1.2
"""KPIs per area and year: what they count, small cells suppressed either side of the threshold, published."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from veerkracht.cases.models import Dossier, Melding
from veerkracht.cases.queries.kpis import PUBLISHED, distinct_reporters, kpi_values
from veerkracht.cases.services.intake import Reporter
from veerkracht.cases.services.kpis import is_final, publish_due, publish_kpis
from veerkracht.cases.services.transitions import transition
from veerkracht.core.periodic import periodic_jobs
from veerkracht.indicators.models import ImportRun, Indicator
from veerkracht.indicators.queries import current_values
from veerkracht.indicators.services import publish_values, sync_catalogue

from ..conftest import BUURT_1, BUURT_2, GEMEENTE, IN_BUURT_1, IN_BUURT_2, WIJK, moment
from .conftest import Network

pytestmark = pytest.mark.django_db
YEAR = 2026


def take_meldingen(take_in: Any, n: int, point: tuple[float, float], **kwargs: Any) -> list[Melding]:
    """``n`` meldingen (overlast, geluid unless given) at ``point`` from different neighbours in March."""
    category = kwargs.pop("category", "overlast")
    subcategory = kwargs.pop("subcategory", "geluid")
    return [
        take_in(
            category,
            subcategory,
            point=point,
            address=f"Straat {point[0]:.0f} {i}",
            actor=None,
            received_at=moment(YEAR, 3, 2 + i),
            reporter=Reporter(kind="neighbour", email=f"melder{i}@example.nl"),
            **kwargs,
        )
        for i in range(n)
    ]


def _value(values: pd.DataFrame, indicator: str, area: str) -> float | None:
    row = values[(values["indicator"] == indicator) & (values["area_code"] == area)]
    assert len(row) == 1, (indicator, area, row)
    return None if bool(row["suppressed"].iloc[0]) else float(row["value"].iloc[0])


def test_every_published_kpi_is_in_the_catalogue() -> None:
    from veerkracht.indicators.connectors.catalogue import catalogue_index

    assert set(PUBLISHED) <= set(catalogue_index())


def test_counts_at_or_above_the_threshold_are_published_at_every_level(
    network: Network, take_in: Any
) -> None:
    take_meldingen(take_in, 5, IN_BUURT_1)
    take_meldingen(take_in, 5, IN_BUURT_2)
    values = kpi_values(Melding.objects.all(), Dossier.objects.none(), YEAR)
    assert _value(values, "meldingen_leefbaarheid", BUURT_1) == 5
    assert _value(values, "meldingen_leefbaarheid", BUURT_2) == 5
    assert _value(values, "meldingen_leefbaarheid", WIJK) == 10
    assert _value(values, "meldingen_leefbaarheid", GEMEENTE) == 10
    assert _value(values, "meldingen_sociaal_preventief", GEMEENTE) == 10
    assert _value(values, "meldingen_overlast_intimidatie", BUURT_2) == 5
    squares = values[(values["level"] == "square") & (values["indicator"] == "meldingen_leefbaarheid")]
    assert sorted(squares["value"].tolist()) == [5.0, 5.0]
    assert not values["area_code"].str.contains("~").any()


def test_a_count_below_the_threshold_is_blanked_and_cannot_be_derived_from_its_neighbours(
    network: Network, take_in: Any
) -> None:
    take_meldingen(take_in, 6, IN_BUURT_1)
    take_meldingen(take_in, 2, IN_BUURT_2)
    values = kpi_values(Melding.objects.all(), Dossier.objects.none(), YEAR)
    assert _value(values, "meldingen_leefbaarheid", BUURT_2) is None
    wijk = _value(values, "meldingen_leefbaarheid", WIJK)
    buurt_1 = _value(values, "meldingen_leefbaarheid", BUURT_1)
    # wijk minus buurt 1 would give buurt 2 away: one of them is hidden too.
    assert wijk is None or buurt_1 is None
    # The share of meldingen acknowledged in time goes where its counts go.
    assert _value(values, "aandeel_tijdig_bevestigd", BUURT_2) is None


def test_the_threshold_is_a_setting(network: Network, take_in: Any, settings: Any) -> None:
    take_meldingen(take_in, 2, IN_BUURT_2)
    settings.VEERKRACHT_PRIVACY_THRESHOLD = 2
    values = kpi_values(Melding.objects.all(), Dossier.objects.none(), YEAR)
    assert _value(values, "meldingen_leefbaarheid", BUURT_2) == 2
    settings.VEERKRACHT_PRIVACY_THRESHOLD = 3
    values = kpi_values(Melding.objects.all(), Dossier.objects.none(), YEAR)
    assert _value(values, "meldingen_leefbaarheid", BUURT_2) is None


def test_repeated_dwellings_distinct_reporters_and_acknowledgements_in_time(
    network: Network, take_in: Any, settings: Any
) -> None:
    settings.VEERKRACHT_PRIVACY_THRESHOLD = 1
    same = [
        take_in(
            point=IN_BUURT_1,
            address="Maasstraat 1",
            actor=None,
            received_at=moment(YEAR, 2, day),
            reporter=who,
        )
        for day, who in (
            (2, Reporter(kind="tenant", email="a@example.nl")),
            (3, Reporter(kind="tenant", email="A@Example.nl ")),
            (4, Reporter(kind="anonymous")),
        )
    ]
    take_in(point=IN_BUURT_1, address="Maasstraat 3", actor=None, received_at=moment(YEAR, 2, 5))
    transition(same[0], "acknowledge", actor=None, at=same[0].received_at + timedelta(hours=1))
    transition(same[1], "acknowledge", actor=None, at=same[1].received_at + timedelta(days=10))
    assert distinct_reporters(Melding.objects.all(), YEAR) == {GEMEENTE: 3}  # a@, anonymous, Jan Jansen
    values = kpi_values(Melding.objects.all(), Dossier.objects.none(), YEAR, reporters={GEMEENTE: 3})
    assert _value(values, "woningen_herhaalde_meldingen", BUURT_1) == 1
    assert _value(values, "meldingen_tijdig_bevestigd", BUURT_1) == 1
    assert _value(values, "aandeel_tijdig_bevestigd", BUURT_1) == 25.0
    assert _value(values, "melders_leefbaarheid", GEMEENTE) == 3
    assert values[values["indicator"] == "melders_leefbaarheid"]["level"].tolist() == ["gemeente"]


def test_dossier_kpis_count_dossiers_referrals_steps_and_evictions_in_the_dossiers_place(
    network: Network, nuisance: Dossier, settings: Any
) -> None:
    from veerkracht.cases.services.ladder import take_step
    from veerkracht.cases.services.referrals import NewReferral, refer

    settings.VEERKRACHT_PRIVACY_THRESHOLD = 1
    refer(
        nuisance,
        NewReferral(network.kredietbank, "debt_help", "Hulp", ["adres"], covenant=network.covenant),
        actor=None,
    )
    take_step(
        nuisance,
        "beeindiging_huurovereenkomst",
        outcome="ontruimd",
        actor=network["coordinator"],
        skip_reason="Drugshandel",
        approved_by=network["coordinator"],
    )
    year = nuisance.opened_at.year
    values = kpi_values(Melding.objects.none(), Dossier.objects.all(), year)
    for code in ("dossiers_geopend", "doorverwijzingen", "ladderstappen", "huisuitzettingen"):
        assert _value(values, code, nuisance.buurt_code) == 1, code


def test_kpis_go_to_the_value_store_with_the_nuisance_rate_per_corporation_dwelling(
    network: Network, take_in: Any, data_dir: Path
) -> None:
    sync_catalogue()
    publish_values(
        pd.DataFrame(
            {
                "area_code": [BUURT_1, BUURT_2],
                "level": "buurt",
                "indicator": "woningen_corporatie",
                "period": YEAR - 1,
                "value": [250.0, 0.0],
            }
        ),
        "corporatiebezit.csv",
        network.city.corporation,
    )
    take_meldingen(take_in, 5, IN_BUURT_1)
    take_meldingen(take_in, 5, IN_BUURT_2)
    run = publish_kpis(YEAR, final=False)
    assert run is not None and run.organisation is None and run.connector == "meldingen"
    stored = current_values(indicators=list(PUBLISHED), periods=[YEAR])
    rate = stored[(stored["indicator"] == "meldingen_overlast_per_1000_corporatiewoningen")]
    assert rate.set_index("area_code")["value"].to_dict() == {
        BUURT_1: 20.0
    }  # no rate without corporation stock
    assert set(stored["level"]) == {"gemeente", "wijk", "buurt", "square"}
    assert Indicator.objects.filter(code__in=PUBLISHED).count() == len(PUBLISHED)
    assert publish_kpis(YEAR, final=False) is None  # the same figures again: nothing new
    final = publish_kpis(YEAR, final=True)
    assert final is not None and is_final(YEAR)
    take_meldingen(take_in, 1, IN_BUURT_1)
    assert publish_kpis(YEAR, final=False) is None  # a final year is never published again
    assert ImportRun.objects.filter(connector="meldingen").count() == 2


def test_the_periodic_job_publishes_this_year_and_is_registered(
    network: Network, take_in: Any, data_dir: Path
) -> None:
    sync_catalogue()
    take_meldingen(take_in, 5, IN_BUURT_1)
    runs = publish_due(now=moment(YEAR, 11, 27))
    assert [run.source_name for run in runs] == [f"Meldingen en dossiers {YEAR} (voorlopig)"]
    names = {job.name for job in periodic_jobs()}
    assert {"cases.kpis", "cases.retention", "cases.referrals"} <= names
