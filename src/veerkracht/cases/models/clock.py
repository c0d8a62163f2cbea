# SPDX-License-Identifier: EUPL-1.2
"""A melding's clocks: budget in working days, a ledger of pauses, and the deadline derived from both."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from veerkracht.cases.models.choices import ClockKind
from veerkracht.cases.models.melding import Melding


class Clock(models.Model):
    """One promise to the reporter (acknowledgement or feedback) and how it stands.

    The budget and the service-level version it came from are stored, so that a later change of the
    service levels never moves this deadline. ``deadline`` is derived (``cases.clocks``): the start plus
    the budget plus the working days of every ended pause; it is empty while a pause lasts and is computed
    again when the pause ends. ``frozen_at`` is set when the promised step is done. Overdue is the indexed
    query ``deadline < now AND frozen_at IS NULL``.
    """

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="clocks")
    kind = models.CharField(_("soort"), max_length=20, choices=ClockKind.choices)
    # 1 for the first clock of a kind; a reopened melding starts a second feedback clock.
    sequence = models.PositiveSmallIntegerField(default=1)
    started_at = models.DateTimeField(_("gestart op"))
    budget_days = models.PositiveSmallIntegerField(_("termijn in werkdagen"))
    target_days = models.PositiveSmallIntegerField(_("streefwaarde in werkdagen"), null=True, blank=True)
    service_level_version = models.CharField(max_length=40)
    # The entry of the service-level file that gave the budget, e.g. "categories.zorgsignaal".
    service_level_rule = models.CharField(max_length=200, blank=True)
    # The working days of every ended pause, added up.
    paused_days = models.PositiveSmallIntegerField(default=0)
    deadline = models.DateTimeField(_("uiterlijk"), null=True, blank=True)
    target_deadline = models.DateTimeField(_("streefdatum"), null=True, blank=True)
    frozen_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)

    class Meta:
        ordering = ["melding", "kind", "sequence"]
        verbose_name = _("klok")
        verbose_name_plural = _("klokken")
        constraints = [
            models.UniqueConstraint(fields=["melding", "kind", "sequence"], name="unique_clock_sequence"),
        ]
        indexes = [
            models.Index(
                fields=["deadline"], condition=Q(frozen_at__isnull=True), name="clock_running_deadline"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} van melding {self.melding_id}"

    @property
    def is_paused(self) -> bool:
        return self.frozen_at is None and self.deadline is None

    @property
    def is_running(self) -> bool:
        return self.frozen_at is None and self.deadline is not None


class ClockPause(models.Model):
    """One pause of a clock, with its reason; ``working_days`` is filled when it ends."""

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="pauses")
    paused_at = models.DateTimeField(_("gepauzeerd op"))
    resumed_at = models.DateTimeField(_("hervat op"), null=True, blank=True)
    working_days = models.PositiveSmallIntegerField(_("werkdagen gepauzeerd"), null=True, blank=True)
    reason = models.CharField(_("reden"), max_length=500)
    resume_reason = models.CharField(_("reden van hervatten"), max_length=500, blank=True)
    # "manual", or "status:<code>" when a status that pauses the clock started it (leaving ends it).
    source = models.CharField(max_length=60, default="manual")
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resumed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["clock", "paused_at", "id"]
        verbose_name = _("pauze")
        verbose_name_plural = _("pauzes")
        constraints = [
            models.UniqueConstraint(
                fields=["clock"], condition=Q(resumed_at__isnull=True), name="one_running_pause_per_clock"
            ),
        ]

    def __str__(self) -> str:
        return f"pauze van klok {self.clock_id} vanaf {self.paused_at:%Y-%m-%d %H:%M}"
