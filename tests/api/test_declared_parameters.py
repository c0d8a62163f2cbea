# SPDX-License-Identifier: EUPL-1.2
"""Every endpoint reads only the query parameters it declares: a typo, a repeat or a format switch is a
400 with a Dutch message, never an answer that silently ignores it; the API answers in JSON only, also
where no endpoint matches; and a new endpoint gets all of this by subclassing ``ApiView``."""

from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import path
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from veerkracht.core.api import ApiView
from veerkracht.core.permissions import requires

pytestmark = pytest.mark.django_db


def test_an_unknown_parameter_is_refused_with_the_ones_that_exist(client: Client) -> None:
    response = client.get("/api/v1/areas/", {"levl": "wijk"})
    assert response.status_code == 400
    assert response.json() == {"levl": ["Onbekende parameter; deze vraag kent: level, year, gemeente."]}


def test_the_message_speaks_english_to_who_asks_for_it(client: Client) -> None:
    response = client.get("/api/v1/areas/", {"levl": "wijk"}, headers={"accept-language": "en"})
    assert response.json() == {"levl": ["Unknown parameter; this request knows: level, year, gemeente."]}


def test_a_parameter_given_twice_is_refused(client: Client) -> None:
    response = client.get("/api/v1/areas/?level=wijk&level=buurt")
    assert response.status_code == 400
    assert response.json() == {"level": ["Geef deze parameter één keer."]}


def test_a_value_the_parameter_does_not_allow_is_refused_in_dutch(client: Client) -> None:
    response = client.get("/api/v1/areas/", {"level": "provincie"})
    assert response.status_code == 400
    assert response.json() == {"level": ['"provincie" is een ongeldige keuze.']}


@pytest.mark.parametrize("query", ["?format=api", "?format=json", "?level=wijk&format=api"])
def test_there_is_no_format_switch_and_no_html(client: Client, query: str) -> None:
    response = client.get(f"/api/v1/areas/{query}", headers={"accept": "text/html"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "format" in response.json()


def test_a_refusal_comes_before_the_query_is_read(client: Client) -> None:
    """Who may not ask learns nothing from the answer, not even which parameters exist."""
    response = client.get("/api/v1/analyses/", {"onzin": "1"})
    assert response.status_code == 403
    assert set(response.json()) == {"detail"}


def test_a_path_under_the_api_that_matches_nothing_is_not_found_in_json(client: Client) -> None:
    response = client.get("/api/v1/bestaat-niet/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Niet gevonden."}
    assert client.get("/api/v1/analyses/abc/map/").json() == {"detail": "Niet gevonden."}
    page = client.get("/bestaat-niet/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


class _ExampleQuery(serializers.Serializer[dict[str, Any]]):
    colour = serializers.ChoiceField(choices=["rood", "groen"])
    count = serializers.IntegerField(min_value=1, default=1)
    tags = serializers.ListField(child=serializers.CharField(), required=False)


class _PublicExample(ApiView):
    """An endpoint as a later issue would add it."""

    permission_classes = [AllowAny]
    query_serializer = _ExampleQuery

    def get(self, request: Request) -> Response:
        return Response(self.query)


class _ProtectedExample(ApiView):
    permission_classes = [requires("monitor.view")]

    def get(self, request: Request, item_id: int) -> Response:
        return Response({})


urlpatterns = [
    path("api/v1/voorbeeld/", _PublicExample.as_view()),
    path("api/v1/voorbeeld/<int:item_id>/", _ProtectedExample.as_view()),
]


@override_settings(ROOT_URLCONF=__name__)
def test_a_new_endpoint_reads_its_declared_parameters_and_refuses_others(client: Client) -> None:
    assert client.get("/api/v1/voorbeeld/", {"colour": "rood"}).json() == {"colour": "rood", "count": 1}
    assert client.get("/api/v1/voorbeeld/", {"colour": "rood", "kleur": "rood"}).status_code == 400
    assert client.get("/api/v1/voorbeeld/", {"colour": "paars"}).status_code == 400
    assert client.get("/api/v1/voorbeeld/", {"colour": ["rood", "groen"]}).status_code == 400
    several = client.get("/api/v1/voorbeeld/", {"colour": "rood", "tags": ["a", "b"]})
    assert several.json()["tags"] == ["a", "b"], "a list parameter may be given more than once"
    assert client.get("/api/v1/voorbeeld/7/", {"x": "1"}).status_code == 403


def test_a_new_endpoint_documents_its_parameters_and_error_answers() -> None:
    import sys

    schema = SchemaGenerator(urlconf=sys.modules[__name__]).get_schema(request=None, public=True)
    public = schema["paths"]["/api/v1/voorbeeld/"]["get"]
    assert {p["name"] for p in public["parameters"]} == {"colour", "count", "tags"}
    assert set(public["responses"]) == {"200", "400"}, "public, and it names no object: no 403, no 404"
    protected = schema["paths"]["/api/v1/voorbeeld/{item_id}/"]["get"]
    assert set(protected["responses"]) == {"200", "400", "403", "404"}
    refusal = protected["responses"]["403"]["content"]["application/json"]["schema"]
    assert refusal == {"$ref": "#/components/schemas/Error"}
