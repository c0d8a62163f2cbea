# SPDX-License-Identifier: EUPL-1.2
"""Histories that are only ever added to: phase changes, the fund's ledger and its steps."""

from typing import Any

from django.db import models


class HistoryIsAppendOnly(Exception):
    """Raised when code tries to change or remove a line of a history."""


class AppendOnly(models.Model):
    """A line of a history: written once, never changed or removed (corrections are new lines)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise HistoryIsAppendOnly(f"a line of {type(self).__name__} cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise HistoryIsAppendOnly(f"a line of {type(self).__name__} cannot be removed")
