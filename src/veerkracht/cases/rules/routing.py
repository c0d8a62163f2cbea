# SPDX-License-Identifier: EUPL-1.2
"""Routing rules: ordered, first match wins, on category, area, time and channel (pure: no Django).

A rule set has office hours and an ordered list of rules; each rule has conditions (``when``) and an
assignment (``assign``): the organisation (by slug; none means the receiving organisation), its team (by
slug) and the role that handles the melding. Conditions of one rule must all hold; a list condition holds
when the melding matches any of its values; a rule without conditions matches everything, and the last
rule of a set must be such a catch-all, so that every melding is routed.

The shipped ``routing.yaml`` seeds an organisation's first rule set; after that the rules live in the
database, versioned, and the organisation's administrator edits them. :func:`explain` is the
"test this rule" preview: it evaluates every rule against a sample melding and says why each matched or
not.

>>> from datetime import datetime
>>> from veerkracht.core.calendar import AMSTERDAM, WorkingDayCalendar
>>> rules = read_routing()
>>> case = RoutingCase("vervuiling", "zwerfafval", "fysieke_woonomgeving", "web",
...                    frozenset({"BU09350301"}), datetime(2026, 3, 2, 10, tzinfo=AMSTERDAM))
>>> decision = route(rules, case, WorkingDayCalendar())
>>> decision.position, decision.assign.role
(6, 'wijkbeheerder')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Annotated, Any

from pydantic import model_validator

from veerkracht.core.calendar import AMSTERDAM, WorkingDayCalendar
from veerkracht.rulefiles import Items, Name, RuleFile, RuleModel, RuleProblem, check, read_rule_file

ROUTING_FILE = Path(__file__).with_name("routing.yaml")
#: How meldingen come in; the models' Channel choices use the same codes.
CHANNELS = ("web", "phone", "api", "import", "round")
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
Code = Annotated[str, check(lambda code: bool(_CODE.match(code)), "verwacht een code als 'wijkbeheerder'")]
Channel = Annotated[str, check(lambda code: code in CHANNELS, f"verwacht een kanaal uit {list(CHANNELS)}")]
ClockTime = Annotated[str, check(lambda text: bool(_CLOCK.match(text)), "verwacht een tijd als '08:30'")]


class Conditions(RuleModel):
    """What a melding must have for a rule to match; an empty list asks nothing."""

    #: Category codes, or ``category/subcategory``.
    categories: Items[str] = ()
    pillars: Items[Code] = ()
    #: CBS codes of buurt, wijk or gemeente, or complex codes.
    areas: Items[str] = ()
    channels: Items[Channel] = ()
    #: True: only outside office hours (weekends, holidays, closing days, evenings); False: only inside.
    outside_office_hours: bool | None = None

    def is_empty(self) -> bool:
        return not (self.categories or self.pillars or self.areas or self.channels) and (
            self.outside_office_hours is None
        )


class Assignment(RuleModel):
    organisation: str | None = None
    team: str | None = None
    role: Code


class Rule(RuleModel):
    name: Name
    when: Conditions = Conditions()
    assign: Assignment


class OfficeHours(RuleModel):
    start: ClockTime
    end: ClockTime

    @model_validator(mode="after")
    def _start_before_end(self) -> OfficeHours:
        if self.start >= self.end:
            raise RuleProblem(("end",), f"het einde ({self.end}) ligt niet na het begin ({self.start})")
        return self


class RoutingFile(RuleFile):
    """The shape of ``routing.yaml`` (and of a rule set checked before it is stored)."""

    office_hours: OfficeHours
    rules: Items[Rule]

    @model_validator(mode="after")
    def _ends_with_a_catch_all(self) -> RoutingFile:
        if not self.rules:
            raise RuleProblem(("rules",), "noem ten minste één regel")
        if not self.rules[-1].when.is_empty():
            raise RuleProblem(
                ("rules", len(self.rules) - 1, "when"),
                "de laatste regel moet zonder voorwaarden zijn, zodat elke melding een behandelaar krijgt",
            )
        return self


@dataclass(frozen=True)
class RoutingCase:
    """What routing looks at: the melding's category, pillar, channel, areas and moment of receipt."""

    category: str
    subcategory: str
    pillar: str
    channel: str
    #: Every area code the melding lies in: buurt, wijk, gemeente and complex.
    areas: frozenset[str]
    received_at: datetime


