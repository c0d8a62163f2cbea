# SPDX-License-Identifier: EUPL-1.2
"""The work list: the open meldingen a person handles, overdue and nearly overdue first, paged by keyset.

Sorted by the earliest deadline of a running clock (``Melding.next_deadline``), then by id; meldingen
without a running clock (all promises kept, or paused) come last. That order is the order of the partial
indexes on (organisation | team | assignee, next_deadline, id) for open meldingen, so a page is an index
range scan whatever the size of the table. Paging is by keyset: a cursor names the last row shown, and
the next page starts after it, so deep pages cost what the first costs.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from django.db.models import F
from django.utils import timezone

from veerkracht.cases.access import grants_of
from veerkracht.cases.models import Melding, MeldingQuerySet
from veerkracht.core.calendar import WorkingDayCalendar
from veerkracht.geo import levels

Scope = Literal["mine", "team", "organisation"]
SCOPES: tuple[Scope, ...] = ("mine", "team", "organisation")
Urgency = Literal["overdue", "due_soon", "running", "waiting"]
MAX_PAGE = 200


@dataclass(frozen=True)
class WorkListFilter:
    """What the person narrows the list to; empty means everything."""

    categories: Sequence[str] = ()
    #: A buurt, wijk or gemeente code.
    area: str = ""
    statuses: Sequence[str] = ()
    channels: Sequence[str] = ()
    #: Only one of the person's organisations (by id).
    organisation: int | None = None
    overdue_only: bool = False


@dataclass(frozen=True)
class WorkListPage:
    items: list[Melding]
    #: Give this back as ``cursor`` for the next page; None on the last page.
    next_cursor: str | None
    #: The number of meldingen in the whole list, when asked for (it costs a count).
    total: int | None


class BadCursor(ValueError):
    """A cursor that this list did not hand out."""


def due_soon_cutoff(now: datetime, calendar: WorkingDayCalendar | None = None) -> datetime:
    """The moment before which a deadline counts as nearly overdue: the end of the next working day."""
    return (calendar or WorkingDayCalendar()).add_working_days(now, 1)


def urgency(melding: Melding, now: datetime, cutoff: datetime) -> Urgency:
    """How urgent an open melding is, from its earliest running deadline."""
    if melding.next_deadline is None:
        return "waiting"
    if melding.next_deadline < now:
        return "overdue"
    if melding.next_deadline <= cutoff:
        return "due_soon"
    return "running"


def scoped(user: Any, scope: Scope, filters: WorkListFilter = WorkListFilter()) -> MeldingQuerySet:
    """The meldingen of one scope of a person's work list, filtered, unordered."""
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}")
    found = Melding.objects.visible_to(user, own_submissions=False).filter(is_open=True)
    if scope == "mine":
        found = found.filter(assigned_to_id=getattr(user, "pk", None))
    elif scope == "team":
        found = found.filter(responsible_team_id__in=sorted(grants_of(user).teams))
    if filters.organisation is not None:
        found = found.filter(organisation_id=filters.organisation)
    if filters.categories:
        found = found.filter(category__in=list(filters.categories))
    if filters.statuses:
        found = found.filter(status__in=list(filters.statuses))
    if filters.channels:
        found = found.filter(channel__in=list(filters.channels))
    if filters.area:
        level = levels.level_of(filters.area)
        column = {"buurt": "buurt_code", "wijk": "wijk_code", "gemeente": "gemeente_code"}.get(level or "")
        found = found.filter(**{column: filters.area}) if column else found.filter(complex_code=filters.area)
    if filters.overdue_only:
        found = found.filter(next_deadline__lt=timezone.now())
    return found


def work_list(
    user: Any,
    *,
    scope: Scope = "organisation",
    filters: WorkListFilter = WorkListFilter(),
    cursor: str | None = None,
    page_size: int = 50,
    with_total: bool = False,
) -> WorkListPage:
    """One page of a person's work list: overdue and nearly overdue first, then the rest, then waiting."""
    size = max(1, min(page_size, MAX_PAGE))
    found = scoped(user, scope, filters)
    after_deadline, after_id = _decode(cursor) if cursor else (None, None)
    rows: list[Melding] = []
    # Two index ranges instead of one OR: first the meldingen with a running deadline after the cursor,
    # then those without one. Each is a range scan of the partial index, in index order.
    if after_id is None or after_deadline is not None:
        dated = found.filter(next_deadline__isnull=False)
        if after_deadline is not None:
            dated = dated.filter(next_deadline__gte=after_deadline).exclude(
                next_deadline=after_deadline, id__lte=after_id
            )
        rows = list(dated.order_by("next_deadline", "id")[: size + 1])
    if len(rows) <= size:
        waiting = found.filter(next_deadline__isnull=True)
        if after_id is not None and after_deadline is None:
            waiting = waiting.filter(id__gt=after_id)
        rows += list(waiting.order_by("id")[: size + 1 - len(rows)])
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = _encode(rows[-1]) if more and rows else None
    return WorkListPage(rows, next_cursor, found.count() if with_total else None)


def overdue(user: Any, *, now: datetime | None = None) -> MeldingQuerySet:
    """The open meldingen a person may handle whose earliest running deadline has passed."""
    moment = now or timezone.now()
    return (
        Melding.objects.visible_to(user, own_submissions=False)
        .filter(is_open=True, next_deadline__lt=moment)
        .order_by(F("next_deadline").asc(), "id")
    )


def _encode(melding: Melding) -> str:
    deadline = melding.next_deadline.isoformat() if melding.next_deadline else ""
    return base64.urlsafe_b64encode(f"{deadline}|{melding.pk}".encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[datetime | None, int]:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        deadline, _, pk = text.partition("|")
        return (datetime.fromisoformat(deadline) if deadline else None), int(pk)
    except (ValueError, UnicodeDecodeError) as error:
        raise BadCursor("deze vervolgpagina bestaat niet (meer); begin opnieuw bij de eerste") from error
