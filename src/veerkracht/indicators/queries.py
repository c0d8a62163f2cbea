# SPDX-License-Identifier: EUPL-1.2
"""Reads of indicator values: the current values of all active imports, from the Parquet store."""

from collections.abc import Sequence

import pandas as pd

from veerkracht.indicators.models import ImportRun, Indicator
from veerkracht.indicators.services import value_store


def active_runs() -> list[int]:
    """Ids of the imports whose values count, oldest first (a later run wins over an earlier one)."""
    return list(
        ImportRun.objects.filter(status=ImportRun.Status.SUCCEEDED, active=True)
        .order_by("id")
        .values_list("id", flat=True)
    )


def current_values(
    *,
    indicators: Sequence[str] | None = None,
    levels: Sequence[str] | None = None,
    periods: Sequence[int] | None = None,
    area_codes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The values that count now: for each area, indicator and period the latest active import's value."""
    return value_store().query(
        active_runs(), indicators=indicators, levels=levels, periods=periods, area_codes=area_codes
    )


def catalogue_specs() -> list[dict[str, object]]:
    """The catalogue as dicts the monitor understands (IndicatorSpec.from_dict)."""
    specs = []
    for indicator in Indicator.objects.all():
        spec: dict[str, object] = {"code": indicator.code, "kind": indicator.kind, "label": indicator.name_nl}
        for name in ("numerator", "denominator", "weight"):
            if getattr(indicator, name):
                spec[name] = getattr(indicator, name)
        if indicator.direction != Indicator.Direction.NEUTRAL:
            spec["direction"] = indicator.direction
        spec["privacy"] = {
            "minimum_count": indicator.privacy_minimum_count,
            "applies_to": list(indicator.privacy_applies_to),
        }
        specs.append(spec)
    return specs


def imported_periods() -> list[int]:
    """The years for which active imports hold values, oldest first."""
    years: set[int] = set()
    for periods in ImportRun.objects.filter(status=ImportRun.Status.SUCCEEDED, active=True).values_list(
        "periods", flat=True
    ):
        years.update(int(period) for period in periods or ())
    return sorted(years)
