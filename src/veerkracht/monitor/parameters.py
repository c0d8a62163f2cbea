# SPDX-License-Identifier: EUPL-1.2
"""The parameters of an analysis run, with defaults and a JSON-ready form for the run's manifest."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .change import ReferenceSpec
from .frames import LEVELS


@dataclass(frozen=True)
class NeedSupportParameters:
    """Which support to regress on which need (seed 001, Kaart 2-5 and 2-6).

    Attributes
    ----------
    support : str
        E.g. ``wmo_begeleiding_per_1000``.
    need : tuple of str
        Predictors; empty means the preset's vulnerable-residents indicator.
    level : str
    weight : str, optional
        Weighted least squares by this indicator (e.g. inhabitants).
    threshold : float
        Externally studentised residual beyond which an area is flagged.
    period : int, optional
        Default: the run's end period.
    """

    support: str
    need: tuple[str, ...] = ()
    level: str = "buurt"
    weight: str | None = None
    threshold: float = 2.0
    period: int | None = None


@dataclass(frozen=True)
class AnalysisParameters:
    """Everything a run needs besides the data and the preset; all of it goes into the manifest.

    Attributes
    ----------
    period_start, period_end : int
        The two periods the veerkracht classification compares.
    classify_levels : tuple of str
        Levels that get a class.
    reference : ReferenceSpec, optional
        Default: the preset's.
    thresholds : mapping of str to float
        Overrides of the preset's thresholds (names as in :class:`veerkracht.monitor.preset.Thresholds`).
    min_coverage : float
        See :func:`veerkracht.monitor.aggregate`.
    suppression_threshold : float, optional
        One minimum count for all indicators; default: the catalogue's privacy rules.
    suppression_floor : float
        A minimum count that neither the catalogue nor ``suppression_threshold`` goes below (the
        platform's own setting); 0: none.
    smoothing_indicators : tuple of str, optional
        Shares or rates to smooth; None: every rate in the catalogue.
    smoothing_level, smoothing_prior_level : str
        Level to smooth and level whose areas get their own prior (None: one global prior).
    credibility : float
        Mass of the credible interval of smoothed rates.
    hotspot_parent_level : str
        Level that hides the hotspots (buurt).
    hotspot_excess : float, optional
        Also flag fine areas whose concentration exceeds their buurt's by this much.
    hotspot_parent_quantile : float
        With ``hotspot_excess``: the buurt must not be above this quantile of buurten.
    gi_indicator : str, optional
        Indicator for Gi* on the squares; default the preset's vulnerable-residents share.
    gi_distance, gi_k : float, int
        Neighbourhood on the lattice (distance band in metres, or k nearest).
    gi_alpha : float
        False discovery rate.
    gi_min_residents : float, optional
        Leave squares with fewer residents out of Gi*; default the preset's minimum.
    trend_alpha : float
        Significance of the Mann-Kendall trend in emerging hot spots.
    need_support : NeedSupportParameters, optional
    explanations : bool
        Write the Dutch and English explanations (the slowest part on national grids).
    """

    period_start: int
    period_end: int
    classify_levels: tuple[str, ...] = ("square", "complex", "buurt", "wijk", "rayon", "gemeente")
    reference: ReferenceSpec | None = None
    thresholds: Mapping[str, float] = field(default_factory=dict)
    min_coverage: float = 1.0
    suppression_threshold: float | None = None
    suppression_floor: float = 0.0
    smoothing_indicators: tuple[str, ...] | None = None
    smoothing_level: str = "buurt"
    smoothing_prior_level: str | None = None
    credibility: float = 0.90
    hotspot_parent_level: str = "buurt"
    hotspot_excess: float | None = None
    hotspot_parent_quantile: float = 0.75
    gi_indicator: str | None = None
    gi_distance: float | None = 150.0
    gi_k: int | None = None
    gi_alpha: float = 0.05
    gi_min_residents: float | None = None
    trend_alpha: float = 0.10
    need_support: NeedSupportParameters | None = None
    explanations: bool = True

    def __post_init__(self) -> None:
        if self.period_start >= self.period_end:
            raise ValueError(
                f"period_start ({self.period_start}) must be before period_end ({self.period_end})"
            )
        unknown = sorted(set(self.classify_levels) - set(LEVELS))
        if unknown:
            raise ValueError(f"classify_levels: unknown level(s) {unknown}")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready copy for the manifest.

        Examples
        --------
        >>> AnalysisParameters(2014, 2018).to_dict()["period_end"]
        2018
        """
        data = dataclasses.asdict(self)
        data["thresholds"] = dict(self.thresholds)
        data["classify_levels"] = list(self.classify_levels)
        if self.smoothing_indicators is not None:
            data["smoothing_indicators"] = list(self.smoothing_indicators)
        if data["reference"] is not None:
            data["reference"]["area_codes"] = list(self.reference.area_codes) if self.reference else []
        if data["need_support"] is not None:
            data["need_support"]["need"] = list(data["need_support"]["need"])
        return data
