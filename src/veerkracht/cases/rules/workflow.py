# SPDX-License-Identifier: EUPL-1.2
"""The workflow of meldingen as data: statuses and allowed transitions per melding type (``workflow.yaml``).

A transition names the statuses it leaves from, the status it goes to, the fields it requires (the
feedback text), whether it needs a reason, the clocks it freezes (the step they promise is done) and the
clocks it starts (reopening starts a new feedback clock). A status may pause clocks while a melding is in
it (waiting for the reporter). Closing and reopening always need a reason: the reader refuses a file that
says otherwise. Which steps inform the reporter is chosen per type, and per organisation.

>>> flow = read_workflow()
>>> standaard = flow.type("standaard")
>>> [t.code for t in standaard.allowed_from("gemeld")][:3]
['acknowledge', 'give_feedback', 'close']
>>> standaard.transitions["close"].reason_required
True
>>> flow.informs_reporter("standaard", "give_feedback", organisation="ergens")
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, PrivateAttr, model_validator

from veerkracht.cases.rules.service_levels import ClockKindCode
from veerkracht.rulefiles import Items, RuleFile, RuleModel, RuleProblem, Text, check, read_rule_file

WORKFLOW_FILE = Path(__file__).with_name("workflow.yaml")
#: The step of intake itself, for choosing whether the reporter gets a receipt message.
RECEIVE = "receive"
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
Code = Annotated[str, check(lambda code: bool(_CODE.match(code)), "verwacht een code als 'in_behandeling'")]


class WorkflowError(ValueError):
    """A transition that is not allowed, or lacks what it needs (the message is in Dutch)."""


class FieldSpec(RuleModel):
    label: Text


class Status(RuleModel):
    label: Text
    #: Open meldingen are on the work list; closed ones are done (Open311 maps them to open/closed).
    phase: Literal["open", "closed"]
    #: Clocks that stand still while a melding has this status.
    pauses: Items[ClockKindCode] = ()


class Transition(RuleModel):
    label: Text
    # ``from`` is a Python keyword; the file says ``from``.
    from_: Items[Code] = Field(alias="from")
    to: Code
    requires: Items[Code] = ()
    reason_required: bool = False
    freezes: Items[ClockKindCode] = ()
    starts: Items[ClockKindCode] = ()
    _code: str = PrivateAttr(default="")

    @property
    def code(self) -> str:
        """The transition's key in the file (``give_feedback``)."""
        return self._code


class MeldingType(RuleModel):
    label: Text
    initial: Code
    statuses: dict[Code, Status]
    transitions: dict[Code, Transition]
    #: The steps (transitions, or ``receive``) at which the reporter is informed, unless an organisation
    #: chooses otherwise.
    inform_reporter: Items[Code] = ()

    def allowed_from(self, status: str) -> list[Transition]:
        """The transitions allowed from a status, in file order."""
        return [t for t in self.transitions.values() if status in t.from_]

    def is_open(self, status: str) -> bool:
        return self.statuses[status].phase == "open"


class OrganisationChoices(RuleModel):
    #: Per melding type, the steps at which this organisation informs the reporter.
    inform_reporter: dict[Code, Items[Code]] = {}


class WorkflowFile(RuleFile):
    """The shape of ``workflow.yaml``."""

    fields: dict[Code, FieldSpec]
    types: dict[Code, MeldingType]
    organisations: dict[str, OrganisationChoices] = {}

    @model_validator(mode="after")
    def _consistent(self) -> WorkflowFile:
        for code, kind in self.types.items():
            _check_type(code, kind, set(self.fields))
            for transition_code, transition in kind.transitions.items():
                transition._code = transition_code
        for slug, choices in self.organisations.items():
            for type_code, steps in choices.inform_reporter.items():
                loc = ("organisations", slug, "inform_reporter", type_code)
                if type_code not in self.types:
                    raise RuleProblem(loc, f"onbekend meldingtype '{type_code}'")
                _check_steps(loc, steps, self.types[type_code])
        return self


