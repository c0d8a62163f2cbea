# SPDX-License-Identifier: EUPL-1.2
"""Resident teams (bewonerskrachtenteams, seed 003 §6.2.1) per buurt and corporation, and their phases.

The meldingen app records the teams' rounds (its ``ResidentTeamRound`` refers to :class:`ResidentTeam`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veerkracht.areas.models import Area
from veerkracht.core.models import Organisation
from veerkracht.programme import vocabulary
from veerkracht.programme.models.append_only import AppendOnly

PHASE_CHOICES = [(code, vocabulary.TEAM_PHASE_LABELS[code]) for code in vocabulary.TEAM_PHASES]


class ResidentTeam(models.Model):
    """Volunteer residents of one buurt who walk rounds and report, supported by one corporation."""

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    gemeente_code = models.CharField(max_length=6, db_index=True)
    buurt = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    corporation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="resident_teams")
    #: The phase of the latest change (kept here for lists; the history is the record).
    phase = models.CharField(_("fase"), max_length=4, choices=PHASE_CHOICES)
    active = models.BooleanField(default=True)
    source = models.TextField(blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["buurt__name", "corporation__name"]
        verbose_name = _("bewonerskrachtenteam")
        verbose_name_plural = _("bewonerskrachtenteams")

    def __str__(self) -> str:
        return self.name


class ResidentTeamPhaseChange(AppendOnly):
    """A team entering a phase on a date; the team's history is these lines in order."""

    team = models.ForeignKey(ResidentTeam, on_delete=models.PROTECT, related_name="phase_changes")
    phase = models.CharField(_("fase"), max_length=4, choices=PHASE_CHOICES)
    changed_on = models.DateField(_("sinds"))
    note = models.TextField(_("toelichting"), blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["team", "changed_on", "id"]

    def __str__(self) -> str:
        return f"{self.team} fase {self.phase} sinds {self.changed_on:%Y-%m-%d}"
