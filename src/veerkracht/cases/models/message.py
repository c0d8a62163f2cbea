# SPDX-License-Identifier: EUPL-1.2
"""The messages a reporter was sent: which step, when; the address is not copied here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from veerkracht.cases.models.melding import Melding


class ReporterMessage(models.Model):
    """One message to the reporter of a melding, about a step of it or of the melding it is linked to."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="reporter_messages")
    step = models.CharField(_("stap"), max_length=40)
    # The event that caused it: a retried background task finds it and does not send twice.
    event_id = models.CharField(max_length=40)
    sent_at = models.DateTimeField(_("verstuurd op"))
    subject = models.CharField(_("onderwerp"), max_length=200)

    class Meta:
        ordering = ["melding", "sent_at", "id"]
        verbose_name = _("bericht aan de melder")
        verbose_name_plural = _("berichten aan melders")
        constraints = [
            models.UniqueConstraint(fields=["melding", "event_id"], name="one_message_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.step} aan melder van {self.melding_id}"
