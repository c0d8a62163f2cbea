# SPDX-License-Identifier: EUPL-1.2
"""Who may call which meldingen endpoint at all; which melding they may read decides ``access`` after.

These are the coarse gates (a permission in at least one organisation), from the same grants the
visibility rule uses. Whether a person may read or handle one melding is decided per melding by
``veerkracht.cases.access``, answering 404 for a melding they may not read.

Each gate names what it asks in ``permission``, as :func:`veerkracht.core.permissions.requires` does, so
the schema tests know who should get an answer and who a refusal. A gate that any of several permissions
opens names them as a tuple.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rest_framework.permissions import BasePermission

from veerkracht.cases.access import grants_of


class _Needs(BasePermission):
    # The fields of ``Grants`` of which one must name an organisation (one per permission accepted).
    fields: ClassVar[tuple[str, ...]] = ()
    permission: ClassVar[str | tuple[str, ...]] = ""

    def has_permission(self, request: Any, view: Any) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        grants = grants_of(user)
        return any(getattr(grants, field) for field in self.fields)


class MayReport(_Needs):
    """``cases.report`` somewhere: may submit meldingen and read the categories."""

    fields = ("report",)
    permission = "cases.report"


class MayView(_Needs):
    """``cases.view`` somewhere: has a work list."""

    fields = ("view",)
    permission = "cases.view"


class MayEdit(_Needs):
    """``cases.edit`` somewhere: may take steps in the workflow of meldingen they read."""

    fields = ("edit",)
    permission = "cases.edit"


class MayFollow(_Needs):
    """``cases.view`` or ``cases.report``: may read meldingen (their organisation's, or what they sent)."""

    fields = ("view", "report")
    permission = ("cases.view", "cases.report")
