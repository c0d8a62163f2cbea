# SPDX-License-Identifier: EUPL-1.2
"""Change between two periods, the reference development (national, municipal, own) and the difference."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from .catalogue import IndicatorSpec
from .frames import AREA_CODE, INDICATOR, LEVEL, PERIOD, VALUE, FrameError, validate_areas, validate_values
from .hierarchy import Hierarchy
from .panel import Panel

Scope = Literal["national", "municipal", "custom", "fixed"]
SCOPES: tuple[str, ...] = ("national", "municipal", "custom", "fixed")
_LABELS: dict[str, tuple[str, str]] = {
    "national": ("Nederland", "the Netherlands"),
    "municipal": ("de gemeente", "the municipality"),
    "custom": ("het referentiegebied", "the reference areas"),
    "fixed": ("de vaste referentie", "the fixed reference"),
}


@dataclass(frozen=True)
class ReferenceSpec:
    """Against what an area's development is set off.

    Attributes
    ----------
    scope : {"national", "municipal", "custom", "fixed"}
        ``national``: the change of the single area of level ``land`` when it has data in both
        periods, else the mean change of all areas of ``level`` (default: the level of the area
        being compared) that have data in both periods. ``municipal``: the same within each area's
        own gemeente. ``custom``: the change of the one area in ``area_codes``, or the mean change
        of those areas. ``fixed``: ``value`` (e.g. a published national figure).
    level : str, optional
        Level whose areas are averaged when no single reference area has data.
    weight : str, optional
        Weight indicator (its value at the start period) for that mean; None is an unweighted mean,
        which is what a Leefbaarometer download without inhabitants allows.
    area_codes : tuple of str
        The reference areas for ``custom``.
    value : float, optional
        The reference change for ``fixed``.
    label : str
        Overrides the name used in explanations (Dutch and English alike).

    Examples
    --------
    >>> ReferenceSpec().labels()
    ('Nederland', 'the Netherlands')
    """

    scope: Scope = "national"
    level: str | None = None
    weight: str | None = None
    area_codes: tuple[str, ...] = ()
    value: float | None = None
    label: str = ""

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise ValueError(f"reference scope {self.scope!r}; expected one of {list(SCOPES)}")
        if self.scope == "custom" and not self.area_codes:
            raise ValueError("a custom reference needs area_codes")
        if self.scope == "fixed" and (self.value is None or not np.isfinite(self.value)):
            raise ValueError("a fixed reference needs a finite value")

    def labels(self) -> tuple[str, str]:
        """Dutch and English name of the reference, as used in explanations."""
        return (self.label, self.label) if self.label else _LABELS[self.scope]


@dataclass(frozen=True)
class ResolvedReference:
    """The reference change per area, the name to show for it, and how it was found."""

    changes: np.ndarray
    label_nl: str
    label_en: str
    note: str


_MEAN_OF_RUN = ("het gemiddelde van de gebieden in de analyse", "the mean of the areas in the analysis")


def reference_changes(
    panel: Panel,
    indicator: str,
    start: int,
    end: int,
    spec: ReferenceSpec,
    rows: np.ndarray,
    hierarchy: Hierarchy | None = None,
) -> ResolvedReference:
    """The reference change that applies to each area in ``rows`` (indices into the panel).

    A national reference without an area of level ``land`` and without an explicit ``level`` falls
    back to the mean of the areas in the data; it is then named for what it is ("the mean of the
    areas in the analysis"), not "the Netherlands", and the note says so.
    """
    nl, en = spec.labels()
    out = np.full(len(rows), np.nan)
    if spec.scope == "fixed":
        out[:] = float(spec.value or 0.0)
        return ResolvedReference(out, nl, en, f"fixed value {spec.value}")
    t0, t1 = panel.period_index(start), panel.period_index(end)
    panel.ensure(indicator)
    x = panel.values[indicator]
    change = x[:, t1] - x[:, t0]
    weights = np.ones(panel.n_areas) if spec.weight is None else panel.values[spec.weight][:, t0]
    usable = np.isfinite(change) & np.isfinite(weights) & (weights > 0)
    levels = panel.areas[LEVEL].to_numpy(dtype=object)
    weighting = "unweighted" if spec.weight is None else f"weighted by {spec.weight} in {start}"

    def mean_of(mask: np.ndarray) -> float:
        chosen = mask & usable
        total = weights[chosen].sum()
        return float((weights[chosen] * change[chosen]).sum() / total) if total > 0 else np.nan

    if spec.scope == "custom":
        index = panel.indices(list(spec.area_codes))
        if (index < 0).any():
            raise FrameError(
                f"reference area {spec.area_codes[int(np.argmax(index < 0))]!r} is not in the areas"
            )
        mask = np.zeros(panel.n_areas, dtype=bool)
        mask[index] = True
        single = len(index) == 1 and np.isfinite(change[index[0]])
        out[:] = change[index[0]] if single else mean_of(mask)
        how = f"change of {spec.area_codes[0]}" if single else f"{weighting} mean of {len(index)} areas"
        return ResolvedReference(out, nl, en, how)
    if spec.scope == "national":
        land = np.flatnonzero((levels == "land") & np.isfinite(change))
        if len(land) > 1:
            raise FrameError("national reference: more than one area of level 'land' has data")
        if len(land) == 1:
            out[:] = change[land[0]]
            return ResolvedReference(out, nl, en, f"change of {panel.area_codes[land[0]]} (level land)")
        for level in np.unique(levels[rows]) if spec.level is None else [spec.level]:
            target = slice(None) if spec.level is not None else levels[rows] == level
            out[target] = mean_of(levels == level)
        if spec.level is not None:
            count = int((usable & (levels == spec.level)).sum())
            return ResolvedReference(
                out, nl, en, f"{weighting} mean change of {count} areas of level {spec.level}"
            )
        if not spec.label:
            nl, en = _MEAN_OF_RUN
        return ResolvedReference(
            out,
            nl,
            en,
            "no area of level 'land' has data in both periods: "
            f"{weighting} mean change of the areas of each level in the data",
        )
    if hierarchy is None:
        raise ValueError("a municipal reference needs the membership hierarchy")
    gemeente = hierarchy.ancestor_at("gemeente")
    own = gemeente[rows]
    direct = np.where(own >= 0, change[np.maximum(own, 0)], np.nan)
    for level in np.unique(levels[rows]) if spec.level is None else [spec.level]:
        members = usable & (levels == level) & (gemeente >= 0)
        n_groups = panel.n_areas
        sums = np.bincount(gemeente[members], weights=(weights * change)[members], minlength=n_groups)
        totals = np.bincount(gemeente[members], weights=weights[members], minlength=n_groups)
        with np.errstate(invalid="ignore", divide="ignore"):
            means = np.where(totals > 0, sums / np.where(totals > 0, totals, 1.0), np.nan)
        target = np.ones(len(rows), dtype=bool) if spec.level is not None else levels[rows] == level
        fallback = np.where(own >= 0, means[np.maximum(own, 0)], np.nan)
        out[target] = np.where(np.isfinite(direct), direct, fallback)[target]
    return ResolvedReference(
        out,
        nl,
        en,
        f"change of each area's gemeente, else the {weighting} mean of its areas of the same level",
    )


def period_change(
    values: pd.DataFrame,
    indicator: str,
    start: int,
    end: int,
    *,
    spec: IndicatorSpec | None = None,
) -> pd.DataFrame:
    """Change of one indicator per area between two periods.

    Parameters
    ----------
    values : pandas.DataFrame
        Long values frame.
    indicator : str
    start, end : int
        The two periods (years).
    spec : IndicatorSpec, optional
        When given, the unit of the change is named: percentage points for shares, the rate's own
        unit for rates, points for scores; counts also get a relative change in percent.

    Returns
    -------
    pandas.DataFrame
        ``area_code``, ``indicator``, ``period_start``, ``period_end``, ``value_start``,
        ``value_end``, ``change``, ``change_pct`` (counts only, else NaN) and ``unit``; areas
        without data in both periods have a NaN change.

    Examples
    --------
    >>> values = pd.DataFrame({"area_code": ["BU1", "BU1"], "indicator": "kwetsbaar_pct",
    ...                        "period": [2014, 2018], "value": [10.0, 13.4]})
    >>> spec = IndicatorSpec("kwetsbaar_pct", "share", numerator="k", denominator="n", scale=100.0)
    >>> row = period_change(values, "kwetsbaar_pct", 2014, 2018, spec=spec).iloc[0]
    >>> round(float(row["change"]), 1), row["unit"]
    (3.4, 'percentage_points')
    """
    frame = validate_values(values[values[INDICATOR].astype(str) == indicator])
    wide = frame.pivot(index=AREA_CODE, columns=PERIOD, values=VALUE)
    for period in (start, end):
        if period not in wide.columns:
            wide[period] = np.nan
    kind = spec.kind if spec is not None else "count"
    unit = {"share": "percentage_points", "rate": "rate_points", "score": "points"}.get(kind, "count")
    out = pd.DataFrame(
        {
            AREA_CODE: wide.index.astype(str),
            INDICATOR: indicator,
            "period_start": start,
            "period_end": end,
            "value_start": wide[start].to_numpy(dtype=np.float64),
            "value_end": wide[end].to_numpy(dtype=np.float64),
        }
    )
    out["change"] = out["value_end"] - out["value_start"]
    with np.errstate(invalid="ignore", divide="ignore"):
        relative = 100.0 * out["change"] / out["value_start"].where(out["value_start"] != 0)
    out["change_pct"] = relative if kind == "count" else np.nan
    out["unit"] = unit
    return out.reset_index(drop=True)


def relative_development(
    values: pd.DataFrame,
    areas: pd.DataFrame,
    indicator: str,
    start: int,
    end: int,
    reference: ReferenceSpec | None = None,
    *,
    membership: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each area's change minus the reference change (the study's Kaart 2-23 and 2-25).

    Returns
    -------
    pandas.DataFrame
        ``area_code``, ``level``, ``change``, ``reference_change``, ``relative_change``.

    Examples
    --------
    >>> areas = pd.DataFrame({"area_code": ["WK1", "WK2"], "level": ["wijk", "wijk"]})
    >>> values = pd.DataFrame({"area_code": ["WK1", "WK1", "WK2", "WK2"], "indicator": "onv",
    ...                        "period": [2014, 2018] * 2, "value": [-0.10, -0.06, 0.02, 0.04]})
    >>> out = relative_development(values, areas, "onv", 2014, 2018)
    >>> out["reference_change"].round(3).tolist(), out["relative_change"].round(3).tolist()
    ([0.03, 0.03], [0.01, -0.01])
    """
    reference = reference or ReferenceSpec()
    areas = validate_areas(areas).reset_index(drop=True)
    subset = values[values[INDICATOR].astype(str).isin([indicator, reference.weight or indicator])]
    panel = Panel.from_long(subset, areas)
    for period in (start, end):
        if period not in panel.periods:
            raise FrameError(f"no {indicator!r} values for period {period}")
    hierarchy = Hierarchy.build(membership, areas) if membership is not None else None
    rows = np.arange(panel.n_areas)
    t0, t1 = panel.period_index(start), panel.period_index(end)
    x = panel.values.get(indicator, np.full(panel.shape, np.nan))
    change = x[:, t1] - x[:, t0]
    ref = reference_changes(panel, indicator, start, end, reference, rows, hierarchy).changes
    return pd.DataFrame(
        {
            AREA_CODE: areas[AREA_CODE].astype(str),
            LEVEL: areas[LEVEL],
            "change": change,
            "reference_change": ref,
            "relative_change": change - ref,
        }
    )
