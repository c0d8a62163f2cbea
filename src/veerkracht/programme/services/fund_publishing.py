# SPDX-License-Identifier: EUPL-1.2
"""The fund's figures per buurt in the value store, beside the open data (through ``publish_values``).

Per buurt of the fund's gemeente and per year of the award decision: the amount awarded and the number of
initiatives awarded. Small numbers are protected where all figures are: the catalogue's privacy rule
suppresses both indicators where fewer than 5 initiatives stand behind them (an amount of one initiative is
that initiative's grant). Published as the fund holder's own figures; the same figures are not stored twice.
"""

import pandas as pd
from django.utils import timezone

from veerkracht.core.models import User
from veerkracht.indicators.models import ImportRun
from veerkracht.indicators.services import AlreadyImported, publish_values
from veerkracht.programme.models import Application, Fund
from veerkracht.programme.queries.fund import COMMITTED, fund_buurten

AMOUNT = "leefbaarheidsfonds_toegekend"
INITIATIVES = "leefbaarheidsfonds_initiatieven"


def fund_values(fund: Fund) -> pd.DataFrame:
    """The fund's figures in the value store's columns: every buurt, every year with an award."""
    awarded = Application.objects.filter(
        fund=fund, status__in=COMMITTED, decided_at__isnull=False
    ).values_list("buurt__code", "decided_at", "awarded_amount")
    per: dict[tuple[str, int], list[float]] = {}  # (buurt, year) -> [amount, initiatives]
    years: set[int] = set()
    for code, decided_at, awarded_amount in awarded:
        year = timezone.localtime(decided_at).year
        years.add(year)
        figures = per.setdefault((code, year), [0.0, 0.0])
        figures[0] += float(awarded_amount or 0)
        figures[1] += 1
    rows = []
    for code in fund_buurten(fund).values_list("code", flat=True):
        for year in sorted(years):
            amount, count = per.get((code, year), [0.0, 0.0])
            rows.append((code, "buurt", AMOUNT, year, amount))
            rows.append((code, "buurt", INITIATIVES, year, count))
    return pd.DataFrame(rows, columns=["area_code", "level", "indicator", "period", "value"])


def publish_fund_values(fund: Fund, *, actor: User | None = None) -> ImportRun | None:
    """Publish the fund's current figures; None when there is nothing (new) to publish.

    Must not run inside a transaction (the value store writes files beside the database).
    """
    values = fund_values(fund)
    if values.empty:
        return None
    try:
        return publish_values(
            values,
            f"leefbaarheidsfonds {fund.slug}",
            fund.holder,
            actor=actor,
            connector="programme.fund",
            source_format="leefbaarheidsfonds",
            synthetic=fund.synthetic,
            notes=[f"{fund.name}: toegekend bedrag en aantal initiatieven per buurt en jaar van het besluit"],
        )
    except AlreadyImported:
        return None


def publish_all_funds() -> int:
    """Publish every fund's figures (the periodic job); return how many funds published new figures."""
    return sum(publish_fund_values(fund) is not None for fund in Fund.objects.all())
