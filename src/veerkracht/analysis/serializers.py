# SPDX-License-Identifier: EUPL-1.2
"""What the analysis API reads from the query and the shape of what it answers (its OpenAPI schema).

The query serializers validate the parameters (unknown ones are refused by ``core.api.ApiView``); the
response serializers only describe the bodies, and the views keep to them.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from veerkracht.analysis.downloads import FORMATS
from veerkracht.areas.api import Geometry
from veerkracht.monitor.legend import SCHEMES
from veerkracht.monitor.preset import PATTERNS

# Database ids are signed 64-bit integers; a larger number names no run (and must not overflow).
MAX_ID = 2**63 - 1


# --- Queries -----------------------------------------------------------------------------------------
# The text fields refuse null characters and overlong values with a 400 (DRF's CharField does both).


class LevelQuery(serializers.Serializer[dict[str, Any]]):
    level = serializers.CharField(
        max_length=32, default="buurt", help_text="Area level: buurt, wijk, rayon, gemeente or complex."
    )


class FiguresQuery(LevelQuery):
    indicator = serializers.CharField(max_length=64, help_text="Indicator code, e.g. aandeel_kwetsbaar.")
    period = serializers.IntegerField(min_value=1900, max_value=2100, help_text="One of the run's years.")


class MapQuery(FiguresQuery):
    scheme = serializers.ChoiceField(choices=list(SCHEMES), default="quantiles", help_text="Legend classes.")
    k = serializers.IntegerField(min_value=2, max_value=9, default=5, help_text="Number of legend classes.")


# What each download format is; ``downloads.FORMATS`` says which exist (a new one needs a line here).
FILETYPES = {
    "csv": "CSV for Excel with Dutch settings: semicolons, decimal commas, ja/nee",
    "csv-plain": "plain CSV for scripts and other tools: commas, decimal points, true/false",
    "geojson": "GeoJSON in WGS84",
    "gpkg": "GeoPackage in RD New (EPSG:28992)",
}


def _filetype() -> serializers.ChoiceField:
    described = "; ".join(f"{key}: {FILETYPES[key]}" for key in FORMATS)
    return serializers.ChoiceField(
        choices=list(FORMATS), default="csv", help_text=f"File format. {described}."
    )


class DownloadQuery(FiguresQuery):
    filetype = _filetype()


class ClassesDownloadQuery(LevelQuery):
    filetype = _filetype()


class SeriesQuery(serializers.Serializer[dict[str, Any]]):
    area = serializers.CharField(max_length=32, help_text="Area code, e.g. BU50010000.")
    indicator = serializers.CharField(max_length=64, help_text="Indicator code, e.g. lbm_onv.")


def _run_number(help_text: str) -> serializers.IntegerField:
    """A run number; whatever is wrong with it, the message says what is expected."""
    expected = _("Geef twee run-nummers (positieve gehele getallen): ?a=..&b=..")
    messages = dict.fromkeys(("required", "invalid", "min_value", "max_value", "max_string_length"), expected)
    return serializers.IntegerField(
        min_value=1, max_value=MAX_ID, error_messages=messages, help_text=help_text
    )


class CompareQuery(LevelQuery):
    a = _run_number("The earlier run.")
    b = _run_number("The later run.")


# --- Responses ---------------------------------------------------------------------------------------
# Each mirrors what ``analysis.layers`` or the view builds, field for field; the schema tests and
# schemathesis check that every answer fits.


class RunSummary(serializers.Serializer[dict[str, Any]]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    gemeenten = serializers.ListField(child=serializers.CharField(), help_text="CBS gemeente codes.")
    period_start = serializers.IntegerField()
    period_end = serializers.IntegerField()
    periods = serializers.ListField(child=serializers.IntegerField(), help_text="Years with figures.")
    preset = serializers.CharField(help_text="Methodology preset and its version.")
    code_version = serializers.CharField()
    synthetic = serializers.BooleanField(help_text="Figures of the synthetic demo city.")
    finished_at = serializers.DateTimeField(allow_null=True)


class IndicatorMeta(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField()
    name = serializers.CharField(help_text="Dutch name.")
    name_en = serializers.CharField()
    unit = serializers.CharField()
    kind = serializers.CharField(help_text="count, share, score or rate (empty if not in the catalogue).")
    direction = serializers.CharField(help_text="higher_is_better, higher_is_worse or neutral.")
    source = serializers.CharField()
    licence = serializers.CharField()
    definition = serializers.CharField()


class LegendBin(serializers.Serializer[dict[str, Any]]):
    lower = serializers.FloatField()
    upper = serializers.FloatField()
    colour = serializers.CharField(help_text="Hex colour, e.g. #fdd49e.")
    count = serializers.IntegerField(help_text="Areas in this class.")
    label = serializers.CharField(
        allow_blank=True, help_text="Name of a fixed class from the catalogue; empty for computed classes."
    )


class Legend(serializers.Serializer[dict[str, Any]]):
    scheme = serializers.ChoiceField(choices=list(SCHEMES))
    decimals = serializers.IntegerField(help_text="Decimals that tell the class bounds apart.")
    bins = LegendBin(many=True)


class StatusCount(serializers.Serializer[dict[str, Any]]):
    count = serializers.IntegerField(help_text="Areas with this status.")
    colour = serializers.CharField(help_text="Hex colour the map gives them.")


_STATUSES = [
    ("value", "A published figure."),
    ("suppressed", "A figure exists but is withheld: too few persons, dwellings or reports."),
    ("no_data", "No figure exists for this area."),
]


class AreaValue(serializers.Serializer[dict[str, Any]]):
    status = serializers.ChoiceField(choices=_STATUSES)
    value = serializers.FloatField(allow_null=True, help_text="Only when the status is value.")
    bin = serializers.IntegerField(help_text="Index into the legend's bins; -1 without a value.")
    estimated = serializers.BooleanField(help_text="Estimated by small-area smoothing.")


class RunMap(serializers.Serializer[dict[str, Any]]):
    run = serializers.IntegerField()
    period = serializers.IntegerField()
    level = serializers.CharField()
    synthetic = serializers.BooleanField()
    indicator = IndicatorMeta()
    legend = Legend()
    suppressed = StatusCount(help_text="Areas whose figure is withheld (drawn cross-hatched).")
    no_data = StatusCount(help_text="Areas without a figure.")
    areas = serializers.DictField(child=AreaValue(), help_text="Every area of the level, per area code.")


class Reference(serializers.Serializer[dict[str, Any]]):
    scope = serializers.CharField(help_text="national, municipal or fixed.")
    label_nl = serializers.CharField()
    label_en = serializers.CharField()
    note = serializers.CharField(required=False)


class PresetName(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField()
    version = serializers.CharField()
    title = serializers.CharField(help_text="In the visitor's language.")


class ClassLegendEntry(serializers.Serializer[dict[str, Any]]):
    """One class of the preset, in legend order (most alarming first), also when no area has it."""

    key = serializers.CharField()
    label = serializers.CharField(help_text="In the visitor's language.")
    description = serializers.CharField(help_text="In the visitor's language.")
    colour = serializers.CharField(help_text="The study's colour.")
    accessible_colour = serializers.CharField(help_text="The colour for colour-blind readers.")
    pattern = serializers.ChoiceField(choices=list(PATTERNS), help_text="Drawn over the colour; empty: none.")
    count = serializers.IntegerField(help_text="Areas in this class.")


def _figure(help_text: str) -> serializers.FloatField:
    return serializers.FloatField(allow_null=True, help_text=help_text)


def _text(help_text: str) -> serializers.CharField:
    return serializers.CharField(allow_blank=True, help_text=help_text)


class AreaClass(serializers.Serializer[dict[str, Any]]):
    """An area of the veerkrachtkaart with a class, and the figures that explain it."""

    area_code = serializers.CharField()
    status = serializers.ChoiceField(choices=["value"])
    class_key = serializers.CharField()
    label = serializers.CharField(help_text="The class, in the visitor's language.")
    colour = serializers.CharField()
    accessible_colour = serializers.CharField()
    pattern = serializers.ChoiceField(choices=list(PATTERNS))
    explanation = _text("Why this class, in plain words, in the visitor's language.")
    calculation = _text("The thresholds behind it, in the visitor's language.")
    withheld = serializers.BooleanField(help_text="Figures withheld by small-number suppression.")
    vulnerable_start = _figure("Share of vulnerable residents at the start (%).")
    vulnerable_end = _figure("Share of vulnerable residents at the end (%).")
    vulnerable_change = _figure("Change in percentage points.")
    residents_start = _figure("Residents at the start.")
    residents_end = _figure("Residents at the end.")
    nuisance_start = _figure("Leefbaarometer nuisance and insecurity at the start.")
    nuisance_end = _figure("Leefbaarometer nuisance and insecurity at the end.")
    nuisance_change = _figure("Change of nuisance and insecurity.")
    reference_change = _figure("The same change in the reference.")
    nuisance_relative_change = _figure("Change against the reference.")
    class_label_nl = _text("The class as the run stored it.")
    class_label_en = _text("The class as the run stored it.")
    explanation_nl = _text("The explanation as the run stored it.")
    explanation_en = _text("The explanation as the run stored it.")
    calculation_nl = _text("The calculation as the run stored it.")
    calculation_en = _text("The calculation as the run stored it.")


class AreaWithoutClass(serializers.Serializer[dict[str, Any]]):
    """An area of the level that the run gave no class."""

    area_code = serializers.CharField()
    status = serializers.ChoiceField(choices=["no_data"])


AreaClassOrNone = PolymorphicProxySerializer(
    component_name="AreaClassOrNoData",
    serializers={"value": AreaClass, "no_data": AreaWithoutClass},
    resource_type_field_name="status",
)


class ProvenanceItem(serializers.Serializer[dict[str, Any]]):
    indicator = serializers.CharField()
    level = serializers.CharField(help_text="square, complex, buurt, wijk, rayon, gemeente or land.")
    periods = serializers.ListField(child=serializers.IntegerField())
    areas = serializers.IntegerField(
        required=False, help_text="How many areas of the level, in these periods."
    )


class ProvenanceSplit(serializers.Serializer[dict[str, Any]]):
    indicators = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="For a layer: the indicators it reads."
    )
    real = ProvenanceItem(many=True)
    synthetic = ProvenanceItem(many=True)


class Provenance(serializers.Serializer[dict[str, Any]]):
    """Which inputs of the run are real and which synthetic (empty for runs made before this was recorded)."""

    layers = serializers.DictField(
        child=ProvenanceSplit(), required=False, help_text="vulnerable_residents, nuisance, population."
    )
    indicators = serializers.DictField(
        child=ProvenanceSplit(), required=False, help_text="Per indicator code."
    )


class RunClasses(serializers.Serializer[dict[str, Any]]):
    run = serializers.IntegerField()
    level = serializers.CharField()
    period_start = serializers.IntegerField()
    period_end = serializers.IntegerField()
    reference = Reference()
    synthetic = serializers.BooleanField()
    provenance = Provenance()
    preset = PresetName()
    legend = ClassLegendEntry(many=True)
    no_data = StatusCount(help_text="Areas of the level without a class.")
    areas = serializers.DictField(child=AreaClassOrNone, help_text="Every area of the level, per area code.")


class HotspotProperties(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField(help_text="The square's or complex's code.")
    level = serializers.CharField(help_text="square or complex.")
    parent_code = serializers.CharField(help_text="The buurt it lies in.")
    parent_name = serializers.CharField()
    complex_code = serializers.CharField(allow_null=True)
    complex_name = serializers.CharField(allow_null=True)
    class_key = serializers.CharField()
    class_label = serializers.CharField(help_text="In the visitor's language.")
    reason = serializers.CharField(help_text="class, deviation or class+deviation.")
    residents = serializers.FloatField(allow_null=True, help_text="Empty when withheld.")


class HotspotFeature(serializers.Serializer[dict[str, Any]]):
    type = serializers.ChoiceField(choices=["Feature"])
    id = serializers.CharField(help_text="The square's or complex's code.")
    properties = HotspotProperties()
    geometry = Geometry()


class HotspotBuurt(serializers.Serializer[dict[str, Any]]):
    hotspots = serializers.IntegerField(help_text="Hidden hotspots in this buurt.")
    share_residents_pct = serializers.FloatField(
        allow_null=True, help_text="Share of the buurt's residents living in them (%); empty when withheld."
    )


class Hotspots(serializers.Serializer[dict[str, Any]]):
    """Hidden hotspots as GeoJSON in WGS84, with a summary per buurt."""

    type = serializers.ChoiceField(choices=["FeatureCollection"])
    features = HotspotFeature(many=True)
    buurten = serializers.DictField(child=HotspotBuurt(), help_text="Per buurt code.")


class Series(serializers.Serializer[dict[str, Any]]):
    area_code = serializers.CharField()
    name = serializers.CharField()
    points = serializers.ListField(
        child=serializers.ListField(
            child=serializers.FloatField(allow_null=True), min_length=2, max_length=2
        ),
        help_text="[year, value] pairs; the value is empty when suppressed.",
    )


class RunSeries(serializers.Serializer[dict[str, Any]]):
    run = serializers.IntegerField()
    indicator = serializers.CharField()
    kind = serializers.CharField(help_text="count, share, score or rate (empty if not in the catalogue).")
    unit = serializers.CharField()
    period_start = serializers.IntegerField(help_text="The run's first year.")
    period_end = serializers.IntegerField(help_text="The run's last year.")
    series = Series(
        many=True,
        help_text="The area, its gemeente and the Netherlands, where published; a count only for the area.",
    )


class ClassChange(serializers.Serializer[dict[str, Any]]):
    area_code = serializers.CharField()
    name = serializers.CharField()
    class_a = serializers.CharField(allow_null=True, help_text="Class key in run a; empty if not there.")
    class_b = serializers.CharField(allow_null=True, help_text="Class key in run b; empty if not there.")
    label_a = serializers.CharField()
    label_b = serializers.CharField()
    status = serializers.ChoiceField(choices=["same", "changed", "only_in_a", "only_in_b"])


class Comparison(serializers.Serializer[dict[str, Any]]):
    a = serializers.IntegerField()
    b = serializers.IntegerField()
    changes = ClassChange(many=True)


# --- Downloads (files; the GeoJSON's properties are the CSV's columns, in Dutch) ----------------------

_DOWNLOAD_STATUS = "waarde, afgeschermd (withheld: too few) or geen gegevens (no figure exists)."


class GeoJSONCrsName(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField(help_text="urn:ogc:def:crs:OGC:1.3:CRS84: longitude, latitude in WGS84.")


class GeoJSONCrs(serializers.Serializer[dict[str, Any]]):
    """The coordinate reference system, as GDAL names it in the file (the 2008 GeoJSON form)."""

    type = serializers.ChoiceField(choices=["name"])
    properties = GeoJSONCrsName()


class DownloadedValue(serializers.Serializer[dict[str, Any]]):
    """The columns of a values download."""

    code = serializers.CharField()
    naam = serializers.CharField()
    waarde = serializers.FloatField(allow_null=True, help_text="Empty when withheld or without a figure.")
    onderdrukt = serializers.BooleanField(help_text="Withheld by small-number suppression.")
    geschat = serializers.BooleanField(help_text="Estimated by small-area smoothing.")
    status = serializers.ChoiceField(
        choices=["waarde", "afgeschermd", "geen gegevens"], help_text=_DOWNLOAD_STATUS
    )
    indicator = serializers.CharField()
    jaar = serializers.IntegerField()
    eenheid = serializers.CharField(allow_blank=True)
    bron = serializers.CharField(allow_blank=True)
    synthetisch = serializers.BooleanField()
    run = serializers.IntegerField()


class DownloadedFeature(serializers.Serializer[dict[str, Any]]):
    type = serializers.ChoiceField(choices=["Feature"])
    properties = DownloadedValue()
    geometry = Geometry()


class DownloadedFeatureCollection(serializers.Serializer[dict[str, Any]]):
    """The values download as GeoJSON, in WGS84."""

    type = serializers.ChoiceField(choices=["FeatureCollection"])
    name = serializers.CharField()
    crs = GeoJSONCrs()
    features = DownloadedFeature(many=True)


def _class_figure(help_text: str) -> serializers.FloatField:
    return serializers.FloatField(allow_null=True, help_text=f"{help_text} Empty without a class.")


def _class_text(help_text: str) -> serializers.CharField:
    return serializers.CharField(allow_null=True, help_text=f"{help_text} Empty without a class.")


class DownloadedClass(serializers.Serializer[dict[str, Any]]):
    """The columns of the veerkrachtkaart download, in Dutch."""

    code = serializers.CharField()
    naam = serializers.CharField()
    klasse = _class_text("The class.")
    klasse_code = _class_text("The class key.")
    uitleg = _class_text("Why this class, in plain Dutch.")
    berekening = _class_text("The thresholds behind it.")
    kwetsbaar_begin = _class_figure("Share of vulnerable residents at the start (%).")
    kwetsbaar_eind = _class_figure("Share of vulnerable residents at the end (%).")
    kwetsbaar_verandering = _class_figure("Change in percentage points.")
    kwetsbaar_categorie = _class_text("Category of that change.")
    inwoners_begin = _class_figure("Residents at the start.")
    inwoners_eind = _class_figure("Residents at the end.")
    overlast_begin = _class_figure("Leefbaarometer nuisance and insecurity at the start.")
    overlast_eind = _class_figure("Leefbaarometer nuisance and insecurity at the end.")
    overlast_verandering = _class_figure("Change of nuisance and insecurity.")
    overlast_niveau = _class_text("Category of the nuisance level.")
    referentie_verandering = _class_figure("The same change in the reference.")
    overlast_ten_opzichte_van_referentie = _class_figure("Change against the reference.")
    overlast_ontwikkeling = _class_text("Category of that development.")
    cijfers_afgeschermd = serializers.BooleanField(help_text="Figures withheld by small-number suppression.")
    status = serializers.ChoiceField(choices=["klasse", "geen gegevens"])
    periode = serializers.CharField(help_text="First and last year, e.g. 2014-2022.")
    referentie = serializers.CharField(allow_blank=True)
    methode = serializers.CharField(help_text="Methodology preset and its version.")
    synthetisch = serializers.BooleanField()
    run = serializers.IntegerField()


class DownloadedClassFeature(serializers.Serializer[dict[str, Any]]):
    type = serializers.ChoiceField(choices=["Feature"])
    properties = DownloadedClass()
    geometry = Geometry()


class DownloadedClassCollection(serializers.Serializer[dict[str, Any]]):
    """The veerkrachtkaart download as GeoJSON, in WGS84."""

    type = serializers.ChoiceField(choices=["FeatureCollection"])
    name = serializers.CharField()
    crs = GeoJSONCrs()
    features = DownloadedClassFeature(many=True)
