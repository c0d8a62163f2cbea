# SPDX-License-Identifier: EUPL-1.2
"""The monitor's part of a profile: key figures against the gemeente and the country, the veerkracht
class with its explanation, and hidden hotspots inside the area.

Read from the newest analysis run of the area's gemeente through ``analysis.queries`` and
``analysis.layers``: what the run published, suppressed as the monitor publishes it.
"""

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from veerkracht.analysis import layers
from veerkracht.analysis import queries as analysis_queries
from veerkracht.analysis.models import AnalysisRun
from veerkracht.geo.levels import NATIONAL_CODE
from veerkracht.indicators.models import Indicator

#: The key figures of a profile, in this order, where the run published them. The class's own two layers
#: (vulnerable residents, nuisance) come first when the run has them as published figures.
KEY_FIGURES = (
    "inwoners",
    "aandeel_kwetsbaar",
    "aandeel_bijstand",
    "aandeel_laag_inkomen",
    "aandeel_corporatie",
    "woningen_corporatie",
    "lbm_score",
    "lbm_onv",
    "rapportcijfer_leefbaarheid_buurt",
    "meldingen_leefbaarheid",
)


@dataclass(frozen=True)
class Value:
    """A figure of one place in one year: a value, withheld, or none known (all empty)."""

    period: int | None = None
    value: float | None = None
    suppressed: bool = False


@dataclass(frozen=True)
class KeyFigure:
    code: str
    name: str
    unit: str
    first: Value
    last: Value
    gemeente: Value
    country: Value
    synthetic: bool

    @property
    def change(self) -> float | None:
        if self.first.value is None or self.last.value is None or self.first.period == self.last.period:
            return None
        return self.last.value - self.first.value


@dataclass(frozen=True)
class Hotspot:
    buurt: str
    label: str
    reason: str
    residents: float | None


@dataclass(frozen=True)
class MonitorPart:
    run: AnalysisRun
    figures: list[KeyFigure]
    #: The area's row of the veerkrachtkaart (label, colour, explanation, calculation), or None.
    klass: dict[str, Any] | None
    hotspots: list[Hotspot] = field(default_factory=list)


def _value(frame: pd.DataFrame, code: str, *, last: bool) -> Value:
    rows = frame[frame["area_code"] == code]
    rows = rows[rows["value"].notna() | rows["suppressed"].astype(bool)]
    if rows.empty:
        return Value()
    row = rows.sort_values("period").iloc[-1 if last else 0]
    suppressed = bool(row["suppressed"])
    return Value(int(row["period"]), None if suppressed else float(row["value"]), suppressed)


def key_figures(run: AnalysisRun, area_code: str, gemeente_code: str) -> list[KeyFigure]:
    """Each key figure of the area in the run's first and last year with one, beside gemeente and country."""
    present = analysis_queries.indicators_of(run)
    codes = [code for code in KEY_FIGURES if code in present]
    meta = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    figures = []
    for code in codes:
        frame = analysis_queries.series(run, area_code, code)
        first, last = _value(frame, area_code, last=False), _value(frame, area_code, last=True)
        if last.period is None:
            continue
        gemeente = frame[(frame["area_code"] == gemeente_code) & (frame["period"] == last.period)]
        country = frame[(frame["area_code"] == NATIONAL_CODE) & (frame["period"] == last.period)]
        found = meta.get(code)
        figures.append(
            KeyFigure(
                code=code,
                name=found.name_nl if found else code,
                unit=found.unit if found else "",
                first=first,
                last=last,
                gemeente=_value(gemeente, gemeente_code, last=True),
                country=_value(country, NATIONAL_CODE, last=True),
                synthetic=bool(frame["synthetic"].any()) if "synthetic" in frame else False,
            )
        )
    return figures


def monitor_part(
    area_code: str, level: str, gemeente_code: str, buurt_codes: list[str]
) -> MonitorPart | None:
    """The newest run's figures, class and hotspots of the area; None when no run covers its gemeente."""
    run = analysis_queries.latest_run(gemeente_code)
    if run is None:
        return None
    classes = layers.classes_layer(run, level)["areas"]
    klass = classes.get(area_code)
    hotspots = []
    if buurt_codes:
        features = layers.hotspots_geojson(run)["features"]
        for feature in features:
            properties = feature["properties"]
            if properties["parent_code"] in buurt_codes:
                hotspots.append(
                    Hotspot(
                        properties["parent_name"],
                        properties["class_label"],
                        properties["reason"],
                        properties["residents"],
                    )
                )
    return MonitorPart(
        run=run,
        figures=key_figures(run, area_code, gemeente_code),
        klass=klass if klass and klass.get("status") == layers.VALUE else None,
        hotspots=hotspots,
    )
