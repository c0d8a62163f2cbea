# SPDX-License-Identifier: EUPL-1.2
"""Schemathesis over the whole OpenAPI schema, as an anonymous visitor, an analyst (monitor.view and
monitor.export) and a resident team member without monitor permissions: no answer is a server error, and
every answer (status, content type, body) is one the schema documents.

The operations come from the schema itself, so an endpoint added later is tested here without a line in
this file; its query parameters and answers are declared as the README's developer section describes.
"""

from collections import Counter, defaultdict
from collections.abc import Iterator
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

# Who asks: None is anonymous; "bewoner" (a resident team member) has no monitor permission at all.
VISITORS = {"anoniem": None, "analist": "analist", "zonder_monitor": "bewoner"}

# Few examples per operation keep the run short on a small machine; the coverage phase adds the edge
# cases (missing, empty, too long, wrong type, unknown extra parameters) on top of these.
EXAMPLES_PER_OPERATION = 12


# Stands for the demo city's analysis run, whose number is known only once the city is built.
DEMO_RUN = 424242


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


@pytest.fixture
def cookies(connection_kept: None, visitor: str | None) -> dict[str, str]:
    """The visitor's session cookie (none for the anonymous visitor)."""
    if visitor is None:
        return {}
    client = Client()
    client.force_login(User.objects.get(username=visitor))
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


@pytest.fixture
def answers(visitor: str | None) -> Iterator[dict[str, Counter[int]]]:
    """Per operation the statuses seen; afterwards, checks that the run got past the doors it should."""
    seen: dict[str, Counter[int]] = defaultdict(Counter)
    yield seen
    assert seen, "schemathesis ran no request"
    user = None if visitor is None else User.objects.get(username=visitor)
    for operation, statuses in seen.items():
        print(f"{visitor or 'anoniem'} {operation}: {dict(sorted(statuses.items()))}")
        public = operation.startswith("GET /api/v1/areas")
        if public or (user is not None and has_permission(user, "monitor.view")):
            assert statuses[200] > 0, f"{operation}: no example got an answer with figures for {visitor}"
        else:
            assert set(statuses) <= {400, 403, 404}, f"{operation} answered {visitor}: {statuses}"
            assert statuses[403] > 0, f"{operation}: {visitor} was never refused"


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


@pytest.mark.parametrize("visitor", list(VISITORS.values()), ids=list(VISITORS))
@schema.parametrize()
def test_every_answer_is_documented_and_none_is_a_server_error(
    case: Any, demo: Any, cookies: dict[str, str], answers: dict[str, Counter[int]]
) -> None:
    _with_demo_run(case, demo.run_id)
    response = case.call_and_validate(cookies=cookies, checks=CHECKS)
    if case.method.upper() == case.operation.method.upper():  # not the coverage phase's other methods
        answers[case.operation.label][response.status_code] += 1
