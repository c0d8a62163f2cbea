# SPDX-License-Identifier: EUPL-1.2
"""Methodology presets: factors, categories, thresholds and the class table, as the engine uses them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Annotated, Any, cast

import numpy as np
from pydantic import BeforeValidator, Field, model_validator

from veerkracht.rulefiles import Colour, Items, Name, RuleFileError, RuleModel, RuleProblem, Text, one_of

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


class PresetError(RuleFileError):
    """A preset file is missing a key, has an unknown one, or a value of the wrong kind."""


def _categories(factor: str) -> Callable[[Any], Any]:
    def expand(value: Any) -> Any:
        if value == "any":
            return frozenset(CATEGORIES[factor])
        if not isinstance(value, list) or not value or any(c not in CATEGORIES[factor] for c in value):
            raise ValueError(f"verwacht 'any' of een lijst uit {list(CATEGORIES[factor])}")
        return frozenset(value)

    return expand


class Condition(RuleModel):
    """One row of a class's ``when``: the categories of each factor that it covers (``any``: all)."""

    vulnerable_change: Annotated[frozenset[str], BeforeValidator(_categories("vulnerable_change"))]
    nuisance_level: Annotated[frozenset[str], BeforeValidator(_categories("nuisance_level"))]
    nuisance_development: Annotated[frozenset[str], BeforeValidator(_categories("nuisance_development"))]

    def __getitem__(self, factor: str) -> frozenset[str]:
        return cast(frozenset[str], getattr(self, factor))

    def covers(self, combination: dict[str, str]) -> bool:
        """Whether this condition holds for one category per factor."""
        return all(combination[factor] in self[factor] for factor in FACTORS)


class VulnerableResidents(RuleModel):
    """How the concentration of vulnerable residents is measured."""

    method: Annotated[str, one_of(("share", "composite"))]
    indicator: Name
    components: Items[Name] = ()
    #: Composite only: how many components an area needs (default: all).
    minimum_components: int
    label: Text
    unit: Text
    decimals: int = 1
    #: How a plain sentence names it ("het aandeel kwetsbare bewoners"); None: the label.
    subject: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _all_components_by_default(cls, data: Any) -> Any:
        if isinstance(data, dict) and "minimum_components" not in data:
            components = data.get("components")
            return {**data, "minimum_components": len(components) if isinstance(components, list) else 0}
        return data

    @model_validator(mode="after")
    def _composite_has_components(self) -> VulnerableResidents:
        if self.method == "composite" and len(self.components) < 2:
            raise RuleProblem("components", "verwacht een lijst van ten minste twee indicatorcodes")
        return self


class Nuisance(RuleModel):
    """The nuisance-and-insecurity indicator (Leefbaarometer onv)."""

    indicator: Name
    higher_is_better: bool
    label: Text
    unit: Text = Text(nl="punt", en="points")
    #: Used inside explanations; the label when not given.
    short: Text
    decimals: int = 2
    subject: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _short_defaults_to_label(cls, data: Any) -> Any:
        if isinstance(data, dict) and "short" not in data and "label" in data:
            return {**data, "short": data["label"]}
        return data


def threshold_problem(
    decrease_below: float,
    increase_above: float,
    much: float,
    some: float,
    dead_band: float,
    minimum_residents: float,
    higher_is_better: bool,
) -> tuple[str, str] | None:
    """The key (in the preset file) and text of the first threshold that contradicts another, or None."""
    if not decrease_below <= increase_above:
        return "thresholds.vulnerable_change", "decrease_below moet <= increase_above zijn"
    if higher_is_better and not much <= some:
        return "thresholds.nuisance_level", "much moet <= some zijn als hoger beter is"
    if not higher_is_better and not much >= some:
        return "thresholds.nuisance_level", "much moet >= some zijn als hoger slechter is"
    if dead_band < 0:
        return "thresholds.nuisance_development.dead_band", "moet >= 0 zijn"
    if minimum_residents < 0:
        return "indicators.population.minimum", "moet >= 0 zijn"
    return None


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
        problem = threshold_problem(*(getattr(self, name) for name in self.__dataclass_fields__))
        if problem is not None:
            raise PresetError(f"sleutel '{problem[0]}': {problem[1]}")


class ResilienceClass(RuleModel):
    """One row of the class table."""

    key: Name
    label: Text
    colour: Colour
    #: The key in both languages when not given.
    description: Text
    source: str = ""
    when: Annotated[Items[Condition], Field(min_length=1)]
    #: The colour in the palette for colour-vision deficiencies (the study colour when not given), and the
    #: pattern drawn over the study colour where that alone does not tell the class apart ("" for none).
    accessible_colour: Colour
    pattern: Annotated[str, one_of(PATTERNS, "patroon")] = ""

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        if "description" not in data and isinstance(data.get("key"), str):
            data = {**data, "description": {"nl": data["key"], "en": data["key"]}}
        if "accessible_colour" not in data and "colour" in data:
            data = {**data, "accessible_colour": data["colour"]}
        return data


def class_table(classes: tuple[ResilienceClass, ...]) -> np.ndarray:
    """The class (position) of every combination of categories; refuses a gap or an overlap."""
    shape = tuple(len(CATEGORIES[f]) for f in FACTORS)
    table = np.full(shape, -1, dtype=np.int64)
    for codes in np.ndindex(*shape):
        combination = {f: CATEGORIES[f][c] for f, c in zip(FACTORS, codes, strict=True)}
        matches = [i for i, klass in enumerate(classes) if any(c.covers(combination) for c in klass.when)]
        if len(matches) != 1:
            found = [classes[m].key for m in matches] or "geen klasse"
            raise RuleProblem(
                "classes", f"verwacht precies één klasse voor de combinatie {combination}, gevonden {found}"
            )
        table[codes] = matches[0]
    table.setflags(write=False)
    return table


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
            raise PresetError(f"onbekende drempel(s) {unknown}; bekend: {sorted(allowed)}")
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
