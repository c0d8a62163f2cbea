# SPDX-License-Identifier: EUPL-1.2
"""What a partner sees of the referrals to its organisation, and the referrals of a dossier for its staff.

A partner's person reads only the snapshot that was shared, and only while the referral lasts; every read
is audited (``referral.read``, with the page it came from).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from veerkracht.cases.dossier_access import get_shared_referral, partner_filter
from veerkracht.cases.models import Dossier, Referral, ReferralReply
from veerkracht.core.services import record_audit

READ = "referral.read"
_WHERE = re.compile(r"^[A-Za-z0-9:_./-]{1,80}$")


@dataclass(frozen=True)
class SharedReferral:
    """A referral as its partner sees it: the frozen snapshot, the purpose, basis and the conversation."""

    pk: int
    from_organisation: str
    partner_kind: str
    purpose: str
    legal_basis: str
    covenant: str
    shared_at: datetime
    ends_at: datetime
    partner_closed_at: datetime | None
    partner_outcome: str
    fields: dict[str, Any]
    replies: list[ReferralReply]


def shared_with(user: Any, *, now: datetime | None = None) -> list[Referral]:
    """The referrals the person's organisation may read now, newest first (a list: no snapshot)."""
    return list(
        Referral.objects.filter(partner_filter(user, now=now))
        .select_related("organisation", "partner")
        .defer("snapshot")
        .order_by("-shared_at", "-id")
    )


def read_shared(user: Any, pk: int, *, where: str, now: datetime | None = None) -> SharedReferral:
    """Read a referral as its partner (audited); ``Referral.DoesNotExist`` if absent, not allowed or ended."""
    if not _WHERE.match(where or ""):
        raise ValueError(f"'where' must be a short page code, not {where!r}")
    referral = get_shared_referral(user, pk, now=now)
    record_audit(
        READ,
        actor=user,
        organisation=referral.partner,
        object_type="referral",
        object_id=referral.pk,
        detail={"where": where},
    )
    covenant = referral.covenant.name if referral.covenant is not None else ""
    return SharedReferral(
        pk=referral.pk,
        from_organisation=str(referral.snapshot.get("organisatie", "")),
        partner_kind=referral.get_partner_kind_display(),
        purpose=referral.purpose,
        legal_basis=referral.get_legal_basis_display(),
        covenant=covenant,
        shared_at=referral.shared_at,
        ends_at=referral.ends_at,
        partner_closed_at=referral.partner_closed_at,
        partner_outcome=referral.partner_outcome,
        fields=dict(referral.snapshot.get("velden", {})),
        replies=list(referral.replies.order_by("at", "id")),
    )


def referrals_of(dossier: Dossier) -> list[Referral]:
    """The referrals of a dossier for its own staff (call for a dossier the person may read)."""
    return list(
        Referral.objects.filter(dossier=dossier)
        .select_related("partner", "covenant")
        .prefetch_related("replies")
        .order_by("shared_at", "id")
    )
