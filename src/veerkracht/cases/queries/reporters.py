# SPDX-License-Identifier: EUPL-1.2
"""The reporter's earlier meldingen, found by their e-mail address or phone number.

Matching on contact details tells that this person reported those meldingen, so only meldingen of
organisations where the person may read reporter contact details (``cases.view_reporter_contact``) take
part, besides the general visibility rule.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from veerkracht.cases.access import grants_of
from veerkracht.cases.models import Melding, email_key, phone_key


def earlier_meldingen(
    user: Any, *, email: str = "", phone: str = "", exclude: int | None = None, limit: int = 20
) -> list[Melding]:
    """Meldingen by the same reporter (same e-mail address or phone number), newest first."""
    email_part, phone_part = email_key(email), phone_key(phone)
    match = Q()
    if email_part:
        match |= Q(reporter_contact__email_key=email_part)
    if phone_part:
        match |= Q(reporter_contact__phone_key=phone_part)
    if not match:
        return []
    found = (
        Melding.objects.visible_to(user, own_submissions=False)
        .filter(organisation_id__in=sorted(grants_of(user).contact))
        .filter(match)
    )
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return list(found.select_related("organisation").order_by("-received_at", "-id")[:limit])
