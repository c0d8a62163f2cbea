# SPDX-License-Identifier: EUPL-1.2
"""The work list through the API: the same query as the page (``queries.worklist``), paged by cursor."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions

from veerkracht.cases.api.present import work_list_row
from veerkracht.cases.models import Melding
from veerkracht.cases.queries.worklist import BadCursor, WorkListFilter, due_soon_cutoff, work_list
from veerkracht.core.models import Organisation


def work_list_page(user: Any, query: dict[str, Any]) -> dict[str, Any]:
    """One page of the caller's work list, as :class:`~veerkracht.cases.api.outgoing.WorkListOut`."""
    organisation_id = None
    if query.get("organisation"):
        organisation_id = (
            Organisation.objects.filter(slug=query["organisation"]).values_list("pk", flat=True).first()
        )
        if organisation_id is None:
            raise exceptions.ValidationError(
                {"organisation": [_("organisatie '%(slug)s' bestaat niet") % {"slug": query["organisation"]}]}
            )
    filters = WorkListFilter(
        categories=query["category"],
        area=query["area"],
        statuses=query["status"],
        channels=query["channel"],
        organisation=organisation_id,
        overdue_only=query["overdue"],
    )
    try:
        page = work_list(
            user,
            scope=query["scope"],
            filters=filters,
            cursor=query["cursor"] or None,
            page_size=query["page_size"],
            with_total=query["total"],
        )
    except BadCursor as error:
        raise exceptions.ValidationError({"cursor": [str(error)]}) from error
    now = timezone.now()
    cutoff = due_soon_cutoff(now)
    rows = page.items
    # One query for the organisations and teams of the page, not one per row.
    loaded = {
        m.pk: m
        for m in Melding.objects.filter(pk__in=[m.pk for m in rows]).select_related(
            "organisation", "responsible_team"
        )
    }
    return {
        "results": [work_list_row(loaded[m.pk], now, cutoff) for m in rows],
        "next_cursor": page.next_cursor,
        "total": page.total,
    }
