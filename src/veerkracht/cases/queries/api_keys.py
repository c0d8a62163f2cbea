# SPDX-License-Identifier: EUPL-1.2
"""The API keys to list: which system, whose, which role, when last used; never the key itself."""

from __future__ import annotations

from typing import Any

from veerkracht.cases.models import ApiKey
from veerkracht.core.models import Organisation


def keys_of(organisation: Organisation | None = None) -> list[dict[str, Any]]:
    """Every key (of one organisation, or all) with what a list shows; never the secret."""
    found = ApiKey.objects.select_related("organisation", "user").order_by("organisation__name", "label")
    if organisation is not None:
        found = found.filter(organisation=organisation)
    rows = []
    for key in found:
        roles = sorted(key.user.memberships.filter(active=True).values_list("role", flat=True))
        rows.append(
            {
                "prefix": key.prefix,
                "organisation": key.organisation.name,
                "label": key.label,
                "roles": roles,
                "created_at": key.created_at,
                "last_used_at": key.last_used_at,
                "revoked_at": key.revoked_at,
            }
        )
    return rows
