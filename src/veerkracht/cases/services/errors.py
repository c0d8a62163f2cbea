# SPDX-License-Identifier: EUPL-1.2
"""The errors of the meldingen write API; every message is in Dutch and names what to fix."""

from __future__ import annotations

from collections.abc import Mapping

from veerkracht.cases.clocks import ClockError
from veerkracht.cases.rules.workflow import WorkflowError


class NotAllowed(PermissionError):
    """The person may not do this with this melding (pages answer 404 when they may not even read it)."""


class IntakeError(ValueError):
    """A melding (or a batch of them) that cannot be taken in, with every problem per field.

    ``problems`` maps a field (``category``, ``location.x``, ``attachments[1]``; in a batch prefixed with
    the item, ``findings[3].category``) to what is wrong with it, so a form or the API can show each
    message beside its field. Nothing of the melding or the batch is stored.
    """

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(f"{field}: {text}" for field, text in self.problems.items()))


__all__ = ["ClockError", "IntakeError", "NotAllowed", "WorkflowError"]
