# SPDX-License-Identifier: EUPL-1.2
"""Schemathesis over the whole OpenAPI schema, as an anonymous visitor, an analyst (monitor.view and
monitor.export, no meldingen) and a resident team member without monitor permissions (who reports meldingen),
and over the meldingen API also as a wijkbeheerder who handles them: no answer is a server error, and every
answer (status, content type, body) is one the schema documents.

The operations come from the schema itself, so an endpoint added later is tested here without a line in
this file; its query parameters and answers are declared as the README's developer section describes.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.test import Client
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from veerkracht.core.models import User
from veerkracht.core.permissions import has_permission

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# Who asks: None is anonymous; "bewoner" (a resident team member) has no monitor permission at all, and
# may report meldingen and read those they sent, not the work list.
VISITORS = {"anoniem": None, "analist": "analist", "zonder_monitor": "bewoner"}
# The meldingen API also for someone who handles meldingen (cases.view and cases.edit at Maasoever).
CASES_VISITORS = {"behandelaar": "wijkbeheerder"}

# Few examples per operation keep the run short on a small machine; the coverage phase adds the edge
# cases (missing, empty, too long, wrong type, unknown extra parameters) on top of these.
EXAMPLES_PER_OPERATION = 12


# Stands for the demo city's analysis run, whose number is known only once the city is built.
DEMO_RUN = 424242
# Stand for two meldingen of the demo, whose references (year and number) are known only once it is built:
# one a resident team found on a round for Woonstichting Maasoever (its team and Maasoever's staff read it),
# and one of Woonvereniging Heuvelrand, which none of the visitors here may read (404, as if there were none).
SHARED_MELDING = "M-2000-424242"
OTHER_CORPORATION_MELDING = "M-2000-424243"


def _config() -> SchemathesisConfig:
    """Values that exist in the demo city, so that most questions get past "not found" to the figures."""
    return SchemathesisConfig.from_dict(
        {
            "seed": 2021,
            "suppress-health-check": ["all"],
            "generation": {
                "max-examples": EXAMPLES_PER_OPERATION,
                "mode": "all",
                "database": "none",
                "deterministic": True,
            },
            "phases": {"stateful": {"enabled": False}},
            "dictionaries": {
                "runs": {"values": [DEMO_RUN]},
                "indicators": {"values": ["aandeel_kwetsbaar", "inwoners", "lbm_onv", "bijstand"]},
                "years": {"values": [2012, 2014, 2018, 2022, 2024]},
                "levels": {"values": ["buurt", "wijk", "rayon", "gemeente", "complex"]},
                "areas": {"values": ["BU50010000", "WK500100", "GM5001", "CX-0001"]},
                "gemeenten": {"values": ["GM5001"]},
                "rd_x": {"values": [162350.0]},
                "rd_y": {"values": [383350.0]},
                "meldingen": {"values": [SHARED_MELDING, OTHER_CORPORATION_MELDING]},
                "categories": {"values": ["vervuiling", "overlast", "burenruzie", "tuin", "parkeren"]},
                "statuses": {"values": ["gemeld", "in_behandeling", "wacht_op_melder", "teruggekoppeld"]},
                "organisations": {"values": ["woonstichting-maasoever", "woonvereniging-heuvelrand"]},
            },
            "parameters": {
                "path.run_id": {"dictionary": "runs", "probability": 0.8},
                "query.a": {"dictionary": "runs", "probability": 0.8},
                "query.b": {"dictionary": "runs", "probability": 0.8},
                "query.indicator": {"dictionary": "indicators", "probability": 0.8},
                "query.period": {"dictionary": "years", "probability": 0.7},
                "query.level": {"dictionary": "levels", "probability": 0.7},
                "query.area": {"dictionary": "areas", "probability": 0.7},
                "query.gemeente": {"dictionary": "gemeenten", "probability": 0.5},
                "query.x": {"dictionary": "rd_x", "probability": 0.5},
                "query.y": {"dictionary": "rd_y", "probability": 0.5},
                "path.reference": {"dictionary": "meldingen", "probability": 0.8},
                "query.category": {"dictionary": "categories", "probability": 0.6},
                "query.status": {"dictionary": "statuses", "probability": 0.5},
                "query.organisation": {"dictionary": "organisations", "probability": 0.5},
            },
        }
    )


@pytest.fixture
def connection_kept(demo: Any) -> Iterator[None]:
    """Requests go through the real WSGI handler, which closes the database connection when a request ends:
    that would end the test's transaction on PostgreSQL. Django's test client keeps it open the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


# The CSRF secret the logged-in visitors send, as cookie and header (as the web app's scripts do), so that
# their submissions reach the endpoint instead of stopping at the CSRF check.
CSRF_SECRET = "k" * 32
CSRF_HEADERS = {"X-CSRFToken": CSRF_SECRET}


