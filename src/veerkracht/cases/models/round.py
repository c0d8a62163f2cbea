# SPDX-License-Identifier: EUPL-1.2
"""A round of a resident team (bewonerskrachten): one walk, whose findings each became a melding."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from veerkracht.core.models import Organisation, Team


class RoundQuerySet(models.QuerySet["ResidentTeamRound"]):
    def visible_to(self, user: Any) -> RoundQuerySet:
        """Rounds of the person's own resident teams, rounds they submitted, and rounds their
        organisation received when they may read its meldingen."""
        from veerkracht.cases.access import grants_of

        if not getattr(user, "is_authenticated", False):
            return self.none()
        grants = grants_of(user)
        return self.filter(
            Q(team_id__in=grants.teams) | Q(submitted_by=user) | Q(organisation_id__in=grants.view)
        )


class ResidentTeamRound(models.Model):
    """One round: which team, on which day, along which route; submitted as one batch, all or nothing."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="rounds")
    # The organisation the round's findings were submitted to (the corporation, the gemeente).
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    walked_on = models.DateField(_("gelopen op"))
    route = models.TextField(_("route"), help_text=_("Bijvoorbeeld de straten die het team liep."))
    notes = models.TextField(_("opmerkingen"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("ingediend op"))

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-walked_on", "-id"]
        verbose_name = _("ronde van een bewonersteam")
        verbose_name_plural = _("rondes van bewonersteams")

    def __str__(self) -> str:
        return f"{self.team.name}, {self.walked_on:%d-%m-%Y}"
