# SPDX-License-Identifier: EUPL-1.2
"""Keep each organisation's KPI snapshot up to date: what the KPI dashboard reads (ADR 0026).

The snapshot is ``queries.kpis`` over the organisation's own meldingen and dossiers (all confidentiality
levels, as the published values count them), suppressed before it is stored. It is written

- by a background subscriber after a melding arrives or a dossier changes: events that reached the worker
  before the last refresh started are skipped, so a burst of meldingen costs one or two refreshes, not one
  per melding (the debounce);
- by the nightly job and by the "bijwerken" button, for the current and the previous year.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from veerkracht.cases.models import Dossier, KpiSnapshot, Melding
from veerkracht.cases.queries.kpis import distinct_reporters, kpi_values
from veerkracht.cases.services.kpis import corporation_dwellings
from veerkracht.core import events
from veerkracht.core.calendar import local_day
from veerkracht.core.models import Organisation

#: The events after which an organisation's figures may have changed.
CHANGES = (
    "melding.created",
    "melding.reassigned",
    "dossier.opened",
    "dossier.closed",
    "dossier.reopened",
    "dossier.step_taken",
    "referral.shared",
)


def computed_at(organisation: Organisation | int, year: int) -> datetime | None:
    """When the organisation's figures of the year were last computed (None: never)."""
    found = KpiSnapshot.objects.filter(organisation=organisation, year=year).aggregate(
        moment=Max("computed_at")
    )
    return found["moment"]


def refresh(organisation: Organisation, year: int) -> int:
    """Compute and store the organisation's KPIs of a year; the number of cells stored."""
    started = timezone.now()
    meldingen = Melding.objects.filter(organisation=organisation)
    values = kpi_values(
        meldingen,
        Dossier.objects.filter(organisation=organisation),
        year,
        corporation_dwellings=corporation_dwellings(year),
        reporters=distinct_reporters(meldingen, year),
    )
    rows = [
        KpiSnapshot(
            organisation=organisation,
            year=year,
            area_code=str(row.area_code),
            level=str(row.level),
            indicator=str(row.indicator),
            value=None if bool(row.suppressed) or row.value != row.value else float(row.value),
            suppressed=bool(row.suppressed),
            computed_at=started,
        )
        for row in values.itertuples()
    ]
    with transaction.atomic():
        # Two workers refreshing one organisation at once would both delete, then both insert: the lock on
        # the organisation's row makes the second wait and then replace what the first stored.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        KpiSnapshot.objects.filter(organisation=organisation, year=year).delete()
        KpiSnapshot.objects.bulk_create(rows, batch_size=1000)
        if not rows:
            # An empty year still records when it was computed, so the page can say "stand van".
            KpiSnapshot.objects.create(
                organisation=organisation,
                year=year,
                area_code="",
                level="",
                indicator="",
                suppressed=True,
                computed_at=started,
            )
    return len(rows)


def refresh_all(years: Iterable[int] | None = None, *, now: datetime | None = None) -> int:
    """The nightly job: this year's and last year's figures of each organisation with cases; cells stored."""
    current = local_day(now or timezone.now()).year
    stored = 0
    having = Organisation.objects.filter(
        Exists(Melding.objects.filter(organisation=OuterRef("pk")))
        | Exists(Dossier.objects.filter(organisation=OuterRef("pk")))
    )
    for organisation in having.order_by("pk"):
        for year in sorted(set(years or (current - 1, current))):
            stored += refresh(organisation, year)
    return stored


def register() -> None:
    """Subscribe the refresh to the events that change figures (from ``CasesConfig.ready``)."""
    for name in CHANGES:
        events.subscribe(name, refresh_after_change, background=True)


def refresh_after_change(event: events.Event) -> None:
    """Refresh the figures the event touched, unless a refresh started after the event happened."""
    payload = event.payload
    found: Melding | Dossier | None = None
    if "melding" in payload:
        found = Melding.objects.select_related("organisation").filter(pk=payload["melding"]).first()
        moment = found.received_at if found else None
    elif "dossier" in payload:
        found = Dossier.objects.select_related("organisation").filter(pk=payload["dossier"]).first()
        moment = found.opened_at if found else None
    if found is None or moment is None:
        return
    years = {local_day(moment).year, local_day(event.occurred_at).year}
    for year in sorted(years):
        last = computed_at(found.organisation_id, year)
        if last is not None and last >= event.occurred_at:
            continue  # coalesced: a later refresh already saw this change
        refresh(found.organisation, year)
