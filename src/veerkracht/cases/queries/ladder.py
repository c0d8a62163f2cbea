# SPDX-License-Identifier: EUPL-1.2
"""Where a dossier stands on the escalation ladder, and what each next step still requires.

Call these only for a dossier the person may read (``dossier_access.get_visible_dossier``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from veerkracht.cases.dossier_rulebook import dossier_rules
from veerkracht.cases.models import Dossier, Hearing, LadderStep, Party
from veerkracht.cases.rules.ladder import DossierFacts, Gap, Ladder, StepSpec, TakenStep


def dossier_facts(dossier: Dossier, *, before: datetime | None = None) -> DossierFacts:
    """What the ladder's preconditions look at, as the dossier is now (or was just before a moment)."""
    steps = LadderStep.objects.filter(dossier=dossier).exclude(outcome="")
    if before is not None:
        steps = steps.filter(taken_at__lte=before)
    roles: dict[str, set[int]] = {}
    for party_id, role in Party.objects.filter(dossier=dossier).values_list("pk", "role"):
        roles.setdefault(role, set()).add(party_id)
    hearings = Hearing.objects.filter(dossier=dossier)
    if before is not None:
        hearings = hearings.filter(held_at__lte=before)
    heard = set(hearings.values_list("party_id", flat=True))
    return DossierFacts(
        steps=tuple(TakenStep(s.step, s.documented) for s in steps.order_by("taken_at", "id")),
        heard_roles=frozenset(role for role, ids in roles.items() if ids <= heard),
        party_roles=frozenset(roles),
        meldingen=dossier.links.count(),
    )


@dataclass(frozen=True)
class NextStep:
    """A step of the ladder and what it still requires; ``ready`` when nothing is missing."""

    code: str
    label: str
    rung: int
    missing: list[Gap]
    evidence: list[str]
    decided_by: str | None

    @property
    def ready(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class Position:
    """Where a dossier stands: the highest rung taken, the steps taken, and every step above it."""

    ladder: str
    label: str
    #: The highest step taken (None: none yet).
    current: str | None
    current_label: str
    rung: int
    taken: list[LadderStep]
    #: Steps taken without all their evidence: what is still to be added.
    undocumented: list[tuple[LadderStep, list[str]]]
    next_steps: list[NextStep]


def _ladder_of(dossier: Dossier) -> tuple[str, Ladder] | None:
    rules = dossier_rules()
    code = rules.types.type(dossier.dossier_type).ladder
    if code is None:
        return None
    return code, rules.ladder.ladder(code)


def position(dossier: Dossier) -> Position | None:
    """Where the dossier stands on its ladder (None for a dossier type without a ladder)."""
    found = _ladder_of(dossier)
    if found is None:
        return None
    code, ladder = found
    book = dossier_rules().ladder
    taken = list(
        LadderStep.objects.filter(dossier=dossier).prefetch_related("evidence").order_by("taken_at", "id")
    )
    top = max(taken, key=lambda s: (s.rung, s.taken_at), default=None)
    facts = dossier_facts(dossier)
    undocumented = []
    for step in taken:
        present = {item.kind for item in step.evidence.all()}
        lacking = [book.evidence_label(kind) for kind in step.required_evidence if kind not in present]
        if lacking:
            undocumented.append((step, lacking))
    rung = top.rung if top is not None else 0
    next_steps = [_next(spec, ladder, facts) for spec in ladder.in_order() if spec.rung > rung]
    return Position(
        ladder=code,
        label=ladder.label.nl,
        current=top.step if top is not None else None,
        current_label=ladder.steps[top.step].label.nl if top is not None and top.step in ladder.steps else "",
        rung=rung,
        taken=taken,
        undocumented=undocumented,
        next_steps=next_steps,
    )


def _next(spec: StepSpec, ladder: Ladder, facts: DossierFacts) -> NextStep:
    book = dossier_rules().ladder
    return NextStep(
        code=spec.code,
        label=spec.label.nl,
        rung=spec.rung,
        missing=ladder.missing(spec.code, facts),
        evidence=[book.evidence_label(kind) for kind in spec.evidence],
        decided_by=spec.decided_by,
    )


def requirements(dossier: Dossier, step: str) -> NextStep:
    """What one step of the dossier's ladder requires now (raises ``LadderError`` for an unknown step)."""
    found = _ladder_of(dossier)
    if found is None:
        raise ValueError(f"dossier {dossier.reference} heeft geen escalatieladder")
    _code, ladder = found
    return _next(ladder.step(step), ladder, dossier_facts(dossier))
