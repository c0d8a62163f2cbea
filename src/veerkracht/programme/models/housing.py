# SPDX-License-Identifier: EUPL-1.2
"""Housing stock per corporation and rent segment, the targets on it, accessibility and interventions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from veerkracht.areas.models import Area
from veerkracht.core.models import Organisation
from veerkracht.programme import vocabulary


def _choices(codes: tuple[str, ...], labels: dict[str, str]) -> list[tuple[str, str]]:
    return [(code, labels[code]) for code in codes]


class Measure(models.TextChoices):
    """What a figure is: the number at the end of a year, or the change over a period."""

    STAND = "stand", _("stand aan het eind van het jaar")
    ONTWIKKELING = "ontwikkeling", _("ontwikkeling in de periode")


class HousingTable(models.Model):
    """A table of housing figures as one source published it (seed 003's DAEB table, its BAT table)."""

    class Kind(models.TextChoices):
        STOCK = "stock", _("woningvoorraad per huursegment")
        ACCESSIBILITY = "accessibility", _("zorggeschiktheid per buurt")

    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(_("titel"), max_length=300)
    gemeente_code = models.CharField(max_length=6, db_index=True)
    source = models.TextField(_("bron"))
    note = models.TextField(_("toelichting"), blank=True)
    #: Only DAEB dwellings (VERA MAATSCHAPPELIJKLABEL DAE), as seed 003's table.
    daeb_only = models.BooleanField(default=True)
    #: The totals as the source prints them, {measure: {"<from>-<year>": {key: number}}}; compared with the
    #: sum of the rows so that a source whose columns do not add up says so instead of hiding it.
    reported_totals = models.JSONField(default=dict, blank=True)
    synthetic = models.BooleanField(default=False)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["gemeente_code", "kind", "slug"]
        verbose_name = _("woningtabel")
        verbose_name_plural = _("woningtabellen")

    def __str__(self) -> str:
        return self.title


class StockFigure(models.Model):
    """Dwellings of one corporation in one rent segment: a stand at the end of a year, or a change."""

    table = models.ForeignKey(HousingTable, on_delete=models.CASCADE, related_name="stock_figures")
    corporation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    segment = models.CharField(
        _("huursegment"),
        max_length=32,
        choices=_choices(vocabulary.RENT_SEGMENTS, vocabulary.RENT_SEGMENT_LABELS),
    )
    measure = models.CharField(max_length=16, choices=Measure.choices)
    #: For a stand: equal to ``year``. For a change: the first year of the period.
    from_year = models.PositiveSmallIntegerField()
    year = models.PositiveSmallIntegerField()
    dwellings = models.IntegerField(_("woningen"))
    planned = models.BooleanField(_("gepland"), default=True)
    #: Computed by the loader (a stand from another stand and a change), not printed in the source.
    derived = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["table", "corporation", "segment", "measure", "from_year", "year"],
                name="unique_stock_figure",
            ),
        ]
        ordering = ["table", "measure", "year", "corporation__name", "segment"]

    def __str__(self) -> str:
        return (
            f"{self.corporation} {self.segment} {self.measure} {self.from_year}-{self.year}: {self.dwellings}"
        )


class HousingTarget(models.Model):
    """A target on a city's stock, from a rule file: a share of segments at least (at most) a percentage."""

    class Comparison(models.TextChoices):
        AT_LEAST = "at_least", _("minstens")
        AT_MOST = "at_most", _("hoogstens")

    gemeente_code = models.CharField(max_length=6, db_index=True)
    code = models.SlugField(max_length=80)
    title = models.CharField(_("doel"), max_length=300)
    title_en = models.CharField(max_length=300, blank=True)
    agreement_code = models.CharField(_("afspraak"), max_length=10, blank=True)
    numerator = models.JSONField(help_text="rent segments counted")
    denominator = models.JSONField(help_text="rent segments of the whole")
    comparison = models.CharField(max_length=10, choices=Comparison.choices)
    percentage = models.DecimalField(max_digits=5, decimal_places=2)
    #: Where the rule came from: the file, its version and the SHA-256 of its content.
    rule_source = models.CharField(max_length=300)
    rule_version = models.CharField(max_length=40)
    rule_sha256 = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["gemeente_code", "code"], name="unique_housing_target"),
        ]
        ordering = ["gemeente_code", "code"]

    def __str__(self) -> str:
        return self.title


class AccessibilityFigure(models.Model):
    """Corporation dwellings of one accessibility class (BAT) in a buurt: a stand or a change.

    ``bat_class`` is empty where the source gives a number without a readable class.
    """

    table = models.ForeignKey(HousingTable, on_delete=models.CASCADE, related_name="accessibility_figures")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    bat_class = models.CharField(
        _("toegankelijkheidsklasse"),
        max_length=8,
        blank=True,
        choices=_choices(vocabulary.BAT_CLASSES, vocabulary.BAT_LABELS),
    )
    measure = models.CharField(max_length=16, choices=Measure.choices)
    from_year = models.PositiveSmallIntegerField()
    year = models.PositiveSmallIntegerField()
    dwellings = models.IntegerField(_("woningen"))

    class Meta:
        ordering = ["table", "area__name", "measure", "bat_class"]

    def __str__(self) -> str:
        return f"{self.area} {self.bat_class or '?'} {self.measure} {self.year}: {self.dwellings}"


class Intervention(models.Model):
    """New build, demolition, renovation, sale or purchase of dwellings in an area over a period."""

    gemeente_code = models.CharField(max_length=6, db_index=True)
    #: A buurt, or the gemeente for a corporation's city-wide figures.
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    #: Empty where the source gives the corporations together.
    corporation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        _("soort"),
        max_length=16,
        choices=_choices(vocabulary.INTERVENTION_KINDS, vocabulary.INTERVENTION_LABELS),
    )
    from_year = models.PositiveSmallIntegerField()
    year = models.PositiveSmallIntegerField()
    planned = models.PositiveIntegerField(_("gepland (woningen)"))
    realised = models.PositiveIntegerField(_("gerealiseerd (woningen)"), null=True, blank=True)
    amount_eur = models.DecimalField(
        _("bedrag (euro)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    project = models.CharField(_("project"), max_length=200, blank=True)
    source = models.CharField(_("bron"), max_length=300)
    note = models.TextField(blank=True)
    synthetic = models.BooleanField(default=False)
    realised_at = models.DateTimeField(null=True, blank=True)
    realised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["gemeente_code", "kind", "year"])]
        ordering = ["gemeente_code", "area__name", "kind", "from_year"]

    def __str__(self) -> str:
        who = self.corporation or "corporaties samen"
        return f"{self.kind} {self.area} ({who}) {self.from_year}-{self.year}: {self.planned}"
