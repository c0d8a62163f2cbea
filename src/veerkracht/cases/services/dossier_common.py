# SPDX-License-Identifier: EUPL-1.2
"""What the dossier services share: the errors, the moment of a step, permission checks, history rows."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from veerkracht.cases.access import grants_of
from veerkracht.cases.dossier_access import can_edit_dossier
from veerkracht.cases.models import Dossier, DossierHistory
from veerkracht.cases.services.errors import NotAllowed
from veerkracht.core.calendar import end_of_day, local_day
from veerkracht.core.services import record_audit

# A clock slightly ahead on the sender's side is not an error; a step from tomorrow is.
FUTURE_TOLERANCE = timedelta(minutes=5)


class DossierError(ValueError):
    """A change of a dossier that is not allowed or lacks what it needs (the message is in Dutch)."""


def moment(at: datetime | None, *, not_before: datetime | None = None, what: str = "deze stap") -> datetime:
    """The moment of a step: now by default; with a time zone, not in the future nor before ``not_before``."""
    value = at or timezone.now()
    if timezone.is_naive(value):
        raise DossierError(f"{what}: het tijdstip {value.isoformat()} heeft geen tijdzone")
    if value > timezone.now() + FUTURE_TOLERANCE:
        raise DossierError(f"{what} ({value:%d-%m-%Y %H:%M}) ligt in de toekomst")
    if not_before is not None and value < not_before:
        raise DossierError(
            f"{what} ({value:%d-%m-%Y %H:%M}) kan niet eerder zijn dan {not_before:%d-%m-%Y %H:%M}"
        )
    return value


def user_of(actor: Any) -> Any:
    """The person behind an actor, or None for the system."""
    return actor if getattr(actor, "is_authenticated", False) else None


def label_of(actor: Any) -> str:
    user = user_of(actor)
    return user.get_username() if user is not None else ""


def require_edit(actor: Any, dossier: Dossier) -> None:
    """A person must read the dossier and have ``cases.edit`` in its organisation; the system may always.

    A person who may not even read it gets the same refusal as for a dossier that does not exist.
    """
    if actor is None:
        return
    if not can_edit_dossier(actor, dossier):
        if not grants_of(actor).may_view(dossier.organisation_id, dossier.confidentiality):
            raise Dossier.DoesNotExist("Dossier matching query does not exist.")
        raise NotAllowed("u mag dit dossier niet behandelen")


def require_open(dossier: Dossier) -> None:
    if not dossier.is_open:
        raise DossierError(f"dossier {dossier.reference} is gesloten")


def lock(dossier: Dossier) -> Dossier:
    """The dossier's row, locked for this transaction (two steps at once wait for each other)."""
    return Dossier.objects.select_for_update().select_related("organisation").get(pk=dossier.pk)


def history(
    dossier: Dossier,
    kind: str,
    *,
    at: datetime,
    actor: Any,
    reason: str = "",
    days: int | None = None,
    detail: dict[str, Any] | None = None,
) -> DossierHistory:
    return DossierHistory.objects.create(
        dossier=dossier,
        at=at,
        kind=kind,
        actor=user_of(actor),
        actor_label=label_of(actor),
        reason=reason.strip(),
        days=days,
        detail=detail or {},
    )


def audit(action: str, dossier: Dossier, actor: Any, **detail: Any) -> None:
    """One audit line about a dossier: ids and codes only, never names, addresses or texts (ADR 0022)."""
    record_audit(
        action,
        actor=user_of(actor),
        organisation=dossier.organisation,
        object_type="dossier",
        object_id=dossier.pk,
        detail=detail,
    )


def day_end(start: datetime, days: int) -> datetime:
    """The end of the calendar day ``days`` after the day of ``start`` (Europe/Amsterdam)."""
    return end_of_day(local_day(start) + timedelta(days=days))


def copy_state(source: Dossier, target: Dossier, names: tuple[str, ...]) -> None:
    """Let the caller's object show the new state too (it was read before the row was locked)."""
    if source is not target:
        for name in names:
            setattr(target, name, getattr(source, name))
