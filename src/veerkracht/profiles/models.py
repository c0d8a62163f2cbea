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
