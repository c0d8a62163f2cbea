# SPDX-License-Identifier: EUPL-1.2
"""The mark that a melding was anonymised by retention: when, and which rule of ``retention.yaml`` applied."""

from __future__ import annotations

from django.db import models

from veerkracht.cases.models.melding import Melding


class MeldingAnonymisation(models.Model):
    """A melding whose personal data retention removed; what is left counts for the statistics only."""

    melding = models.OneToOneField(
        Melding, primary_key=True, on_delete=models.CASCADE, related_name="anonymisation"
    )
    anonymised_at = models.DateTimeField()
    #: The entry of retention.yaml with its version, or "dossier D-2026-000012" when it followed its dossier.
    rule = models.CharField(max_length=200)

    class Meta:
        ordering = ["-anonymised_at"]

    def __str__(self) -> str:
        return f"melding {self.melding_id} geanonimiseerd op {self.anonymised_at:%Y-%m-%d}"
