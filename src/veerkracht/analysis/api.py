# SPDX-License-Identifier: EUPL-1.2
"""REST endpoints of analysis runs: choropleth data with a legend, classes, series, downloads, comparisons.

Everything served comes from a run's published (suppressed) result frames; reading needs the
``monitor.view`` permission and downloading ``monitor.export``.
"""

import json
import math
from typing import Any

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from veerkracht.analysis import downloads, layers, queries
from veerkracht.analysis.models import AnalysisRun
from veerkracht.core.permissions import requires
from veerkracht.geo.levels import MAP_LEVELS, NATIONAL_CODE
from veerkracht.indicators.models import Indicator
from veerkracht.monitor.legend import SCHEMES, LegendError

CanViewMonitor = requires("monitor.view")
CanExport = requires("monitor.export")


def _number(value: Any) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _run(run_id: int) -> AnalysisRun:
    run = AnalysisRun.objects.filter(pk=run_id, status=AnalysisRun.Status.SUCCEEDED).first()
    if run is None:
        raise Http404(f"run {run_id} bestaat niet of is niet geslaagd")
    return run


class MapQuery(serializers.Serializer[dict[str, Any]]):
    indicator = serializers.CharField(max_length=64)
    level = serializers.ChoiceField(choices=list(MAP_LEVELS), default="buurt")
    period = serializers.IntegerField(min_value=1900, max_value=2100)
    scheme = serializers.ChoiceField(choices=list(SCHEMES), default="quantiles")
    k = serializers.IntegerField(min_value=2, max_value=9, default=5)


class RunListView(APIView):
    permission_classes = [CanViewMonitor]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        runs = AnalysisRun.objects.filter(status=AnalysisRun.Status.SUCCEEDED)[:200]
        return Response(
            [
                {
                    "id": r.pk,
                    "name": r.name,
                    "gemeenten": r.gemeenten,
                    "period_start": r.period_start,
                    "period_end": r.period_end,
                    "periods": r.periods,
                    "preset": f"{r.preset_name} {r.preset_version}",
                    "code_version": r.code_version,
                    "synthetic": r.synthetic,
                    "finished_at": r.finished_at,
                }
                for r in runs
            ]
        )


class RunMapView(APIView):
    """One indicator, level and period of a run, with its legend in classes and a status per area."""

    permission_classes = [CanViewMonitor]

    @extend_schema(parameters=[MapQuery], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, run_id: int) -> Response:
        query = MapQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        run = _run(run_id)
        try:
            layer = layers.indicator_layer(
                run, params["indicator"], params["level"], params["period"], params["scheme"], params["k"]
            )
        except LegendError as error:
            raise serializers.ValidationError({"scheme": str(error)}) from error
        return Response(layer)


class LevelQuery(serializers.Serializer[dict[str, Any]]):
    level = serializers.ChoiceField(choices=list(MAP_LEVELS), default="buurt")


class RunClassesView(APIView):
    """The veerkrachtkaart of a run: every class of the preset in legend order, and per area its
    class, explanation, calculation and numbers (or "no_data")."""

    permission_classes = [CanViewMonitor]

    @extend_schema(parameters=[LevelQuery], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, run_id: int) -> Response:
        query = LevelQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(layers.classes_layer(_run(run_id), query.validated_data["level"]))


class RunHotspotsView(APIView):
    """Hidden hotspots of a run as GeoJSON: squares or complexes inside their buurt."""

    permission_classes = [CanViewMonitor]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, run_id: int) -> Response:
        return Response(layers.hotspots_geojson(_run(run_id)))


class RunSeriesView(APIView):
    """An indicator over the run's periods for an area, its gemeente and the Netherlands."""

    permission_classes = [CanViewMonitor]

    @extend_schema(
        parameters=[
            OpenApiParameter("area", OpenApiTypes.STR, required=True),
            OpenApiParameter("indicator", OpenApiTypes.STR, required=True),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, run_id: int) -> Response:
        run = _run(run_id)
        area, indicator = request.query_params.get("area"), request.query_params.get("indicator")
        if not area or not indicator:
            raise serializers.ValidationError({"area": "verplicht", "indicator": "verplicht"})
        meta = Indicator.objects.filter(code=indicator).first()
        frame = queries.series(run, area, indicator)
        if meta is not None and meta.kind == Indicator.Kind.COUNT:
            # A buurt's count beside the whole city's on one axis says nothing; shares and scores compare.
            frame = frame[frame["area_code"] == area]
        from veerkracht.areas.models import Area

        names = dict(
            Area.objects.filter(code__in=list(frame["area_code"].unique())).values_list("code", "name")
        )
        names[NATIONAL_CODE] = "Nederland"
        series = [
            {
                "area_code": code,
                "name": names.get(code, code),
                "points": [[int(p), _number(v)] for p, v in zip(part["period"], part["value"], strict=True)],
            }
            for code, part in frame.groupby("area_code", sort=False)
        ]
        order = {area: 0, NATIONAL_CODE: 2}
        series.sort(key=lambda s: order.get(str(s["area_code"]), 1))
        return Response(
            {
                "run": run.pk,
                "indicator": indicator,
                "kind": meta.kind if meta else "",
                "unit": meta.unit if meta else "",
                "period_start": run.period_start,
                "period_end": run.period_end,
                "series": series,
            }
        )


class RunDownloadView(APIView):
    """Published values of one indicator, level and period as CSV, GeoJSON or GeoPackage."""

    permission_classes = [CanExport]

    @extend_schema(
        parameters=[MapQuery, OpenApiParameter("filetype", OpenApiTypes.STR, enum=list(downloads.FORMATS))],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request, run_id: int) -> HttpResponse:
        query = MapQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        file_format = request.query_params.get("filetype", "csv")
        if file_format not in downloads.FORMATS:
            raise serializers.ValidationError({"filetype": f"kies uit {list(downloads.FORMATS)}"})
        run = _run(run_id)
        body, content_type, filename = downloads.export(
            run, params["indicator"], params["level"], params["period"], file_format
        )
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response


class ClassesDownloadQuery(LevelQuery):
    filetype = serializers.ChoiceField(choices=list(downloads.FORMATS), default="csv")


class RunClassesDownloadView(APIView):
    """The veerkrachtkaart with explanation, calculation and inputs as CSV, GeoJSON or GeoPackage."""

    permission_classes = [CanExport]

    @extend_schema(
        parameters=[ClassesDownloadQuery],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request, run_id: int) -> HttpResponse:
        query = ClassesDownloadQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        body, content_type, filename = downloads.export_classes(
            _run(run_id), params["level"], params["filetype"]
        )
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response


class CompareView(APIView):
    """Which areas changed class between two runs."""

    permission_classes = [CanViewMonitor]

    @extend_schema(
        parameters=[
            OpenApiParameter("a", OpenApiTypes.INT, required=True),
            OpenApiParameter("b", OpenApiTypes.INT, required=True),
            OpenApiParameter("level", OpenApiTypes.STR),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        try:
            a, b = int(request.query_params["a"]), int(request.query_params["b"])
        except (KeyError, ValueError) as error:
            raise serializers.ValidationError({"a": "twee run-nummers nodig: ?a=..&b=.."}) from error
        try:
            changes = queries.compare_runs(a, b, level=request.query_params.get("level", "buurt"))
        except AnalysisRun.DoesNotExist as error:
            raise Http404(str(error)) from error
        columns = ["area_code", "name", "class_a", "class_b", "label_a", "label_b", "status"]
        return Response({"a": a, "b": b, "changes": json.loads(changes[columns].to_json(orient="records"))})
