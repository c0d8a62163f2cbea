# SPDX-License-Identifier: EUPL-1.2
"""The liveability fund (seed 003 §6.2): budgets per buurt and rayon, applications and their steps.

Money is never a field that is overwritten: a budget is the sum of its ledger lines, an application's
history is the list of its steps. Both are append-only.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veerkracht.areas.models import Area
from veerkracht.core.models import Organisation
from veerkracht.programme.models.append_only import AppendOnly


class Fund(models.Model):
    """A city's liveability fund, held by one organisation (whose data its applications are)."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    gemeente_code = models.CharField(max_length=6, db_index=True)
    holder = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField()
    #: Prefix of application references ("LF" gives LF-2026-0001).
    reference_prefix = models.CharField(max_length=8, default="LF")
    source = models.TextField(blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("leefbaarheidsfonds")
        verbose_name_plural = _("leefbaarheidsfondsen")

    def __str__(self) -> str:
        return self.name


class FundBudget(models.Model):
    """Money of the fund labelled for some buurten or a rayon, with what it is for."""

    class Scope(models.TextChoices):
        BUURT = "buurt", _("buurt")
        RAYON = "rayon", _("rayon")

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="budgets")
    slug = models.SlugField(max_length=80)
    name = models.CharField(_("naam"), max_length=200)
    scope = models.CharField(max_length=8, choices=Scope.choices)
    #: The buurten of a buurt budget, or the rayon of a rayon budget.
    areas = models.ManyToManyField(Area, related_name="+")
    purpose = models.TextField(_("inzet middelen"), blank=True)
    #: Part of the budget set aside for one purpose (Mariaberg: EUR 103,000 for Gruuts); not for applications.
    reserved_amount = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    reserved_for = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["fund", "slug"], name="unique_fund_budget")]
        ordering = ["fund", "position", "name"]

    def __str__(self) -> str:
        return f"{self.fund}: {self.name}"


class FundEvaluation(models.Model):
    """A periodic evaluation of the fund: the state of every budget then, and what was redistributed."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="evaluations")
    held_on = models.DateField(_("datum"))
    #: Per budget: slug, name, budget, awarded, remaining, applications (the figures the decision was on).
    snapshot = models.JSONField(default=list)
    notes = models.TextField(_("toelichting"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.fund} {self.held_on:%Y-%m-%d}"


class BudgetEntry(AppendOnly):
    """One line of a budget's ledger: the opening amount, a redistribution, a supplement."""

    class Kind(models.TextChoices):
        OPENING = "opening", _("startbudget")
        REDISTRIBUTION = "redistribution", _("herverdeling")
        SUPPLEMENT = "supplement", _("aanvulling")

    budget = models.ForeignKey(FundBudget, on_delete=models.PROTECT, related_name="entries")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    note = models.CharField(max_length=300, blank=True)
    evaluation = models.ForeignKey(
        FundEvaluation, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["budget", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.budget} {self.kind} {self.amount}"


class FormChannel(models.Model):
    """A form (in Open Forms or another form builder) that may send applications, with its own API key.

    Only a hash of the key is kept; the key is shown once when the channel is made.
    """

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="form_channels")
    name = models.CharField(_("naam"), max_length=200)
    key_prefix = models.CharField(max_length=12, db_index=True)
    key_sha256 = models.CharField(max_length=64, unique=True)
    #: Our field name -> the form's variable key, where the form uses other names than ours.
    field_map = models.JSONField(default=dict, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["fund", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "ingediend", _("Ingediend")
    ASSESSED = "beoordeeld", _("Beoordeeld")
    AWARDED = "toegekend", _("Toegekend")
    REJECTED = "afgewezen", _("Afgewezen")
    PAID = "uitbetaald", _("Uitbetaald")
    ACCOUNTED = "verantwoord", _("Verantwoord")


class Application(models.Model):
    """A residents' initiative asking money from the fund; residents who apply are not users.

    The applicant's name and contact details are personal data of the fund's holder; only people with
    ``programme.fund_view`` see them.
    """

    class Channel(models.TextChoices):
        WEB = "web", _("aanvraagformulier op deze site")
        FORM = "formulier", _("formulier van de gemeente (JSON-koppeling)")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="applications")
    budget = models.ForeignKey(
        FundBudget, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    reference = models.CharField(_("referentie"), max_length=24, unique=True)
    buurt = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("naam van het initiatief"), max_length=200)
    description = models.TextField(_("omschrijving"))
    requested_amount = models.DecimalField(_("gevraagd bedrag"), max_digits=12, decimal_places=2)
    cost_breakdown = models.TextField(_("begroting"), blank=True)
    starts_on = models.DateField(_("startdatum"), null=True, blank=True)
    ends_on = models.DateField(_("einddatum"), null=True, blank=True)
    residents_involved = models.PositiveIntegerField(_("betrokken bewoners"), null=True, blank=True)
    applicant_name = models.CharField(_("naam aanvrager"), max_length=200)
    applicant_group = models.CharField(_("bewonersgroep"), max_length=200, blank=True)
    email = models.EmailField(_("e-mailadres"))
    phone = models.CharField(_("telefoonnummer"), max_length=40, blank=True)
    channel = models.CharField(max_length=12, choices=Channel.choices)
    form_channel = models.ForeignKey(
        FormChannel, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    #: The form builder's own reference (Open Forms' public_reference), so a resent registration is not new.
    external_reference = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=12, choices=ApplicationStatus.choices)
    submitted_at = models.DateTimeField()
    awarded_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    paid_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    spent_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["form_channel", "external_reference"],
                condition=~models.Q(external_reference=""),
                name="unique_external_reference_per_form",
            ),
        ]
        indexes = [models.Index(fields=["fund", "status"])]
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class ApplicationStep(AppendOnly):
    """One step of an application, by whom and when: the history the status and amounts come from."""

    class Step(models.TextChoices):
        SUBMITTED = "submitted", _("ingediend")
        ASSESSED = "assessed", _("beoordeeld")
        AWARDED = "awarded", _("toegekend")
        REJECTED = "rejected", _("afgewezen")
        PAID = "paid", _("uitbetaald")
        ACCOUNTED = "accounted", _("verantwoord")
        BUDGET_CHANGED = "budget_changed", _("ander budget")

    class Advice(models.TextChoices):
        POSITIVE = "positief", _("positief")
        NEGATIVE = "negatief", _("negatief")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="steps")
    step = models.CharField(max_length=16, choices=Step.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField()
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    advice = models.CharField(max_length=10, choices=Advice.choices, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["application", "at", "id"]

    def __str__(self) -> str:
        return f"{self.application.reference} {self.step} {self.at:%Y-%m-%d}"
