# SPDX-License-Identifier: EUPL-1.2
"""Performance agreements (prestatieafspraken): themes, agreements, leads, milestones, status and signals.

Seed 003 is the model: a multi-year set of agreements between a gemeente, its housing corporations and the
tenants' associations, grouped in themes, each agreement with a code ("6a"), a text, a goal ("Doel"), what
the parties start with ("We starten met") and a lead ("Trekker": organisations and workgroups). The leads
write the status history; the workgroups keep a joint action list; stagnation signals tell the bestuurlijk
overleg what is stuck (ADR 0013).
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veerkracht.areas.models import Area
from veerkracht.core.models import Organisation


class AgreementSet(models.Model):
    """One set of performance agreements of a gemeente for a period, such as Maastricht 2022-2026."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    gemeente_code = models.CharField(_("gemeentecode"), max_length=6)
    start_year = models.PositiveSmallIntegerField(_("eerste jaar"))
    end_year = models.PositiveSmallIntegerField(_("laatste jaar"))
    # Where the content came from ("Prestatieafspraken Maastricht 2022-2026", or "synthetisch").
    source = models.CharField(_("bron"), max_length=300, blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-start_year", "title"]
        verbose_name = _("set prestatieafspraken")
        verbose_name_plural = _("sets prestatieafspraken")

    def __str__(self) -> str:
        return self.title


class Theme(models.Model):
    """A theme of a set (0 process, 1 Betaalbaarheid, ... 6 Gebiedsgerichte aanpak)."""

    agreement_set = models.ForeignKey(AgreementSet, on_delete=models.CASCADE, related_name="themes")
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("titel"), max_length=200)
    ambition = models.TextField(_("ambitie"), blank=True)

    class Meta:
        ordering = ["agreement_set", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement_set", "number"], name="unique_theme_number"),
        ]
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Workgroup(models.Model):
    """A theme workgroup (themawerkgroep) of staff of the member organisations; it keeps an action list."""

    agreement_set = models.ForeignKey(AgreementSet, on_delete=models.CASCADE, related_name="workgroups")
    slug = models.SlugField(max_length=80)
    name = models.CharField(_("naam"), max_length=200)
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="workgroups"
    )
    members = models.ManyToManyField(Organisation, related_name="workgroups", verbose_name=_("leden"))

    class Meta:
        ordering = ["agreement_set", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agreement_set", "slug"], name="unique_workgroup_slug"),
        ]
        verbose_name = _("werkgroep")
        verbose_name_plural = _("werkgroepen")

    def __str__(self) -> str:
        return self.name


class AgreementStatus(models.TextChoices):
    """Where an agreement stands, as its leads report it."""

    NOT_STARTED = "niet_gestart", _("Nog niet gestart")
    ON_TRACK = "op_schema", _("Loopt volgens planning")
    BEHIND = "vertraagd", _("Loopt achter")
    DONE = "gereed", _("Afgerond")
    STOPPED = "gestopt", _("Gestopt")


class Agreement(models.Model):
    """One agreement: code, text, goal, what we start with, its leads and the areas it touches."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="agreements")
    code = models.CharField(_("code"), max_length=8)
    title = models.CharField(_("titel"), max_length=300)
    text = models.TextField(_("afspraak"))
    goal = models.TextField(_("doel"), blank=True)
    starting_actions = models.TextField(_("we starten met"), blank=True)
    # The lead as the document writes it ("Gemeente i.o.m. werkgroep wijkgerichte aanpak"); the links below
    # are what permissions and filters use.
    lead_text = models.CharField(_("trekker (zoals geschreven)"), max_length=500, blank=True)
    lead_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="led_agreements", verbose_name=_("trekkers (organisaties)")
    )
    lead_workgroups = models.ManyToManyField(
        Workgroup, blank=True, related_name="led_agreements", verbose_name=_("trekkers (werkgroepen)")
    )
    # The version of each area valid when the agreement was linked; queries match on the CBS code.
    areas = models.ManyToManyField(Area, blank=True, related_name="agreements", verbose_name=_("gebieden"))
    position = models.PositiveSmallIntegerField(default=0)
    # From when the agreement runs; the "no update" signal counts from here until the first update.
    starts_on = models.DateField(_("loopt vanaf"))
    # Denormalised from the latest status update (the history is the truth), for lists and filters.
    status = models.CharField(
        _("status"), max_length=16, choices=AgreementStatus.choices, default=AgreementStatus.NOT_STARTED
    )
    last_update_at = models.DateTimeField(_("laatste update"), null=True, blank=True)

    class Meta:
        ordering = ["theme__agreement_set", "theme__number", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "code"], name="unique_agreement_code"),
        ]
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Milestone(models.Model):
    """A dated step of an agreement; progress on it is recorded through status updates."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("mijlpaal"), max_length=500)
    due_on = models.DateField(_("datum"))
    # The date as the document writes it ("2022 Q1"), so the reader sees what was agreed.
    due_text = models.CharField(_("datum (zoals geschreven)"), max_length=80, blank=True)
    # Derived from the status updates that name this milestone (the history is the truth).
    reached_on = models.DateField(_("bereikt op"), null=True, blank=True)
    expected_on = models.DateField(_("nieuwe verwachte datum"), null=True, blank=True)

    class Meta:
        ordering = ["agreement", "due_on", "pk"]
        verbose_name = _("mijlpaal")
        verbose_name_plural = _("mijlpalen")

    def __str__(self) -> str:
        return f"{self.agreement.code}: {self.title} ({self.due_on:%Y-%m-%d})"

    @property
    def current_due(self) -> date:
        """The date that counts now: a newer expected date given in an update, else the agreed date."""
        return self.expected_on or self.due_on


