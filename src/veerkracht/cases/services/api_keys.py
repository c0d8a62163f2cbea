# SPDX-License-Identifier: EUPL-1.2
"""API keys of partner systems and apps: made (shown once), checked, revoked; audited.

A key acts as an account of its own with one role in its organisation, so that the one visibility rule
and the services' own permission checks hold for systems exactly as for people (ADR 0020).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from veerkracht.cases.models import ApiKey
from veerkracht.core.models import Organisation, User
from veerkracht.core.roles import catalogue
from veerkracht.core.services import create_person, grant_role, record_audit

KEY_START = "vk_"
# Writing "last used" on every call would cost a write per melding; once in a while says enough.
LAST_USED_PRECISION = timedelta(minutes=5)


class ApiKeyError(ValueError):
    """A key that cannot be made or revoked (the message is in Dutch)."""


@dataclass(frozen=True)
class NewKey:
    """A key just made: ``secret`` is the key itself, shown this once and stored nowhere."""

    key: ApiKey
    secret: str


def hash_key(secret: str) -> str:
    """The stored form of a key: SHA-256 in hex.

    >>> hash_key("vk_abc")[:12]
    'be1255a7c5cd'
    """
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def create_api_key(organisation: Organisation, label: str, *, role: str, actor: User | None = None) -> NewKey:
    """Make a key for a system of ``organisation`` with ``role`` there; the secret is returned once."""
    label = label.strip()
    if not label:
        raise ApiKeyError("geef een omschrijving, bijvoorbeeld 'Meldingenapp Veerstad'")
    if len(label) > 200:
        raise ApiKeyError("de omschrijving is ten hoogste 200 tekens")
    roles = catalogue().roles
    if role not in roles:
        raise ApiKeyError(f"rol '{role}' bestaat niet; kies uit {', '.join(sorted(roles))}")
    if ApiKey.objects.filter(organisation=organisation, label=label).exists():
        raise ApiKeyError(f"{organisation.name} heeft al een sleutel '{label}'; kies een andere omschrijving")
    prefix = KEY_START + secrets.token_hex(4)
    secret = f"{prefix}_{secrets.token_urlsafe(32)}"
    # The account's name says which key and whose system it is; it has no password, so nobody logs in.
    username = f"{prefix}@api.{slugify(organisation.slug)[:60]}"
    account = create_person(username, None, first_name=label[:150], actor=actor)
    grant_role(account, organisation, role, actor=actor)
    key = ApiKey.objects.create(
        organisation=organisation,
        label=label,
        user=account,
        prefix=prefix,
        key_hash=hash_key(secret),
        created_by=actor,
    )
    record_audit(
        "api_key.created",
        actor=actor,
        organisation=organisation,
        object_type="api_key",
        object_id=key.pk,
        detail={"prefix": prefix, "label": label, "role": role},
    )
    return NewKey(key, secret)


@transaction.atomic
def revoke_api_key(prefix: str, *, actor: User | None = None) -> ApiKey:
    """Revoke a key (by its prefix): it stops working at once; its account can no longer be used."""
    key = (
        ApiKey.objects.select_for_update()
        .select_related("user", "organisation")
        .filter(prefix=prefix)
        .first()
    )
    if key is None:
        raise ApiKeyError(f"er is geen sleutel die begint met '{prefix}'")
    if key.revoked_at is not None:
        raise ApiKeyError(
            f"sleutel {prefix} is al ingetrokken op {timezone.localtime(key.revoked_at):%d-%m-%Y}"
        )
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    User.objects.filter(pk=key.user_id).update(is_active=False)
    record_audit(
        "api_key.revoked",
        actor=actor,
        organisation=key.organisation,
        object_type="api_key",
        object_id=key.pk,
        detail={"prefix": key.prefix, "label": key.label},
    )
    return key


def authenticate(secret: str) -> ApiKey | None:
    """The key a secret belongs to, when it is valid and not revoked; None otherwise."""
    if not secret.startswith(KEY_START) or len(secret) > 200:
        return None
    key = (
        ApiKey.objects.select_related("user", "organisation")
        .filter(key_hash=hash_key(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    # The lookup is by hash already; comparing again in constant time costs nothing and keeps the
    # check honest should the lookup ever change.
    if key is None or not hmac.compare_digest(key.key_hash, hash_key(secret)):
        return None
    _note_use(key)
    return key


def _note_use(key: ApiKey) -> None:
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_PRECISION:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
