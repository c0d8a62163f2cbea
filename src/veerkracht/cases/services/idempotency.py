# SPDX-License-Identifier: EUPL-1.2
"""Idempotency keys: a retried submission gets the first answer instead of doing the work twice.

A client (a person, or the account of an API key) sends a key of its choosing with a submission. The
first submission with that key claims it, does the work and stores its answer in the same transaction; a
retry with the same key and the same request gets that answer again (same status, same body), and the
same key with another request is refused. A claim of a key that another request holds waits for that
request's transaction, so two copies of one submission sent at the same moment also do the work once.
Only successful answers are kept: a submission refused for bad input may be corrected and sent again
under the same key. Records expire (``VEERKRACHT_IDEMPOTENCY_HOURS``, 7 days by default); a claim
treats an expired record of its key as absent, and removes its client's expired records (at most every
five minutes per server process).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from veerkracht.cases.models import IdempotencyRecord
from veerkracht.core.models import Organisation, User

DEFAULT_HOURS = 7 * 24
MAX_KEY_LENGTH = 80
# Removing a client's expired records on every claim costs a statement per submission; now and then is
# enough, because a claim treats an expired record of its own key as absent.
SWEEP_EVERY = timedelta(minutes=5)
_swept_lock = threading.Lock()
_swept: dict[int, datetime] = {}


class KeyReused(Exception):
    """The key was used before for another request (the message is in Dutch)."""


@dataclass(frozen=True)
class Outcome:
    """The answer to give: status and body, and whether it is the stored answer of an earlier request."""

    status_code: int
    body: Any
    replayed: bool


def lifetime() -> timedelta:
    """How long an answer is kept for retries."""
    return timedelta(hours=float(getattr(settings, "VEERKRACHT_IDEMPOTENCY_HOURS", DEFAULT_HOURS)))


def key_problem(key: str) -> str | None:
    """What is wrong with a key as sent, in Dutch; None for a good one.

    >>> key_problem("9f1c2a7e-5b0d-4c1e-9a55-0d6f2b1e8c33") is None
    True
    >>> key_problem("")
    'de sleutel is leeg; gebruik bijvoorbeeld een UUID'
    """
    if not key.strip():
        return "de sleutel is leeg; gebruik bijvoorbeeld een UUID"
    if len(key) > MAX_KEY_LENGTH:
        return f"de sleutel is ten hoogste {MAX_KEY_LENGTH} tekens, niet {len(key)}"
    if not all(33 <= ord(char) <= 126 for char in key):
        return "de sleutel bestaat alleen uit zichtbare ASCII-tekens, zonder spaties"
    return None


def fingerprint(method: str, path: str, body: Any) -> str:
    """A SHA-256 over what makes a request the same request: method, path and body.

    A parsed body counts by its content, so the order of keys and the white space do not matter.

    >>> fingerprint("POST", "/a", {"x": 1, "y": 2}) == fingerprint("POST", "/a", {"y": 2, "x": 1})
    True
    >>> fingerprint("POST", "/a", {"x": 1}) == fingerprint("POST", "/b", {"x": 1})
    False
    """
    content = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{method.upper()}\n{path}\n{content}".encode()).hexdigest()


class _Discard(Exception):
    """Leave the transaction (and so the claim) undone, but answer as the work said."""

    def __init__(self, status_code: int, body: Any) -> None:
        self.status_code, self.body = status_code, body


def run(
    owner: User,
    key: str,
    request_fingerprint: str,
    work: Callable[[], tuple[int, Any]],
    *,
    organisation: Organisation | None = None,
) -> Outcome:
    """Do ``work`` once per key: claim the key, work, keep a successful answer; or answer as before.

    ``work`` returns (status, JSON-ready body) and may raise; whatever it raised or answered other than
    a success is not kept, and everything it wrote is undone with the claim. Raises :class:`KeyReused`
    when the key was used for another request.
    """
    try:
        with transaction.atomic():
            now = timezone.now()
            _sweep(owner, now)
            # The claim: a second request with this key waits here until the first one ends.
            claim = _claim(owner, organisation, key, request_fingerprint, now)
            if claim is None:
                earlier = IdempotencyRecord.objects.filter(owner=owner, key=key).first()
                if earlier is not None and earlier.expires_at > now:
                    return _again(earlier, request_fingerprint)
                # Expired (the key is free again; the melding's own key still finds a retry), or gone
                # between the claim and the look-up.
                IdempotencyRecord.objects.filter(owner=owner, key=key, expires_at__lte=now).delete()
                claim = _claim(owner, organisation, key, request_fingerprint, now)
                if claim is None:
                    raise IntegrityError(f"idempotency key {key!r} was claimed twice at once")
            status_code, body = work()
            if not 200 <= status_code < 300:
                raise _Discard(status_code, body)
            _keep(claim, status_code, body)
            return Outcome(status_code, body, replayed=False)
    except _Discard as discarded:
        return Outcome(discarded.status_code, discarded.body, replayed=False)
    except IntegrityError:
        # Another request with this key committed first: answer as it did, or refuse another request.
        earlier = IdempotencyRecord.objects.filter(owner=owner, key=key).first()
        if earlier is None:
            raise
        return _again(earlier, request_fingerprint)


def _claim(
    owner: User, organisation: Organisation | None, key: str, request_fingerprint: str, now: datetime
) -> int | None:
    """Claim a key in one statement: the new record's id, or None when a record of the key exists.

    Before, a look-up and an insert cost two statements per submission (issue 9's load benchmark). A
    claim of a key that another transaction is claiming waits until that one ends.
    """
    table = IdempotencyRecord._meta.db_table
    quote = connection.ops.quote_name
    columns = ("owner_id", "organisation_id", "key", "fingerprint", "status_code", "response")
    names = ", ".join(quote(name) for name in (*columns, "created_at", "expires_at"))
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(table)} ({names}) VALUES (%s, %s, %s, %s, 0, '{{}}', %s, %s) "
            f"ON CONFLICT ({quote('owner_id')}, {quote('key')}) DO NOTHING RETURNING {quote('id')}",
            [
                owner.pk,
                organisation.pk if organisation is not None else None,
                key,
                request_fingerprint,
                adapt(now),
                adapt(now + lifetime()),
            ],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None


def _keep(claim: int, status_code: int, body: Any) -> None:
    """Store the answer on the claimed record: a plain statement, as the claim is (asked per submission)."""
    table = IdempotencyRecord._meta.db_table
    response = IdempotencyRecord._meta.get_field("response").get_db_prep_save(body, connection)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(table)} SET {quote('status_code')} = %s, {quote('response')} = %s "
            f"WHERE {quote('id')} = %s",
            [status_code, response, claim],
        )


def _sweep(owner: User, now: datetime) -> None:
    """Remove the client's expired records, at most once per ``SWEEP_EVERY`` per server process."""
    with _swept_lock:
        due = _swept.get(owner.pk)
        if due is not None and due > now:
            return
        if len(_swept) > 10_000:
            _swept.clear()
        _swept[owner.pk] = now + SWEEP_EVERY
    IdempotencyRecord.objects.filter(owner=owner, expires_at__lte=now).delete()


def _again(earlier: IdempotencyRecord, request_fingerprint: str) -> Outcome:
    if earlier.fingerprint != request_fingerprint:
        raise KeyReused(
            "deze Idempotency-Key is al gebruikt voor een andere aanvraag; "
            "gebruik voor elke nieuwe aanvraag een nieuwe sleutel"
        )
    return Outcome(earlier.status_code, earlier.response, replayed=True)
