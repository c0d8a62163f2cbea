# SPDX-License-Identifier: EUPL-1.2
"""Parameters of the synthetic generator: what to build, for which years, with which stories."""

from dataclasses import asdict, dataclass, field
from typing import Any

GENERATOR_VERSION = "1.1.0"
DEFAULT_YEARS = tuple(range(2012, 2025))


@dataclass(frozen=True)
class StoryCounts:
    """How many buurten of a city of 45 get each designed story (scaled with the number of buurten)."""

    resilient: int = 4
    not_resilient: int = 3
    not_resilient_some_nuisance: int = 1
    declining_vulnerable: int = 3
    stable: int = 3
    hidden_hotspots: int = 3
    wmo_over: int = 2
    wmo_under: int = 2
    #: Buurten just either side of the preset's thresholds (nine make the full set, see thresholds.py).
    threshold_buurten: int = 9

    @staticmethod
    def none() -> "StoryCounts":
        """No designed stories at all (a real city, or one too small to hold them)."""
        return StoryCounts(**dict.fromkeys(StoryCounts.__dataclass_fields__, 0))

    def scaled(self, n_buurten: int, reference: int = 45) -> "StoryCounts":
        """Return the counts for a city of ``n_buurten`` buurten (none below 12 buurten)."""
        if n_buurten < 12:
            return StoryCounts.none()
        factor = n_buurten / reference
        counts = {k: max(1, round(v * factor)) for k, v in asdict(self).items()}
        # One full set per city is enough to probe every threshold; more would crowd out the ordinary buurten.
        counts["threshold_buurten"] = self.threshold_buurten
        return StoryCounts(**counts)


@dataclass(frozen=True)
class CityParams:
    """Everything that determines one synthetic city (together with the seed)."""

    seed: int = 1
    n_buurten: int = 45
    n_wijken: int = 7
    n_rayons: int = 4
    years: tuple[int, ...] = DEFAULT_YEARS
    period: tuple[int, int] = (2014, 2022)
    boundary_change_year: int | None = 2019
    centre: tuple[float, float] = (163_000.0, 383_000.0)
    gemeente_number: int = 5001
    gemeente_name: str = "Veerstad"
    mean_buurt_area_ha: float = 45.0
    with_tiny_buurt: bool = True
    stories: StoryCounts = field(default_factory=StoryCounts)

    def __post_init__(self) -> None:
        years = tuple(sorted(self.years))
        if not years or self.period[0] not in years or self.period[1] not in years:
            raise ValueError(f"period {self.period} must lie within the years {years[:1]}..{years[-1:]}")
        if self.period[0] >= self.period[1]:
            raise ValueError("the period must run forward in time")
        if self.boundary_change_year is not None and not years[0] < self.boundary_change_year <= years[-1]:
            raise ValueError("the boundary change must fall after the first year and within the years")
        if not 1 <= self.n_wijken <= min(self.n_buurten, 99):
            raise ValueError("need between 1 and min(n_buurten, 99) wijken")
        if not 1 <= self.n_rayons <= self.n_wijken:
            raise ValueError("need between 1 and n_wijken rayons")
        object.__setattr__(self, "years", years)

    def as_dict(self) -> dict[str, Any]:
        """Return the parameters as plain JSON-ready data."""
        data = asdict(self)
        data["years"] = list(self.years)
        data["period"] = list(self.period)
        data["centre"] = list(self.centre)
        return data
