# SPDX-License-Identifier: EUPL-1.2
"""Covenants: agreements between partners that allow personal data to flow, for a purpose, for a time."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veerkracht.core.models import Organisation


class PartnerKind(models.TextChoices):
    """The kinds of network partner a dossier is referred to (seed 004 §3, seed 000, seed 003)."""

    POLICE = "police", _("Politie")
    CARE = "care", _("Zorg")
    WELFARE = "welfare", _("Welzijn en maatschappelijk werk")
    MUNICIPALITY = "municipality", _("Gemeente")
    MEDIATION = "mediation", _("Buurtbemiddeling")
    DEBT_HELP = "debt_help", _("Schuldhulpverlening")


class Covenant(models.Model):
    """A covenant: which organisations, for which purpose and kinds of partner, may share which fields, when.

    ``fields`` are codes of :mod:`veerkracht.cases.sharing`; a referral under this covenant shares no
    other field. ``valid_until`` is the last day it holds (empty: until ended).
    """

    name = models.CharField(_("naam"), max_length=200, unique=True)
    purpose = models.TextField(_("doel"))
    legal_basis = models.TextField(
        _("grondslag"), help_text=_("Bijvoorbeeld: AVG artikel 6 lid 1 onder e, Woningwet artikel 45.")
    )
    organisations = models.ManyToManyField(Organisation, related_name="covenants", verbose_name=_("partijen"))
    partner_kinds = models.JSONField(_("soorten partners"), default=list)
    fields = models.JSONField(_("gegevens die gedeeld mogen worden"), default=list)
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    document_reference = models.CharField(_("kenmerk van het convenant"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("convenant")
        verbose_name_plural = _("convenanten")

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)
