# SPDX-License-Identifier: EUPL-1.2
"""The OpenAPI schema describes every answer: it builds without warnings, every operation shows the
shape of its success body (never a bare object), and declares its error answers."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client: Client) -> dict[str, Any]:
    return dict(json.loads(client.get("/api/schema/?format=json").content))


def _operations(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{method.upper()} {route}", op)
        for route, item in schema["paths"].items()
        for method, op in item.items()
    ]


def test_the_schema_builds_without_a_warning_and_is_valid_openapi(tmp_path: Path) -> None:
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert (tmp_path / "schema.yaml").stat().st_size > 10_000


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def test_every_success_body_has_a_declared_shape(schema: dict[str, Any]) -> None:
    vague = []
    for label, operation in _operations(schema):
        successes = {status: answer for status, answer in operation["responses"].items() if status[0] == "2"}
        assert successes, f"{label} declares its success answer"
        for status, answer in successes.items():
            for media_type, content in answer["content"].items():
                body = _resolve(schema, content["schema"])
                body = _resolve(schema, body.get("items", body))
                if body.get("format") == "binary":
                    continue  # files: CSV and GeoPackage
                if not body.get("properties"):
                    vague.append(f"{label} {status} {media_type}")
    assert not vague, f"these answers are a bare object in the schema: {vague}"


def test_every_operation_declares_its_error_answers(schema: dict[str, Any]) -> None:
    for label, operation in _operations(schema):
        responses = operation["responses"]
        assert "400" in responses, f"{label}: unknown parameters are refused"
        if "{" in label:
            assert "404" in responses, f"{label}: names an object in its path"
        if operation.get("security") and {} not in operation["security"]:
            assert {"401", "403"} & set(responses), f"{label}: needs a login or a key"
        assert operation.get("summary"), f"{label}: the docs name it in a few words"
        for status in set(responses) - {"200"}:
            assert responses[status]["description"], f"{label} {status} says what it means"


def test_complexes_make_the_public_areas_endpoints_declare_a_refusal(schema: dict[str, Any]) -> None:
    for route in ("/api/v1/areas/", "/api/v1/areas/geojson/", "/api/v1/areas/locate/"):
        assert {"400", "403", "404"} <= set(schema["paths"][route]["get"]["responses"])


@pytest.mark.parametrize(
    "route", ["/api/v1/analyses/{run_id}/download/", "/api/v1/analyses/{run_id}/classes/download/"]
)
def test_both_downloads_declare_their_four_file_types_and_what_each_answers(
    schema: dict[str, Any], route: str
) -> None:
    operation = schema["paths"][route]["get"]
    filetype = next(p for p in operation["parameters"] if p["name"] == "filetype")
    assert filetype["schema"]["enum"] == ["csv", "csv-plain", "geojson", "gpkg"]
    assert "Excel" in filetype["description"] and "plain CSV" in filetype["description"]
    answers = operation["responses"]["200"]["content"]
    assert set(answers) == {"text/csv", "application/geo+json", "application/geopackage+sqlite3"}
    assert _resolve(schema, answers["application/geo+json"]["schema"])["properties"]["features"]


def test_the_monitor_layers_declare_a_status_per_area(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    assert set(components["RunMap"]["properties"]) >= {"suppressed", "no_data", "areas", "legend"}
    assert "label" in components["LegendBin"]["properties"]
    assert set(components["ClassLegendEntry"]["properties"]) == {
        "key",
        "label",
        "description",
        "colour",
        "accessible_colour",
        "pattern",
        "count",
    }
    areas = components["RunClasses"]["properties"]["areas"]["additionalProperties"]
    assert _resolve(schema, areas)["discriminator"]["propertyName"] == "status"
    assert set(components["Hotspots"]["properties"]) == {"type", "features", "buurten"}
