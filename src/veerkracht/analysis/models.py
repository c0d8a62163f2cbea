# SPDX-License-Identifier: EUPL-1.2
"""An analysis run: what went in (imports, parameters, preset, code version) and where the results are."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AnalysisRun(models.Model):
    """One run of the veerkracht analysis; its result frames live as Parquet beside the value store."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("in de wachtrij")
        RUNNING = "running", _("bezig")
        SUCCEEDED = "succeeded", _("geslaagd")
        FAILED = "failed", _("mislukt")

    name = models.CharField(_("naam"), max_length=200)
    gemeenten = models.JSONField(default=list)
    indeling_year = models.PositiveSmallIntegerField()
    period_start = models.PositiveSmallIntegerField()
    period_end = models.PositiveSmallIntegerField()
    periods = models.JSONField(default=list)
    preset_name = models.CharField(max_length=80)
    preset_version = models.CharField(max_length=40)
    preset_sha256 = models.CharField(max_length=64)
    parameters = models.JSONField(default=dict)
    code_version = models.CharField(max_length=40)
    inputs = models.JSONField(default=dict, help_text="import runs and their file hashes")
    crosswalks = models.JSONField(default=list, help_text="boundary changes the run carried values across")
    manifest = models.JSONField(default=dict)
    summary = models.JSONField(default=dict)
    synthetic = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RUNNING)
    error = models.TextField(blank=True)
    # What was asked beyond the fields above, so that a queued or retried run can be started again.
    reference = models.CharField(max_length=12, default="national")
    # Progress of the attempt that runs now, written by the task and read by the run's page.
    progress_step = models.CharField(max_length=80, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    # Each attempt gets a fresh token: only the attempt that holds it may write progress or publish
    # results, so a worker thought dead that comes back cannot overwrite a retry.
    attempt = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.name} ({self.period_start}-{self.period_end})"


class CityReport(models.Model):
    """A city report PDF of one run, made in the background; the file lives in the data folder."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("in de wachtrij")
        RUNNING = "running", _("bezig")
        SUCCEEDED = "succeeded", _("klaar")
        FAILED = "failed", _("mislukt")

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="city_reports")
    language = models.CharField(max_length=8, default="nl")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    progress_step = models.CharField(max_length=80, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"city report #{self.pk} of run #{self.run_id}"
