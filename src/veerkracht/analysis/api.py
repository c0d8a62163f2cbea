# SPDX-License-Identifier: EUPL-1.2
"""REST endpoints of analysis runs: the indicator map and the veerkrachtkaart with a status per area,
hidden hotspots, series, downloads and comparisons.

Everything served comes from a run's published (suppressed) result frames, shaped by
``analysis.layers``; reading needs the ``monitor.view`` permission and downloading ``monitor.export``.
An indicator, level, year or area that the run has no figures for is not found (404), never an empty
answer; a level whose areas have no figure of an indicator the run does have answers with every area
"no_data". Every result read and download leaves one row in the audit log. Query parameters and answers
are declared in ``analysis.serializers``.
"""

import json
import math
from typing import Any

from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from veerkracht.analysis import downloads, layers, queries
from veerkracht.analysis import serializers as shapes
from veerkracht.analysis.models import AnalysisRun
from veerkracht.core.api import ApiView
from veerkracht.core.models import User
from veerkracht.core.permissions import requires
from veerkracht.core.services import record_audit
from veerkracht.geo.levels import NATIONAL_CODE
from veerkracht.indicators.models import Indicator
from veerkracht.monitor.legend import LegendError

CanViewMonitor = requires("monitor.view")
CanExport = requires("monitor.export")


def _number(value: Any) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _run(run_id: int) -> AnalysisRun:
    run = None
    if 0 < run_id <= shapes.MAX_ID:
        run = AnalysisRun.objects.filter(pk=run_id, status=AnalysisRun.Status.SUCCEEDED).first()
    if run is None:
        raise Http404(_("Deze analyse bestaat niet of is niet geslaagd."))
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


def _has_figures(run: AnalysisRun, found: int) -> None:
    """A question the run has no figures for is not found: never an empty answer."""
    if not found:
        raise Http404(
            _(
                "Deze analyse heeft hiervan geen cijfers (jaren van de analyse: %(first)s–%(last)s); "
                "kies een andere indicator, een ander jaar of een ander niveau."
            )
            % {"first": min(run.periods, default="-"), "last": max(run.periods, default="-")}
        )


def _has_values(run: AnalysisRun, indicator: str, level: str, period: int) -> None:
    """Not found unless the run has figures of the indicator in the year and the level has areas."""
    _has_figures(run, queries.has_figures(run, indicator, period) and len(layers.area_names(run, level)))


def _has_classes(run: AnalysisRun, level: str) -> None:
    """Not found unless the run classified areas (at any level) and the level has areas."""
    _has_figures(run, len(queries.classes(run)) and len(layers.area_names(run, level)))


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


