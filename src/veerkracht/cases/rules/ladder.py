# SPDX-License-Identifier: EUPL-1.2
"""The escalation ladder as data (``ladder.yaml``) and the pure check of a step's preconditions.

The check takes a plain description of the dossier (:class:`DossierFacts`), so the same function serves
the service that records a step and the query that says what the next step requires.

>>> ladder = read_ladder().ladder("standaard")
>>> facts = DossierFacts(steps=(TakenStep("aanspreken", documented=True),), heard_roles=frozenset(),
...                      party_roles=frozenset({"subject"}), meldingen=1)
>>> [gap.text for gap in ladder.missing("hoor_en_wederhoor", facts)]
['hoor en wederhoor is niet vastgelegd voor elke veroorzaker']
>>> [gap.text for gap in ladder.missing("allonge_leefregels", facts)]
['eerst: Stopgesprek']
>>> ladder.missing("aanspreken", facts)
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, PrivateAttr, model_validator

from veerkracht.rulefiles import Items, RuleFile, RuleModel, RuleProblem, Text, check, read_rule_file

LADDER_FILE = Path(__file__).with_name("ladder.yaml")
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
Code = Annotated[str, check(lambda code: bool(_CODE.match(code)), "verwacht een code als 'stopgesprek'")]
PartyRoleCode = Literal["reporter", "subject", "partner", "witness"]
ROLE_WORDS = {
    "reporter": "melder",
    "subject": "veroorzaker",
    "partner": "netwerkpartner",
    "witness": "getuige",
}


class LadderError(ValueError):
    """A step, ladder, outcome or evidence kind that does not exist (the message is in Dutch)."""


class Labelled(RuleModel):
    label: Text


class OutcomeSpec(RuleModel):
    label: Text
    #: The tenancy ended or the dwelling was vacated: counted as an eviction in the KPIs.
    eviction: bool = False


class Requires(RuleModel):
    steps: Items[Code] = ()
    one_of: Items[Code] = ()
    heard: Items[PartyRoleCode] = ()
    meldingen: Annotated[int, Field(ge=0)] = 0
    documented_steps: Annotated[int, Field(ge=0)] = 0


class StepSpec(RuleModel):
    label: Text
    rung: Annotated[int, Field(ge=1)]
    requires: Requires = Requires()
    evidence: Items[Code] = ()
    outcomes: Annotated[Items[Code], Field(min_length=1)]
    decided_by: str | None = None
    _code: str = PrivateAttr(default="")

    @property
    def code(self) -> str:
        return self._code


@dataclass(frozen=True)
class TakenStep:
    """A step taken earlier in a dossier, as far as the preconditions care."""

    code: str
    #: Whether it carries every piece of evidence its step requires.
    documented: bool


@dataclass(frozen=True)
class DossierFacts:
    """What the preconditions look at: the steps taken, who was heard, who takes part, how many meldingen."""

    steps: tuple[TakenStep, ...]
    #: Roles of which every party has a hearing recorded (a role without parties is not in here).
    heard_roles: frozenset[str]
    #: Roles that have at least one party in the dossier.
    party_roles: frozenset[str]
    meldingen: int


@dataclass(frozen=True)
class Gap:
    """One precondition that is not met, in plain Dutch, with its kind (for a page to group them)."""

    kind: str
    text: str


class Ladder(RuleModel):
    label: Text
    steps: dict[Code, StepSpec]

    def step(self, code: str) -> StepSpec:
        spec = self.steps.get(code)
        if spec is None:
            raise LadderError(f"stap '{code}' staat niet op de ladder; kies uit {', '.join(self.steps)}")
        return spec

    def in_order(self) -> list[StepSpec]:
        return sorted(self.steps.values(), key=lambda s: (s.rung, s.code))

    def missing(self, code: str, facts: DossierFacts) -> list[Gap]:
        """The preconditions of a step that the dossier does not meet (empty: the step may be taken)."""
        spec = self.step(code)
        needs = spec.requires
        taken = {step.code for step in facts.steps}
        gaps = [Gap("steps", f"eerst: {self.steps[c].label.nl}") for c in needs.steps if c not in taken]
        if needs.one_of and not taken & set(needs.one_of):
            names = " of ".join(self.steps[c].label.nl for c in needs.one_of)
            gaps.append(Gap("one_of", f"eerst een van: {names}"))
        for role in needs.heard:
            if role not in facts.party_roles:
                gaps.append(Gap("heard", f"er is geen {ROLE_WORDS[role]} in het dossier vastgelegd"))
            elif role not in facts.heard_roles:
                gaps.append(
                    Gap("heard", f"hoor en wederhoor is niet vastgelegd voor elke {ROLE_WORDS[role]}")
                )
        if facts.meldingen < needs.meldingen:
            gaps.append(
                Gap(
                    "meldingen",
                    f"ten minste {needs.meldingen} meldingen nodig, het dossier heeft er {facts.meldingen}",
                )
            )
        documented = sum(1 for step in facts.steps if step.documented)
        if documented < needs.documented_steps:
            gaps.append(
                Gap(
                    "documented_steps",
                    f"ten minste {needs.documented_steps} eerdere stappen met volledig bewijs nodig, "
                    f"er zijn er {documented}",
                )
            )
        return gaps


class LadderFile(RuleFile):
    """The shape of ``ladder.yaml``."""

    skip_approver_role: str
    evidence: dict[Code, Labelled]
    outcomes: dict[Code, OutcomeSpec]
    ladders: dict[Code, Ladder]

    @model_validator(mode="after")
    def _references_exist(self) -> LadderFile:
        for name, ladder in self.ladders.items():
            rungs: dict[int, str] = {}
            for code, spec in ladder.steps.items():
                spec._code = code
                loc = ("ladders", name, "steps", code)
                if spec.rung in rungs:
                    raise RuleProblem((*loc, "rung"), f"trede {spec.rung} is al van '{rungs[spec.rung]}'")
                rungs[spec.rung] = code
                for kind in ("steps", "one_of"):
                    for other in getattr(spec.requires, kind):
                        if other not in ladder.steps:
                            raise RuleProblem((*loc, "requires", kind), f"onbekende stap '{other}'")
                        if ladder.steps[other].rung >= spec.rung:
                            raise RuleProblem(
                                (*loc, "requires", kind),
                                f"'{other}' staat niet lager op de ladder dan '{code}'",
                            )
                for evidence in spec.evidence:
                    if evidence not in self.evidence:
                        raise RuleProblem((*loc, "evidence"), f"onbekend soort bewijs '{evidence}'")
                for outcome in spec.outcomes:
                    if outcome not in self.outcomes:
                        raise RuleProblem((*loc, "outcomes"), f"onbekende uitkomst '{outcome}'")
        return self


@dataclass(frozen=True)
class LadderBook:
    """The ladders of an installation."""

    file: LadderFile

    @property
    def version(self) -> str:
        return self.file.version

    def ladder(self, code: str) -> Ladder:
        ladder = self.file.ladders.get(code)
        if ladder is None:
            raise LadderError(f"ladder '{code}' bestaat niet; kies uit {', '.join(self.file.ladders)}")
        return ladder

    def evidence_label(self, code: str) -> str:
        spec = self.file.evidence.get(code)
        return spec.label.nl if spec is not None else code

    def outcome_label(self, code: str) -> str:
        spec = self.file.outcomes.get(code)
        return spec.label.nl if spec is not None else code

    def eviction_outcomes(self) -> frozenset[str]:
        return frozenset(code for code, spec in self.file.outcomes.items() if spec.eviction)


def read_ladder(path: Path | str = LADDER_FILE) -> LadderBook:
    """Read and check a ladder file (the shipped one by default)."""
    return LadderBook(read_rule_file(path, LadderFile))
