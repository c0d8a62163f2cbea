# SPDX-License-Identifier: EUPL-1.2
"""Taking a step on the escalation ladder: preconditions checked, skips approved, evidence kept."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from veerkracht.cases.dossier_access import has_role
from veerkracht.cases.dossier_rulebook import dossier_rules
from veerkracht.cases.models import Dossier, LadderStep, StepEvidence
from veerkracht.cases.queries.ladder import dossier_facts
from veerkracht.cases.rules.ladder import LadderError
from veerkracht.cases.services import attachments
from veerkracht.cases.services.attachments import Upload
from veerkracht.cases.services.dossier_common import (
    DossierError,
    audit,
    lock,
    moment,
    require_edit,
    require_open,
    user_of,
)
from veerkracht.cases.services.errors import NotAllowed
from veerkracht.core import events

STEP_TAKEN, EVIDENCE_ADDED = "dossier.step_taken", "dossier.evidence_added"


@dataclass(frozen=True)
class Evidence:
    """A piece of evidence of a step; ``upload`` is an optional file (checked like a melding's attachment)."""

    kind: str
    description: str
    document_date: date | None = None
    upload: Upload | None = None


def _evidence_rows(step: LadderStep, items: Sequence[Evidence], written: list[str]) -> list[StepEvidence]:
    book = dossier_rules().ladder
    rows = []
    for position, item in enumerate(items):
        if item.kind not in book.file.evidence:
            raise DossierError(
                f"bewijs[{position}]: soort '{item.kind}' bestaat niet; "
                f"kies uit {', '.join(book.file.evidence)}"
            )
        if not item.description.strip():
            raise DossierError(f"bewijs[{position}]: beschrijf het stuk")
        row = StepEvidence(
            step=step, kind=item.kind, description=item.description.strip(), document_date=item.document_date
        )
        if item.upload is not None:
            checked = attachments.check([item.upload], prefix=f"bewijs[{position}]")
            if isinstance(checked, dict):
                raise DossierError("; ".join(f"{k}: {v}" for k, v in checked.items()))
            upload = checked[0]
            row.stored_name = attachments.store(upload, step.taken_at)
            written.append(row.stored_name)
            row.original_name, row.content_type = upload.name, upload.content_type
            row.size, row.sha256 = len(upload.content), upload.sha256
        rows.append(row)
    return rows


def take_step(
    dossier: Dossier,
    step: str,
    *,
    outcome: str,
    actor: Any,
    taken_at: datetime | None = None,
    evidence: Sequence[Evidence] = (),
    notes: str = "",
    skip_reason: str = "",
    approved_by: Any = None,
    cost_eur: Decimal | None = None,
) -> LadderStep:
    """Record a step of the dossier's ladder, with its outcome and evidence.

    The step's preconditions are checked against the dossier as it was at ``taken_at``. Unmet ones may be
    skipped only with ``skip_reason`` and ``approved_by``, a person with the ladder's approver role
    (coördinator) in the dossier's organisation; the step records what it skipped. A step that names
    ``decided_by`` is recorded by, or approved by, a person with that role. A step without all its
    evidence counts as undocumented until :func:`add_evidence` completes it. Files written are removed
    when the step is refused.
    """
    written: list[str] = []
    try:
        return _take(
            dossier,
            step,
            outcome,
            actor,
            taken_at,
            evidence,
            notes,
            skip_reason,
            approved_by,
            cost_eur,
            written,
        )
    except BaseException:
        attachments.remove(written)
        raise


@transaction.atomic
def _take(
    dossier: Dossier,
    step: str,
    outcome: str,
    actor: Any,
    taken_at: datetime | None,
    evidence: Sequence[Evidence],
    notes: str,
    skip_reason: str,
    approved_by: Any,
    cost_eur: Decimal | None,
    written: list[str],
) -> LadderStep:
    current = lock(dossier)
    require_edit(actor, current)
    require_open(current)
    rules = dossier_rules()
    ladder_code = rules.types.type(current.dossier_type).ladder
    if ladder_code is None:
        raise DossierError("een dossier van dit soort heeft geen escalatieladder")
    ladder = rules.ladder.ladder(ladder_code)
    try:
        spec = ladder.step(step)
    except LadderError as error:
        raise DossierError(str(error)) from None
    if outcome not in spec.outcomes:
        labels = ", ".join(spec.outcomes)
        raise DossierError(f"uitkomst '{outcome}' past niet bij {spec.label.nl}; kies uit {labels}")
    when = moment(taken_at, what=spec.label.nl)
    gaps = ladder.missing(step, dossier_facts(current, before=when))
    approver_role = rules.ladder.file.skip_approver_role
    if approved_by is not None and not has_role(approved_by, current.organisation_id, approver_role):
        raise NotAllowed(f"{approved_by} is geen {approver_role} van {current.organisation.name}")
    if gaps and not (skip_reason.strip() and approved_by is not None):
        missing = "; ".join(gap.text for gap in gaps)
        raise DossierError(
            f"{spec.label.nl} kan nog niet: {missing}. "
            f"Overslaan kan alleen met een reden en een {approver_role}"
        )
    if spec.decided_by is not None:
        deciders = [person for person in (user_of(actor), approved_by) if person is not None]
        if not any(has_role(person, current.organisation_id, spec.decided_by) for person in deciders):
            raise NotAllowed(f"{spec.label.nl} wordt besloten door een {spec.decided_by}")
    record = LadderStep.objects.create(
        dossier=current,
        ladder=ladder_code,
        ladder_version=rules.ladder.version,
        step=step,
        rung=spec.rung,
        taken_at=when,
        outcome=outcome,
        notes=notes.strip(),
        required_evidence=list(spec.evidence),
        skipped=[gap.text for gap in gaps],
        skip_reason=skip_reason.strip() if gaps else "",
        approved_by=approved_by,
        is_eviction=outcome in rules.ladder.eviction_outcomes(),
        cost_eur=cost_eur,
        recorded_at=moment(None),
        recorded_by=user_of(actor),
    )
    rows = _evidence_rows(record, evidence, written)
    StepEvidence.objects.bulk_create(rows)
    record.documented = set(spec.evidence) <= {row.kind for row in rows}
    record.save(update_fields=["documented"])
    audit(
        STEP_TAKEN,
        current,
        actor,
        step=step,
        step_id=record.pk,
        outcome=outcome,
        skipped=len(gaps),
        approved_by=approved_by.pk if approved_by is not None else None,
    )
    events.publish(STEP_TAKEN, {"dossier": current.pk, "step": record.pk, "code": step})
    return record


def add_evidence(step: LadderStep, evidence: Sequence[Evidence], *, actor: Any) -> LadderStep:
    """Add evidence to a step taken earlier (a letter's copy that came later); it may become documented."""
    written: list[str] = []
    try:
        return _add_evidence(step, evidence, actor, written)
    except BaseException:
        attachments.remove(written)
        raise


@transaction.atomic
def _add_evidence(
    step: LadderStep, evidence: Sequence[Evidence], actor: Any, written: list[str]
) -> LadderStep:
    current = lock(step.dossier)
    require_edit(actor, current)
    record = LadderStep.objects.select_for_update().get(pk=step.pk)
    StepEvidence.objects.bulk_create(_evidence_rows(record, evidence, written))
    present = set(StepEvidence.objects.filter(step=record).values_list("kind", flat=True))
    record.documented = set(record.required_evidence) <= present
    record.save(update_fields=["documented"])
    audit(EVIDENCE_ADDED, current, actor, step_id=record.pk, kinds=[item.kind for item in evidence])
    events.publish(EVIDENCE_ADDED, {"dossier": current.pk, "step": record.pk})
    step.documented = record.documented
    return record
