# SPDX-License-Identifier: EUPL-1.2
"""The indicator catalogue and the import runs; the values themselves live in the Parquet value store."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Indicator(models.Model):
    """One indicator: what it means, where it comes from, how it aggregates and how it is protected."""

    class Kind(models.TextChoices):
        COUNT = "count", _("aantal")
        SHARE = "share", _("aandeel")
        SCORE = "score", _("score")
        RATE = "rate", _("ratio")

    class Direction(models.TextChoices):
        HIGHER_IS_BETTER = "higher_is_better", _("hoger is beter")
        HIGHER_IS_WORSE = "higher_is_worse", _("hoger is slechter")
        NEUTRAL = "neutral", _("neutraal")

    code = models.CharField(max_length=64, unique=True)
    name_nl = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    definition_nl = models.TextField(blank=True)
    unit = models.CharField(max_length=60, blank=True)
    source = models.CharField(max_length=200, blank=True)
    licence = models.CharField(max_length=120, blank=True)
    direction = models.CharField(max_length=20, choices=Direction.choices, default=Direction.NEUTRAL)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    numerator = models.CharField(max_length=64, blank=True)
    denominator = models.CharField(max_length=64, blank=True)
    weight = models.CharField(max_length=64, blank=True)
    levels = models.JSONField(default=list, blank=True)
    # Fixed class breaks for maps (upper bounds), like the legends of the 2021 study; empty: none.
    legend_breaks = models.JSONField(default=list, blank=True)
    # The names of those classes in Dutch, one per break ("veel overlast"); empty: numbers only.
    legend_labels = models.JSONField(default=list, blank=True)
    privacy_minimum_count = models.PositiveIntegerField(default=5)
    privacy_applies_to = models.JSONField(default=list, blank=True)
    catalogue_version = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name_nl} ({self.code})"


class ImportRun(models.Model):
    """One import of indicator values: file, hash, rows, errors, who and when, and where the values went."""

    class Status(models.TextChoices):
        # Recorded before its files are moved into place; counts only once it has succeeded.
        RUNNING = "running", _("bezig")
        SUCCEEDED = "succeeded", _("geslaagd")
        FAILED = "failed", _("mislukt")

    connector = models.CharField(max_length=60)
    source_name = models.CharField(max_length=500)
    source_sha256 = models.CharField(max_length=64, blank=True)
    # SHA-256 over the values themselves (see indicators/publishing.py): a file and a frame from code alike.
    content_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    # The value-store writer of this run: finds what a killed import left behind (indicators/runs.py).
    store_token = models.CharField(max_length=32, blank=True)
    source_format = models.CharField(max_length=60, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices)
    error = models.TextField(blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    values_written = models.PositiveIntegerField(default=0)
    indicators = models.JSONField(default=list, blank=True)
    periods = models.JSONField(default=list, blank=True)
    levels = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)
    synthetic = models.BooleanField(default=False)
    # A run that carries values across boundary changes (or derives them otherwise) names its inputs here.
    method = models.CharField(max_length=60, blank=True)
    derived_from = models.JSONField(default=list, blank=True)
    # Inactive runs stay on record but no longer feed the value store (e.g. an import that was withdrawn).
    active = models.BooleanField(default=True)
    organisation = models.ForeignKey(
        "core.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.source_name} ({self.status})"
