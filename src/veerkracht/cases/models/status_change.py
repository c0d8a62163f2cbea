# SPDX-License-Identifier: EUPL-1.2
"""The history of a melding's status: one row per change (who, when, from, to, why), never updated."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veerkracht.cases.models.melding import Melding


class HistoryIsAppendOnly(Exception):
    """Raised when code tries to change or remove a row of a melding's history."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    """Bulk updates and deletes are refused too, not only saves of single rows."""

    def update(self, **kwargs: Any) -> int:
        raise HistoryIsAppendOnly("the status history cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise HistoryIsAppendOnly("the status history cannot be deleted")

    def redact(self) -> int:
        """Blank the free texts (reason, fields) of these rows: the one change retention makes (ADR 0022).

        The step, its moment and its actor stay, so the history still says what happened and when.
        """
        return models.QuerySet.update(self, reason="", fields={})


class StatusChange(models.Model):
    """One step of a melding: the transition, from and to which status, by whom, why, with which fields.

    The first row of every melding is its receipt (``transition = "receive"``, from the empty status).
    """

    melding = models.ForeignKey(Melding, on_delete=models.PROTECT, related_name="status_changes")
    at = models.DateTimeField(_("tijdstip"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The actor's name at the time, kept when the person is later renamed or deactivated.
    actor_label = models.CharField(max_length=200, blank=True)
    transition = models.CharField(_("stap"), max_length=40)
    from_status = models.CharField(_("van"), max_length=40, blank=True)
    to_status = models.CharField(_("naar"), max_length=40)
    reason = models.TextField(_("reden"), blank=True)
    fields = models.JSONField(_("velden"), default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["melding", "at", "id"]
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")

    def __str__(self) -> str:
        return f"{self.melding_id}: {self.from_status or '-'} → {self.to_status} ({self.transition})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise HistoryIsAppendOnly("a status change cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise HistoryIsAppendOnly("a status change cannot be deleted")
