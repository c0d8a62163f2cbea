# SPDX-License-Identifier: EUPL-1.2
"""Guessing passwords is stopped: after a number of failures per user name or per address the login is
refused for a while, with a plain Dutch message; the administrator can lift it; nothing typed as a user
name that does not exist is kept."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from click.testing import CliRunner
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fresh_process import settings_in_fresh_process
from veerkracht.cli.main import cli
from veerkracht.core.models import AuditEvent, Organisation, User
from veerkracht.core.services import create_organisation, create_person, grant_role

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-wachtwoord-2024"
LOCKED = "Te veel mislukte pogingen"


@pytest.fixture
def people() -> list[User]:
    organisation = Organisation.objects.first() or create_organisation("Gemeente Proefstad", "gemeente")
    result = []
    for name in ("anouk", "bram"):
        user = create_person(name, PASSWORD)
        grant_role(user, organisation, "analist")
        result.append(user)
    return result


def _limit(settings: Any) -> int:
    # Read with a default so that the test fails on behaviour, not on a missing setting, before the fix.
    return int(getattr(settings, "AXES_FAILURE_LIMIT", 5))


def _login(client: Client, username: str, password: str, address: str = "192.0.2.10") -> Any:
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(client: Client, username: str, times: int, address: str = "192.0.2.10") -> None:
    for _ in range(times):
        # The failure that reaches the limit is answered with the lockout page itself.
        assert _login(client, username, "fout", address).status_code in (200, 429)


def test_one_failure_short_of_the_limit_the_right_password_still_works(
    client: Client, people: list[User], settings: Any
) -> None:
    _fail(client, "anouk", _limit(settings) - 1)
    assert _login(client, "anouk", PASSWORD).status_code == 302


def test_at_the_limit_even_the_right_password_is_refused_with_a_clear_message(
    client: Client, people: list[User], settings: Any
) -> None:
    _fail(client, "anouk", _limit(settings))
    response = _login(client, "anouk", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page and "30 minuten" in page and "functioneel beheerder" in page
    assert "_auth_user_id" not in client.session


def test_a_user_name_is_locked_from_every_address(client: Client, people: list[User], settings: Any) -> None:
    for number in range(_limit(settings)):
        _fail(client, "anouk", 1, address=f"192.0.2.{number + 20}")
    assert _login(client, "anouk", PASSWORD, address="198.51.100.7").status_code == 429
    assert _login(client, "bram", PASSWORD, address="198.51.100.8").status_code == 302, "others go on"


def test_an_address_that_tries_many_user_names_is_locked(
    client: Client, people: list[User], settings: Any
) -> None:
    for number in range(_limit(settings)):
        _fail(client, f"gok{number}", 1, address="203.0.113.5")
    assert _login(client, "bram", PASSWORD, address="203.0.113.5").status_code == 429
    assert _login(Client(), "bram", PASSWORD, address="203.0.113.6").status_code == 302


def test_the_lockout_ends_after_the_cool_off_and_not_before(
    client: Client, people: list[User], settings: Any
) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        _fail(client, "anouk", _limit(settings))
        clock.move_to(start + dt.timedelta(minutes=29))
        assert _login(client, "anouk", PASSWORD).status_code == 429
        clock.move_to(start + dt.timedelta(minutes=31))
        assert _login(client, "anouk", PASSWORD).status_code == 302


def test_the_administrator_lifts_a_lockout(client: Client, people: list[User], settings: Any) -> None:
    _fail(client, "anouk", _limit(settings))
    assert _login(client, "anouk", PASSWORD).status_code == 429
    result = CliRunner().invoke(cli, ["unlock-login", "anouk"])
    assert result.exit_code == 0, result.output
    assert "anouk" in result.output
    assert _login(client, "anouk", PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(action="auth.unlocked", detail__username="anouk").exists()


def test_unlocking_an_address_lifts_its_lockout(client: Client, people: list[User], settings: Any) -> None:
    for number in range(_limit(settings)):
        _fail(client, f"gok{number}", 1, address="203.0.113.9")
    result = CliRunner().invoke(cli, ["unlock-login", "--address", "203.0.113.9"])
    assert result.exit_code == 0, result.output
    assert _login(client, "bram", PASSWORD, address="203.0.113.9").status_code == 302


def test_what_was_typed_as_an_unknown_user_name_is_kept_nowhere(client: Client, people: list[User]) -> None:
    typed = "Geheim-Wachtwoord-123"  # people type their password in the user name field
    _login(client, typed, "iets")
    failure = AuditEvent.objects.get(action="auth.login_failed")
    row = str(AuditEvent.objects.filter(pk=failure.pk).values().get())
    assert typed not in row and typed.lower() not in row.lower()
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.exists(), "the failure still counts towards the address's limit"
    assert typed.lower() not in str(list(AccessAttempt.objects.values())).lower()


def test_a_failure_for_a_known_user_name_names_the_person(client: Client, people: list[User]) -> None:
    _login(client, "anouk", "fout")
    failure = AuditEvent.objects.get(action="auth.login_failed")
    assert failure.detail["username"] == "anouk"


def test_the_limit_and_cool_off_come_from_the_environment() -> None:
    seen = settings_in_fresh_process(
        {"VEERKRACHT_LOGIN_FAILURE_LIMIT": "3", "VEERKRACHT_LOGIN_COOLOFF_MINUTES": "10"},
        "AXES_FAILURE_LIMIT",
        "AXES_COOLOFF_TIME",
    )
    assert seen == {"AXES_FAILURE_LIMIT": 3, "AXES_COOLOFF_TIME": "0:10:00"}
    defaults = settings_in_fresh_process({}, "AXES_FAILURE_LIMIT", "AXES_COOLOFF_TIME")
    assert defaults == {"AXES_FAILURE_LIMIT": 5, "AXES_COOLOFF_TIME": "0:30:00"}
