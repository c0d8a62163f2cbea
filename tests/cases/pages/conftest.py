# SPDX-License-Identifier: EUPL-1.2
"""The meldingen pages read the small test city of ``tests/cases/conftest.py``; here: people logged in."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from ..conftest import City


@pytest.fixture
def client_of(city: City) -> Any:
    """A test client logged in as one of the city's people (by username)."""

    def make(username: str) -> Client:
        client = Client()
        client.force_login(city[username])
        return client

    return make


def comparable(response: Any) -> bytes:
    """A page without what differs per request anyway: the CSRF token and the path asked for."""
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
    return body.replace(response.wsgi_request.path.encode(), b"{path}")