def _check_type(code: str, kind: MeldingType, fields: set[str]) -> None:
    base = ("types", code)
    if kind.initial not in kind.statuses or not kind.is_open(kind.initial):
        raise RuleProblem((*base, "initial"), f"'{kind.initial}' is geen open status van dit type")
    for name, transition in kind.transitions.items():
        loc = (*base, "transitions", name)
        for status in (*transition.from_, transition.to):
            if status not in kind.statuses:
                raise RuleProblem(loc, f"onbekende status '{status}'")
        unknown = sorted(set(transition.requires) - fields)
        if unknown:
            raise RuleProblem((*loc, "requires"), f"onbekend(e) veld(en) {unknown}; noem ze onder 'fields'")
        target_open = kind.is_open(transition.to)
        closes = not target_open and any(kind.is_open(s) for s in transition.from_)
        reopens = target_open and any(not kind.is_open(s) for s in transition.from_)
        if (closes or reopens) and not transition.reason_required:
            what = "afsluiten" if closes else "heropenen"
            raise RuleProblem((*loc, "reason_required"), f"{what} vraagt altijd een reden: zet 'true'")
    for status, spec in kind.statuses.items():
        if spec.phase == "open" and not kind.allowed_from(status):
            raise RuleProblem(
                (*base, "statuses", status), "een open status heeft een uitgaande overgang nodig"
            )
    _check_steps((*base, "inform_reporter"), kind.inform_reporter, kind)


def _check_steps(loc: tuple[str, ...], steps: tuple[str, ...], kind: MeldingType) -> None:
    unknown = sorted(set(steps) - set(kind.transitions) - {RECEIVE})
    if unknown:
        raise RuleProblem(loc, f"onbekende stap(pen) {unknown}; verwacht overgangen of '{RECEIVE}'")


@dataclass(frozen=True)
class Workflow:
    """The workflow of an installation."""

    file: WorkflowFile

    @property
    def version(self) -> str:
        return self.file.version

    def type(self, code: str) -> MeldingType:
        found = self.file.types.get(code)
        if found is None:
            raise WorkflowError(f"meldingtype '{code}' bestaat niet; kies uit {', '.join(self.file.types)}")
        return found

    def field_label(self, code: str) -> str:
        return self.file.fields[code].label.nl

    def informs_reporter(self, type_code: str, step: str, *, organisation: str) -> bool:
        """Whether the reporter is informed at a step (a transition or ``receive``) in an organisation."""
        choices = self.file.organisations.get(organisation)
        if choices is not None and type_code in choices.inform_reporter:
            return step in choices.inform_reporter[type_code]
        return step in self.type(type_code).inform_reporter

    def check(
        self, type_code: str, status: str, transition: str, *, reason: str, fields: dict[str, str]
    ) -> Transition:
        """Return the transition when it is allowed from ``status`` with this reason and these fields."""
        kind = self.type(type_code)
        spec = kind.transitions.get(transition)
        if spec is None:
            raise WorkflowError(f"overgang '{transition}' bestaat niet voor een {kind.label.nl.lower()}")
        if status not in spec.from_:
            allowed = ", ".join(t.code for t in kind.allowed_from(status)) or "geen"
            raise WorkflowError(
                f"'{spec.label.nl}' kan niet vanuit status '{kind.statuses[status].label.nl}'; "
                f"mogelijk: {allowed}"
            )
        if spec.reason_required and not reason.strip():
            raise WorkflowError(f"'{spec.label.nl}' vraagt een reden")
        unknown = sorted(set(fields) - set(spec.requires))
        if unknown:
            raise WorkflowError(f"'{spec.label.nl}' kent de velden {unknown} niet")
        for name in spec.requires:
            if not str(fields.get(name, "")).strip():
                raise WorkflowError(f"'{spec.label.nl}' vraagt '{self.field_label(name)}'")
        return spec


def read_workflow(path: Path | str = WORKFLOW_FILE) -> Workflow:
    """Read and check a workflow file (the shipped one by default)."""
    return Workflow(read_rule_file(path, WorkflowFile))
