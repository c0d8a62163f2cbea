# SPDX-License-Identifier: EUPL-1.2
"""What the analysis API reads from the query and the shape of what it answers (its OpenAPI schema).

The query serializers validate the parameters (unknown ones are refused by ``core.api.ApiView``); the
response serializers only describe the bodies, and the views keep to them.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from veerkracht.analysis.downloads import FORMATS
from veerkracht.areas.api import Geometry
from veerkracht.monitor.legend import SCHEMES

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


class DownloadQuery(FiguresQuery):
    filetype = serializers.ChoiceField(choices=list(FORMATS), default="csv", help_text="File format.")


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
    name = serializers.CharField()
    name_en = serializers.CharField()
    unit = serializers.CharField()
    direction = serializers.CharField(help_text="higher_is_better, higher_is_worse or neutral.")
    source = serializers.CharField()
    licence = serializers.CharField()
    definition = serializers.CharField()


class LegendBin(serializers.Serializer[dict[str, Any]]):
    lower = serializers.FloatField()
    upper = serializers.FloatField()
    colour = serializers.CharField(help_text="Hex colour, e.g. #fdd49e.")
    count = serializers.IntegerField(help_text="Areas in this class.")


class Legend(serializers.Serializer[dict[str, Any]]):
    scheme = serializers.ChoiceField(choices=list(SCHEMES))
    bins = LegendBin(many=True)


class AreaValue(serializers.Serializer[dict[str, Any]]):
    value = serializers.FloatField(allow_null=True, help_text="Empty when suppressed.")
    bin = serializers.IntegerField(help_text="Index into the legend's bins; -1 without a value.")
    suppressed = serializers.BooleanField(help_text="Withheld: too few persons, dwellings or reports.")
    estimated = serializers.BooleanField(help_text="Estimated by small-area smoothing.")


class RunMap(serializers.Serializer[dict[str, Any]]):
    run = serializers.IntegerField()
    period = serializers.IntegerField()
    level = serializers.CharField()
    synthetic = serializers.BooleanField()
    indicator = IndicatorMeta()
    legend = Legend()
    areas = serializers.DictField(child=AreaValue(), help_text="Per area code.")


class Reference(serializers.Serializer[dict[str, Any]]):
    scope = serializers.CharField(help_text="national, municipal or fixed.")
    label_nl = serializers.CharField()
    label_en = serializers.CharField()
    note = serializers.CharField(required=False)


class ClassCount(serializers.Serializer[dict[str, Any]]):
    class_key = serializers.CharField()
    class_label_nl = serializers.CharField()
    class_label_en = serializers.CharField()
    colour = serializers.CharField()
    count = serializers.IntegerField()


def _figure(help_text: str) -> serializers.FloatField:
    return serializers.FloatField(allow_null=True, help_text=help_text)


class AreaClass(serializers.Serializer[dict[str, Any]]):
    """One area of the veerkrachtkaart: its class and the figures that explain it."""

    area_code = serializers.CharField()
    name = serializers.CharField()
    class_key = serializers.CharField()
    class_label_nl = serializers.CharField()
    class_label_en = serializers.CharField()
    colour = serializers.CharField()
    vulnerable_start = _figure("Share of vulnerable residents at the start (%).")
    vulnerable_end = _figure("Share of vulnerable residents at the end (%).")
    vulnerable_change = _figure("Change in percentage points.")
    vulnerable_category = serializers.CharField()
    residents_start = _figure("Residents at the start.")
    residents_end = _figure("Residents at the end.")
    nuisance_start = _figure("Leefbaarometer nuisance and insecurity at the start.")
    nuisance_end = _figure("Leefbaarometer nuisance and insecurity at the end.")
    nuisance_level_category = serializers.CharField()
    nuisance_change = _figure("Change of nuisance and insecurity.")
    reference_change = _figure("The same change in the reference.")
    nuisance_relative_change = _figure("Change against the reference.")
    nuisance_development_category = serializers.CharField()
    explanation_nl = serializers.CharField()
    explanation_en = serializers.CharField()
    withheld = serializers.BooleanField(help_text="Figures withheld by small-number suppression.")


class RunClasses(serializers.Serializer[dict[str, Any]]):
    run = serializers.IntegerField()
    period_start = serializers.IntegerField()
    period_end = serializers.IntegerField()
    reference = Reference()
    synthetic = serializers.BooleanField()
    legend = ClassCount(many=True)
    areas = serializers.DictField(child=AreaClass(), help_text="Per area code.")


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
    series = Series(many=True, help_text="The area, its gemeente and the Netherlands, where published.")


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


class DownloadedValue(serializers.Serializer[dict[str, Any]]):
    """The columns of a download (CSV columns; GeoJSON and GeoPackage properties), in Dutch."""

    code = serializers.CharField()
    naam = serializers.CharField()
    waarde = serializers.FloatField(allow_null=True, help_text="Empty when suppressed or not published.")
    onderdrukt = serializers.BooleanField(allow_null=True, help_text="Withheld by small-number suppression.")
    geschat = serializers.BooleanField(allow_null=True, help_text="Estimated by small-area smoothing.")
    indicator = serializers.CharField()
    jaar = serializers.IntegerField()
    eenheid = serializers.CharField()
    bron = serializers.CharField()
    synthetisch = serializers.BooleanField()
    run = serializers.IntegerField()


class DownloadedFeature(serializers.Serializer[dict[str, Any]]):
    type = serializers.ChoiceField(choices=["Feature"])
    properties = DownloadedValue()
    geometry = Geometry()


class DownloadedFeatureCollection(serializers.Serializer[dict[str, Any]]):
    """The GeoJSON download, in WGS84."""

    type = serializers.ChoiceField(choices=["FeatureCollection"])
    name = serializers.CharField()
    features = DownloadedFeature(many=True)
