# SPDX-License-Identifier: EUPL-1.2
"""A file that came with a melding (a photo, a letter), in the data folder, readable by its owner only."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veerkracht.cases.models.melding import Melding


def attachment_root() -> Path:
    """The folder attachments are stored in: ``attachments`` in the data folder."""
    return Path(settings.DATA_DIR) / "attachments"


class Attachment(models.Model):
    """One attachment: its type was checked from its content, not from its name or the sender's word."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="attachments")
    # Relative to attachment_root(): <year>/<month>/<random name>; never the name the sender gave.
    stored_name = models.CharField(max_length=200, unique=True)
    original_name = models.CharField(_("bestandsnaam"), max_length=255)
    content_type = models.CharField(_("soort bestand"), max_length=100)
    size = models.PositiveIntegerField(_("grootte in bytes"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("toegevoegd op"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["melding", "uploaded_at", "id"]
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self) -> str:
        return self.original_name

    @property
    def path(self) -> Path:
        return attachment_root() / self.stored_name
