# SPDX-License-Identifier: EUPL-1.2
"""A leefbaarheidsdossier: one address, household or complex; its meldingen, status history and deadlines."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from veerkracht.cases.models.melding import Melding
from veerkracht.cases.models.status_change import AppendOnlyQuerySet, HistoryIsAppendOnly
from veerkracht.core.calendar import AMSTERDAM, local_day
from veerkracht.core.models import Organisation, Team

_REFERENCE = re.compile(r"^\s*D-(\d{4})-(\d{6,})\s*$", re.IGNORECASE)


class SubjectKind(models.TextChoices):
    """What a dossier is about."""

    ADDRESS = "address", _("Adres")
    HOUSEHOLD = "household", _("Huishouden")
    COMPLEX = "complex", _("Complex")


class DossierStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SUSPENDED = "suspended", _("Opgeschort")
    CLOSED = "closed", _("Gesloten")


class DossierSource(models.TextChoices):
    """How the dossier was opened."""

    STAFF = "staff", _("Door een medewerker")
    RENT_ARREARS = "rent_arrears", _("Signaal huurachterstand")
    LETTING = "letting", _("Signaal van verhuur")
    CONTRACTOR = "contractor", _("Signaal van een aannemer")


class DossierQuerySet(models.QuerySet["Dossier"]):
    """Dossiers, with the one visibility rule every page, API, search, export and KPI goes through."""

    def visible_to(self, user: Any) -> DossierQuerySet:
        """The dossiers a person may read (see :mod:`veerkracht.cases.dossier_access`)."""
        from veerkracht.cases.dossier_access import dossier_filter

        return self.filter(dossier_filter(user))

    def by_reference(self, reference: str) -> DossierQuerySet:
        """The dossier with this reference (``D-2026-000012``); empty for a malformed one."""
        parsed = Dossier.parse_reference(reference)
        if parsed is None or not 1900 <= parsed[0] <= 2999:
            return self.none()
        year, pk = parsed
        return self.filter(
            pk=pk,
            opened_at__gte=datetime(year, 1, 1, tzinfo=AMSTERDAM),
            opened_at__lt=datetime(year + 1, 1, 1, tzinfo=AMSTERDAM),
        )


class Dossier(models.Model):
    """A leefbaarheidsdossier: meldingen of many reporters about one address, household or complex.

    ``organisation`` owns it and decides who may read it, together with ``confidentiality`` (a level of
    ``categories.yaml``). The type (``dossier_types.yaml``) and its version are copied on opening, as are
    its deadlines: ``deadline`` is the uiterlijke einddatum (doorlooptijd plus extensions plus the days
    of ended suspensions), ``planned_end`` the servicenorm. Both are empty while the dossier is suspended.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="dossiers")
    dossier_type = models.CharField(_("soort dossier"), max_length=40)
    type_version = models.CharField(max_length=40)
    subject_kind = models.CharField(_("gaat over"), max_length=16, choices=SubjectKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    summary = models.TextField(_("samenvatting"), blank=True)
    address = models.CharField(_("adres"), max_length=300, blank=True)
    address_key = models.CharField(max_length=300, blank=True)
    complex_code = models.CharField(_("complex"), max_length=40, blank=True)
    x = models.FloatField(null=True, blank=True)
    y = models.FloatField(null=True, blank=True)
    buurt_code = models.CharField(_("buurt"), max_length=20, blank=True)
    wijk_code = models.CharField(_("wijk"), max_length=20, blank=True)
    gemeente_code = models.CharField(_("gemeente"), max_length=20, blank=True)
    square_id = models.CharField(_("vierkant van 100 m"), max_length=10, blank=True)
    confidentiality = models.CharField(_("vertrouwelijkheid"), max_length=20)
    status = models.CharField(_("status"), max_length=16, choices=DossierStatus.choices)
    is_open = models.BooleanField(default=True)
    source = models.CharField(_("bron"), max_length=16, choices=DossierSource.choices)
    opened_at = models.DateTimeField(_("geopend op"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateTimeField(_("uiterlijke einddatum"), null=True, blank=True)
    planned_end = models.DateTimeField(_("geplande einddatum"), null=True, blank=True)
    suspended_at = models.DateTimeField(_("opgeschort sinds"), null=True, blank=True)
    suspended_days = models.PositiveIntegerField(_("dagen opgeschort"), default=0)
    extended_days = models.PositiveIntegerField(_("dagen verlengd"), default=0)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=40, blank=True)
    responsible_team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    meldingen = models.ManyToManyField(Melding, through="DossierMelding", related_name="dossiers")
    # Retention (ADR 0022): set on closing from retention.yaml; the anonymisation run sets anonymised_at.
    retention_due = models.DateTimeField(_("anonimiseren vanaf"), null=True, blank=True)
    retention_rule = models.CharField(max_length=200, blank=True)
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("leefbaarheidsdossier")
        verbose_name_plural = _("leefbaarheidsdossiers")
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "is_open", "opened_at"], name="dossier_org_open"),
            models.Index(
                fields=["organisation", "address_key"], condition=Q(is_open=True), name="dossier_open_address"
            ),
            models.Index(
                fields=["organisation", "complex_code"],
                condition=Q(is_open=True),
                name="dossier_open_complex",
            ),
            models.Index(
                fields=["retention_due"],
                condition=Q(anonymised_at__isnull=True, retention_due__isnull=False),
                name="dossier_retention_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        """The human-readable reference: ``D-<year opened>-<id, six digits or more>``."""
        return f"D-{local_day(self.opened_at).year}-{self.pk:06d}" if self.pk else ""

    @staticmethod
    def parse_reference(reference: str) -> tuple[int, int] | None:
        """Return (year, id) of a reference such as ``D-2026-000012``, or None when it is not one.

        >>> Dossier.parse_reference("d-2026-000012")
        (2026, 12)
        >>> Dossier.parse_reference("M-2026-000012") is None
        True
        """
        match = _REFERENCE.match(reference or "")
        if match is None:
            return None
        return int(match.group(1)), int(match.group(2))


class DossierMelding(models.Model):
    """A melding collected in a dossier: when and by whom it was added."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="links")
    melding = models.ForeignKey(Melding, on_delete=models.PROTECT, related_name="dossier_links")
    added_at = models.DateTimeField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dossier", "melding"], name="unique_dossier_melding"),
        ]
        ordering = ["dossier", "added_at", "id"]

    def __str__(self) -> str:
        return f"melding {self.melding_id} in dossier {self.dossier_id}"


