# SPDX-License-Identifier: EUPL-1.2
"""Referrals to network partners: what was shared, why, on which legal basis, and the partner's answers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veerkracht.cases.models.covenant import Covenant, PartnerKind
from veerkracht.cases.models.dossier import Dossier
from veerkracht.cases.models.party import Party
from veerkracht.core.models import Organisation


class LegalBasis(models.TextChoices):
    COVENANT = "covenant", _("Convenant")
    CONSENT = "consent", _("Toestemming van de betrokkene")


class ReferralQuerySet(models.QuerySet["Referral"]):
    def shared_with(self, user: Any) -> ReferralQuerySet:
        """The referrals a partner's person may read now (see :mod:`veerkracht.cases.dossier_access`)."""
        from veerkracht.cases.dossier_access import partner_filter

        return self.filter(partner_filter(user))


class Referral(models.Model):
    """A referral of a dossier to a partner: a frozen snapshot of the fields shared, and its legal basis.

    ``snapshot`` is what the partner sees, written once at the moment of sharing and never updated (a
    later change of the dossier does not reach the partner). The partner reads it until ``ends_at`` or
    until the referral is ended (``ended_at``), whichever comes first; after that, nothing.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="referrals")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="referrals_received")
    partner_kind = models.CharField(_("soort partner"), max_length=20, choices=PartnerKind.choices)
    purpose = models.TextField(_("doel"))
    legal_basis = models.CharField(_("grondslag"), max_length=16, choices=LegalBasis.choices)
    covenant = models.ForeignKey(
        Covenant, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    consent_on = models.DateField(_("toestemming gegeven op"), null=True, blank=True)
    consent_scope = models.TextField(_("reikwijdte van de toestemming"), blank=True)
    consent_party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    fields = models.JSONField(_("gedeelde gegevens"), default=list)
    snapshot = models.JSONField(default=dict)
    shared_at = models.DateTimeField(_("gedeeld op"))
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ends_at = models.DateTimeField(_("toegang tot"))
    ended_at = models.DateTimeField(_("beëindigd op"), null=True, blank=True)
    end_reason = models.TextField(blank=True)
    partner_closed_at = models.DateTimeField(_("door de partner afgesloten op"), null=True, blank=True)
    partner_outcome = models.TextField(_("uitkomst bij de partner"), blank=True)
    partner_closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-shared_at", "-id"]
        verbose_name = _("doorverwijzing")
        verbose_name_plural = _("doorverwijzingen")
        indexes = [models.Index(fields=["partner", "ended_at", "ends_at"], name="referral_partner_active")]

    def __str__(self) -> str:
        return f"doorverwijzing {self.pk} naar {self.partner_id}"


class ReferralReply(models.Model):
    """An answer in a referral's conversation, from the partner or from the referring organisation."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="replies")
    at = models.DateTimeField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author_label = models.CharField(max_length=200, blank=True)
    from_partner = models.BooleanField()
    text = models.TextField()

    class Meta:
        ordering = ["referral", "at", "id"]

    def __str__(self) -> str:
        return f"antwoord {self.pk} bij doorverwijzing {self.referral_id}"
