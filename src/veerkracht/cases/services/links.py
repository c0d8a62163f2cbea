# SPDX-License-Identifier: EUPL-1.2
"""Linking a melding to an earlier one about the same thing, instead of handling it twice."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from veerkracht.cases.access import can_view
from veerkracht.cases.models import Melding, StatusChange
from veerkracht.cases.services.errors import NotAllowed, WorkflowError
from veerkracht.cases.services.intake import NewMelding, receive_many
from veerkracht.cases.services.transitions import transition
from veerkracht.core import events

LINK = "link"
LINKED = "melding.linked"


def _root_check(melding: Melding | None, parent: Melding) -> None:
    if parent.duplicate_of_id is not None:
        root = parent.duplicate_of
        raise WorkflowError(
            f"{parent.reference} is zelf gekoppeld aan {root.reference if root else 'een andere melding'}; "
            "koppel aan die melding"
        )
    if melding is not None and melding.pk == parent.pk:
        raise WorkflowError("een melding kan niet aan zichzelf gekoppeld worden")


@transaction.atomic
def mark_duplicate(melding: Melding, parent: Melding, *, reason: str, actor: Any) -> StatusChange:
    """Link a melding to an earlier one about the same thing; its clocks stop, the parent's carry on.

    The reporter of the linked melding is informed of the parent's later steps.
    """
    parent = Melding.objects.select_for_update().get(pk=parent.pk)
    _root_check(melding, parent)
    if actor is not None and not can_view(actor, parent):
        raise NotAllowed("u mag die melding niet inzien")
    Melding.objects.filter(pk=melding.pk).update(duplicate_of=parent)
    melding.duplicate_of = parent
    change = transition(melding, LINK, actor=actor, reason=reason)
    events.publish(
        LINKED, {"melding": melding.pk, "parent": parent.pk, "organisation": parent.organisation_id}
    )
    return change


@transaction.atomic
def link_to_existing(
    new: NewMelding, parent: Melding, *, organisation: Any, actor: Any, reason: str = ""
) -> Melding:
    """Take in a melding and link it to an existing one straight away, instead of creating a second case.

    The new melding keeps its reporter and description (so the reporter hears how the first one ends), is
    routed to whoever handles the first one, and is closed as linked.
    """
    parent = Melding.objects.select_for_update().get(pk=parent.pk)
    _root_check(None, parent)
    if actor is not None and not can_view(actor, parent):
        raise NotAllowed("u mag die melding niet inzien")
    melding = receive_many([new], organisation=organisation, actor=actor, prefix="", like=parent)[0]
    mark_duplicate(melding, parent, reason=reason or f"Zelfde als {parent.reference}", actor=None)
    melding.refresh_from_db()
    return melding
