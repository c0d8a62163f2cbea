# SPDX-License-Identifier: EUPL-1.2
"""REST endpoints for areas: lists, GeoJSON map layers and point lookup.

CBS geography is public; levels that are an organisation's data (a corporation's complexes) need a
login and a permission. A question that finds no area (an unknown gemeente, a year before the first
import, a point outside every area) is not found (404), never an empty answer.
"""

from typing import Any

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from veerkracht.areas import queries
from veerkracht.areas.models import Area, AreaLevel
from veerkracht.core.api import ApiView
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
    parent_code = serializers.CharField(source="parent.code", default=None, read_only=True, allow_null=True)

    class Meta:
        model = Area
        fields = ["code", "name", "level", "parent_code", "valid_from", "valid_to", "area_m2", "synthetic"]


class LevelQuerySerializer(serializers.Serializer[dict[str, Any]]):
    level = serializers.ChoiceField(choices=AreaLevel.choices, default=AreaLevel.BUURT)
    year = serializers.IntegerField(
        required=False, min_value=1900, max_value=2100, help_text="Areas valid in this year; now if absent."
    )
    gemeente = serializers.RegexField(
        r"^GM\d{4}$", required=False, help_text="CBS gemeente code, e.g. GM0935.", max_length=6
    )


class LocateQuerySerializer(serializers.Serializer[dict[str, Any]]):
    x = serializers.FloatField(help_text="RD New x, or longitude when crs=4326")
    y = serializers.FloatField(help_text="RD New y, or latitude when crs=4326")
    crs = serializers.ChoiceField(choices=[("28992", "RD New"), ("4326", "WGS84")], default="28992")
    level = serializers.ChoiceField(choices=AreaLevel.choices, default=AreaLevel.BUURT)
    year = serializers.IntegerField(required=False, min_value=1900, max_value=2100)


class LocatedSerializer(serializers.Serializer[dict[str, Any]]):
    area = AreaSerializer(help_text="The area of the level that contains the point.")


class FeatureProperties(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.ChoiceField(choices=AreaLevel.choices)
    parent_code = serializers.CharField(allow_null=True)
    parent_name = serializers.CharField(allow_null=True)
    synthetic = serializers.BooleanField()
    valid_from = serializers.IntegerField()


class Geometry(serializers.Serializer[dict[str, Any]]):
    type = serializers.CharField(help_text="Polygon or MultiPolygon.")
    coordinates = serializers.ListField(child=serializers.JSONField(), help_text="WGS84 longitude, latitude.")


class Feature(serializers.Serializer[dict[str, Any]]):
    type = serializers.ChoiceField(choices=["Feature"])
    id = serializers.CharField(help_text="The area code.")
    properties = FeatureProperties()
    geometry = Geometry()


class FeatureCollection(serializers.Serializer[dict[str, Any]]):
    type = serializers.ChoiceField(choices=["FeatureCollection"])
    features = Feature(many=True)


def _nothing_found(params: dict[str, Any]) -> Http404:
    """Why a question about areas found none, without echoing what was asked."""
    gemeente, year = params.get("gemeente"), params.get("year")
    if gemeente and not Area.objects.filter(gemeente_code=gemeente).exists():
        return Http404(_("Deze gemeente is niet bekend."))
    years = queries.available_years()
    if year is not None and (not years or year < min(years)):
        return Http404(_("Voor dat jaar zijn geen gebieden bekend."))
    return Http404(_("Er zijn geen gebieden van dit niveau."))


class AreaListView(ApiView):
    """The areas of one level, with their parent and validity."""

    permission_classes = [AllowAny]
    query_serializer = LevelQuerySerializer
    extra_errors = frozenset({403, 404})  # complexes need a login; a question may find no area

    @extend_schema(summary="Areas of a level", responses=AreaSerializer(many=True))
    def get(self, request: Request) -> Response:
        params = self.query
        check_level_access(request, params["level"])
        areas = queries.versions_of_level(params["level"], params.get("year"), params.get("gemeente"))
        if not areas.exists():
            raise _nothing_found(params)
        return Response(AreaSerializer(areas.select_related("parent").order_by("code"), many=True).data)


class AreaGeoJSONView(ApiView):
    """The areas of one level as a GeoJSON map layer in WGS84 (simplified for the screen)."""

    permission_classes = [AllowAny]
    query_serializer = LevelQuerySerializer
    extra_errors = frozenset({403, 404})

    @extend_schema(
        summary="Map layer of a level", responses={(200, "application/geo+json"): FeatureCollection}
    )
    def get(self, request: Request) -> HttpResponse:
        params = self.query
        check_level_access(request, params["level"])
        if not queries.versions_of_level(
            params["level"], params.get("year"), params.get("gemeente")
        ).exists():
            raise _nothing_found(params)
        body = queries.feature_collection(params["level"], params.get("year"), params.get("gemeente"))
        response = HttpResponse(body, content_type="application/geo+json")
        response["Cache-Control"] = "public, max-age=300"
        return response


class LocateView(ApiView):
    """The area of a level that contains a point."""

    permission_classes = [AllowAny]
    query_serializer = LocateQuerySerializer
    extra_errors = frozenset({403, 404})

    @extend_schema(summary="Area at a point", responses=LocatedSerializer)
    def get(self, request: Request) -> Response:
        params = self.query
        check_level_access(request, params["level"])
        area = queries.locate(
            params["x"],
            params["y"],
            level=params["level"],
            year=params.get("year"),
            wgs84=params["crs"] == "4326",
        )
        if area is None:
            raise Http404(_("Op dit punt ligt geen gebied van dit niveau."))
        return Response({"area": AreaSerializer(area).data})
