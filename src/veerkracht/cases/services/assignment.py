# SPDX-License-Identifier: EUPL-1.2
"""Reassigning a melding: another organisation, team, role or person handles it from now on."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from veerkracht.cases.access import can_edit, forget_grants
from veerkracht.cases.models import Melding
from veerkracht.cases.services.errors import NotAllowed, WorkflowError
from veerkracht.core import events
from veerkracht.core.models import Organisation, Team
from veerkracht.core.roles import catalogue
from veerkracht.core.services import record_audit

REASSIGNED = "melding.reassigned"
_UNCHANGED: Any = object()


@transaction.atomic
def reassign(
    melding: Melding,
    *,
    actor: Any,
    reason: str = "",
    organisation: Organisation | None = None,
    team: Team | Any | None = _UNCHANGED,
    role: str | None = None,
    assignee: Any = _UNCHANGED,
) -> Melding:
    """Change who handles a melding; what is not given stays (``team=None`` or ``assignee=None`` clears).

    Moving it to another organisation needs a reason and clears team and person unless given; the new
    organisation's people then read it, the old one's no longer do. Its clocks keep their deadlines: the
    promise to the reporter was made when it was received. The assignee must be able to handle it.
    """
    current = Melding.objects.select_for_update().select_related("organisation").get(pk=melding.pk)
    if actor is not None and not can_edit(actor, current):
        raise NotAllowed("u mag deze melding niet behandelen")
    before = _state(current)
    if organisation is not None and organisation.pk != current.organisation_id:
        if not reason.strip():
            raise WorkflowError("overdragen aan een andere organisatie vraagt een reden")
        current.organisation = organisation
        if team is _UNCHANGED:
            team = None
        if assignee is _UNCHANGED:
            assignee = None
    if team is not _UNCHANGED:
        if team is not None and team.organisation_id != current.organisation_id:
            raise WorkflowError(f"team '{team.name}' hoort niet bij {current.organisation.name}")
        current.responsible_team = team
    if role is not None:
        if role not in catalogue().roles:
            raise WorkflowError(f"rol '{role}' bestaat niet")
        current.responsible_role = role
    if assignee is not _UNCHANGED:
        if assignee is not None:
            forget_grants(assignee)
            if not can_edit(assignee, current):
                raise WorkflowError(
                    f"{assignee} kan deze melding niet behandelen in {current.organisation.name}"
                )
        current.assigned_to = assignee
    Melding.objects.filter(pk=current.pk).update(
        organisation=current.organisation,
        responsible_team=current.responsible_team,
        responsible_role=current.responsible_role,
        assigned_to=current.assigned_to,
    )
    after = _state(current)
    record_audit(
        REASSIGNED,
        actor=actor,
        organisation=current.organisation,
        object_type="melding",
        object_id=current.pk,
        detail={"before": before, "after": after, "reason": reason.strip()},
    )
    events.publish(REASSIGNED, {"melding": current.pk, "organisation": current.organisation_id, **after})
    for name in ("organisation", "responsible_team", "responsible_role", "assigned_to"):
        setattr(melding, name, getattr(current, name))
    return melding


def _state(melding: Melding) -> dict[str, Any]:
    return {
        "organisation_id": melding.organisation_id,
        "team_id": melding.responsible_team_id,
        "role": melding.responsible_role,
        "assignee_id": melding.assigned_to_id,
    }
