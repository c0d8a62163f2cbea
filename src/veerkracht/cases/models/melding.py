# SPDX-License-Identifier: EUPL-1.2
"""A melding: one signal from one reporter, with its location, category, status, routing and clocks."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from veerkracht.cases.models.choices import Channel, ReporterKind
from veerkracht.core.calendar import AMSTERDAM, local_day
from veerkracht.core.models import Organisation, Team

if TYPE_CHECKING:
    from veerkracht.core.models import User

_REFERENCE = re.compile(r"^\s*M-(\d{4})-(\d{6,})\s*$", re.IGNORECASE)


class MeldingQuerySet(models.QuerySet["Melding"]):
    """Meldingen, with the one visibility rule every page, API, search, export and KPI goes through."""

    def visible_to(self, user: Any, *, own_submissions: bool = True) -> MeldingQuerySet:
        """The meldingen a person may read (see :mod:`veerkracht.cases.access` for the rule).

        ``own_submissions=False`` leaves out what the person may read only because they submitted it
        (the work list: meldingen to handle, not to follow).
        """
        from veerkracht.cases.access import melding_filter

        return self.filter(melding_filter(user, own_submissions=own_submissions))

    def open(self) -> MeldingQuerySet:
        return self.filter(is_open=True)

    def by_reference(self, reference: str) -> MeldingQuerySet:
        """The melding with this reference (``M-2026-000123``); empty for a malformed one."""
        parsed = Melding.parse_reference(reference)
        if parsed is None:
            return self.none()
        year, pk = parsed
        if not 1900 <= year <= 2999:
            return self.none()
        # The year is part of the reference: a right number with a wrong year finds nothing.
        return self.filter(
            pk=pk,
            received_at__gte=datetime(year, 1, 1, tzinfo=AMSTERDAM),
            received_at__lt=datetime(year + 1, 1, 1, tzinfo=AMSTERDAM),
        )


class Melding(models.Model):
    """One report from one reporter: what, where, when, by which channel, and who handles it.

    ``organisation`` is the organisation responsible for it (routing decides, reassigning changes it); it
    decides who may read it. ``received_by`` is the organisation it was submitted to. The reference
    (``M-2026-000123``) is derived from the year of receipt and the id, so it is unique and costs no
    counter that concurrent intakes would queue for.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="meldingen", db_index=False
    )
    received_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", db_index=False)
    category = models.CharField(_("categorie"), max_length=40)
    subcategory = models.CharField(_("subcategorie"), max_length=40)
    pillar = models.CharField(_("pijler"), max_length=40)
    confidentiality = models.CharField(_("vertrouwelijkheid"), max_length=20)
    workflow_type = models.CharField(_("soort melding"), max_length=20)
    description = models.TextField(_("omschrijving"))
    # Location: an address as given, a point in RD New, a complex and the areas it resolves to.
    address = models.CharField(_("adres"), max_length=300, blank=True)
    # The address in a form that compares equal however it was typed ("Hoofdstraat 1 a" = "hoofdstraat 1A").
    address_key = models.CharField(max_length=300, blank=True)
    x = models.FloatField(_("x (RD)"), null=True, blank=True)
    y = models.FloatField(_("y (RD)"), null=True, blank=True)
    complex_code = models.CharField(_("complex"), max_length=40, blank=True)
    buurt_code = models.CharField(_("buurt"), max_length=20, blank=True)
    wijk_code = models.CharField(_("wijk"), max_length=20, blank=True)
    gemeente_code = models.CharField(_("gemeente"), max_length=20, blank=True)
    square_id = models.CharField(_("vierkant van 100 m"), max_length=10, blank=True)
    received_at = models.DateTimeField(_("ontvangen op"))
    created_at = models.DateTimeField(auto_now_add=True)
    channel = models.CharField(_("kanaal"), max_length=16, choices=Channel.choices)
    reporter_kind = models.CharField(_("soort melder"), max_length=16, choices=ReporterKind.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    round = models.ForeignKey(
        "cases.ResidentTeamRound", null=True, blank=True, on_delete=models.PROTECT, related_name="meldingen"
    )
    status = models.CharField(_("status"), max_length=40)
    is_open = models.BooleanField(default=True)
    status_changed_at = models.DateTimeField()
    responsible_team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    responsible_role = models.CharField(_("rol van de behandelaar"), max_length=40, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    routing_rule = models.ForeignKey(
        "cases.RoutingRule", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="linked"
    )
    # The earliest deadline of a running clock (none while all are frozen or paused): the work list sorts
    # on it, so "overdue and nearly overdue first" is an index scan.
    next_deadline = models.DateTimeField(null=True, blank=True)
    # A key the submitting system chose, so that a retried submission finds the first (per submitter).
    idempotency_key = models.CharField(max_length=100, blank=True)
    # The number the melding had in the system it came from (historic import, partner system).
    external_reference = models.CharField(_("kenmerk bij de bron"), max_length=100, blank=True)
    # Made up by a demo builder, not reported by anyone: pages and exports say so, KPIs can leave it out.
    synthetic = models.BooleanField(_("synthetisch"), default=False)

    objects = MeldingQuerySet.as_manager()

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submitted_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="unique_melding_idempotency_key",
            ),
        ]
        indexes = [
            # The work list of an organisation, a team and a person: open meldingen in the order of their
            # next deadline. The trailing columns are what the visibility rule asks, so rows a person may
            # not read are skipped inside the index, and counts need not read the table.
            models.Index(
                fields=["organisation", "next_deadline", "id", "confidentiality"],
                condition=Q(is_open=True),
                name="melding_open_org",
            ),
            models.Index(
                fields=["responsible_team", "next_deadline", "id", "organisation", "confidentiality"],
                condition=Q(is_open=True),
                name="melding_open_team",
            ),
            models.Index(
                fields=["assigned_to", "next_deadline", "id", "organisation", "confidentiality"],
                condition=Q(is_open=True),
                name="melding_open_mine",
            ),
            # The work list filtered on a buurt or wijk: few open meldingen each, in deadline order.
            models.Index(
                fields=["buurt_code", "next_deadline", "id"],
                condition=Q(is_open=True),
                name="melding_open_buurt",
            ),
            models.Index(
                fields=["wijk_code", "next_deadline", "id"],
                condition=Q(is_open=True),
                name="melding_open_wijk",
            ),
            models.Index(fields=["organisation", "received_at"], name="melding_org_received"),
            models.Index(fields=["submitted_by", "received_at"], name="melding_submitter"),
            # Possible duplicates: a bounding box on the point, the same address, the same complex.
            models.Index(fields=["x", "y"], condition=Q(is_open=True), name="melding_open_point"),
            models.Index(
                fields=["address_key"],
                condition=Q(is_open=True) & ~Q(address_key=""),
                name="melding_open_address",
            ),
            models.Index(
                fields=["complex_code"],
                condition=Q(is_open=True) & ~Q(complex_code=""),
                name="melding_open_complex",
            ),
            models.Index(fields=["external_reference"], name="melding_external_reference"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.category}/{self.subcategory}"

    @property
    def reference_year(self) -> int:
        return local_day(self.received_at).year

    @property
    def reference(self) -> str:
        """The human-readable reference: ``M-<year of receipt>-<id, six digits or more>``."""
        return f"M-{self.reference_year}-{self.pk:06d}" if self.pk else ""

    @staticmethod
    def parse_reference(reference: str) -> tuple[int, int] | None:
        """Return (year, id) of a reference such as ``M-2026-000123``, or None when it is not one.

        >>> Melding.parse_reference("m-2026-000123")
        (2026, 123)
        >>> Melding.parse_reference("2026-123") is None
        True
        """
        match = _REFERENCE.match(reference or "")
        if match is None:
            return None
        return int(match.group(1)), int(match.group(2))

    def submitted_by_user(self, user: User) -> bool:
        return self.submitted_by_id is not None and self.submitted_by_id == user.pk
