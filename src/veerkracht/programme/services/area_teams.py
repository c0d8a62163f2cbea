# SPDX-License-Identifier: EUPL-1.2
"""Write API of the area teams (gebiedsteams per rayon): record a meeting, agree actions, mark them done."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from veerkracht.areas.models import Area
from veerkracht.core.models import Organisation, User
from veerkracht.core.services import record_audit
from veerkracht.programme.models import AreaTeamAction, AreaTeamMeeting


class AreaTeamRefused(ValueError):
    """Something a gebiedsteam cannot record (the message is in Dutch)."""


def _rayon(area: Area) -> None:
    if area.level != "rayon":
        raise AreaTeamRefused(f"{area.name} is geen rayon; gebiedsteams werken per rayon.")


@transaction.atomic
def record_meeting(
    rayon: Area, *, actor: User, held_on: date, notes: str = "", at: datetime | None = None
) -> AreaTeamMeeting:
    """Record that the gebiedsteam met; the next view shows what changed since this date."""
    _rayon(rayon)
    if held_on > timezone.localdate():
        raise AreaTeamRefused("Een overleg in de toekomst kan nog niet worden vastgelegd.")
    meeting = AreaTeamMeeting.objects.create(
        rayon=rayon, held_on=held_on, notes=notes.strip(), recorded_at=at or timezone.now(), recorded_by=actor
    )
    record_audit(
        "programme.area_team_meeting_recorded",
        actor=actor,
        object_type="area_team_meeting",
        object_id=meeting.pk,
        detail={"rayon": rayon.code, "held_on": held_on.isoformat()},
    )
    return meeting


@transaction.atomic
def add_action(
    rayon: Area,
    *,
    actor: User,
    description: str,
    who: str,
    due_on: date | None = None,
    organisation: Organisation | None = None,
    meeting: AreaTeamMeeting | None = None,
    at: datetime | None = None,
) -> AreaTeamAction:
    """Record an agreed action: what, who does it and by when."""
    _rayon(rayon)
    if not description.strip() or not who.strip():
        raise AreaTeamRefused("Een actie heeft een omschrijving en iemand die haar doet.")
    if meeting is not None and meeting.rayon_id != rayon.pk:
        raise AreaTeamRefused("Dat overleg hoort bij een ander rayon.")
    action = AreaTeamAction.objects.create(
        rayon=rayon,
        meeting=meeting,
        description=description.strip()[:300],
        who=who.strip()[:200],
        organisation=organisation,
        due_on=due_on,
        created_at=at or timezone.now(),
        created_by=actor,
    )
    record_audit(
        "programme.area_team_action_added",
        actor=actor,
        object_type="area_team_action",
        object_id=action.pk,
        detail={"rayon": rayon.code},
    )
    return action


@transaction.atomic
def complete_action(action: AreaTeamAction, *, actor: User, done_on: date | None = None) -> AreaTeamAction:
    """Mark an action done."""
    locked = AreaTeamAction.objects.select_for_update().get(pk=action.pk)
    if locked.done_on is not None:
        raise AreaTeamRefused(f"Deze actie is al gedaan op {locked.done_on:%d-%m-%Y}.")
    locked.done_on = done_on or timezone.localdate()
    locked.save(update_fields=["done_on"])
    record_audit(
        "programme.area_team_action_done",
        actor=actor,
        object_type="area_team_action",
        object_id=locked.pk,
        detail={"done_on": locked.done_on.isoformat()},
    )
    return locked
