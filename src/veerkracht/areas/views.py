# SPDX-License-Identifier: EUPL-1.2
"""Pages of the areas app: the home page with the map of the loaded city."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from veerkracht.areas import queries as area_queries
from veerkracht.areas.models import Area


def home(request: HttpRequest) -> HttpResponse:
    """The home page: a map of the loaded city's buurten with wijken and rayons as layers."""
    extent = area_queries.extent_wgs84("buurt")
    layers = [
        {"level": level, "label": label, "count": area_queries.current().filter(level=level).count()}
        for level, label in (("buurt", _("Buurten")), ("wijk", _("Wijken")), ("rayon", _("Rayons")))
    ]
    gemeenten = list(area_queries.current().filter(level="gemeente").order_by("name").values("code", "name"))
    buurten = list(
        area_queries.current()
        .filter(level="buurt")
        .select_related("parent")
        .order_by("parent__code", "code")[:500]
    )
    synthetic = area_queries.current().filter(synthetic=True).exists()
    return render(
        request,
        "areas/home.html",
        {
            "extent": list(extent) if extent else None,
            "layers": [layer for layer in layers if layer["count"]],
            "gemeenten": gemeenten,
            "buurten": buurten,
            "buurten_total": area_queries.current().filter(level="buurt").count(),
            "synthetic": synthetic,
            "has_areas": Area.objects.exists(),
            "privacy_threshold": settings.VEERKRACHT_PRIVACY_THRESHOLD,
            "map_labels": {
                "buurt": _("Buurt"),
                "wijk": _("Wijk"),
                "rayon": _("Rayon"),
                "gemeente": _("Gemeente"),
                "code": _("Code"),
                "in": _("ligt in"),
                "synthetic": _("synthetisch"),
                "error": _("De kaart kon niet laden."),
            },
        },
    )
