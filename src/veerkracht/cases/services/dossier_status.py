# SPDX-License-Identifier: EUPL-1.2
"""A dossier's status and deadlines: suspend and resume (opschorting), extend (verlenging), close, reopen.

As a zaaksysteem does: the uiterlijke einddatum is the opening day plus the doorlooptijd, plus one
extension if the type allows it, plus the days of ended suspensions up to the type's maximum; while
suspended, there is no deadline. Closing records the outcome and when retention will anonymise it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction

from veerkracht.cases.dossier_rulebook import dossier_rules
from veerkracht.cases.models import Dossier, DossierStatus, HistoryKind, Referral
from veerkracht.cases.services.dossier_common import (
    DossierError,
    audit,
    copy_state,
    day_end,
    history,
    lock,
    moment,
    require_edit,
    require_open,
)
from veerkracht.core import events
from veerkracht.core.calendar import local_day

SUSPENDED, RESUMED, EXTENDED = "dossier.suspended", "dossier.resumed", "dossier.extended"
CLOSED, REOPENED = "dossier.closed", "dossier.reopened"
_STATE = (
    "status",
    "is_open",
    "deadline",
    "planned_end",
    "suspended_at",
    "suspended_days",
    "extended_days",
    "closed_at",
    "outcome",
    "retention_due",
    "retention_rule",
)


def _reason(reason: str, what: str) -> str:
    if not reason.strip():
        raise DossierError(f"{what}: geef een reden")
    return reason.strip()


def _last_change(dossier: Dossier) -> datetime:
    latest = dossier.history.order_by("-at").values_list("at", flat=True).first()
    return latest or dossier.opened_at


def deadlines(dossier: Dossier) -> tuple[datetime, datetime]:
    """The uiterlijke einddatum and the geplande einddatum of a running dossier, from its type."""
    spec = dossier_rules().types.type(dossier.dossier_type).zaaktype
    limit = spec.suspension.max_days or 0
    moved = dossier.extended_days + min(dossier.suspended_days, limit)
    return (
        day_end(dossier.opened_at, spec.doorlooptijd_days + moved),
        day_end(dossier.opened_at, spec.servicenorm_days + moved),
    )


@transaction.atomic
def suspend(dossier: Dossier, *, reason: str, actor: Any, at: datetime | None = None) -> Dossier:
    """Suspend a dossier (waiting for a court, a partner): its deadlines stand still until it resumes."""
    current = lock(dossier)
    require_edit(actor, current)
    require_open(current)
    why = _reason(reason, "opschorten")
    spec = dossier_rules().types.type(current.dossier_type).zaaktype.suspension
    if not spec.allowed:
        raise DossierError(f"een dossier van dit type kan niet worden opgeschort ({current.dossier_type})")
    if current.status == DossierStatus.SUSPENDED:
        raise DossierError(f"dossier {current.reference} is al opgeschort")
    if current.suspended_days >= (spec.max_days or 0):
        raise DossierError(f"dit dossier is al {current.suspended_days} dagen opgeschort, het maximum")
    when = moment(at, not_before=_last_change(current), what="het opschorten")
    current.status, current.suspended_at, current.deadline, current.planned_end = (
        DossierStatus.SUSPENDED,
        when,
        None,
        None,
    )
    current.save(update_fields=["status", "suspended_at", "deadline", "planned_end"])
    history(current, HistoryKind.SUSPENDED, at=when, actor=actor, reason=why)
    audit(SUSPENDED, current, actor)
    events.publish(SUSPENDED, {"dossier": current.pk})
    copy_state(current, dossier, _STATE)
    return current


@transaction.atomic
def resume(dossier: Dossier, *, actor: Any, reason: str = "", at: datetime | None = None) -> Dossier:
    """End a suspension; its calendar days move the deadlines, up to the type's maximum in total."""
    current = lock(dossier)
    require_edit(actor, current)
    if current.status != DossierStatus.SUSPENDED or current.suspended_at is None:
        raise DossierError(f"dossier {current.reference} is niet opgeschort")
    when = moment(at, not_before=current.suspended_at, what="het hervatten")
    days = (local_day(when) - local_day(current.suspended_at)).days
    current.suspended_days += days
    current.status, current.suspended_at = DossierStatus.OPEN, None
    current.deadline, current.planned_end = deadlines(current)
    current.save(update_fields=["status", "suspended_at", "suspended_days", "deadline", "planned_end"])
    history(current, HistoryKind.RESUMED, at=when, actor=actor, reason=reason, days=days)
    audit(RESUMED, current, actor, days=days)
    events.publish(RESUMED, {"dossier": current.pk})
    copy_state(current, dossier, _STATE)
    return current