@pytest.fixture
def cookies(connection_kept: None, visitor: str | None) -> dict[str, str]:
    """The visitor's session and CSRF cookies (none for the anonymous visitor)."""
    if visitor is None:
        return {}
    client = Client()
    client.force_login(User.objects.get(username=visitor))
    return {
        settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
        settings.CSRF_COOKIE_NAME: CSRF_SECRET,
    }


@pytest.fixture
def answers(visitor: str | None) -> Iterator[dict[str, Counter[int]]]:
    """Per operation the statuses seen; afterwards, checks that the run got past the doors it should."""
    seen: dict[str, Counter[int]] = defaultdict(Counter)
    yield seen
    assert seen, "schemathesis ran no request"
    user = None if visitor is None else User.objects.get(username=visitor)
    for operation, statuses in seen.items():
        print(f"{visitor or 'anoniem'} {operation}: {dict(sorted(statuses.items()))}")
        permission, by_session = _door(operation)
        if operation.startswith("GET ") and by_session and (permission is None or _may(user, permission)):
            assert statuses[200] > 0, f"{operation}: no example got an answer with figures for {visitor}"
        elif not by_session or (permission is not None and not _may(user, permission)):
            # A logged-in visitor's submission is read for its CSRF token before the permission check: a body
            # that cannot be read is refused as such (400, 415), whoever sends it.
            assert set(statuses) <= {400, 401, 403, 404, 415}, f"{operation} answered {visitor}: {statuses}"
            assert statuses[401] + statuses[403] > 0, f"{operation}: {visitor} was never refused"


def _may(user: User | None, permission: str | tuple[str, ...]) -> bool:
    """Whether the person holds the permission (or, for a tuple, any of them) somewhere."""
    alternatives = (permission,) if isinstance(permission, str) else permission
    return user is not None and any(has_permission(user, one) for one in alternatives)


def _door(operation: str) -> tuple[str | tuple[str, ...] | None, bool]:
    """The permission an operation asks for (None: public; a tuple: any of them) and whether a logged-in
    session opens it (endpoints for other systems take a key instead), read from the view the URL resolves
    to, for the operation's method, so an endpoint added later needs no line here."""
    from django.urls import resolve

    method, route = operation.split(" ", 1)
    path = re.sub(r"\{[^}]+\}", "1", route)
    view = resolve(path).func.cls()  # type: ignore[attr-defined]
    view.request = SimpleNamespace(method=method)  # a view may ask more of one method (a submission)
    permissions = [getattr(door, "permission", None) for door in view.get_permissions()]
    required = next((permission for permission in permissions if permission), None)
    by_session = any(scheme.__name__ == "SessionAuthentication" for scheme in view.authentication_classes)
    return required, by_session


def _load_schema() -> Any:
    """The schema as the app serves it (read once, when the tests are collected; it needs no database)."""
    from veerkracht.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=_config())


schema = _load_schema()


def _with_demo_run(case: Any, run_id: int) -> None:
    """Put the demo run's number where the generator chose the stand-in."""
    for values in (case.path_parameters, case.query):
        for name in ("run_id", "a", "b"):
            if values and values.get(name) == DEMO_RUN:
                values[name] = run_id


@pytest.fixture
def demo_meldingen(demo: Any) -> dict[str, str]:
    """The real reference of each melding a stand-in names."""
    from veerkracht.cases.access import can_view
    from veerkracht.cases.models import Melding

    handler = User.objects.get(username=CASES_VISITORS["behandelaar"])
    shared = next(
        melding
        for melding in Melding.objects.filter(submitted_by__username="bewoner").order_by("pk")
        if can_view(handler, melding)
    )
    other = Melding.objects.filter(organisation__name="Woonvereniging Heuvelrand").order_by("pk").first()
    assert other is not None, "the demo has meldingen of a second corporation"
    return {SHARED_MELDING: shared.reference, OTHER_CORPORATION_MELDING: other.reference}


def _with_demo_melding(case: Any, references: dict[str, str]) -> None:
    """Put a demo melding's reference where the generator chose a stand-in."""
    if case.path_parameters and case.path_parameters.get("reference") in references:
        case.path_parameters["reference"] = references[case.path_parameters["reference"]]


@pytest.mark.parametrize("visitor", list(VISITORS.values()), ids=list(VISITORS))
@schema.parametrize()
def test_every_answer_is_documented_and_none_is_a_server_error(
    case: Any,
    demo: Any,
    demo_meldingen: dict[str, str],
    cookies: dict[str, str],
    answers: dict[str, Counter[int]],
) -> None:
    _with_demo_run(case, demo.run_id)
    _with_demo_melding(case, demo_meldingen)
    response = case.call_and_validate(cookies=cookies, headers=CSRF_HEADERS, checks=CHECKS)
    if case.method.upper() == case.operation.method.upper():  # not the coverage phase's other methods
        answers[case.operation.label][response.status_code] += 1