class StatusUpdate(models.Model):
    """One line of an agreement's status history, written by a lead; never changed or removed."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="updates")
    recorded_at = models.DateTimeField(_("vastgelegd op"), db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author_label = models.CharField(_("door"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=AgreementStatus.choices)
    note = models.TextField(_("toelichting"))
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.PROTECT, related_name="updates"
    )
    milestone_reached = models.BooleanField(_("mijlpaal bereikt"), default=False)
    milestone_expected_on = models.DateField(_("nieuwe verwachte datum"), null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("statusupdate")
        verbose_name_plural = _("statusupdates")

    def __str__(self) -> str:
        return f"{self.agreement.code} {self.recorded_at:%Y-%m-%d} {self.status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise StatusHistoryIsAppendOnly("a status update cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise StatusHistoryIsAppendOnly("a status update cannot be removed")


class StatusHistoryIsAppendOnly(Exception):
    """Raised when code tries to change or remove a line of the status history."""


class WorkgroupAction(models.Model):
    """One line of a workgroup's joint action list: what, who, by when, done."""

    workgroup = models.ForeignKey(Workgroup, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("actie"), max_length=500)
    who = models.CharField(_("wie"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(_("uiterlijk"), null=True, blank=True)
    agreement = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    done_on = models.DateField(_("gedaan op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["workgroup", "done_on", "due_on", "pk"]
        verbose_name = _("actie")
        verbose_name_plural = _("acties")

    def __str__(self) -> str:
        return self.description


class SignalKind(models.TextChoices):
    MILESTONE_OVERDUE = "mijlpaal_verlopen", _("Mijlpaal verstreken zonder voortgang")
    NO_UPDATE = "geen_update", _("Geen update")


class StagnationSignal(models.Model):
    """Something stuck, found by the periodic check; it stays open until the condition is gone."""

    kind = models.CharField(_("soort"), max_length=24, choices=SignalKind.choices)
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signals")
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.CASCADE, related_name="signals"
    )
    # Since when the thing is stuck: the milestone's date, or the last update (or the start).
    stuck_since = models.DateField(_("vast sinds"))
    detected_on = models.DateField(_("gesignaleerd op"))
    resolved_on = models.DateField(_("opgelost op"), null=True, blank=True)

    class Meta:
        ordering = ["resolved_on", "stuck_since", "pk"]
        constraints = [
            # At most one open signal per condition; history is kept in the resolved rows.
            models.UniqueConstraint(
                fields=["kind", "agreement", "milestone"],
                condition=models.Q(resolved_on__isnull=True, milestone__isnull=False),
                name="unique_open_milestone_signal",
            ),
            models.UniqueConstraint(
                fields=["kind", "agreement"],
                condition=models.Q(resolved_on__isnull=True, milestone__isnull=True),
                name="unique_open_agreement_signal",
            ),
        ]
        verbose_name = _("stagnatiesignaal")
        verbose_name_plural = _("stagnatiesignalen")

    def __str__(self) -> str:
        return f"{self.kind} {self.agreement.code} sinds {self.stuck_since:%Y-%m-%d}"


class ThemeEvaluation(models.Model):
    """The annual evaluation of a theme: what was agreed, what happened, what changes next year."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("jaar"))
    agreed = models.TextField(_("wat we hebben afgesproken"), blank=True)
    happened = models.TextField(_("wat er is gebeurd"), blank=True)
    next_year = models.TextField(_("wat we volgend jaar anders doen"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["theme", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "year"], name="unique_theme_evaluation"),
        ]
        verbose_name = _("jaarevaluatie")
        verbose_name_plural = _("jaarevaluaties")

    def __str__(self) -> str:
        return f"{self.theme} {self.year}"
