# SPDX-License-Identifier: EUPL-1.2
"""The shapes of the housing content files: stock per segment, targets, accessibility, interventions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import Field, model_validator

from veerkracht.programme import vocabulary
from veerkracht.programme.content.common import AreaCode, Count, Money, OrganisationRef, Year
from veerkracht.rulefiles import Items, Name, RuleFile, RuleModel, RuleProblem, Text, one_of

Segment = Annotated[str, one_of(vocabulary.RENT_SEGMENTS, "huursegment")]
BatClass = Annotated[str, one_of(vocabulary.BAT_CLASSES, "toegankelijkheidsklasse")]


class TableInfo(RuleModel):
    slug: Name
    title: Name
    gemeente: AreaCode
    source: Name
    note: str = ""


class StockStand(RuleModel):
    """Dwellings per corporation and segment at the end of ``year`` (a plan when ``planned``)."""

    year: Year
    planned: bool = True
    #: Corporation name -> segment -> dwellings.
    figures: dict[str, dict[Segment, Annotated[int, Field(ge=0)]]]
    #: The totals as the source prints them; optional.
    reported_totals: dict[Segment, int] = {}


class StockChange(RuleModel):
    """The change in dwellings per corporation and segment over the years ``from_year`` to ``year``."""

    from_year: Year
    year: Year
    figures: dict[str, dict[Segment, int]]
    reported_totals: dict[Segment, int] = {}

    @model_validator(mode="after")
    def _period_runs_forward(self) -> StockChange:
        if self.year < self.from_year:
            raise RuleProblem("year", "het laatste jaar ligt voor het eerste")
        return self


class StockFile(RuleFile):
    """``housing_stock.yaml``: one table of a city's DAEB stock per corporation and rent segment."""

    table: TableInfo
    corporations: Items[OrganisationRef]
    stands: Items[StockStand] = ()
    changes: Items[StockChange] = ()
    #: Also store the stand before each change, computed as a later stand minus the change (marked derived).
    derive_stand_before_changes: bool = False

    @model_validator(mode="after")
    def _figures_name_listed_corporations(self) -> StockFile:
        names = {corporation.name for corporation in self.corporations}
        figures: list[tuple[str, int, dict[str, Any]]] = [
            ("stands", n, dict(stand.figures)) for n, stand in enumerate(self.stands)
        ] + [("changes", n, dict(change.figures)) for n, change in enumerate(self.changes)]
        for group, index, by_name in figures:
            for name in by_name:
                if name not in names:
                    raise RuleProblem(
                        (group, index, "figures", name),
                        f"'{name}' staat niet onder 'corporations'; bekend: {sorted(names)}",
                    )
        if self.derive_stand_before_changes:
            years = {stand.year for stand in self.stands}
            for index, change in enumerate(self.changes):
                if change.year not in years:
                    raise RuleProblem(
                        ("changes", index, "year"),
                        f"om de stand ervoor af te leiden is een stand in {change.year} nodig",
                    )
        return self


class TargetSpec(RuleModel):
    """A share of the stock: the segments in ``share_of`` as a percentage of those in ``of``."""

    code: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{1,79}$")]
    title: Text
    agreement: str = ""
    share_of: Items[Segment]
    of: Items[Segment] = vocabulary.RENT_SEGMENTS
    at_least: Annotated[float, Field(ge=0, le=100)] | None = None
    at_most: Annotated[float, Field(ge=0, le=100)] | None = None

    @model_validator(mode="after")
    def _one_bound_within_the_whole(self) -> TargetSpec:
        if (self.at_least is None) == (self.at_most is None):
            raise RuleProblem("at_least", "geef precies één van 'at_least' en 'at_most'")
        outside = sorted(set(self.share_of) - set(self.of))
        if outside:
            raise RuleProblem("share_of", f"{outside} horen niet bij het geheel in 'of'")
        return self

    @property
    def percentage(self) -> Decimal:
        bound = self.at_least if self.at_least is not None else self.at_most
        return Decimal(str(bound))


class TargetsFile(RuleFile):
    """``housing_targets.yaml``: the targets a city set on its stock (a rule file)."""

    gemeente: AreaCode
    targets: Items[TargetSpec]

    @model_validator(mode="after")
    def _codes_unique(self) -> TargetsFile:
        seen: set[str] = set()
        for index, target in enumerate(self.targets):
            if target.code in seen:
                raise RuleProblem(("targets", index, "code"), "staat twee keer in het bestand")
            seen.add(target.code)
        return self


class AccessibilityRow(RuleModel):
    buurt: AreaCode
    #: The name as the source writes it, to check the row by eye (not compared with CBS).
    as_written: str = ""
    classes: dict[BatClass, Count] = {}
    #: A number the source gives without a readable class.
    unclassified: Count = 0


class AccessibilityPart(RuleModel):
    from_year: Year
    year: Year
    measure: Annotated[str, one_of(("stand", "ontwikkeling"), "soort")]
    rows: Items[AccessibilityRow]
    reported_totals: dict[str, int] = {}


class AccessibilityFile(RuleFile):
    """``accessibility.yaml``: corporation dwellings per buurt and BAT class, a stand and a change."""

    table: TableInfo
    parts: Items[AccessibilityPart]


class InterventionRow(RuleModel):
    area: AreaCode
    as_written: str = ""
    corporation: str | None = None
    project: str = ""
    counts: dict[Annotated[str, one_of(vocabulary.INTERVENTION_KINDS, "soort ingreep")], Count]
    #: Realised so far, per kind, where known.
    realised: dict[Annotated[str, one_of(vocabulary.INTERVENTION_KINDS, "soort ingreep")], Count] = {}
    renovation_eur: Money | None = None


class InterventionTable(RuleModel):
    source: Name
    from_year: Year
    year: Year
    note: str = ""
    rows: Items[InterventionRow]
    reported_totals: dict[str, int] = {}


class InterventionsFile(RuleFile):
    """``interventions.yaml``: planned (and realised) new build, demolition and renovation per area."""

    gemeente: AreaCode
    corporations: Items[OrganisationRef] = ()
    tables: Items[InterventionTable]
    as_of: date | None = None

    @model_validator(mode="after")
    def _corporations_listed(self) -> InterventionsFile:
        names = {corporation.name for corporation in self.corporations}
        for t, table in enumerate(self.tables):
            for r, row in enumerate(table.rows):
                if row.corporation is not None and row.corporation not in names:
                    raise RuleProblem(
                        ("tables", t, "rows", r, "corporation"),
                        f"'{row.corporation}' staat niet onder 'corporations'; bekend: {sorted(names)}",
                    )
        return self