@transaction.atomic
def extend(
    dossier: Dossier, *, reason: str, actor: Any, days: int | None = None, at: datetime | None = None
) -> Dossier:
    """Extend a dossier once, by ``days`` up to the type's verlengingstermijn (all of it when not given)."""
    current = lock(dossier)
    require_edit(actor, current)
    require_open(current)
    why = _reason(reason, "verlengen")
    spec = dossier_rules().types.type(current.dossier_type).zaaktype.extension
    if not spec.allowed or spec.days is None:
        raise DossierError(f"een dossier van dit type kan niet worden verlengd ({current.dossier_type})")
    if current.extended_days:
        raise DossierError(f"dossier {current.reference} is al verlengd; een dossier wordt één keer verlengd")
    days = spec.days if days is None else days
    if days < 1:
        raise DossierError("verlengen: geef een aantal dagen van 1 of meer")
    if days > spec.days:
        raise DossierError(
            f"verlengen kan met ten hoogste {spec.days} dagen voor dit type dossier, niet met {days}"
        )
    when = moment(at, not_before=_last_change(current), what="het verlengen")
    current.extended_days = days
    if current.status != DossierStatus.SUSPENDED:
        current.deadline, current.planned_end = deadlines(current)
    current.save(update_fields=["extended_days", "deadline", "planned_end"])
    history(current, HistoryKind.EXTENDED, at=when, actor=actor, reason=why, days=days)
    audit(EXTENDED, current, actor, days=days)
    events.publish(EXTENDED, {"dossier": current.pk})
    copy_state(current, dossier, _STATE)
    return current


@transaction.atomic
def close_dossier(
    dossier: Dossier, *, outcome: str, reason: str, actor: Any, at: datetime | None = None
) -> Dossier:
    """Close a dossier with an outcome; its referrals end, and retention's clock starts."""
    current = lock(dossier)
    require_edit(actor, current)
    require_open(current)
    rules = dossier_rules()
    why = _reason(reason, "sluiten")
    try:
        rules.types.check_outcome(outcome)
    except ValueError as error:
        raise DossierError(str(error)) from None
    when = moment(at, not_before=_last_change(current), what="het sluiten")
    if current.status == DossierStatus.SUSPENDED and current.suspended_at is not None:
        current.suspended_days += (local_day(when) - local_day(current.suspended_at)).days
        current.suspended_at = None
    period = rules.retention.dossier_period(rules.types.type(current.dossier_type).retention, outcome)
    current.status, current.is_open, current.closed_at, current.outcome = (
        DossierStatus.CLOSED,
        False,
        when,
        outcome,
    )
    current.retention_due = when + relativedelta(months=period.months)
    current.retention_rule = f"{period.rule} ({period.version})"
    current.save(update_fields=[*_STATE])
    history(current, HistoryKind.CLOSED, at=when, actor=actor, reason=why, detail={"outcome": outcome})
    ended = Referral.objects.filter(dossier=current, ended_at__isnull=True).update(
        ended_at=when, end_reason="dossier gesloten"
    )
    audit(
        CLOSED, current, actor, outcome=outcome, referrals_ended=ended, retention_rule=current.retention_rule
    )
    events.publish(CLOSED, {"dossier": current.pk, "outcome": outcome})
    copy_state(current, dossier, _STATE)
    return current


@transaction.atomic
def reopen_dossier(dossier: Dossier, *, reason: str, actor: Any, at: datetime | None = None) -> Dossier:
    """Reopen a closed dossier that is not yet anonymised; retention waits for the next closing."""
    current = lock(dossier)
    require_edit(actor, current)
    if current.is_open:
        raise DossierError(f"dossier {current.reference} is niet gesloten")
    if current.anonymised_at is not None:
        raise DossierError(f"dossier {current.reference} is geanonimiseerd en kan niet meer open")
    why = _reason(reason, "heropenen")
    when = moment(at, not_before=current.closed_at, what="het heropenen")
    current.status, current.is_open, current.closed_at, current.outcome = DossierStatus.OPEN, True, None, ""
    current.retention_due, current.retention_rule = None, ""
    current.deadline, current.planned_end = deadlines(current)
    current.save(update_fields=[*_STATE])
    history(current, HistoryKind.REOPENED, at=when, actor=actor, reason=why)
    audit(REOPENED, current, actor)
    events.publish(REOPENED, {"dossier": current.pk})
    copy_state(current, dossier, _STATE)
    return current
