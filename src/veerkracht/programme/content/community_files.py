# SPDX-License-Identifier: EUPL-1.2
"""The shapes of the fund, resident teams, programme and prioritisation content files."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from typing import Annotated

from pydantic import Field, model_validator

from veerkracht.programme import vocabulary
from veerkracht.programme.content.common import AreaCode, Money, OrganisationRef, Year
from veerkracht.rulefiles import Items, Name, RuleFile, RuleModel, RuleProblem, one_of

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")]


class FundInfo(RuleModel):
    slug: Slug
    name: Name
    gemeente: AreaCode
    holder: OrganisationRef
    start_year: Year
    end_year: Year
    reference_prefix: Annotated[str, Field(pattern=r"^[A-Z]{1,8}$")] = "LF"
    source: str = ""


class Reservation(RuleModel):
    amount: Money
    purpose: Name


class BudgetSpec(RuleModel):
    slug: Slug
    name: Name
    scope: Annotated[str, one_of(("buurt", "rayon"), "soort budget")]
    areas: Annotated[Items[AreaCode], Field(min_length=1)]
    amount: Money
    purpose: str = ""
    reserved: Reservation | None = None

    @model_validator(mode="after")
    def _reservation_fits(self) -> BudgetSpec:
        if self.reserved is not None and self.reserved.amount > self.amount:
            raise RuleProblem(("reserved", "amount"), "het gereserveerde bedrag is groter dan het budget")
        return self


class FundFile(RuleFile):
    """``fund.yaml``: a liveability fund and its budgets per buurt and rayon."""

    fund: FundInfo
    budgets: Annotated[Items[BudgetSpec], Field(min_length=1)]

    @model_validator(mode="after")
    def _slugs_unique(self) -> FundFile:
        seen: set[str] = set()
        for index, budget in enumerate(self.budgets):
            if budget.slug in seen:
                raise RuleProblem(("budgets", index, "slug"), "staat twee keer in het bestand")
            seen.add(budget.slug)
        return self


class TeamSpec(RuleModel):
    buurt: AreaCode
    as_written: str = ""
    corporation: Name
    phase: Annotated[str, one_of(vocabulary.TEAM_PHASES, "fase")]
    since: date | None = None
    note: str = ""


class TeamsFile(RuleFile):
    """``resident_teams.yaml``: the bewonerskrachtenteams per buurt and corporation, with their phase."""

    gemeente: AreaCode
    as_of: date
    document: Name
    note: str = ""
    corporations: Items[OrganisationRef]
    teams: Items[TeamSpec]

    @model_validator(mode="after")
    def _corporations_listed(self) -> TeamsFile:
        names = {corporation.name for corporation in self.corporations}
        for index, team in enumerate(self.teams):
            if team.corporation not in names:
                raise RuleProblem(
                    ("teams", index, "corporation"),
                    f"'{team.corporation}' staat niet onder 'corporations'; bekend: {sorted(names)}",
                )
        return self


class BudgetLineSpec(RuleModel):
    from_year: Year
    to_year: Year | None = None
    amount_per_year: Money
    note: str = ""


class SpendingSpec(RuleModel):
    year: Year
    amount: Money
    description: Name
    spent_on: date
    area: AreaCode | None = None


class ProgrammeSpec(RuleModel):
    slug: Slug
    name: Name
    description: str = ""
    lead: OrganisationRef
    partners: Items[OrganisationRef] = ()
    areas: Annotated[Items[AreaCode], Field(min_length=1)]
    start_year: Year
    end_year: Year | None = None
    budget: Items[BudgetLineSpec] = ()
    goals: Items[Name] = ()
    spending: Items[SpendingSpec] = ()
    source: str = ""

    @model_validator(mode="after")
    def _budget_lines_do_not_overlap(self) -> ProgrammeSpec:
        lines = sorted(self.budget, key=lambda line: line.from_year)
        for index, (before, after) in enumerate(pairwise(lines)):
            if before.to_year is None or before.to_year >= after.from_year:
                raise RuleProblem(("budget", index + 1, "from_year"), "overlapt met de regel ervoor")
        return self


class PriorityEntry(RuleModel):
    areas: Annotated[Items[AreaCode], Field(min_length=1)]
    #: The name the source gives the buurten together ("Wyckerpoort/Wittevrouwenveld").
    group: str = ""
    phase: Annotated[str, one_of(vocabulary.PRIORITY_PHASES, "fase")]
    reason: str = ""


class PrioritisationSpec(RuleModel):
    slug: Slug
    title: Name
    decided_year: Year
    source: str = ""
    #: Why a buurt is in a phase, as the source says it for all buurten of that phase.
    phase_reasons: dict[Annotated[str, one_of(vocabulary.PRIORITY_PHASES, "fase")], Name] = {}
    entries: Items[PriorityEntry]


class ProgrammesFile(RuleFile):
    """``programmes.yaml``: area programmes and the city's prioritisation of buurten."""

    gemeente: AreaCode
    programmes: Items[ProgrammeSpec] = ()
    prioritisation: PrioritisationSpec | None = None
