# SPDX-License-Identifier: EUPL-1.2
"""Odd requests get a plain answer instead of a server error, and a session ends after a working day or
half an hour without activity."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fresh_process import settings_in_fresh_process
from veerkracht.analysis.models import AnalysisRun
from veerkracht.core.models import User

pytestmark = pytest.mark.slow

TOO_BIG = str(2**64)


def _client(username: str = "analist") -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _unfinished_run(demo: Any, status: str) -> int:
    run = AnalysisRun.objects.get(pk=demo.run_id)
    run.pk = None
    run.status = status
    run.manifest = {}
    run.save()
    return int(run.pk)


@pytest.mark.parametrize("status", [AnalysisRun.Status.FAILED, AnalysisRun.Status.RUNNING])
def test_comparing_with_a_run_that_did_not_succeed_is_not_found(demo: Any, status: str) -> None:
    other = _unfinished_run(demo, status)
    response = _client().get("/api/v1/analyses/compare/", {"a": demo.run_id, "b": other})
    assert response.status_code == 404
    assert "niet geslaagd" in response.json()["detail"]


@pytest.mark.parametrize("query", [{"a": TOO_BIG, "b": "1"}, {"a": "1", "b": "-1"}, {"a": "x", "b": "1"}])
def test_comparing_with_an_impossible_run_number_is_a_bad_request(demo: Any, query: dict[str, str]) -> None:
    response = _client().get("/api/v1/analyses/compare/", query)
    assert response.status_code == 400
    assert "run-nummer" in str(response.json())


@pytest.mark.parametrize(
    ("endpoint", "query"),
    [
        ("map", {"indicator": "inwoners", "level": "buurt", "period": "2022"}),
        ("classes", {"level": "buurt"}),
        ("series", {"indicator": "inwoners", "area": "GM5001"}),
        ("download", {"indicator": "inwoners", "level": "buurt", "period": "2022"}),
    ],
)
def test_a_run_number_beyond_64_bits_in_the_path_is_not_found(
    demo: Any, endpoint: str, query: dict[str, str]
) -> None:
    response = _client().get(f"/api/v1/analyses/{TOO_BIG}/{endpoint}/", query)
    assert response.status_code == 404


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session and client.get(reverse("monitor")).status_code == 200


def _log_in(client: Client) -> None:
    client.force_login(User.objects.get(username="analist"))


def test_a_session_survives_29_idle_minutes_but_not_31(demo: Any) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client = Client()
        _log_in(client)
        assert client.get("/").status_code == 200
        clock.move_to(start + dt.timedelta(minutes=29))
        assert _logged_in(client)
        clock.move_to(start + dt.timedelta(minutes=29 + 31))
        assert not _logged_in(client)
        assert client.get(reverse("monitor")).status_code == 302, "back to the login page"


def test_activity_keeps_a_session_for_8_hours_and_not_longer(demo: Any) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client = Client()
        _log_in(client)
        now = start
        while now < start + dt.timedelta(hours=7, minutes=50):
            now += dt.timedelta(minutes=20)
            clock.move_to(now)
            assert client.get("/").status_code == 200
        clock.move_to(start + dt.timedelta(hours=7, minutes=59))
        assert _logged_in(client)
        clock.move_to(start + dt.timedelta(hours=8, minutes=1))
        assert not _logged_in(client)


def test_the_session_limits_come_from_the_environment() -> None:
    seen = settings_in_fresh_process(
        {"VEERKRACHT_SESSION_HOURS": "2", "VEERKRACHT_SESSION_IDLE_MINUTES": "10"},
        "SESSION_COOKIE_AGE",
        "VEERKRACHT_SESSION_IDLE_SECONDS",
    )
    assert seen == {"SESSION_COOKIE_AGE": 7200, "VEERKRACHT_SESSION_IDLE_SECONDS": 600}
    defaults = settings_in_fresh_process({}, "SESSION_COOKIE_AGE", "VEERKRACHT_SESSION_IDLE_SECONDS")
    assert defaults == {"SESSION_COOKIE_AGE": 8 * 3600, "VEERKRACHT_SESSION_IDLE_SECONDS": 30 * 60}
