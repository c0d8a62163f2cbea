# SPDX-License-Identifier: EUPL-1.2
"""Reads of the shared kernel that are more than a lookup: organisations, calendars, the audit chain."""

from django.db.models import Q

from veerkracht.core import audit_chain
from veerkracht.core.calendar import WorkingDayCalendar
from veerkracht.core.models import AuditEvent, Organisation


class UnknownOrganisation(LookupError):
    """No organisation has the name or slug asked for (the message is in Dutch)."""


def find_organisation(name: str) -> Organisation:
    """Return the organisation with this name or slug (case-insensitive), or explain which exist."""
    found = list(Organisation.objects.filter(Q(name__iexact=name) | Q(slug__iexact=name))[:2])
    if len(found) == 1:
        return found[0]
    exact = [organisation for organisation in found if organisation.name == name]
    if len(exact) == 1:
        return exact[0]
    known = ", ".join(Organisation.objects.values_list("name", flat=True)[:20]) or "geen"
    raise UnknownOrganisation(f"organisatie '{name}' bestaat niet; bekende organisaties: {known}")


def calendar_for(organisation: Organisation | None) -> WorkingDayCalendar:
    """Build the working-day calendar of an organisation from its choices and closing days.

    Without an organisation, or for one that made no choices, the defaults apply: Goede Vrijdag a working
    day, Bevrijdingsdag off in lustrum years. Build it once and reuse it for many deadlines.
    """
    if organisation is None:
        return WorkingDayCalendar()
    # One statement (intake builds a calendar per request): the choices and the closing days joined, a row
    # per closing day (or one row without any).
    rows = list(
        Organisation.objects.filter(pk=organisation.pk)
        .order_by()
        .values_list(
            "calendar__id",
            "calendar__good_friday",
            "calendar__liberation_day",
            "closing_days__day",
            "closing_days__reason",
        )
    )
    closing_days = {day: reason for *_choices, day, reason in rows if day is not None}
    if not rows or rows[0][0] is None:
        return WorkingDayCalendar(closing_days=closing_days)
    return WorkingDayCalendar(
        good_friday=rows[0][1],
        liberation_day=rows[0][2],  # type: ignore[arg-type]
        closing_days=closing_days,
    )


def verify_audit_log(anchor: tuple[int, str] | None = None) -> audit_chain.ChainCheck:
    """Walk the whole audit log in chain order and report the first broken link (None: intact)."""
    lines = (
        AuditEvent.objects.order_by("seq").values("id", *audit_chain.FIELDS, "hash").iterator(chunk_size=5000)
    )
    return audit_chain.verify(lines, anchor=anchor)
