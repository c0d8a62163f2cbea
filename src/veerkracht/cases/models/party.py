# SPDX-License-Identifier: EUPL-1.2
"""The parties of a dossier in their roles, and hoor en wederhoor: each party's account, recorded."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veerkracht.cases.models.dossier import Dossier
from veerkracht.cases.models.melding import Melding
from veerkracht.core.models import Organisation


class PartyRole(models.TextChoices):
    REPORTER = "reporter", _("Melder")
    SUBJECT = "subject", _("Veroorzaker")
    PARTNER = "partner", _("Netwerkpartner")
    WITNESS = "witness", _("Getuige")


#: Roles whose identity is protected like a reporter's: only with cases.view_reporter_contact, and in a
#: court file only when the person agreed to be named (ADR 0021).
PROTECTED_ROLES = frozenset({PartyRole.REPORTER, PartyRole.WITNESS})


class Party(models.Model):
    """A person, household or organisation that takes part in a dossier in one role.

    A reporter and a witness are protected: their name and contact details are read only with
    ``cases.view_reporter_contact`` in the dossier's organisation (``dossier_access``); everyone else
    sees "Melder 1", "Getuige 2". ``named_in_court_on`` records the day they agreed to be named in a
    court file; without it the court file shows them anonymised.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("rol"), max_length=16, choices=PartyRole.choices)
    #: The position among the parties of this role (Melder 1, Melder 2): stable, never reused.
    number = models.PositiveSmallIntegerField()
    name = models.CharField(_("naam"), max_length=200, blank=True)
    address = models.CharField(_("adres"), max_length=300, blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=40, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    description = models.TextField(
        _("toelichting"), blank=True, help_text=_("Bijvoorbeeld de samenstelling van het huishouden.")
    )
    melding = models.ForeignKey(
        Melding, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    named_in_court_on = models.DateField(_("akkoord met vermelding bij de rechter op"), null=True, blank=True)
    added_at = models.DateTimeField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["dossier", "role", "number"]
        verbose_name = _("betrokkene")
        verbose_name_plural = _("betrokkenen")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "role", "number"], name="unique_party_number"),
        ]

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def pseudonym(self) -> str:
        """How the party is named to those who may not know who they are: "Melder 2"."""
        return f"{PartyRole(self.role).label} {self.number}"


class HearingForm(models.TextChoices):
    CONVERSATION = "conversation", _("Gesprek")
    HOME_VISIT = "home_visit", _("Huisbezoek")
    PHONE = "phone", _("Telefonisch")
    WRITING = "writing", _("Schriftelijk")


class Hearing(models.Model):
    """Hoor en wederhoor: one party's account of what happened, or the record that they did not respond."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="hearings")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="hearings")
    held_at = models.DateTimeField(_("gehoord op"))
    form = models.CharField(_("vorm"), max_length=16, choices=HearingForm.choices)
    #: False when the party was invited but did not respond or declined (that is recorded too).
    responded = models.BooleanField(_("heeft gereageerd"), default=True)
    statement = models.TextField(_("verklaring"), blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["dossier", "held_at", "id"]
        verbose_name = _("hoor en wederhoor")
        verbose_name_plural = _("hoor en wederhoor")

    def __str__(self) -> str:
        return f"{self.party} gehoord op {self.held_at:%d-%m-%Y}"
