# SPDX-License-Identifier: EUPL-1.2
"""Publish the meldingen and dossier KPIs to the value store, beside open data (seed 004 §6, DESIGN §4).

One run per year over the meldingen and dossiers of every organisation, suppressed before it leaves
(``queries.kpis``): the value store keeps one value per area, indicator and year, so the corporations of
a city share one figure per buurt, as seed 001 Kaart 2-18 shows them together (ADR 0021). The current
year is published as provisional and again whenever its figures change; a year becomes final a month
after it ended (``VEERKRACHT_KPI_FINAL_AFTER_DAYS``) and is never published again after that, so the
statistics survive retention: before retention anonymises anything, the years it touches are made final.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
from django.conf import settings
from django.utils import timezone

from veerkracht.cases.models import Dossier, Melding
from veerkracht.cases.queries.kpis import CORPORATION_DWELLINGS, distinct_reporters, kpi_values
from veerkracht.core.calendar import local_day
from veerkracht.datafolder import is_demo
from veerkracht.indicators.models import ImportRun
from veerkracht.indicators.publishing import AlreadyImported, publish_values
from veerkracht.indicators.queries import current_values

CONNECTOR = "meldingen"


def source_name(year: int, *, final: bool) -> str:
    return f"Meldingen en dossiers {year}" + (" (definitief)" if final else " (voorlopig)")


def is_final(year: int) -> bool:
    """Whether the year's KPIs were published as final (and so are never published again)."""
    return ImportRun.objects.filter(
        connector=CONNECTOR, source_name=source_name(year, final=True), status=ImportRun.Status.SUCCEEDED
    ).exists()


def corporation_dwellings(year: int) -> pd.DataFrame:
    """The corporation stock per area from the value store: the latest year up to ``year``."""
    values = current_values(indicators=[CORPORATION_DWELLINGS])
    values = values[(values["period"] <= year) & values["value"].notna()]
    if values.empty:
        return pd.DataFrame(columns=["area_code", "value"])
    latest = values.sort_values("period").groupby("area_code").tail(1)
    return latest[["area_code", "value"]]


def year_values(year: int) -> pd.DataFrame:
    """The suppressed KPIs of a year over all organisations, in the value store's columns."""
    meldingen = Melding.objects.all()
    return kpi_values(
        meldingen,
        Dossier.objects.all(),
        year,
        corporation_dwellings=corporation_dwellings(year),
        reporters=distinct_reporters(meldingen, year),
    )


def publish_kpis(year: int, *, final: bool) -> ImportRun | None:
    """Publish a year's KPIs; None when there is nothing, when the same figures are there, or it is final.

    Must not run inside a transaction (the value store writes files).
    """
    if is_final(year):
        return None
    values = year_values(year)
    if values.empty:
        return None
    try:
        return publish_values(
            values,
            source_name(year, final=final),
            None,
            connector=CONNECTOR,
            source_format="meldingen",
            notes=["kleine aantallen afgeschermd (minder dan de privacydrempel)"],
            synthetic=is_demo(Path(settings.DATA_DIR)),
        )
    except AlreadyImported:
        if not final:
            return None
        # The same figures as the last provisional run: publish them once more, now as final.
        return publish_values(
            values,
            source_name(year, final=True),
            None,
            connector=CONNECTOR,
            source_format="meldingen",
            notes=["kleine aantallen afgeschermd (minder dan de privacydrempel)"],
            synthetic=is_demo(Path(settings.DATA_DIR)),
            force=True,
        )


def final_after() -> timedelta:
    return timedelta(days=int(getattr(settings, "VEERKRACHT_KPI_FINAL_AFTER_DAYS", 31)))


def publish_due(*, now: datetime | None = None) -> list[ImportRun]:
    """The periodic job: the current year provisionally, last year finally once a month has passed."""
    moment = now or timezone.now()
    year = local_day(moment).year
    runs = []
    start_of_year = timezone.make_aware(datetime(year, 1, 1))
    previous_final = moment - start_of_year >= final_after()
    for target, final in ((year - 1, previous_final), (year, False)):
        run = publish_kpis(target, final=final)
        if run is not None:
            runs.append(run)
    return runs


def publish_final_years(years: Iterable[int], *, now: datetime | None = None) -> list[int]:
    """Make sure these years are published as final (retention calls this before anonymising)."""
    moment = now or timezone.now()
    done = []
    for year in sorted(set(years)):
        if year >= local_day(moment).year or is_final(year):
            continue
        if publish_kpis(year, final=True) is not None:
            done.append(year)
    return done
