# SPDX-License-Identifier: EUPL-1.2
"""The write API of the performance agreements: status updates, action lists, evaluations, signals.

Every change goes through here, inside a transaction, with an audit event; events fire after commit.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from veerkracht.core import events
from veerkracht.core.models import Organisation, User
from veerkracht.core.services import record_audit
from veerkracht.programme.models import (
    Agreement,
    AgreementStatus,
    Milestone,
    SignalKind,
    StagnationSignal,
    StatusUpdate,
    Theme,
    ThemeEvaluation,
    Workgroup,
    WorkgroupAction,
)
from veerkracht.programme.queries.agreements import may_keep_action_list, writing_organisation
from veerkracht.programme.rules.stagnation import StagnationRules, load_stagnation_rules

# Published after commit; payloads hold ids only.
STATUS_RECORDED = "programme.agreement_status_recorded"
SIGNALS_CHANGED = "programme.stagnation_signals_changed"

NOTE_MAX = 4000


class AgreementInputError(ValueError):
    """Input that cannot be stored; the message is Dutch and names the field."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


class NotALead(PermissionError):
    """The person may not write for this agreement or workgroup."""


@transaction.atomic
def record_status_update(
    agreement: Agreement,
    *,
    author: User | None,
    status: str,
    note: str,
    milestone: Milestone | None = None,
    milestone_reached: bool = False,
    milestone_expected_on: date | None = None,
    at: datetime | None = None,
    author_label: str = "",
    organisation: Organisation | None = None,
) -> StatusUpdate:
    """Append a status update to an agreement's history, written by a lead (ADR 0013).

    ``author=None`` is the system (a loader or the demo generator), which must say who it writes for in
    ``author_label``. A person must be allowed by :func:`writing_organisation`.
    """
    if author is not None:
        organisation = writing_organisation(author, agreement)
        if organisation is None:
            raise NotALead("alleen de trekkers van deze afspraak (of wie programma mag bijhouden)")
        author_label = author.get_full_name() or author.get_username()
    elif not author_label:
        raise AgreementInputError("author_label", "zeg namens wie het systeem de update schrijft")
    if status not in AgreementStatus.values:
        raise AgreementInputError("status", f"'{status}' is geen status; kies uit {AgreementStatus.values}")
    note = note.strip()
    if not note:
        raise AgreementInputError("note", "schrijf in een paar woorden wat er is gebeurd")
    if len(note) > NOTE_MAX:
        raise AgreementInputError("note", f"de toelichting is langer dan {NOTE_MAX} tekens")
    if milestone is not None and milestone.agreement_id != agreement.pk:
        raise AgreementInputError("milestone", "deze mijlpaal hoort niet bij deze afspraak")
    if milestone is None and (milestone_reached or milestone_expected_on):
        raise AgreementInputError("milestone", "kies de mijlpaal waarover de voortgang gaat")
    if milestone_reached and milestone_expected_on:
        raise AgreementInputError(
            "milestone_expected_on", "een bereikte mijlpaal heeft geen nieuwe verwachte datum"
        )
    recorded_at = at or timezone.now()
    if milestone_expected_on is not None and milestone_expected_on <= timezone.localdate(recorded_at):
        raise AgreementInputError("milestone_expected_on", "de nieuwe verwachte datum ligt in de toekomst")
    update = StatusUpdate.objects.create(
        agreement=agreement,
        recorded_at=recorded_at,
        author=author,
        author_label=author_label[:200],
        organisation=organisation,
        status=status,
        note=note,
        milestone=milestone,
        milestone_reached=milestone_reached,
        milestone_expected_on=milestone_expected_on,
    )
    if agreement.last_update_at is None or recorded_at >= agreement.last_update_at:
        agreement.status = status
        agreement.last_update_at = recorded_at
        agreement.save(update_fields=["status", "last_update_at"])
    if milestone is not None and (milestone_reached or milestone_expected_on):
        if milestone_reached:
            milestone.reached_on = timezone.localdate(recorded_at)
        milestone.expected_on = milestone_expected_on
        milestone.save(update_fields=["reached_on", "expected_on"])
    record_audit(
        "programme.status_recorded",
        actor=author,
        organisation=organisation,
        object_type="agreement",
        object_id=agreement.pk,
        detail={"status": status, "milestone": milestone.pk if milestone else None},
    )
    # The page should not wait for the next tick to drop a signal this update resolved.
    _refresh_signals(Agreement.objects.filter(pk=agreement.pk), timezone.localdate(), load_stagnation_rules())
    events.publish(STATUS_RECORDED, {"agreement": agreement.pk, "update": update.pk})
    return update


