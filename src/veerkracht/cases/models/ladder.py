# SPDX-License-Identifier: EUPL-1.2
"""The steps of the escalation ladder a dossier took, with their outcome and evidence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veerkracht.cases.models.dossier import Dossier


class LadderStep(models.Model):
    """One instrument applied in a dossier (``ladder.yaml``): when, with what outcome, on what evidence.

    A step taken without its preconditions lists them in ``skipped``, with the reason and the
    coördinator who approved it.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    ladder = models.CharField(max_length=40)
    ladder_version = models.CharField(max_length=40)
    step = models.CharField(_("stap"), max_length=40)
    rung = models.PositiveSmallIntegerField(_("trede"))
    taken_at = models.DateTimeField(_("genomen op"))
    outcome = models.CharField(_("uitkomst"), max_length=40)
    notes = models.TextField(_("toelichting"), blank=True)
    #: The evidence kinds this step required when it was taken; ``documented`` says whether all came.
    required_evidence = models.JSONField(default=list, blank=True)
    documented = models.BooleanField(default=False)
    skipped = models.JSONField(_("overgeslagen voorwaarden"), default=list, blank=True)
    skip_reason = models.TextField(_("reden om voorwaarden over te slaan"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_eviction = models.BooleanField(default=False)
    cost_eur = models.DecimalField(
        _("kosten in euro"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["dossier", "taken_at", "id"]
        # The highest step of each dossier (the dashboards' count per step) is the first row per dossier.
        indexes = [models.Index(fields=["dossier", "-rung", "-taken_at", "-id"], name="ladderstep_top")]
        verbose_name = _("stap op de ladder")
        verbose_name_plural = _("stappen op de ladder")

    def __str__(self) -> str:
        return f"{self.step} in dossier {self.dossier_id}"


class StepEvidence(models.Model):
    """Evidence of a step: a conversation record, a letter, a signed addendum (optionally with a file)."""

    step = models.ForeignKey(LadderStep, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("soort bewijs"), max_length=40)
    description = models.TextField(_("omschrijving"))
    document_date = models.DateField(_("datum van het stuk"), null=True, blank=True)
    # A file in the attachments folder (as melding attachments, ADR 0015): never the sender's name for it.
    stored_name = models.CharField(max_length=200, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["step", "id"]
        verbose_name = _("bewijsstuk")
        verbose_name_plural = _("bewijsstukken")

    def __str__(self) -> str:
        return f"{self.kind} bij stap {self.step_id}"
