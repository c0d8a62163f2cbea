# SPDX-License-Identifier: EUPL-1.2
"""REST endpoints of analysis runs: choropleth data with a legend, classes, series, downloads, comparisons.

Everything served comes from a run's published (suppressed) result frames; reading needs the
``monitor.view`` permission and downloading ``monitor.export``. An indicator, level, year or area that the
run has no figures for is not found (404), never an empty answer, and every result read and download
leaves one row in the audit log. Query parameters and answers are declared in ``analysis.serializers``.
"""

import json
import math
from typing import Any

import pandas as pd
from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from veerkracht.analysis import downloads, queries
from veerkracht.analysis import serializers as shapes
from veerkracht.analysis.models import AnalysisRun
from veerkracht.core.api import ApiView
from veerkracht.core.models import User
from veerkracht.core.permissions import requires
from veerkracht.core.services import record_audit
from veerkracht.geo.levels import NATIONAL_CODE
from veerkracht.indicators.models import Indicator
from veerkracht.monitor.legend import LegendError, build_legend

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
    """One indicator, level and period of a run, with its legend in classes."""

    permission_classes = [CanViewMonitor]
    query_serializer = shapes.MapQuery

    @extend_schema(summary="Indicator map with legend", responses=shapes.RunMap)
    def get(self, request: Request, run_id: int) -> Response:
        params = self.query
        run = _run(run_id)
        _known(run, indicator=params["indicator"], level=params["level"])
        meta = Indicator.objects.filter(code=params["indicator"]).first()
        frame = queries.indicator_map(run, params["indicator"], params["level"], params["period"])
        _has_figures(run, len(frame))
        direction = meta.direction if meta else "neutral"
        breaks = list(meta.legend_breaks) if meta else None
        try:
            legend = build_legend(
                frame.get("value", pd.Series(dtype=float)).to_numpy(float),
                scheme=params["scheme"],
                k=params["k"],
                direction=direction,
                breaks=breaks,
            )
        except LegendError as error:
            raise serializers.ValidationError({"scheme": [_legend_error(error)]}) from error
        bins: list[int] = legend.assign(frame["value"].to_numpy(float)).tolist() if len(frame) else []
        areas = {
            str(row.area_code): {
                "value": _number(row.value),
                "bin": int(b),
                "suppressed": bool(row.suppressed),
                "estimated": bool(row.estimated),
            }
            for row, b in zip(frame.itertuples(), bins, strict=True)
        }
        _audit_read(
            request,
            run.pk,
            "map",
            indicator=params["indicator"],
            level=params["level"],
            period=params["period"],
        )
        return Response(
            {
                "run": run.pk,
                "period": params["period"],
                "level": params["level"],
                "synthetic": run.synthetic,
                "indicator": _indicator_meta(meta, params["indicator"]),
                "legend": legend.to_dict(),
                "areas": areas,
            }
        )


def _legend_error(error: LegendError) -> str:
    """The monitor's reason in the visitor's language: fixed classes are the one legend that can fail."""
    if "fixed" in str(error):
        return _("Vaste klassen kunnen alleen bij een indicator met vaste klassegrenzen in de catalogus.")
    return _("Deze indeling in klassen kan hier niet.")


def _indicator_meta(meta: Indicator | None, code: str) -> dict[str, Any]:
    if meta is None:
        return {
            "code": code,
            "name": code,
            "name_en": code,
            "unit": "",
            "direction": "neutral",
            "source": "",
            "licence": "",
            "definition": "",
        }
    return {
        "code": meta.code,
        "name": meta.name_nl,
        "name_en": meta.name_en,
        "unit": meta.unit,
        "direction": meta.direction,
        "source": meta.source,
        "licence": meta.licence,
        "definition": meta.definition_nl,
    }


class RunClassesView(ApiView):
    """The veerkrachtkaart of a run: class, colour and explanation per area."""

    permission_classes = [CanViewMonitor]
    query_serializer = shapes.LevelQuery

    @extend_schema(summary="Veerkracht classes per area", responses=shapes.RunClasses)
    def get(self, request: Request, run_id: int) -> Response:
        level = self.query["level"]
        run = _run(run_id)
        _known(run, level=level)
        frame = queries.classes(run, level)
        _has_figures(run, len(frame))
        legend = (
            frame.groupby(["class_key", "class_label_nl", "class_label_en", "colour"], sort=False)
            .size()
            .reset_index(name="count")
        )
        # The columns the schema declares, no more: what the monitor adds later is not published unseen.
        keep = [c for c in shapes.AreaClass().fields if c in frame.columns]
        areas = json.loads(frame[keep].to_json(orient="records", force_ascii=False))
        _audit_read(request, run.pk, "classes", level=level)
        return Response(
            {
                "run": run.pk,
                "period_start": run.period_start,
                "period_end": run.period_end,
                "reference": run.manifest.get("reference", {}),
                "synthetic": run.synthetic,
                "legend": json.loads(legend.to_json(orient="records", force_ascii=False)),
                "areas": {row["area_code"]: row for row in areas},
            }
        )


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
        return Response({"run": run.pk, "indicator": indicator, "series": series})


_CSV_COLUMNS = "One row per area; the columns are the GeoJSON download's properties."


class RunDownloadView(ApiView):
    """Published values of one indicator, level and period as CSV, GeoJSON or GeoPackage."""

    permission_classes = [CanExport]
    query_serializer = shapes.DownloadQuery

    @extend_schema(
        summary="Download values",
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description=_CSV_COLUMNS),
            (200, "application/geo+json"): shapes.DownloadedFeatureCollection,
            (200, "application/geopackage+sqlite3"): OpenApiTypes.BINARY,
        },
    )
    def get(self, request: Request, run_id: int) -> HttpResponse:
        params = self.query
        file_format = params["filetype"]
        run = _run(run_id)
        _known(run, indicator=params["indicator"], level=params["level"])
        found = queries.indicator_map(run, params["indicator"], params["level"], params["period"])
        _has_figures(run, len(found))
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