class HistoryKind(models.TextChoices):
    OPENED = "opened", _("Dossier geopend")
    MELDING_ADDED = "melding_added", _("Melding toegevoegd")
    LEVEL_RAISED = "level_raised", _("Vertrouwelijkheid verhoogd")
    SUSPENDED = "suspended", _("Opgeschort")
    RESUMED = "resumed", _("Hervat")
    EXTENDED = "extended", _("Verlengd")
    ASSIGNED = "assigned", _("Toegewezen")
    CLOSED = "closed", _("Gesloten")
    REOPENED = "reopened", _("Heropend")


class DossierHistoryQuerySet(AppendOnlyQuerySet):
    def redact(self) -> int:
        """Blank the reasons of these rows: the one change retention makes to history (ADR 0022)."""
        return models.QuerySet.update(self, reason="")


class DossierHistory(models.Model):
    """One change of a dossier's status or deadlines (who, when, why); never updated, only redacted."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=HistoryKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    reason = models.TextField(blank=True)
    #: Days suspended (on resuming) or added (on extending), the outcome on closing, the melding added.
    days = models.PositiveIntegerField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = DossierHistoryQuerySet.as_manager()

    class Meta:
        ordering = ["dossier", "at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.kind} {self.at:%Y-%m-%d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise HistoryIsAppendOnly("the history of a dossier cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise HistoryIsAppendOnly("the history of a dossier cannot be deleted")
