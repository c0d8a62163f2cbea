# SPDX-License-Identifier: EUPL-1.2
"""``veerkracht cases api-key``: a key is shown once, stored as a hash, listed without it, revoked at once."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from click.testing import CliRunner, Result

from veerkracht.cases.models import ApiKey
from veerkracht.cli.main import cli
from veerkracht.core.models import AuditEvent

from ..conftest import City
from .conftest import KeyClient, melding_body


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["cases", "api-key", *args])


def submit(secret: str) -> Any:
    return KeyClient(secret).post(
        "/api/v1/meldingen/", json.dumps(melding_body()), content_type="application/json"
    )


def test_a_key_is_printed_once_and_only_its_hash_is_kept(city: City) -> None:
    made = run("create", "--organisation", "Woonstichting Test", "--label", "Klantsysteem")
    assert made.exit_code == 0, made.output
    secret = made.output.strip().splitlines()[-1]
    assert secret.startswith("vk_") and len(secret) > 50
    key = ApiKey.objects.get()
    assert key.key_hash == hashlib.sha256(secret.encode()).hexdigest() and secret not in str(key.__dict__)
    assert key.user.memberships.get().role == "partner" and not key.user.has_usable_password()
    assert submit(secret).status_code == 201
    listed = run("list")
    assert key.prefix in listed.output and "Klantsysteem" in listed.output and secret not in listed.output
    assert AuditEvent.objects.filter(action="api_key.created", detail__prefix=key.prefix).exists()


def test_a_revoked_key_no_longer_works(city: City) -> None:
    secret = (
        run("create", "--organisation", "woonstichting-test", "--label", "App")
        .output.strip()
        .splitlines()[-1]
    )
    prefix = ApiKey.objects.get().prefix
    revoked = run("revoke", prefix)
    assert revoked.exit_code == 0 and "ingetrokken" in revoked.output
    assert submit(secret).status_code == 403
    assert "ingetrokken" in run("list").output
    again = run("revoke", prefix)
    assert again.exit_code != 0 and "al ingetrokken" in again.output


def test_mistakes_are_named_in_dutch(city: City) -> None:
    unknown = run("create", "--organisation", "Nergens", "--label", "x")
    assert unknown.exit_code != 0 and "organisatie 'Nergens' bestaat niet" in unknown.output
    bad_role = run("create", "--organisation", "Woonstichting Test", "--label", "x", "--role", "baas")
    assert bad_role.exit_code != 0 and "rol 'baas' bestaat niet" in bad_role.output
    run("create", "--organisation", "Woonstichting Test", "--label", "Dubbel")
    twice = run("create", "--organisation", "Woonstichting Test", "--label", "Dubbel")
    assert twice.exit_code != 0 and "heeft al een sleutel 'Dubbel'" in twice.output
    assert "geen sleutel die begint met" in run("revoke", "vk_onbekend").output