def _file(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # A download is a copy of the figures: no cache, shared or private, keeps it.
    patch_cache_control(response, no_store=True, private=True)
    return response


class RunListView(ApiView):
    """The successful analysis runs, newest first (at most 200)."""

    permission_classes = [CanViewMonitor]

    @extend_schema(summary="Analysis runs", responses=shapes.RunSummary(many=True))
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


class RunMapView(ApiView):
    """One indicator, level and period of a run, with its legend in classes and a status per area."""

    permission_classes = [CanViewMonitor]
    query_serializer = shapes.MapQuery

    @extend_schema(summary="Indicator map with legend", responses=shapes.RunMap)
    def get(self, request: Request, run_id: int) -> Response:
        params = self.query
        run = _run(run_id)
        _known(run, indicator=params["indicator"], level=params["level"])
        _has_values(run, params["indicator"], params["level"], params["period"])
        try:
            layer = layers.indicator_layer(
                run, params["indicator"], params["level"], params["period"], params["scheme"], params["k"]
            )
        except LegendError as error:
            raise serializers.ValidationError({"scheme": [_legend_error(error)]}) from error
        _audit_read(
            request,
            run.pk,
            "map",
            indicator=params["indicator"],
            level=params["level"],
            period=params["period"],
        )
        return Response(layer)


def _legend_error(error: LegendError) -> str:
    """The monitor's reason in the visitor's language: fixed classes are the one legend that can fail."""
    if "fixed" in str(error):
        return _("Vaste klassen kunnen alleen bij een indicator met vaste klassegrenzen in de catalogus.")
    return _("Deze indeling in klassen kan hier niet.")


class RunClassesView(ApiView):
    """The veerkrachtkaart of a run: every class of the preset in legend order, and per area its
    class, explanation, calculation and numbers (or "no_data")."""

    permission_classes = [CanViewMonitor]
    query_serializer = shapes.LevelQuery

    @extend_schema(summary="Veerkracht classes per area", responses=shapes.RunClasses)
    def get(self, request: Request, run_id: int) -> Response:
        level = self.query["level"]
        run = _run(run_id)
        _known(run, level=level)
        _has_classes(run, level)
        _audit_read(request, run.pk, "classes", level=level)
        return Response(layers.classes_layer(run, level))


class RunHotspotsView(ApiView):
    """Hidden hotspots of a run as GeoJSON: squares or complexes inside their buurt.

    A run that found none answers an empty collection: it looked, and that is its finding.
    """

    permission_classes = [CanViewMonitor]

    @extend_schema(summary="Hidden hotspots", responses=shapes.Hotspots)
    def get(self, request: Request, run_id: int) -> Response:
        run = _run(run_id)
        _audit_read(request, run.pk, "hotspots")
        return Response(layers.hotspots_geojson(run))


class RunSeriesView(ApiView):
    """An indicator over the run's periods for an area, its gemeente and the Netherlands."""

    permission_classes = [CanViewMonitor]
    query_serializer = shapes.SeriesQuery

    @extend_schema(summary="Time series of an area", responses=shapes.RunSeries)
    def get(self, request: Request, run_id: int) -> Response:
        area, indicator = self.query["area"], self.query["indicator"]
        run = _run(run_id)
        _known(run, indicator=indicator)
        frame = queries.series(run, area, indicator)
        if not (frame["area_code"] == area).any():
            raise Http404(_("Dit gebied heeft in deze analyse geen cijfers van deze indicator."))
        meta = Indicator.objects.filter(code=indicator).first()
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


_CSV = (
    "Excel with Dutch settings (filetype=csv) or plain (csv-plain); the columns are the GeoJSON's properties."
)


class RunDownloadView(ApiView):
    """Published values of one indicator, level and period as CSV, GeoJSON or GeoPackage."""

    permission_classes = [CanExport]
    query_serializer = shapes.DownloadQuery

    @extend_schema(
        summary="Download values",
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description=_CSV),
            (200, "application/geo+json"): shapes.DownloadedFeatureCollection,
            (200, "application/geopackage+sqlite3"): OpenApiTypes.BINARY,
        },
    )
    def get(self, request: Request, run_id: int) -> HttpResponse:
        params = self.query
        file_format = params["filetype"]
        run = _run(run_id)
        _known(run, indicator=params["indicator"], level=params["level"])
        _has_values(run, params["indicator"], params["level"], params["period"])
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
        return _file(body, content_type, filename)


class RunClassesDownloadView(ApiView):
    """The veerkrachtkaart with explanation, calculation and inputs as CSV, GeoJSON or GeoPackage."""

    permission_classes = [CanExport]
    query_serializer = shapes.ClassesDownloadQuery

    @extend_schema(
        summary="Download the veerkrachtkaart",
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description=_CSV),
            (200, "application/geo+json"): shapes.DownloadedClassCollection,
            (200, "application/geopackage+sqlite3"): OpenApiTypes.BINARY,
        },
    )
    def get(self, request: Request, run_id: int) -> HttpResponse:
        params = self.query
        run = _run(run_id)
        _known(run, level=params["level"])
        _has_classes(run, params["level"])
        body, content_type, filename = downloads.export_classes(run, params["level"], params["filetype"])
        record_audit(
            "analysis.downloaded",
            actor=_actor(request),
            object_type="analysis_run",
            object_id=run.pk,
            detail={"result": "classes", "level": params["level"], "format": params["filetype"]},
        )
        return _file(body, content_type, filename)


class CompareView(ApiView):
    """Which areas changed class between two runs."""

    permission_classes = [CanViewMonitor]
    query_serializer = shapes.CompareQuery
    extra_errors = frozenset({404})  # a run or level named in the query

    @extend_schema(summary="Compare two runs", responses=shapes.Comparison)
    def get(self, request: Request) -> Response:
        a, b, level = self.query["a"], self.query["b"], self.query["level"]
        _known_level(level)
        try:
            changes = queries.compare_runs(a, b, level=level)
        except AnalysisRun.DoesNotExist as error:
            raise Http404(_("Een van deze analyses bestaat niet of is niet geslaagd.")) from error
        if changes.empty:
            raise Http404(_("Deze analyses hebben op dit niveau geen gebieden om te vergelijken."))
        columns = list(shapes.ClassChange().fields)
        _audit_read(request, a, "compare", a=a, b=b, level=level)
        return Response({"a": a, "b": b, "changes": json.loads(changes[columns].to_json(orient="records"))})
