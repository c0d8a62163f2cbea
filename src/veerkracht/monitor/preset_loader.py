# SPDX-License-Identifier: EUPL-1.2
"""Reading preset files with the shared rule-file reader: the file's shape, its checks, a :class:`Preset`."""

from __future__ import annotations

import math
from importlib import resources
from pathlib import Path
from typing import Annotated, cast

from pydantic import Field, model_validator

from veerkracht.rulefiles import Items, Name, RuleFile, RuleModel, RuleProblem, Text, one_of, read_rule_file
from veerkracht.rulefiles.source import shipped_names

from .change import SCOPES, ReferenceSpec, Scope
from .preset import (
    CATEGORIES,
    FACTORS,
    Nuisance,
    Preset,
    PresetError,
    ResilienceClass,
    Thresholds,
    VulnerableResidents,
    class_table,
    threshold_problem,
)

SHIPPED = resources.files("veerkracht.monitor") / "presets"


class Population(RuleModel):
    indicator: Name
    #: Fewer residents (at either end of the comparison) give 'insufficient data'.
    minimum: float


class Indicators(RuleModel):
    vulnerable_residents: VulnerableResidents
    nuisance: Nuisance
    population: Population


class Reference(RuleModel):
    scope: Annotated[str, one_of(SCOPES)]
    level: str | None = None
    weight: str | None = None
    area_codes: Items[str] = ()
    value: float | None = None
    label: str = ""

    def spec(self) -> ReferenceSpec:
        scope = cast(Scope, self.scope)
        return ReferenceSpec(scope, self.level, self.weight, self.area_codes, self.value, self.label)

    @model_validator(mode="after")
    def _complete(self) -> Reference:
        if self.scope == "custom" and not self.area_codes:
            raise RuleProblem("area_codes", "een referentie 'custom' heeft gebiedscodes nodig")
        if self.scope == "fixed" and (self.value is None or not math.isfinite(self.value)):
            raise RuleProblem("value", "een referentie 'fixed' heeft een eindige waarde nodig")
        return self


class VulnerableChange(RuleModel):
    decrease_below: float
    increase_above: float


class NuisanceLevel(RuleModel):
    much: float
    some: float


class NuisanceDevelopment(RuleModel):
    dead_band: float


class ThresholdSection(RuleModel):
    vulnerable_change: VulnerableChange
    nuisance_level: NuisanceLevel
    nuisance_development: NuisanceDevelopment


class CategoryLabels(RuleModel):
    vulnerable_change: dict[str, Text]
    nuisance_level: dict[str, Text]
    nuisance_development: dict[str, Text]

    @model_validator(mode="after")
    def _every_category_has_a_label(self) -> CategoryLabels:
        for factor in FACTORS:
            if set(getattr(self, factor)) != set(CATEGORIES[factor]):
                raise RuleProblem(factor, f"verwacht een label voor precies {list(CATEGORIES[factor])}")
        return self


class HiddenHotspots(RuleModel):
    classes: Items[str]


class PresetFile(RuleFile):
    """The shape of a preset file (see ``presets/README.md``)."""

    name: Name
    title: Text
    description: Text | None = None
    indicators: Indicators
    reference: Reference
    thresholds: ThresholdSection
    categories: CategoryLabels
    classes: Annotated[Items[ResilienceClass], Field(min_length=1)]
    hidden_hotspots: HiddenHotspots = HiddenHotspots(classes=())

    @model_validator(mode="after")
    def _rules_agree(self) -> PresetFile:
        problem = threshold_problem(*self.threshold_values())
        if problem is not None:
            raise RuleProblem(tuple(problem[0].split(".")), problem[1])
        keys = [c.key for c in self.classes]
        if len(set(keys)) != len(keys):
            raise RuleProblem("classes", f"verwacht dat elke klasse een eigen key heeft, gekregen {keys}")
        class_table(self.classes)
        unknown = sorted(set(self.hidden_hotspots.classes) - set(keys))
        if unknown:
            raise RuleProblem(
                ("hidden_hotspots", "classes"), f"onbekende klasse(n) {unknown}; bekend: {keys}"
            )
        return self

    def threshold_values(self) -> tuple[float, float, float, float, float, float, bool]:
        th = self.thresholds
        return (
            th.vulnerable_change.decrease_below,
            th.vulnerable_change.increase_above,
            th.nuisance_level.much,
            th.nuisance_level.some,
            th.nuisance_development.dead_band,
            self.indicators.population.minimum,
            self.indicators.nuisance.higher_is_better,
        )


def available_presets() -> list[str]:
    """Names of the presets shipped with the package.

    Examples
    --------
    >>> "veerkracht-2021" in available_presets()
    True
    """
    return shipped_names(SHIPPED)


def load_preset(name_or_path: str | Path = "veerkracht-2021") -> Preset:
    """Load and validate a methodology preset by name (shipped) or path (own file).

    Raises
    ------
    PresetError
        Naming the file, the line, the key and what was expected; also when the class table leaves
        a combination of categories uncovered or covers one twice.

    Examples
    --------
    >>> load_preset("veerkracht-2021-open").vulnerable.method
    'composite'
    >>> load_preset("no-such-preset")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    veerkracht.monitor.preset.PresetError: no-such-preset: niet gevonden; ...
    """
    read = read_rule_file(name_or_path, PresetFile, shipped=SHIPPED, error=PresetError)
    nuisance = read.indicators.nuisance
    return Preset(
        name=read.name,
        version=read.version,
        sha256=read.sha256,
        files=read.files,
        title=read.title,
        vulnerable=read.indicators.vulnerable_residents,
        nuisance=nuisance,
        population_indicator=read.indicators.population.indicator,
        reference=read.reference.spec(),
        thresholds=Thresholds(*read.threshold_values()),
        category_labels={f: dict(getattr(read.categories, f)) for f in FACTORS},
        classes=read.classes,
        hidden_hotspot_classes=read.hidden_hotspots.classes,
        table=class_table(read.classes),
    )
