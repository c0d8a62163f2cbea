# SPDX-License-Identifier: EUPL-1.2
"""Who has seen this dossier: every read and every share of it, for the privacy officer.

Answers to a person with ``core.view_audit`` in the dossier's organisation (the privacy officer, a
coördinator), who need not be able to read the dossier itself. For anyone else the dossier does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q

from veerkracht.cases.dossier_access import may_see_readers
from veerkracht.cases.models import Dossier, Referral
from veerkracht.cases.services.reads import READ
from veerkracht.core.models import AuditEvent


@dataclass(frozen=True)
class ReadEntry:
    at: datetime
    #: The person's user name (as it was then).
    who: str
    organisation: str
    #: "dossier.read" for staff, "referral.read" for a partner reading what was shared.
    action: str
    where: str


def dossier_for_privacy_officer(user: Any, *, pk: int | None = None, reference: str | None = None) -> Dossier:
    """The dossier, if the person may see who read it; else ``Dossier.DoesNotExist`` as for an absent one."""
    found = Dossier.objects.all()
    if reference is not None:
        found = found.by_reference(reference)
    elif pk is not None:
        found = found.filter(pk=pk)
    else:
        raise ValueError("give pk or reference")
    dossier = found.select_related("organisation").first()
    if dossier is None or not may_see_readers(user, dossier.organisation_id):
        raise Dossier.DoesNotExist("Dossier matching query does not exist.")
    return dossier


def who_has_seen(dossier: Dossier) -> list[ReadEntry]:
    """Every read of the dossier by staff and of its referrals by partners, newest first."""
    referral_ids = [str(pk) for pk in Referral.objects.filter(dossier=dossier).values_list("pk", flat=True)]
    events = (
        AuditEvent.objects.filter(
            Q(object_type="dossier", object_id=str(dossier.pk), action=READ)
            | Q(object_type="referral", object_id__in=referral_ids, action="referral.read")
        )
        .select_related("organisation")
        .order_by("-at", "-id")
    )
    return [
        ReadEntry(
            event.at,
            event.actor_label,
            event.organisation.name if event.organisation else "",
            event.action,
            str(event.detail.get("where", "")),
        )
        for event in events
    ]
