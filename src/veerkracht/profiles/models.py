# SPDX-License-Identifier: EUPL-1.2
"""The story behind the numbers: notes on an area by staff, reviewed before partners read them.

The profile owns no figures of its own; these notes are the one thing it keeps (seed 001 chapter III:
what people in a neighbourhood told the researchers).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veerkracht.core.models import Organisation


class NoteStatus(models.TextChoices):
    DRAFT = "draft", _("Wacht op beoordeling")
    APPROVED = "approved", _("Goedgekeurd")
    REJECTED = "rejected", _("Afgewezen")


class ProfileNote(models.Model):
    """One story about an area: what was heard or seen, where it comes from, when, and who wrote it."""

    area_code = models.CharField(_("gebied"), max_length=20, db_index=True)
    text = models.TextField(_("verhaal"))
    source = models.CharField(_("bron"), max_length=300)
    observed_on = models.DateField(_("datum"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    #: The author's name as it was when writing (stays when the account goes).
    author_label = models.CharField(_("auteur"), max_length=200)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=NoteStatus.choices, default=NoteStatus.DRAFT)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by_label = models.CharField(max_length=200, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("toelichting bij de beoordeling"), blank=True)

    class Meta:
        ordering = ["-observed_on", "-id"]
        indexes = [models.Index(fields=["area_code", "status"], name="profile_note_area_status")]

    def __str__(self) -> str:
        return f"{self.area_code}: {self.text[:40]}"


class PdfStatus(models.TextChoices):
    QUEUED = "queued", _("Staat in de wachtrij")
    RUNNING = "running", _("Wordt gemaakt")
    DONE = "done", _("Klaar")
    FAILED = "failed", _("Mislukt")


class ProfilePdf(models.Model):
    """One person's request for the PDF of a profile, and the PDF once made.

    The PDF holds what its owner may see, so only the owner downloads it, and only while their roles are
    the ones it was made for (``scope``); another person asks for their own.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    area_code = models.CharField(max_length=20)
    year = models.PositiveIntegerField()
    language = models.CharField(max_length=8)
    #: A fingerprint of the owner's active roles when asked; a change of roles makes the PDF unavailable.
    scope = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=PdfStatus.choices, default=PdfStatus.QUEUED)
    step = models.CharField(max_length=200, blank=True)
    done = models.PositiveSmallIntegerField(default=0)
    total = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)
    pages = models.PositiveSmallIntegerField(null=True, blank=True)
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [models.Index(fields=["owner", "area_code"], name="profile_pdf_owner_area")]

    def __str__(self) -> str:
        return f"PDF {self.area_code} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (PdfStatus.DONE, PdfStatus.FAILED)
