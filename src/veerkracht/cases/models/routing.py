# SPDX-License-Identifier: EUPL-1.2
"""Routing rules in the database: versioned rule sets per organisation, seeded from ``routing.yaml``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from veerkracht.core.models import Organisation, Team


class RoutingRuleSet(models.Model):
    """One version of an organisation's routing rules; never edited, replaced by a new version.

    At most one version of an organisation is active; meldingen record the rule (and so the version) that
    routed them, so the history stays explainable after the rules change.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="routing_rule_sets")
    version = models.PositiveIntegerField(_("versie"))
    active = models.BooleanField(_("in gebruik"), default=False)
    office_hours_start = models.CharField(_("kantoortijd vanaf"), max_length=5)
    office_hours_end = models.CharField(_("kantoortijd tot"), max_length=5)
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    # Where the rules came from: "routing.yaml 1 <sha256>" for a seeded set, empty for an edited one.
    source = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "-version"]
        verbose_name = _("set routeringsregels")
        verbose_name_plural = _("sets routeringsregels")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "version"], name="unique_routing_version"),
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(active=True), name="one_active_routing_rule_set"
            ),
        ]

    def __str__(self) -> str:
        return f"routering {self.organisation} v{self.version}"


class RoutingRule(models.Model):
    """One rule of a rule set: its place, name, conditions and what it assigns."""

    rule_set = models.ForeignKey(RoutingRuleSet, on_delete=models.PROTECT, related_name="rules")
    position = models.PositiveSmallIntegerField(_("volgorde"))
    name = models.CharField(_("naam"), max_length=200)
    # The rule's ``when`` in the shape of routing.yaml (categories, pillars, areas, channels, office hours).
    conditions = models.JSONField(_("voorwaarden"), default=dict, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("rol"), max_length=40)

    class Meta:
        ordering = ["rule_set", "position"]
        verbose_name = _("routeringsregel")
        verbose_name_plural = _("routeringsregels")
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "position"], name="unique_routing_rule_position"),
        ]

    def __str__(self) -> str:
        return f"{self.position + 1}. {self.name}"
