# SPDX-License-Identifier: EUPL-1.2
"""Write API of the neighbourhood profiles: write the story behind the numbers, and review it.

Every change is one transaction with one audit row. A note is shown to partners only once another person
approved it: nobody reviews their own note.
"""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from veerkracht.core.models import Organisation, User
from veerkracht.core.permissions import has_permission
from veerkracht.core.services import record_audit
from veerkracht.profiles.models import NoteStatus, ProfileNote

WRITE = "profiles.write_notes"
REVIEW = "profiles.review_notes"


class NoteRefused(ValueError):
    """A note that cannot be written or reviewed (the message is in Dutch)."""


def _label(user: User) -> str:
    return user.get_full_name() or user.get_username()


@transaction.atomic
def write_note(
    area_code: str,
    *,
    actor: User,
    organisation: Organisation,
    text: str,
    source: str,
    observed_on: date,
    at: datetime | None = None,
) -> ProfileNote:
    """Record a story about an area; it waits for review before partners read it."""
    if not has_permission(actor, WRITE, organisation):
        raise NoteRefused(f"U schrijft geen verhalen namens {organisation.name}.")
    if not text.strip() or not source.strip():
        raise NoteRefused("Een verhaal heeft een tekst en een bron (met wie gesproken, welk verslag).")
    if observed_on > timezone.localdate():
        raise NoteRefused(
            "De datum van het verhaal ligt in de toekomst; vul de dag in waarop het gehoord is."
        )
    note = ProfileNote.objects.create(
        area_code=area_code,
        text=text.strip(),
        source=source.strip()[:300],
        observed_on=observed_on,
        author=actor,
        author_label=_label(actor),
        organisation=organisation,
        created_at=at or timezone.now(),
    )
    record_audit(
        "profiles.note_written",
        actor=actor,
        organisation=organisation,
        object_type="profile_note",
        object_id=note.pk,
        detail={"area": area_code},
    )
    return note


@transaction.atomic
def review_note(note: ProfileNote, *, actor: User, approve: bool, comment: str = "") -> ProfileNote:
    """Approve a note (partners read it from now on) or reject it, with a comment for the author."""
    locked = ProfileNote.objects.select_for_update().get(pk=note.pk)
    if not has_permission(actor, REVIEW):
        raise NoteRefused("U beoordeelt geen verhalen bij wijkprofielen.")
    if locked.author_id == actor.pk:
        raise NoteRefused("Een ander beoordeelt uw verhaal: niemand keurt zijn eigen verhaal goed.")
    if locked.status != NoteStatus.DRAFT:
        raise NoteRefused("Dit verhaal is al beoordeeld.")
    if not approve and not comment.strip():
        raise NoteRefused("Schrijf bij een afwijzing waarom, zodat de auteur het kan verbeteren.")
    locked.status = NoteStatus.APPROVED if approve else NoteStatus.REJECTED
    locked.reviewed_by = actor
    locked.reviewed_by_label = _label(actor)
    locked.reviewed_at = timezone.now()
    locked.review_comment = comment.strip()
    locked.save(update_fields=["status", "reviewed_by", "reviewed_by_label", "reviewed_at", "review_comment"])
    record_audit(
        "profiles.note_reviewed",
        actor=actor,
        object_type="profile_note",
        object_id=locked.pk,
        detail={"area": locked.area_code, "status": locked.status},
    )
    return locked
