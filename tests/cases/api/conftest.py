# SPDX-License-Identifier: EUPL-1.2
"""The meldingen API's tests: the small test city of ``tests/cases``, clients for people and for API keys."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from pytest_django.live_server_helper import LiveServer

from veerkracht.cases.services.api_keys import NewKey, create_api_key
from veerkracht.core.models import User

from ..conftest import IN_BUURT_1, City


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    """pytest-django's live server, on 127.0.0.1 only (its default, "localhost", may also mean ::1)."""
    server = LiveServer("127.0.0.1")
    yield server
    server.stop()


def as_person(user: User) -> Client:
    """A client logged in as this person (the web app's session)."""
    client = Client()
    client.force_login(user)
    return client


class KeyClient(Client):
    """A client that sends an API key with every request, as a partner system does."""

    def __init__(self, secret: str) -> None:
        super().__init__(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.fixture
def system_key(city: City) -> NewKey:
    """A key of Woonstichting Test's partner system, with the wijkbeheerder's role there."""
    return create_api_key(city.corporation, "Klantsysteem", role="wijkbeheerder")


@pytest.fixture
def system(system_key: NewKey) -> KeyClient:
    return KeyClient(system_key.secret)


def melding_body(**changes: Any) -> dict[str, Any]:
    """A melding as a system submits it (JSON), with changes."""
    body: dict[str, Any] = {
        "category": "vervuiling",
        "subcategory": "zwerfafval",
        "description": "Er ligt afval naast de container.",
        "location": {"address": "Maasstraat 1", "x": IN_BUURT_1[0], "y": IN_BUURT_1[1]},
        "reporter": {
            "kind": "tenant",
            "name": "Jan Jansen",
            "email": "jan@example.nl",
            "phone": "06-12345678",
        },
        "external_reference": "KS-1",
    }
    body.update(changes)
    return body
