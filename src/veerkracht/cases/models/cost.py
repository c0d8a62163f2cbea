# SPDX-License-Identifier: EUPL-1.2
"""Costs incurred for a melding or a dossier (cleaning, a locksmith, mediation), for the KPIs per type."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veerkracht.cases.models.dossier import Dossier
from veerkracht.cases.models.melding import Melding
from veerkracht.core.models import Organisation


class CaseCost(models.Model):
    """An amount spent for a melding or in a dossier; ``category`` is the melding category it counts to."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    melding = models.ForeignKey(
        Melding, null=True, blank=True, on_delete=models.SET_NULL, related_name="costs"
    )
    dossier = models.ForeignKey(
        Dossier, null=True, blank=True, on_delete=models.SET_NULL, related_name="costs"
    )
    category = models.CharField(_("categorie"), max_length=40)
    amount_eur = models.DecimalField(_("bedrag in euro"), max_digits=10, decimal_places=2)
    incurred_on = models.DateField(_("datum"))
    description = models.CharField(_("omschrijving"), max_length=200)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-incurred_on", "-id"]
        indexes = [models.Index(fields=["organisation", "incurred_on"], name="cost_org_day")]

    def __str__(self) -> str:
        return f"{self.amount_eur} euro voor {self.category}"
