# SPDX-License-Identifier: EUPL-1.2
"""REST endpoints of analysis runs: choropleth data with a legend, classes, series, downloads, comparisons.

Everything served comes from a run's published (suppressed) result frames; reading needs the
``monitor.view`` permission and downloading ``monitor.export``. An indicator or level that the run does
not know is not found (404), and every result read and download leaves one row in the audit log.
"""

import json
import math
from typing import Any

from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from veerkracht.analysis import downloads, layers, queries
from veerkracht.analysis.models import AnalysisRun
from veerkracht.core.models import User
from veerkracht.core.permissions import requires
from veerkracht.core.services import record_audit
from veerkracht.geo.levels import NATIONAL_CODE
from veerkracht.indicators.models import Indicator
from veerkracht.monitor.legend import SCHEMES, LegendError

CanViewMonitor = requires("monitor.view")
CanExport = requires("monitor.export")


def _number(value: Any) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


# Database ids are signed 64-bit integers; a larger number names no run (and must not overflow).
_MAX_ID = 2**63 - 1


def _run(run_id: int) -> AnalysisRun:
    run = None
    if 0 < run_id <= _MAX_ID:
        run = AnalysisRun.objects.filter(pk=run_id, status=AnalysisRun.Status.SUCCEEDED).first()
    if run is None:
        raise Http404(f"run {run_id} bestaat niet of is niet geslaagd")
    return run


def _known_level(level: str) -> None:
    if level not in queries.LEVELS:
        raise Http404(
            _("Dit niveau bestaat niet; kies uit %(levels)s.") % {"levels": ", ".join(queries.LEVELS)}
        )


def _known(run: AnalysisRun, *, indicator: str | None = None, level: str | None = None) -> None:
    """Refuse, as not found, an indicator or level the run does not know (the value is not echoed)."""
    if level is not None:
        _known_level(level)
    if indicator is not None and not queries.knows_indicator(run, indicator):
        raise Http404(_("Deze indicator bestaat niet in deze analyse."))


def _actor(request: Request) -> User | None:
    return request.user if isinstance(request.user, User) else None


def _audit_read(request: Request, run_id: int, result: str, **detail: Any) -> None:
    """One audit row per result read: who read which result of which run."""
    record_audit(
        "analysis.result_read",
        actor=_actor(request),
        object_type="analysis_run",
        object_id=run_id,
        detail={"result": result, **detail},
    )


# The text fields refuse null characters and overlong values with a 400 (DRF's CharField does both).
class MapQuery(serializers.Serializer[dict[str, Any]]):
    indicator = serializers.CharField(max_length=64)
    level = serializers.CharField(max_length=32, default="buurt")
    period = serializers.IntegerField(min_value=1900, max_value=2100)
    scheme = serializers.ChoiceField(choices=list(SCHEMES), default="quantiles")
    k = serializers.IntegerField(min_value=2, max_value=9, default=5)


class LevelQuery(serializers.Serializer[dict[str, Any]]):
    level = serializers.CharField(max_length=32, default="buurt")


class SeriesQuery(serializers.Serializer[dict[str, Any]]):
    area = serializers.CharField(max_length=32)
    indicator = serializers.CharField(max_length=64)


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
        _known(run, indicator=params["indicator"], level=params["level"])
        try:
            layer = layers.indicator_layer(
                run, params["indicator"], params["level"], params["period"], params["scheme"], params["k"]
            )
        except LegendError as error:
            raise serializers.ValidationError({"scheme": str(error)}) from error
        _audit_read(
            request,
            run.pk,
            "map",
            indicator=params["indicator"],
            level=params["level"],
            period=params["period"],
        )
        return Response(layer)


class RunClassesView(APIView):
    """The veerkrachtkaart of a run: every class of the preset in legend order, and per area its
    class, explanation, calculation and numbers (or "no_data")."""

    permission_classes = [CanViewMonitor]

    @extend_schema(parameters=[LevelQuery], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, run_id: int) -> Response:
        query = LevelQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        level = query.validated_data["level"]
        run = _run(run_id)
        _known(run, level=level)
        _audit_read(request, run.pk, "classes", level=level)
        return Response(layers.classes_layer(run, level))


class RunHotspotsView(APIView):
    """Hidden hotspots of a run as GeoJSON: squares or complexes inside their buurt."""

    permission_classes = [CanViewMonitor]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, run_id: int) -> Response:
        run = _run(run_id)
        _audit_read(request, run.pk, "hotspots")
        return Response(layers.hotspots_geojson(run))


class RunSeriesView(APIView):
    """An indicator over the run's periods for an area, its gemeente and the Netherlands."""

    permission_classes = [CanViewMonitor]

    @extend_schema(parameters=[SeriesQuery], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, run_id: int) -> Response:
        query = SeriesQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        area, indicator = query.validated_data["area"], query.validated_data["indicator"]
        run = _run(run_id)
        _known(run, indicator=indicator)
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
        _audit_read(request, run.pk, "series", indicator=indicator, area=area)
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
        _known(run, indicator=params["indicator"], level=params["level"])
        body, content_type, filename = downloads.export(
            run, params["indicator"], params["level"], params["period"], file_format
        )
        record_audit(
            "analysis.downloaded",
            actor=_actor(request),
            object_type="analysis_run",
            object_id=run.pk,
            detail={
                "indicator": params["indicator"],
                "level": params["level"],
                "period": params["period"],
                "format": file_format,
            },
        )
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        # A download is a copy of the figures: no cache, shared or private, keeps it.
        patch_cache_control(response, no_store=True, private=True)
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
        run = _run(run_id)
        _known(run, level=params["level"])
        body, content_type, filename = downloads.export_classes(run, params["level"], params["filetype"])
        record_audit(
            "analysis.downloaded",
            actor=_actor(request),
            object_type="analysis_run",
            object_id=run.pk,
            detail={"result": "classes", "level": params["level"], "format": params["filetype"]},
        )
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        patch_cache_control(response, no_store=True, private=True)
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
        a, b = _run_number(request, "a"), _run_number(request, "b")
        level = request.query_params.get("level", "buurt")
        _known_level(level)
        try:
            changes = queries.compare_runs(a, b, level=level)
        except AnalysisRun.DoesNotExist as error:
            raise Http404(str(error)) from error
        columns = ["area_code", "name", "class_a", "class_b", "label_a", "label_b", "status"]
        _audit_read(request, a, "compare", a=a, b=b, level=level)
        return Response({"a": a, "b": b, "changes": json.loads(changes[columns].to_json(orient="records"))})


def _run_number(request: Request, name: str) -> int:
    """A run number from the query, or a 400 that says what is expected."""
    text = request.query_params.get(name, "")
    number = int(text) if text.isascii() and text.isdigit() and len(text) < 20 else 0
    if not 0 < number <= _MAX_ID:
        raise serializers.ValidationError(
            {name: _("Geef twee run-nummers (positieve gehele getallen): ?a=..&b=..")}
        )
    return number
