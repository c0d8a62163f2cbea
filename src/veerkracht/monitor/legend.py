# SPDX-License-Identifier: EUPL-1.2
"""Legends for choropleth maps: class breaks by mapclassify and colours that respect the direction.

Fixed classes (like the legends of the 2021 study) come from the catalogue; otherwise quantiles,
natural breaks (Fisher-Jenks) or equal intervals. Colours run from light to dark towards "worse", so
that dark always means attention, whichever way an indicator points.

>>> legend = build_legend([1, 2, 3, 4, 5, 6, 7, 8], scheme="quantiles", k=4)
>>> [round(b.upper, 2) for b in legend.bins], legend.assign([1, 8]).tolist()
([2.75, 4.5, 6.25, 8.0], [0, 3])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import mapclassify
import numpy as np
import numpy.typing as npt
from matplotlib import colormaps
from matplotlib.colors import to_hex

SCHEMES = ("quantiles", "natural_breaks", "equal_interval", "fixed")
RAMPS = {"higher_is_worse": "YlOrRd", "neutral": "Blues"}


class LegendError(ValueError):
    """The legend cannot be made as asked (unknown scheme, fixed classes without breaks)."""


@dataclass(frozen=True)
class LegendBin:
    lower: float
    upper: float
    colour: str
    count: int
    label: str = ""  # the name of a fixed class ("veel overlast"); empty for computed classes


@dataclass(frozen=True)
class Legend:
    scheme: str
    bins: tuple[LegendBin, ...]

    def assign(self, values: Sequence[float] | npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
        """Index of the bin of each value (-1 for missing values)."""
        data = np.asarray(values, dtype=float)
        uppers = np.array([b.upper for b in self.bins])
        index = np.searchsorted(uppers, data, side="left")
        index = np.minimum(index, len(self.bins) - 1)
        return np.where(np.isfinite(data), index, -1)

    def to_dict(self) -> dict[str, object]:
        return {
            "scheme": self.scheme,
            "decimals": label_decimals(self.bins),
            "bins": [
                {"lower": b.lower, "upper": b.upper, "colour": b.colour, "count": b.count, "label": b.label}
                for b in self.bins
            ],
        }


def label_decimals(bins: Sequence[LegendBin], most: int = 6) -> int:
    """Decimals for the legend's numbers: enough for the spread, and enough that no two different
    bounds read the same (no "7,4 – 7,4" for a class from 7,38 to 7,41).

    >>> bins = [LegendBin(7.38, 7.41, "#fff", 3), LegendBin(7.41, 9.0, "#000", 2)]
    >>> label_decimals(bins)
    2
    >>> label_decimals([LegendBin(0.0, 0.047, "#fff", 3), LegendBin(0.047, 0.2, "#000", 2)])
    3
    >>> label_decimals([LegendBin(120.0, 900.0, "#fff", 3), LegendBin(900.0, 5000.0, "#000", 2)])
    0
    """
    bounds = sorted({float(b.lower) for b in bins[:1]} | {float(b.upper) for b in bins})
    if not bounds:
        return 1
    spread = bounds[-1] - bounds[0]
    start = 1 if spread <= 0 else int(np.clip(2 - np.floor(np.log10(spread)), 0, most))
    for decimals in range(start, most + 1):
        shown = [round(b, decimals) for b in bounds]
        if len(set(shown)) == len(bounds):
            return decimals
    return most


def colours(count: int, direction: str = "neutral") -> list[str]:
    """``count`` colours from light to dark towards worse, as hex codes.

    >>> colours(3, "higher_is_better")[0] == colours(3, "higher_is_worse")[-1]
    True
    """
    if direction == "higher_is_better":
        # Low values are the worse ones here: the same ramp, dark at the low end.
        return colours(count, "higher_is_worse")[::-1]
    ramp = colormaps[RAMPS.get(direction, RAMPS["neutral"])]
    positions = np.linspace(0.15, 0.95, count) if count > 1 else np.array([0.6])
    return [to_hex(ramp(float(p))) for p in positions]


def build_legend(
    values: Sequence[float] | npt.NDArray[np.float64],
    *,
    scheme: str = "quantiles",
    k: int = 5,
    direction: str = "neutral",
    breaks: Sequence[float] | None = None,
    labels: Sequence[str] | None = None,
) -> Legend:
    """Classify the finite values into at most ``k`` bins (or the fixed ``breaks``) with colours.

    ``labels`` name the fixed classes, one per break (like the study's "veel overlast").

    >>> legend = build_legend([-0.1, 0.05], scheme="fixed", breaks=[-0.08, 0, 1],
    ...                       labels=["veel overlast", "enige overlast", "weinig overlast"])
    >>> [(b.label, b.count) for b in legend.bins]
    [('veel overlast', 1), ('enige overlast', 0), ('weinig overlast', 1)]
    """
    if scheme not in SCHEMES:
        raise LegendError(f"unknown classification {scheme!r}; expected one of {list(SCHEMES)}")
    data = np.asarray(values, dtype=float)
    data = data[np.isfinite(data)]
    if data.size == 0:
        return Legend(scheme, ())
    if scheme == "fixed":
        if not breaks:
            raise LegendError("fixed classes need the breaks of the indicator's legend")
        upper = sorted(float(b) for b in breaks)
        if upper[-1] < data.max():
            upper.append(float(data.max()))
        classifier = mapclassify.UserDefined(data, upper)
    else:
        distinct = np.unique(data).size
        classes = max(1, min(k, distinct))
        if classes == 1:
            classifier = mapclassify.UserDefined(data, [float(data.max())])
        else:
            method = {
                "quantiles": mapclassify.Quantiles,
                "natural_breaks": mapclassify.FisherJenks,
                "equal_interval": mapclassify.EqualInterval,
            }[scheme]
            classifier = method(data, k=classes)
    uppers = [float(b) for b in classifier.bins]
    counts = [int(c) for c in classifier.counts]
    if scheme != "fixed":
        # Ties can give two classes the same upper bound; one class with both counts is honest.
        merged_uppers: list[float] = []
        merged_counts: list[int] = []
        for bound, count in zip(uppers, counts, strict=True):
            if merged_uppers and bound <= merged_uppers[-1]:
                merged_counts[-1] += count
            else:
                merged_uppers.append(bound)
                merged_counts.append(count)
        uppers, counts = merged_uppers, merged_counts
    lowers = [min(float(data.min()), uppers[0]), *uppers[:-1]]
    names = list(labels or []) if scheme == "fixed" else []
    names += [""] * (len(uppers) - len(names))
    palette = colours(len(uppers), direction)
    bins = tuple(
        LegendBin(lower, upper, colour, count, name)
        for lower, upper, colour, count, name in zip(lowers, uppers, palette, counts, names, strict=True)
    )
    return Legend(scheme, bins)
