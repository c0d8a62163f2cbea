# SPDX-License-Identifier: EUPL-1.2
"""REST endpoints for areas: lists, GeoJSON map layers and point lookup.

CBS geography is public; levels that are an organisation's data (a corporation's complexes) need a
login and a permission.
"""

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from veerkracht.areas import queries
from veerkracht.areas.models import Area, AreaLevel
from veerkracht.core.permissions import has_permission

# Levels that are not public geography, and the permission that opens them.
RESTRICTED_LEVELS = {AreaLevel.COMPLEX.value: "monitor.view"}


def check_level_access(request: Request, level: str) -> None:
    """Refuse a restricted level to visitors who are not logged in or lack its permission (403)."""
    needed = RESTRICTED_LEVELS.get(level)
    if needed is None:
        return
    if not request.user.is_authenticated:
        raise NotAuthenticated(_("Log in om complexen te zien: het zijn gegevens van woningcorporaties."))
    if not has_permission(request.user, needed):
        raise PermissionDenied(
            _("U hebt geen toegang tot complexen: daarvoor is toegang tot de monitor nodig.")
        )


class AreaSerializer(serializers.ModelSerializer[Area]):
    parent_code = serializers.CharField(source="parent.code", default=None, read_only=True)

    class Meta:
        model = Area
        fields = ["code", "name", "level", "parent_code", "valid_from", "valid_to", "area_m2", "synthetic"]


class LevelQuerySerializer(serializers.Serializer[dict[str, Any]]):
    level = serializers.ChoiceField(choices=AreaLevel.choices, default=AreaLevel.BUURT)
    year = serializers.IntegerField(required=False, min_value=1900, max_value=2100)
    gemeente = serializers.RegexField(r"^GM\d{4}$", required=False)


class LocateQuerySerializer(serializers.Serializer[dict[str, Any]]):
    x = serializers.FloatField(help_text="RD New x, or longitude when crs=4326")
    y = serializers.FloatField(help_text="RD New y, or latitude when crs=4326")
    crs = serializers.ChoiceField(choices=[("28992", "RD New"), ("4326", "WGS84")], default="28992")
    level = serializers.ChoiceField(choices=AreaLevel.choices, default=AreaLevel.BUURT)
    year = serializers.IntegerField(required=False, min_value=1900, max_value=2100)


_LEVEL_PARAMETERS = [
    OpenApiParameter("level", OpenApiTypes.STR, enum=AreaLevel.values),
    OpenApiParameter("year", OpenApiTypes.INT),
    OpenApiParameter("gemeente", OpenApiTypes.STR, description="CBS gemeente code, e.g. GM0935"),
]


class AreaListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(parameters=_LEVEL_PARAMETERS, responses=AreaSerializer(many=True))
    def get(self, request: Request) -> Response:
        query = LevelQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        check_level_access(request, params["level"])
        areas = queries.versions_of_level(params["level"], params.get("year"), params.get("gemeente"))
        return Response(AreaSerializer(areas.select_related("parent").order_by("code"), many=True).data)


class AreaGeoJSONView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=_LEVEL_PARAMETERS, responses={(200, "application/geo+json"): OpenApiTypes.OBJECT}
    )
    def get(self, request: Request) -> HttpResponse:
        query = LevelQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        check_level_access(request, params["level"])
        body = queries.feature_collection(params["level"], params.get("year"), params.get("gemeente"))
        response = HttpResponse(body, content_type="application/geo+json")
        response["Cache-Control"] = "public, max-age=300"
        return response


class LocateView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(parameters=[LocateQuerySerializer], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        query = LocateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        check_level_access(request, params["level"])
        area = queries.locate(
            params["x"],
            params["y"],
            level=params["level"],
            year=params.get("year"),
            wgs84=params["crs"] == "4326",
        )
        return Response({"area": AreaSerializer(area).data if area is not None else None})
