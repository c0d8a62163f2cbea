# SPDX-License-Identifier: EUPL-1.2
"""Every read of a dossier is written down: who, when, which dossier, from which page (DESIGN.md §6).

Pages, the API, exports and the court file call :func:`record_dossier_read` for each dossier they show
(a list shows no dossier's content, so it is not a read of one). ``where`` names the page or endpoint
(``dossier-detail``, ``api:dossier``, ``court-file``): a short code, never a URL with a query string
(which could hold a name someone searched for).
"""

from __future__ import annotations

import re
from typing import Any

from veerkracht.cases.dossier_access import can_view_dossier
from veerkracht.cases.models import Dossier
from veerkracht.core.services import record_audit

READ = "dossier.read"
_WHERE = re.compile(r"^[A-Za-z0-9:_./-]{1,80}$")


def record_dossier_read(user: Any, dossier: Dossier, where: str) -> None:
    """Write one audit line for a person reading a dossier; only for a dossier they may read."""
    if not _WHERE.match(where or ""):
        raise ValueError(f"'where' must be a short page code such as 'dossier-detail', not {where!r}")
    if not can_view_dossier(user, dossier):
        raise Dossier.DoesNotExist("Dossier matching query does not exist.")
    record_audit(
        READ,
        actor=user,
        organisation=dossier.organisation,
        object_type="dossier",
        object_id=dossier.pk,
        detail={"where": where},
    )
