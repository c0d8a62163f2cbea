# SPDX-License-Identifier: EUPL-1.2
"""API keys of partner systems and apps: made (shown once), checked, revoked; audited.

A key acts as an account of its own with one role in its organisation, so that the one visibility rule
and the services' own permission checks hold for systems exactly as for people (ADR 0020).
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from veerkracht.cases.access import GRANTS_ATTRIBUTE, Grants, grants_of
from veerkracht.cases.models import ApiKey
from veerkracht.core.models import Organisation, User
from veerkracht.core.roles import catalogue
from veerkracht.core.services import create_person, grant_role, record_audit

KEY_START = "vk_"
# Writing "last used" on every call would cost a write per melding; once in a while says enough.
LAST_USED_PRECISION = timedelta(minutes=5)
# How long a server process keeps a checked key (see authenticate).
REMEMBER_KEY = timedelta(seconds=5)
_REMEMBERED_KEYS = 1000
_remembered_lock = threading.Lock()
_remembered: dict[str, tuple[float, ApiKey, Grants]] = {}


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
    forget_remembered_keys()
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
    """The key a secret belongs to, when it is valid and not revoked; None otherwise.

    A key found is remembered in this process for ``REMEMBER_KEY`` (a system sends many requests in a
    row; each would otherwise read the key, its account and the account's roles again). Revoking a key
    forgets it in the revoking process at once; other server processes stop accepting it within
    ``REMEMBER_KEY``.
    """
    if not secret.startswith(KEY_START) or len(secret) > 200:
        return None
    hashed = hash_key(secret)
    now = time.monotonic()
    with _remembered_lock:
        remembered = _remembered.get(hashed)
    if remembered is not None and remembered[0] > now:
        key = copy.copy(remembered[1])
        # An account object of the request's own, so a request that changes it changes no other.
        key.user = copy.copy(key.user)
        setattr(key.user, GRANTS_ATTRIBUTE, remembered[2])
    else:
        found = (
            ApiKey.objects.select_related("user", "organisation")
            .filter(key_hash=hashed, revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        # The lookup is by hash already; comparing again in constant time costs nothing and keeps the
        # check honest should the lookup ever change.
        if found is None or not hmac.compare_digest(found.key_hash, hashed):
            return None
        key = found
        with _remembered_lock:
            if len(_remembered) > _REMEMBERED_KEYS:
                _remembered.clear()
            _remembered[hashed] = (now + REMEMBER_KEY.total_seconds(), key, grants_of(key.user))
    _note_use(key)
    return key


def forget_remembered_keys() -> None:
    """Forget every key this process remembered (a key was revoked, or an account's roles changed)."""
    with _remembered_lock:
        _remembered.clear()


def _note_use(key: ApiKey) -> None:
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_PRECISION:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
