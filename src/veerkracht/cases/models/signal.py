# SPDX-License-Identifier: EUPL-1.2
"""Early signals (seed 004 §3.2, seed 000): rent arrears, letting and contractors, as they came in."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from veerkracht.cases.models.covenant import Covenant
from veerkracht.cases.models.dossier import Dossier
from veerkracht.cases.models.melding import Melding


class SignalKind(models.TextChoices):
    RENT_ARREARS = "rent_arrears", _("Huurachterstand")
    LETTING = "letting", _("Signaal van verhuur")
    CONTRACTOR = "contractor", _("Signaal van een aannemer")


class EarlySignal(models.Model):
    """An early signal: the melding it became, the dossier it opened or joined, the covenant allowing it."""

    kind = models.CharField(_("soort signaal"), max_length=16, choices=SignalKind.choices)
    melding = models.OneToOneField(Melding, on_delete=models.PROTECT, related_name="early_signal")
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="signals")
    observed_on = models.DateField(_("waargenomen op"))
    months_in_arrears = models.PositiveSmallIntegerField(_("maanden achterstand"), null=True, blank=True)
    amount_eur = models.DecimalField(
        _("bedrag achterstand"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    #: Who noticed it: the department or contractor, in words ("Incasso", "Schilderbedrijf De Kwast").
    source_label = models.CharField(_("afkomstig van"), max_length=200, blank=True)
    covenant = models.ForeignKey(Covenant, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    dossier_opened = models.BooleanField(default=False)

    class Meta:
        ordering = ["-observed_on", "-id"]
        verbose_name = _("vroegsignaal")
        verbose_name_plural = _("vroegsignalen")

    def __str__(self) -> str:
        return f"{self.kind} {self.observed_on:%Y-%m-%d}"
