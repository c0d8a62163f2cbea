# SPDX-License-Identifier: EUPL-1.2
"""Who may call which meldingen endpoint at all; which melding they may read decides ``access`` after.

These are the coarse gates (a permission in at least one organisation), from the same grants the
visibility rule uses. Whether a person may read or handle one melding is decided per melding by
``veerkracht.cases.access``, answering 404 for a melding they may not read.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from veerkracht.cases.access import grants_of


class _Needs(BasePermission):
    attribute = ""

    def has_permission(self, request: Any, view: Any) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        return bool(getattr(grants_of(user), self.attribute))


class MayReport(_Needs):
    """``cases.report`` somewhere: may submit meldingen and read the categories."""

    attribute = "report"


class MayView(_Needs):
    """``cases.view`` somewhere: has a work list."""

    attribute = "view"


class MayEdit(_Needs):
    """``cases.edit`` somewhere: may take steps in the workflow of meldingen they read."""

    attribute = "edit"


class MayFollow(BasePermission):
    """``cases.view`` or ``cases.report``: may read meldingen (their organisation's, or what they sent)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        grants = grants_of(user)
        return bool(grants.view or grants.report)
