# SPDX-License-Identifier: EUPL-1.2
"""The reporter's contact details: a table of their own, read only with ``cases.view_reporter_contact``."""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from veerkracht.cases.models.melding import Melding


def email_key(email: str) -> str:
    """An e-mail address as it compares: trimmed and in lower case (empty when there is none).

    >>> email_key("  Jan.Jansen@Example.NL ")
    'jan.jansen@example.nl'
    """
    return email.strip().lower()


def phone_key(phone: str) -> str:
    """A Dutch phone number as it compares: digits only, +31 and 0031 written as 0.

    >>> phone_key("+31 6 1234 5678"), phone_key("06-12345678"), phone_key("0031 6 12345678")
    ('0612345678', '0612345678', '0612345678')
    """
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+31"):
        return "0" + digits[2:]
    if digits.startswith("0031"):
        return "0" + digits[4:]
    return digits


class ReporterContact(models.Model):
    """Who reported and how to reach them; separate from the melding so that reading it is a permission.

    A subject never learns who reported them (DESIGN.md §6): pages show this only to people with
    ``cases.view_reporter_contact`` in the melding's organisation.
    """

    melding = models.OneToOneField(Melding, on_delete=models.CASCADE, related_name="reporter_contact")
    name = models.CharField(_("naam"), max_length=200, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=40, blank=True)
    address = models.CharField(_("adres van de melder"), max_length=300, blank=True)
    wants_updates = models.BooleanField(
        _("wil berichten ontvangen"),
        default=True,
        help_text=_("Of de melder berichten wil over de voortgang van de melding."),
    )
    # Normalised forms, to find the reporter's earlier meldingen however the details were typed.
    email_key = models.CharField(max_length=254, blank=True, db_index=True)
    phone_key = models.CharField(max_length=40, blank=True, db_index=True)

    class Meta:
        verbose_name = _("contactgegevens van de melder")
        verbose_name_plural = _("contactgegevens van melders")

    def __str__(self) -> str:
        return f"melder van {self.melding_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.email_key = email_key(self.email)
        self.phone_key = phone_key(self.phone)
        super().save(*args, **kwargs)  # type: ignore[arg-type]
