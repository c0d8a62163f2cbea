# SPDX-License-Identifier: EUPL-1.2
"""Reads of the shared kernel that are more than a lookup: organisations, calendars, the audit chain."""

from datetime import date
from functools import cache

from django.db import connection
from django.db.models import Q

from veerkracht.core import audit_chain
from veerkracht.core.calendar import WorkingDayCalendar
from veerkracht.core.models import AuditEvent, ClosingDay, Organisation, OrganisationCalendar


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
    # One plain statement (intake builds a calendar per melding; through the ORM, building the query cost
    # more than the rest of this): the choices and the closing days joined, a row per closing day (or one
    # row without any).
    with connection.cursor() as cursor:
        cursor.execute(_calendar_sql(), [organisation.pk])
        rows = cursor.fetchall()
    closing_days = {_as_date(day): reason for *_choices, day, reason in rows if day is not None}
    if not rows or rows[0][0] is None:
        return WorkingDayCalendar(closing_days=closing_days)
    return WorkingDayCalendar(
        good_friday=bool(rows[0][1]),  # SQLite gives 0 or 1
        liberation_day=rows[0][2],
        closing_days=closing_days,
    )


@cache
def _calendar_sql() -> str:
    quote = connection.ops.quote_name
    organisations = quote(Organisation._meta.db_table)
    calendars = quote(OrganisationCalendar._meta.db_table)
    closing = quote(ClosingDay._meta.db_table)
    return (
        f"SELECT c.{quote('id')}, c.{quote('good_friday')}, c.{quote('liberation_day')}, "
        f"d.{quote('day')}, d.{quote('reason')} FROM {organisations} o "
        f"LEFT JOIN {calendars} c ON c.{quote('organisation_id')} = o.{quote('id')} "
        f"LEFT JOIN {closing} d ON d.{quote('organisation_id')} = o.{quote('id')} "
        f"WHERE o.{quote('id')} = %s"
    )


def _as_date(value: date | str) -> date:
    # SQLite gives a date as its ISO text.
    return value if isinstance(value, date) else date.fromisoformat(value)


def verify_audit_log(anchor: tuple[int, str] | None = None) -> audit_chain.ChainCheck:
    """Walk the whole audit log in chain order and report the first broken link (None: intact)."""
    lines = (
        AuditEvent.objects.order_by("seq").values("id", *audit_chain.FIELDS, "hash").iterator(chunk_size=5000)
    )
    return audit_chain.verify(lines, anchor=anchor)
