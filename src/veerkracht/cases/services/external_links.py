# SPDX-License-Identifier: EUPL-1.2
"""Links that come with a melding from outside (an Open311 ``media_url``): stored as given, never fetched."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from veerkracht.cases.models import MeldingLink
from veerkracht.cases.services.intake import NewMelding, Received, receive
from veerkracht.core.services import record_audit


@transaction.atomic
def receive_with_link(new: NewMelding, url: str, *, source: str, organisation: Any, actor: Any) -> Received:
    """Take in a melding and keep the link that came with it, together or not at all."""
    received = receive(new, organisation=organisation, actor=actor)
    if url and received.created:
        melding = received.melding
        MeldingLink.objects.create(melding=melding, url=url, source=source, added_at=melding.received_at)
        record_audit(
            "melding.link_added",
            actor=actor,
            organisation=melding.organisation,
            object_type="melding",
            object_id=melding.pk,
            detail={"source": source},
        )
    return received
