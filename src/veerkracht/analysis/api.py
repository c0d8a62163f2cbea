# SPDX-License-Identifier: EUPL-1.2
"""REST endpoints of analysis runs: choropleth data with a legend, classes, series, downloads, comparisons.

Everything served comes from a run's published (suppressed) result frames; reading needs the
``monitor.view`` permission and downloading ``monitor.export``. An indicator or level that the run does
not know is not found (404), and every result read and download leaves one row in the audit log.
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
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from veerkracht.analysis import downloads, queries
from veerkracht.analysis.models import AnalysisRun
from veerkracht.core.models import User
from veerkracht.core.permissions import requires
from veerkracht.core.services import record_audit
from veerkracht.geo.levels import NATIONAL_CODE
from veerkracht.indicators.models import Indicator
from veerkracht.monitor.legend import SCHEMES, LegendError, build_legend

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
    """One indicator, level and period of a run, with its legend in classes."""

    permission_classes = [CanViewMonitor]

    @extend_schema(parameters=[MapQuery], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, run_id: int) -> Response:
        query = MapQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        run = _run(run_id)
        _known(run, indicator=params["indicator"], level=params["level"])
        meta = Indicator.objects.filter(code=params["indicator"]).first()
        frame = queries.indicator_map(run, params["indicator"], params["level"], params["period"])
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
            raise serializers.ValidationError({"scheme": str(error)}) from error
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


def _indicator_meta(meta: Indicator | None, code: str) -> dict[str, Any]:
    if meta is None:
        return {"code": code, "name": code, "unit": "", "direction": "neutral", "source": "", "licence": ""}
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


class RunClassesView(APIView):
    """The veerkrachtkaart of a run: class, colour and explanation per area."""

    permission_classes = [CanViewMonitor]

    @extend_schema(parameters=[LevelQuery], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, run_id: int) -> Response:
        query = LevelQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        level = query.validated_data["level"]
        run = _run(run_id)
        _known(run, level=level)
        frame = queries.classes(run, level)
        legend = (
            (
                frame.groupby(["class_key", "class_label_nl", "class_label_en", "colour"], sort=False)
                .size()
                .reset_index(name="count")
            )
            if len(frame)
            else pd.DataFrame()
        )
        keep = [c for c in frame.columns if c not in ("level", "period_start", "period_end")]
        areas = json.loads(frame[keep].to_json(orient="records", force_ascii=False)) if len(frame) else []
        _audit_read(request, run.pk, "classes", level=level)
        return Response(
            {
                "run": run.pk,
                "period_start": run.period_start,
                "period_end": run.period_end,
                "reference": run.manifest.get("reference", {}),
                "synthetic": run.synthetic,
                # Per layer of the class and per indicator: which inputs are real, which synthetic.
                "provenance": run.manifest.get("provenance", {}),
                "legend": json.loads(legend.to_json(orient="records", force_ascii=False))
                if len(legend)
                else [],
                "areas": {row["area_code"]: row for row in areas},
            }
        )


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
        frame = queries.series(run, area, indicator)
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
