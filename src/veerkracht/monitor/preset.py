# SPDX-License-Identifier: EUPL-1.2
"""Methodology presets as frozen dataclasses: factors, categories, thresholds and the class table."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from .change import ReferenceSpec

#: Patterns a class may carry over its colour on maps and in legends.
PATTERNS: tuple[str, ...] = ("", "hatch", "crosshatch", "dots")
FACTORS: tuple[str, ...] = ("vulnerable_change", "nuisance_level", "nuisance_development")
#: Category order per factor; the position is the code used in the class table ("missing" is 0).
CATEGORIES: dict[str, tuple[str, ...]] = {
    "vulnerable_change": ("missing", "decrease", "about_equal", "increase"),
    "nuisance_level": ("missing", "little", "some", "much"),
    "nuisance_development": ("missing", "improving", "stable", "worsening"),
}


class PresetError(ValueError):
    """A preset file is missing a key, has an unknown one, or a value of the wrong kind."""


@dataclass(frozen=True)
class Text:
    """A text in Dutch and English."""

    nl: str
    en: str


@dataclass(frozen=True)
class VulnerableResidents:
    """How the concentration of vulnerable residents is measured."""

    method: str
    indicator: str
    components: tuple[str, ...]
    minimum_components: int
    label: Text
    unit: Text
    decimals: int = 1
    # How a plain sentence names it ("het aandeel kwetsbare bewoners"); None: the label.
    subject: Text | None = None


@dataclass(frozen=True)
class Nuisance:
    """The nuisance-and-insecurity indicator (Leefbaarometer onv)."""

    indicator: str
    higher_is_better: bool
    label: Text
    unit: Text
    short: Text
    decimals: int = 2
    subject: Text | None = None


@dataclass(frozen=True)
class Thresholds:
    """The numbers that cut the three factors into categories (see the preset for why).

    ``nuisance_much`` and ``nuisance_some`` are boundaries on the nuisance indicator's own scale:
    with ``higher_is_better`` a value below ``nuisance_much`` is much nuisance and a value below
    ``nuisance_some`` at least some; otherwise the comparisons flip.
    """

    vulnerable_decrease_below: float
    vulnerable_increase_above: float
    nuisance_much: float
    nuisance_some: float
    development_dead_band: float
    minimum_residents: float
    higher_is_better: bool = True

    def __post_init__(self) -> None:
        if not self.vulnerable_decrease_below <= self.vulnerable_increase_above:
            raise PresetError("thresholds: vulnerable_change.decrease_below must be <= increase_above")
        if self.higher_is_better and not self.nuisance_much <= self.nuisance_some:
            raise PresetError("thresholds: nuisance_level.much must be <= some when higher is better")
        if not self.higher_is_better and not self.nuisance_much >= self.nuisance_some:
            raise PresetError("thresholds: nuisance_level.much must be >= some when higher is worse")
        if self.development_dead_band < 0 or self.minimum_residents < 0:
            raise PresetError("thresholds: dead_band and the residents minimum must be >= 0")


@dataclass(frozen=True)
class ResilienceClass:
    """One row of the class table."""

    key: str
    label: Text
    colour: str
    description: Text
    source: str
    when: tuple[dict[str, frozenset[str]], ...]
    # The colour in the palette for colour-vision deficiencies, and the pattern drawn over the study
    # colour where that alone does not tell the class apart ("" for none).
    accessible_colour: str = ""
    pattern: str = ""


@dataclass(frozen=True)
class Preset:
    """A validated methodology preset. Load it with :func:`veerkracht.monitor.load_preset`.

    Examples
    --------
    >>> from veerkracht.monitor import load_preset
    >>> preset = load_preset("veerkracht-2021")
    >>> preset.name, preset.thresholds.vulnerable_increase_above
    ('veerkracht-2021', 1.0)
    >>> preset.classify_categories("increase", "much", "worsening").key
    'under_pressure_severe'
    """

    name: str
    version: str
    sha256: str
    files: tuple[str, ...]
    title: Text
    vulnerable: VulnerableResidents
    nuisance: Nuisance
    population_indicator: str
    reference: ReferenceSpec
    thresholds: Thresholds
    category_labels: dict[str, dict[str, Text]]
    classes: tuple[ResilienceClass, ...]
    hidden_hotspot_classes: tuple[str, ...]
    table: np.ndarray = field(repr=False, compare=False)

    def with_thresholds(self, **changes: float) -> Preset:
        """A copy with some thresholds replaced (the file hash stays: record the changes as parameters)."""
        # The direction belongs to the indicator, not to a run's parameters.
        allowed = set(Thresholds.__dataclass_fields__) - {"higher_is_better"}
        unknown = sorted(set(changes) - allowed)
        if unknown:
            raise PresetError(f"unknown threshold(s) {unknown}; known: {sorted(allowed)}")
        current = {name: getattr(self.thresholds, name) for name in Thresholds.__dataclass_fields__}
        current.update({name: float(value) for name, value in changes.items()})
        return replace(self, thresholds=Thresholds(**current))

    def class_keys(self) -> list[str]:
        return [c.key for c in self.classes]

    def classify_categories(self, vulnerable: str, level: str, development: str) -> ResilienceClass:
        """The class of one combination of factor categories."""
        codes = [
            CATEGORIES[f].index(c) for f, c in zip(FACTORS, (vulnerable, level, development), strict=True)
        ]
        return self.classes[int(self.table[tuple(codes)])]
