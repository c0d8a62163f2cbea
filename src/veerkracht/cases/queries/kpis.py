# SPDX-License-Identifier: EUPL-1.2
"""The KPIs of seed 004 §6 per area and year, with small cells suppressed by the monitor's rules.

Counts per gemeente, wijk, buurt and 100 m square of: meldingen (all, per pillar, nuisance and
intimidation), dwellings with repeated meldingen, dossiers opened and closed, referrals, ladder steps,
evictions, meldingen acknowledged and answered in time (and their shares), nuisance per 1,000 corporation
dwellings where the value store knows the corporation stock, and distinct reporters per gemeente. Every
cell that could disclose fewer than ``VEERKRACHT_PRIVACY_THRESHOLD`` meldingen, dwellings or people is
blanked with primary and complementary suppression (``monitor.suppression``) before anything leaves: the
published values and a person's dashboard alike. A dashboard counts only what the person may read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from veerkracht.areas.models import AreaLevel
from veerkracht.areas.queries import valid_in
from veerkracht.cases.models import Clock, ClockKind, Dossier, LadderStep, Melding, Referral
from veerkracht.core.calendar import AMSTERDAM
from veerkracht.monitor.suppression import suppress

PILLARS = {
    "fysieke_woonomgeving": "meldingen_fysiek",
    "sociaal_preventief": "meldingen_sociaal_preventief",
    "sociaal_repressief": "meldingen_sociaal_repressief",
    "samen_wonen": "meldingen_samen_wonen",
}
NUISANCE_CATEGORIES = ("overlast", "burenruzie")
COUNTS = (
    "meldingen_leefbaarheid",
    *PILLARS.values(),
    "meldingen_overlast_intimidatie",
    "woningen_herhaalde_meldingen",
    "dossiers_geopend",
    "dossiers_gesloten",
    "doorverwijzingen",
    "ladderstappen",
    "huisuitzettingen",
    "meldingen_tijdig_bevestigd",
    "meldingen_tijdig_teruggekoppeld",
)
SHARES = {
    "aandeel_tijdig_bevestigd": ("meldingen_tijdig_bevestigd", "meldingen_leefbaarheid", 100.0),
    "aandeel_tijdig_teruggekoppeld": ("meldingen_tijdig_teruggekoppeld", "meldingen_leefbaarheid", 100.0),
}
NUISANCE_RATE = "meldingen_overlast_per_1000_corporatiewoningen"
REPORTERS = "melders_leefbaarheid"
CORPORATION_DWELLINGS = "woningen_corporatie"
PUBLISHED = (*COUNTS, *SHARES, NUISANCE_RATE, REPORTERS)
_PLACE = ("gemeente_code", "wijk_code", "buurt_code", "square_id")
# Areas that only make the equations add up (what has no buurt, what has no square) carry this mark and
# are never published.
REMAINDER = "~"


def threshold() -> int:
    return int(getattr(settings, "VEERKRACHT_PRIVACY_THRESHOLD", 5))


def year_bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1, tzinfo=AMSTERDAM), datetime(year + 1, 1, 1, tzinfo=AMSTERDAM)


def _on_time(kind: str) -> Exists:
    return Exists(
        Clock.objects.filter(
            melding=OuterRef("pk"),
            kind=kind,
            sequence=1,
            frozen_at__isnull=False,
            frozen_at__lte=F("deadline"),
        )
    )


def _counted_in_sql(rows: Iterable[dict[str, Any]], codes: Iterable[str]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=[*_PLACE, *codes])
    return frame.fillna(dict.fromkeys(_PLACE, "")).fillna(0)


def melding_events(meldingen: QuerySet[Melding], year: int) -> pd.DataFrame:
    """Per place, how many meldingen received in the year add to each count (counted in the database).

    A place is a (gemeente, wijk, buurt, square) combination. The database groups and counts, so the
    rows that travel are the places, not the meldingen (issue 10's dashboard over 100,000 dossiers).
    """
    start, end = year_bounds(year)
    received = meldingen.filter(received_at__gte=start, received_at__lt=end).order_by()

    def count(condition: Any) -> Sum:
        return Sum(Case(When(condition, then=1), default=0, output_field=IntegerField()))

    counts: dict[str, Any] = {"meldingen_leefbaarheid": Count("id")}
    for pillar, code in PILLARS.items():
        counts[code] = count(Q(pillar=pillar))
    counts["meldingen_overlast_intimidatie"] = count(Q(category__in=NUISANCE_CATEGORIES))
    counts["meldingen_tijdig_bevestigd"] = count(_on_time(ClockKind.ACKNOWLEDGEMENT))
    counts["meldingen_tijdig_teruggekoppeld"] = count(_on_time(ClockKind.FEEDBACK))
    frame = _counted_in_sql(received.values(*_PLACE).annotate(**counts), counts)
    # A dwelling with repeated meldingen counts once, in the place of its first melding of the year: a
    # window numbers each address's meldingen, so one pass finds the first of every repeated address.
    keyed = received.exclude(address_key="")
    firsts = keyed.annotate(
        rank=Window(RowNumber(), partition_by=F("address_key"), order_by=[F("received_at"), F("id")]),
        repeats=Window(Count("id"), partition_by=F("address_key")),
    ).filter(rank=1, repeats__gt=1)
    dwellings = _counted_in_sql(
        Melding.objects.filter(pk__in=Subquery(firsts.values("pk")))
        .order_by()
        .values(*_PLACE)
        .annotate(woningen_herhaalde_meldingen=Count("id")),
        ["woningen_herhaalde_meldingen"],
    )
    return pd.concat([frame, dwellings], ignore_index=True).fillna(0)


def dossier_events(dossiers: QuerySet[Dossier], year: int) -> pd.DataFrame:
    """Per place, dossiers opened and closed, referrals, ladder steps and evictions in the year.

    Counts that read the same rows share one query (conditional counts): one pass over the dossiers, one
    over the steps.
    """
    start, end = year_bounds(year)
    parts = []

    def add(found: QuerySet[Any], counts: dict[str, Any], prefix: str = "") -> None:
        place = [f"{prefix}{name}" for name in _PLACE]
        rows = found.order_by().values(*place).annotate(**counts)
        frame = pd.DataFrame(list(rows)).rename(columns=dict(zip(place, _PLACE, strict=True)))
        parts.append(frame.reindex(columns=[*_PLACE, *counts]).fillna(dict.fromkeys(_PLACE, "")))

    def within(field: str) -> Q:
        return Q(**{f"{field}__gte": start, f"{field}__lt": end})

    add(
        dossiers.filter(within("opened_at") | within("closed_at")),
        {
            "dossiers_geopend": Count("id", filter=within("opened_at")),
            "dossiers_gesloten": Count("id", filter=within("closed_at")),
        },
    )
    chosen = dossiers.order_by().values("pk")
    referrals = Referral.objects.filter(within("shared_at"), dossier__in=chosen)
    add(referrals, {"doorverwijzingen": Count("id")}, "dossier__")
    steps = LadderStep.objects.filter(within("taken_at"), dossier__in=chosen)
    counts = {"ladderstappen": Count("id"), "huisuitzettingen": Count("id", filter=Q(is_eviction=True))}
    add(steps, counts, "dossier__")
    return pd.concat(parts, ignore_index=True).fillna(0)


@dataclass(frozen=True)
class _Hierarchy:
    areas: pd.DataFrame
    membership: pd.DataFrame


def _hierarchy(events: pd.DataFrame, year: int) -> tuple[pd.DataFrame, _Hierarchy]:
    """Each event's area at every level (a remainder where a level is missing) and the equations between them.

    All buurten and wijken of the gemeenten take part (with 0 where nothing happened), squares only where
    something did. Equations: buurten add up to their wijk, wijken and squares each to their gemeente.
    """
    frame = events[events["gemeente_code"] != ""].copy()
    gemeenten = sorted(frame["gemeente_code"].unique())
    frame["wijk"] = np.where(frame["wijk_code"] != "", frame["wijk_code"], frame["gemeente_code"] + REMAINDER)
    frame["buurt"] = np.where(frame["buurt_code"] != "", frame["buurt_code"], frame["wijk"] + REMAINDER)
    frame["square"] = np.where(
        frame["square_id"] != "", frame["square_id"], frame["gemeente_code"] + REMAINDER + "sq"
    )
    wijk_of: dict[str, str] = {}
    gemeente_of: dict[str, str] = {}
    for code, level, parent, gemeente in (
        valid_in(year)
        .filter(gemeente_code__in=gemeenten, level__in=[AreaLevel.WIJK, AreaLevel.BUURT])
        .values_list("code", "level", "parent__code", "gemeente_code")
    ):
        if level == AreaLevel.BUURT and parent:
            wijk_of[code] = parent
        elif level == AreaLevel.WIJK:
            gemeente_of[code] = gemeente
    for buurt, wijk, gemeente in (
        frame[["buurt", "wijk", "gemeente_code"]].drop_duplicates().itertuples(index=False)
    ):
        wijk_of.setdefault(buurt, wijk)
        gemeente_of.setdefault(wijk, gemeente)
    area_rows = [(g, "gemeente") for g in gemeenten]
    area_rows += [(w, "wijk") for w in sorted(gemeente_of)]
    area_rows += [(b, "buurt") for b in sorted(wijk_of)]
    area_rows += [(q, "square") for q in sorted(set(frame["square"]))]
    areas = pd.DataFrame(area_rows, columns=["area_code", "level"]).drop_duplicates("area_code")
    edges = [(b, w) for b, w in wijk_of.items() if w in gemeente_of]
    edges += [(w, g) for w, g in gemeente_of.items() if g in gemeenten]
    edges += list(frame[["square", "gemeente_code"]].drop_duplicates().itertuples(index=False, name=None))
    membership = pd.DataFrame(edges, columns=["child_code", "parent_code"]).drop_duplicates()
    return frame, _Hierarchy(areas, membership)


def _counted(frame: pd.DataFrame, hierarchy: _Hierarchy, codes: list[str], year: int) -> pd.DataFrame:
    parts = []
    for level, column in (
        ("gemeente", "gemeente_code"),
        ("wijk", "wijk"),
        ("buurt", "buurt"),
        ("square", "square"),
    ):
        grouped = frame.groupby(column)[codes].sum()
        codes_here = hierarchy.areas.loc[hierarchy.areas["level"] == level, "area_code"]
        if level != "square":
            grouped = grouped.reindex(codes_here, fill_value=0)
        long = grouped.reset_index(names="area_code").melt(
            "area_code", var_name="indicator", value_name="value"
        )
        parts.append(long.assign(level=level))
    values = pd.concat(parts, ignore_index=True)
    return values.assign(period=year, value=values["value"].astype(float))


def kpi_values(
    meldingen: QuerySet[Melding],
    dossiers: QuerySet[Dossier],
    year: int,
    *,
    corporation_dwellings: pd.DataFrame | None = None,
    reporters: dict[str, int] | None = None,
) -> pd.DataFrame:
    """The KPIs of a year, suppressed: area_code, level, indicator, period, value, suppressed.

    ``corporation_dwellings`` (area_code, value) gives the denominator of the nuisance rate; without it
    the rate is left out. ``reporters`` (gemeente code: number) adds the distinct reporters per gemeente.
    """
    events = pd.concat([melding_events(meldingen, year), dossier_events(dossiers, year)], ignore_index=True)
    columns = ["area_code", "level", "indicator", "period", "value", "suppressed"]
    if events.empty or (events["gemeente_code"].fillna("") == "").all():
        return pd.DataFrame(columns=columns)
    events = events.fillna(dict.fromkeys(_PLACE, "")).fillna(0)
    for code in COUNTS:
        if code not in events.columns:
            events[code] = 0
    frame, hierarchy = _hierarchy(events, year)
    values = _counted(frame, hierarchy, list(COUNTS), year)
    wide = values.pivot_table(index=["area_code", "level"], columns="indicator", values="value").reset_index()
    extra = []
    for code, (numerator, denominator, scale) in SHARES.items():
        share = np.where(
            wide[denominator] > 0,
            scale * wide[numerator] / wide[denominator].where(wide[denominator] > 0),
            np.nan,
        )
        extra.append(wide[["area_code", "level"]].assign(indicator=code, value=share))
    if corporation_dwellings is not None and len(corporation_dwellings):
        stock = corporation_dwellings.set_index("area_code")["value"]
        dwellings = wide["area_code"].map(stock)
        rate = np.where(dwellings > 0, 1000.0 * wide["meldingen_overlast_intimidatie"] / dwellings, np.nan)
        extra.append(wide[["area_code", "level"]].assign(indicator=NUISANCE_RATE, value=rate))
    if reporters:
        known = set(frame["gemeente_code"])
        people = {code: float(n) for code, n in reporters.items() if code in known}
        extra.append(
            pd.DataFrame(
                {
                    "area_code": list(people),
                    "level": "gemeente",
                    "indicator": REPORTERS,
                    "value": list(people.values()),
                }
            )
        )
    values = pd.concat([values, *[e.assign(period=year) for e in extra]], ignore_index=True)
    values = values[values["value"].notna()]
    protected = suppress(
        values[["area_code", "indicator", "period", "value"]],
        hierarchy.areas,
        hierarchy.membership,
        _catalogue(),
        threshold=threshold(),
    )
    protected = protected.merge(values[["area_code", "indicator", "level"]], on=["area_code", "indicator"])
    protected = protected[~protected["area_code"].str.contains(REMAINDER, regex=False)]
    return protected[columns].sort_values(["indicator", "level", "area_code"]).reset_index(drop=True)


def _catalogue() -> list[dict[str, Any]]:
    specs: list[dict[str, Any]] = [{"code": code, "kind": "count"} for code in (*COUNTS, REPORTERS)]
    specs += [
        {"code": code, "kind": "share", "numerator": n, "denominator": d}
        for code, (n, d, _s) in SHARES.items()
    ]
    specs.append(
        {
            "code": NUISANCE_RATE,
            "kind": "rate",
            "numerator": "meldingen_overlast_intimidatie",
            "denominator": CORPORATION_DWELLINGS,
            "privacy": {"applies_to": ["meldingen_overlast_intimidatie"]},
        }
    )
    return specs


def distinct_reporters(meldingen: QuerySet[Melding], year: int) -> dict[str, int]:
    """Reporters per gemeente in the year, each counted once (by e-mail or phone); a melding without
    contact details counts as one reporter."""
    start, end = year_bounds(year)
    found = meldingen.filter(received_at__gte=start, received_at__lt=end).exclude(gemeente_code="")
    keys: dict[str, set[str]] = {}
    anonymous: dict[str, int] = {}
    rows = found.values_list("gemeente_code", "reporter_contact__email_key", "reporter_contact__phone_key")
    for gemeente, email, phone in rows:
        key = email or phone
        if key:
            keys.setdefault(gemeente, set()).add(key)
        else:
            anonymous[gemeente] = anonymous.get(gemeente, 0) + 1
    return {code: len(keys.get(code, ())) + anonymous.get(code, 0) for code in set(keys) | set(anonymous)}
