# SPDX-License-Identifier: EUPL-1.2
"""The fixed vocabularies of meldingen: channels, kinds of reporter and kinds of clock."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How a melding came in (the routing rules use the same codes)."""

    WEB = "web", _("Webformulier")
    PHONE = "phone", _("Telefonisch, ingevoerd door een medewerker")
    API = "api", _("Koppeling (API)")
    IMPORT = "import", _("Import van historische meldingen")
    ROUND = "round", _("Ronde van een bewonersteam")


class ReporterKind(models.TextChoices):
    """Who reported: not who they are, which lives in the reporter's contact details."""

    TENANT = "tenant", _("Huurder")
    NEIGHBOUR = "neighbour", _("Buurtbewoner")
    RESIDENT_TEAM = "resident_team", _("Bewonersteam")
    STAFF = "staff", _("Medewerker")
    CONTRACTOR = "contractor", _("Aannemer")
    PARTNER = "partner", _("Netwerkpartner")
    ANONYMOUS = "anonymous", _("Anoniem")


class ClockKind(models.TextChoices):
    """The two promises to a reporter (seed 004 §6)."""

    ACKNOWLEDGEMENT = "acknowledgement", _("ontvangstbevestiging")
    FEEDBACK = "feedback", _("terugkoppeling")