@dataclass(frozen=True)
class Check:
    """One condition of one rule against a case, for the preview."""

    condition: str
    wanted: str
    found: str
    holds: bool


@dataclass(frozen=True)
class RuleResult:
    position: int
    name: str
    matches: bool
    checks: tuple[Check, ...]


@dataclass(frozen=True)
class Decision:
    """The first rule that matched: its position (from 0), name and assignment."""

    position: int
    name: str
    assign: Assignment


def outside_office_hours(moment: datetime, hours: OfficeHours, calendar: WorkingDayCalendar) -> bool:
    """Whether a moment falls outside office hours: not a working day, or before start or from end on."""
    local = moment.astimezone(AMSTERDAM)
    if not calendar.is_working_day(local.date()):
        return True
    start, end = time.fromisoformat(hours.start), time.fromisoformat(hours.end)
    return not start <= local.time().replace(tzinfo=None) < end


def _checks(rule: Rule, case: RoutingCase, hours: OfficeHours, calendar: WorkingDayCalendar) -> list[Check]:
    when = rule.when
    found: list[Check] = []
    if when.categories:
        mine = {case.category, f"{case.category}/{case.subcategory}"}
        found.append(
            Check(
                "categories",
                ", ".join(when.categories),
                f"{case.category}/{case.subcategory}",
                bool(mine & set(when.categories)),
            )
        )
    if when.pillars:
        found.append(Check("pillars", ", ".join(when.pillars), case.pillar, case.pillar in when.pillars))
    if when.areas:
        found.append(
            Check(
                "areas",
                ", ".join(when.areas),
                ", ".join(sorted(case.areas)) or "-",
                bool(case.areas & set(when.areas)),
            )
        )
    if when.channels:
        found.append(Check("channels", ", ".join(when.channels), case.channel, case.channel in when.channels))
    if when.outside_office_hours is not None:
        outside = outside_office_hours(case.received_at, hours, calendar)
        found.append(
            Check(
                "outside_office_hours",
                "buiten kantoortijd" if when.outside_office_hours else "binnen kantoortijd",
                "buiten kantoortijd" if outside else "binnen kantoortijd",
                outside == when.outside_office_hours,
            )
        )
    return found


def explain(rules: RoutingFile, case: RoutingCase, calendar: WorkingDayCalendar) -> list[RuleResult]:
    """Evaluate every rule against a case (the "test this rule" preview), in order."""
    results = []
    for position, rule in enumerate(rules.rules):
        checks = tuple(_checks(rule, case, rules.office_hours, calendar))
        results.append(RuleResult(position, rule.name, all(c.holds for c in checks), checks))
    return results


def route(rules: RoutingFile, case: RoutingCase, calendar: WorkingDayCalendar) -> Decision:
    """Return the first rule that matches the case; the catch-all at the end guarantees one does."""
    for position, rule in enumerate(rules.rules):
        if all(c.holds for c in _checks(rule, case, rules.office_hours, calendar)):
            return Decision(position, rule.name, rule.assign)
    raise AssertionError("a rule set ends with a catch-all")  # pragma: no cover


def rules_as_data(rules: RoutingFile) -> dict[str, Any]:
    """The rule set as plain data, in the file's shape (to store, compare or edit)."""
    return rules.model_dump(mode="json", by_alias=True, exclude_defaults=True, exclude={"version"})


def first_position_of(rules: Sequence[RuleResult]) -> int | None:
    """The position of the first matching rule in a preview, or None."""
    return next((r.position for r in rules if r.matches), None)


def read_routing(path: Path | str = ROUTING_FILE) -> RoutingFile:
    """Read and check a routing file (the shipped default rules by default)."""
    return read_rule_file(path, RoutingFile)
