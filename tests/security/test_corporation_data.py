# SPDX-License-Identifier: EUPL-1.2
"""Complexes are a corporation's data: their outlines need a login and the monitor permission. What a
logged-in person receives is never kept in a shared cache, and downloads are not kept at all."""

from typing import Any

import pytest
from django.test import Client

from veerkracht.core.models import User

pytestmark = pytest.mark.slow

COMPLEX_URLS = [
    "/api/v1/areas/?level=complex",
    "/api/v1/areas/geojson/?level=complex",
    "/api/v1/areas/locate/?x=150000&y=400000&level=complex",
]


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.parametrize("url", COMPLEX_URLS)
def test_anonymous_visitors_get_no_complexes(demo: Any, url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 403
    assert "Log in" in response.json()["detail"] or "inloggen" in response.json()["detail"].lower()


@pytest.mark.parametrize("url", COMPLEX_URLS)
def test_a_person_without_the_monitor_permission_gets_no_complexes(demo: Any, url: str) -> None:
    response = _client("bewoner").get(url)
    assert response.status_code == 403
    assert "geen toegang" in response.json()["detail"]


def test_a_person_with_the_monitor_permission_gets_the_complexes(demo: Any) -> None:
    layer = _client("wijkbeheerder").get("/api/v1/areas/geojson/?level=complex")
    assert layer.status_code == 200
    assert layer.json()["features"], "the demo city has complexes"
    assert len(_client("wijkbeheerder").get("/api/v1/areas/?level=complex").json()) > 0


def test_public_geography_stays_public_and_cacheable(demo: Any) -> None:
    response = Client().get("/api/v1/areas/geojson/?level=buurt")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]


@pytest.mark.parametrize(
    "url",
    ["/", "/monitor/", "/api/v1/areas/geojson/?level=buurt", "/api/v1/areas/geojson/?level=complex"],
)
def test_what_a_logged_in_person_receives_is_private(demo: Any, url: str) -> None:
    response = _client("analist").get(url)
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "public" not in cache_control


def test_a_download_is_not_stored(demo: Any) -> None:
    response = _client("analist").get(
        f"/api/v1/analyses/{demo.run_id}/download/?indicator=inwoners&level=buurt&period=2022"
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
