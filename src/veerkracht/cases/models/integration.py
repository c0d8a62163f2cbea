# SPDX-License-Identifier: EUPL-1.2
"""What the meldingen API keeps besides meldingen: keys of systems, answers to replay, links from Open311.

See ADR 0020. A key belongs to one organisation and acts as its own account (``user``), which has a role in
that organisation: every permission and visibility check treats a system like a person, in one place.
Only a SHA-256 of a key is stored; the key itself is shown once, when it is made.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veerkracht.cases.models.melding import Melding
from veerkracht.core.models import Organisation


class ApiKey(models.Model):
    """A key with which a partner system or app calls the API on behalf of one organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="api_keys")
    label = models.CharField(_("omschrijving"), max_length=200)
    # The account the key acts as: a role in ``organisation``, no password, never logs in on a page.
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_key")
    # The start of the key ("vk_1a2b3c4d"), to recognise it in lists and logs; not enough to use it.
    prefix = models.CharField(max_length=16, unique=True)
    # SHA-256 (hex) of the whole key. Keys are 256 random bits, so a fast hash is enough (ADR 0020).
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)

    class Meta:
        ordering = ["organisation", "label"]
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "label"], name="unique_api_key_label"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… {self.label} ({self.organisation})"


class IdempotencyRecord(models.Model):
    """The first answer to a submission with an ``Idempotency-Key``, kept to answer a retry the same way.

    Per client: ``owner`` is the person, or the account of an API key. ``fingerprint`` is a SHA-256 of
    the method, path and body, so the same key with another body is recognised (and refused).
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("idempotentiesleutel")
        verbose_name_plural = _("idempotentiesleutels")
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="unique_idempotency_key_per_client"),
        ]
        # Each submission sweeps its client's expired records: a range of this index.
        indexes = [models.Index(fields=["owner", "expires_at"], name="idempotency_owner_expiry")]

    def __str__(self) -> str:
        return f"{self.key} van {self.owner_id}"


class MeldingLink(models.Model):
    """A link that came with a melding, such as an Open311 ``media_url``: kept as given, never fetched."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(_("link"), max_length=1000)
    # Where the link came from ("open311" for a media_url).
    source = models.CharField(max_length=40)
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["melding", "added_at", "id"]
        verbose_name = _("link bij een melding")
        verbose_name_plural = _("links bij meldingen")

    def __str__(self) -> str:
        return self.url