@pytest.mark.parametrize("visitor", list(CASES_VISITORS.values()), ids=list(CASES_VISITORS))
@schema.include(path_regex=r"^/api/v1/meldingen/").parametrize()
def test_the_meldingen_api_answers_who_handles_meldingen_as_documented(
    case: Any, demo_meldingen: dict[str, str], cookies: dict[str, str], answers: dict[str, Counter[int]]
) -> None:
    _with_demo_melding(case, demo_meldingen)
    response = case.call_and_validate(cookies=cookies, headers=CSRF_HEADERS, checks=CHECKS)
    if case.method.upper() == case.operation.method.upper():
        answers[case.operation.label][response.status_code] += 1


# What the monitor page asks (frontend/monitor.js) and offers as downloads (analysis/monitor.html), with
# areas of every status: these answers fit the schema whatever the generator above happened to pick.
_RUN = "/api/v1/analyses/{run_id}"
MONITOR_QUESTIONS = {
    "map": (
        f"{_RUN}/map/",
        {"indicator": "bijstand", "level": "buurt", "period": 2022, "scheme": "quantiles"},
    ),
    "map without figures at the level": (
        f"{_RUN}/map/",
        {"indicator": "lbm_onv", "level": "complex", "period": 2022, "scheme": "quantiles"},
    ),
    "classes": (f"{_RUN}/classes/", {"level": "buurt"}),
    "hotspots": (f"{_RUN}/hotspots/", {}),
    "series of a score": (f"{_RUN}/series/", {"area": "BU50010000", "indicator": "lbm_onv"}),
    "series of a count": (f"{_RUN}/series/", {"area": "BU50010000", "indicator": "inwoners"}),
    **{
        f"download {filetype}": (
            f"{_RUN}/download/",
            {"indicator": "bijstand", "level": "buurt", "period": 2022, "filetype": filetype},
        )
        for filetype in ("csv", "csv-plain", "geojson", "gpkg")
    },
    **{
        f"classes download {filetype}": (
            f"{_RUN}/classes/download/",
            {"level": "buurt", "filetype": filetype},
        )
        for filetype in ("csv", "csv-plain", "geojson", "gpkg")
    },
}


@pytest.mark.parametrize("visitor", ["analist"])
@pytest.mark.parametrize("question", list(MONITOR_QUESTIONS))
def test_the_monitor_pages_questions_get_documented_answers(
    demo: Any, cookies: dict[str, str], question: str
) -> None:
    path, query = MONITOR_QUESTIONS[question]
    case = schema[path]["GET"].Case(path_parameters={"run_id": demo.run_id}, query=query)
    response = case.call_and_validate(cookies=cookies, checks=CHECKS)
    assert response.status_code == 200, response.text[:300]
    media_type = response.headers["content-type"][0].split(";")[0]
    if media_type.endswith("json"):
        documented = case.operation.definition.raw["responses"]["200"]["content"][media_type]["schema"]
        assert _undocumented(response.json(), documented) == [], "every field the answer has is in the schema"


def _undocumented(value: Any, node: dict[str, Any], where: str = "") -> list[str]:
    """Fields of ``value`` that the schema ``node`` does not name (the schema allows extra ones)."""
    while "$ref" in node or "allOf" in node:
        node = node["allOf"][0] if "allOf" in node else _component(node["$ref"])
    if "oneOf" in node:
        if "discriminator" in node:
            chosen = node["discriminator"]["mapping"][value[node["discriminator"]["propertyName"]]]
            return _undocumented(value, {"$ref": chosen}, where)
        return min((_undocumented(value, option, where) for option in node["oneOf"]), key=len)
    if isinstance(value, list):
        return [f for i, item in enumerate(value) for f in _undocumented(item, node.get("items", {}), where)]
    if not isinstance(value, dict) or not node:
        return []
    if "properties" not in node:
        inner = node.get("additionalProperties", {})
        return [f for key, item in value.items() for f in _undocumented(item, inner, f"{where}.*")]
    missing = [f"{where}.{key}" for key in value if key not in node["properties"]]
    return missing + [
        f
        for key, item in value.items()
        if key in node["properties"]
        for f in _undocumented(item, node["properties"][key], f"{where}.{key}")
    ]


def _component(reference: str) -> dict[str, Any]:
    return dict(schema.raw_schema["components"]["schemas"][reference.rsplit("/", 1)[1]])


@pytest.mark.parametrize("visitor", ["analist"])
def test_an_area_without_a_class_is_documented_too(
    demo: Any, cookies: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo classifies every area; a run that left one out answers it as "no_data"."""
    from veerkracht.analysis import layers

    classes = layers.queries.classes
    monkeypatch.setattr(layers.queries, "classes", lambda run, level=None: classes(run, level).iloc[1:])
    case = schema[f"{_RUN}/classes/"]["GET"].Case(path_parameters={"run_id": demo.run_id}, query={})
    response = case.call_and_validate(cookies=cookies, checks=CHECKS)
    statuses = [area["status"] for area in response.json()["areas"].values()]
    assert statuses.count("no_data") == 1 and response.json()["no_data"]["count"] == 1