@transaction.atomic
def add_workgroup_action(
    workgroup: Workgroup,
    *,
    author: User | None,
    description: str,
    who: str,
    due_on: date | None = None,
    organisation: Organisation | None = None,
    agreement: Agreement | None = None,
) -> WorkgroupAction:
    """Add a line to a workgroup's joint action list."""
    if author is not None and not may_keep_action_list(author, workgroup):
        raise NotALead("alleen de leden van deze werkgroep (of wie programma mag bijhouden)")
    description, who = description.strip(), who.strip()
    if not description:
        raise AgreementInputError("description", "beschrijf de actie")
    if len(description) > 500:
        raise AgreementInputError("description", "de actie is langer dan 500 tekens")
    if not who:
        raise AgreementInputError("who", "zeg wie de actie uitvoert")
    if agreement is not None and agreement.theme.agreement_set_id != workgroup.agreement_set_id:
        raise AgreementInputError("agreement", "deze afspraak hoort bij een andere set prestatieafspraken")
    action = WorkgroupAction.objects.create(
        workgroup=workgroup,
        description=description,
        who=who[:200],
        organisation=organisation,
        due_on=due_on,
        agreement=agreement,
        created_by=author,
    )
    record_audit(
        "programme.action_added",
        actor=author,
        object_type="workgroup_action",
        object_id=action.pk,
        detail={"workgroup": workgroup.pk},
    )
    return action


@transaction.atomic
def set_action_done(action: WorkgroupAction, *, author: User | None, done_on: date | None) -> WorkgroupAction:
    """Mark an action done on a day, or open again (``done_on=None``)."""
    if author is not None and not may_keep_action_list(author, action.workgroup):
        raise NotALead("alleen de leden van deze werkgroep (of wie programma mag bijhouden)")
    action.done_on = done_on
    action.save(update_fields=["done_on"])
    record_audit(
        "programme.action_done" if done_on else "programme.action_reopened",
        actor=author,
        object_type="workgroup_action",
        object_id=action.pk,
        detail={"done_on": done_on.isoformat() if done_on else None},
    )
    return action


@transaction.atomic
def save_theme_evaluation(
    theme: Theme, year: int, *, author: User | None, agreed: str, happened: str, next_year: str
) -> ThemeEvaluation:
    """Write the annual evaluation of a theme (the figures come from the history, not from here)."""
    if not theme.agreement_set.start_year - 1 <= year <= theme.agreement_set.end_year + 1:
        raise AgreementInputError("year", f"{year} valt buiten de looptijd van deze afspraken")
    evaluation, _created = ThemeEvaluation.objects.update_or_create(
        theme=theme,
        year=year,
        defaults={
            "agreed": agreed.strip(),
            "happened": happened.strip(),
            "next_year": next_year.strip(),
            "updated_by": author,
        },
    )
    record_audit(
        "programme.evaluation_saved",
        actor=author,
        object_type="theme_evaluation",
        object_id=evaluation.pk,
        detail={"theme": theme.pk, "year": year},
    )
    return evaluation


@dataclass(frozen=True)
class SignalSummary:
    """What one computation changed."""

    opened: int
    resolved: int
    open: int


def compute_stagnation_signals(today: date | None = None) -> SignalSummary:
    """Open a signal for what is stuck on ``today``, resolve what no longer is (the periodic job)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        opened, resolved = _refresh_signals(Agreement.objects.all(), today, load_stagnation_rules())
    summary = SignalSummary(
        opened, resolved, StagnationSignal.objects.filter(resolved_on__isnull=True).count()
    )
    if opened or resolved:
        events.publish(SIGNALS_CHANGED, {"opened": opened, "resolved": resolved, "day": today.isoformat()})
    return summary


Key = tuple[str, int, int | None]


def stuck_conditions(agreement: Agreement, today: date, rules: StagnationRules) -> dict[Key, date]:
    """What is stuck in one agreement on a day, each with the day it got stuck."""
    if agreement.status in rules.closed_statuses or agreement.starts_on > today:
        return {}
    found: dict[Key, date] = {}
    last = timezone.localdate(agreement.last_update_at) if agreement.last_update_at else agreement.starts_on
    if (today - last).days >= rules.no_update_days:
        found[(SignalKind.NO_UPDATE, agreement.pk, None)] = last
    for milestone in agreement.milestones.all():
        if milestone.reached_on is not None:
            continue
        due = milestone.current_due
        if (today - due).days > rules.milestone_grace_days:
            found[(SignalKind.MILESTONE_OVERDUE, agreement.pk, milestone.pk)] = due
    return found


def _refresh_signals(agreements: QuerySet[Agreement], today: date, rules: StagnationRules) -> tuple[int, int]:
    """Bring the open signals of these agreements in line with what is stuck today."""
    chosen = list(agreements.prefetch_related("milestones"))
    conditions: dict[Key, date] = {}
    for agreement in chosen:
        conditions.update(stuck_conditions(agreement, today, rules))
    existing = StagnationSignal.objects.select_for_update().filter(
        resolved_on__isnull=True, agreement__in=[a.pk for a in chosen]
    )
    opened = resolved = 0
    still_open: set[Key] = set()
    for signal in existing:
        key: Key = (signal.kind, signal.agreement_id, signal.milestone_id)
        if conditions.get(key) == signal.stuck_since:
            still_open.add(key)
            continue
        signal.resolved_on = today
        signal.save(update_fields=["resolved_on"])
        resolved += 1
    for key, since in conditions.items():
        if key in still_open:
            continue
        kind, agreement_id, milestone_id = key
        StagnationSignal.objects.create(
            kind=kind,
            agreement_id=agreement_id,
            milestone_id=milestone_id,
            stuck_since=since,
            detected_on=today,
        )
        opened += 1
    return opened, resolved
