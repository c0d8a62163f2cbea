# SPDX-License-Identifier: EUPL-1.2
"""Area programmes (seed 002), the city's prioritisation of buurten (seed 003 §6.1) and the area teams.

The area teams are the monthly gebiedsteams of the Leefbare Wijken Aanpak (seed 003 chapter 4), one per rayon:
their meetings and the actions they agree.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veerkracht.areas.models import Area
from veerkracht.core.models import Organisation
from veerkracht.programme import vocabulary


class Programme(models.Model):
    """An area programme: areas, goals, partners, a budget per year and what was spent."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    gemeente_code = models.CharField(max_length=6, db_index=True)
    description = models.TextField(_("omschrijving"), blank=True)
    lead = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    partners = models.ManyToManyField(Organisation, blank=True, related_name="+")
    areas = models.ManyToManyField(Area, related_name="+")
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.TextField(blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programma")
        verbose_name_plural = _("programma's")

    def __str__(self) -> str:
        return self.name


class ProgrammeGoal(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("doel"))

    class Meta:
        ordering = ["programme", "position"]

    def __str__(self) -> str:
        return self.text[:60]


class ProgrammeBudgetLine(models.Model):
    """An amount per year from ``from_year`` to ``to_year`` (open: "structureel")."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="budget_lines")
    from_year = models.PositiveSmallIntegerField()
    to_year = models.PositiveSmallIntegerField(null=True, blank=True)
    amount_per_year = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["programme", "from_year"]

    def __str__(self) -> str:
        return f"{self.programme} {self.from_year}-{self.to_year or '…'}: {self.amount_per_year}"

    def covers(self, year: int) -> bool:
        return self.from_year <= year and (self.to_year is None or year <= self.to_year)


class ProgrammeSpending(models.Model):
    """Money the programme spent (or committed) in a year, on what, optionally in one of its areas."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="spending")
    year = models.PositiveSmallIntegerField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    description = models.CharField(_("waaraan"), max_length=300)
    spent_on = models.DateField(_("datum"))
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["programme", "-spent_on", "-id"]

    def __str__(self) -> str:
        return f"{self.programme} {self.spent_on}: {self.amount}"


class Prioritisation(models.Model):
    """The city's choice of which buurten come first, in which phase, and why (seed 003 §6.1)."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(_("titel"), max_length=300)
    gemeente_code = models.CharField(max_length=6, db_index=True)
    decided_year = models.PositiveSmallIntegerField()
    source = models.TextField(blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["gemeente_code", "-decided_year"]

    def __str__(self) -> str:
        return self.title


class PriorityArea(models.Model):
    prioritisation = models.ForeignKey(Prioritisation, on_delete=models.CASCADE, related_name="areas")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    phase = models.CharField(
        _("fase"),
        max_length=16,
        choices=[(code, vocabulary.PRIORITY_PHASE_LABELS[code]) for code in vocabulary.PRIORITY_PHASES],
    )
    #: The buurten the source names together ("Wyckerpoort/Wittevrouwenveld").
    group = models.CharField(max_length=200, blank=True)
    reason = models.TextField(_("reden"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prioritisation", "area"], name="unique_priority_area"),
        ]
        ordering = ["prioritisation", "phase", "area__name"]

    def __str__(self) -> str:
        return f"{self.area}: {self.phase}"


class AreaTeamMeeting(models.Model):
    """A meeting of a rayon's gebiedsteam; the view shows what changed since the one before."""

    rayon = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("datum"))
    notes = models.TextField(_("verslag"), blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["rayon", "-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.rayon} {self.held_on:%Y-%m-%d}"


class AreaTeamAction(models.Model):
    """An action a gebiedsteam agreed: what, who, by when, and when it was done."""

    rayon = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(
        AreaTeamMeeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    description = models.CharField(_("wat"), max_length=300)
    who = models.CharField(_("wie"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(_("uiterlijk"), null=True, blank=True)
    done_on = models.DateField(_("gedaan op"), null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["rayon", "done_on", "due_on", "id"]

    def __str__(self) -> str:
        return f"{self.rayon}: {self.description}"
