# SPDX-License-Identifier: EUPL-1.2
"""The audit log as a hash chain: each line's SHA-256 covers its content and the hash of the line before it.

A line changed, removed or inserted behind the application's back (in the database file, or by a role that
bypasses the triggers) no longer matches its hash or breaks the link to its neighbour; :func:`verify` finds
the first such break. Appends are serialised so that two writers never chain onto the same line: on
PostgreSQL by a transaction-level advisory lock, on SQLite by the IMMEDIATE transaction mode (settings),
which takes the write lock when the transaction begins.

The hash is plain SHA-256, not keyed: whoever can rewrite the table *and* recompute every later hash can
hide a change. An anchor (a line's number and hash noted elsewhere, ``veerkracht audit verify --anchor``)
closes that gap; see ADR 0009.
"""

import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction

from veerkracht.core.bulk import BulkTable

GENESIS = "0" * 64
FORMAT_VERSION = 1
# Any fixed 64-bit number; it names the one advisory lock that serialises appends on PostgreSQL.
_ADVISORY_LOCK = 0x7665_6572_6175_6474  # "veeraudt"
FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "organisation_id",
    "action",
    "object_type",
    "object_id",
    "detail",
    "previous_hash",
)


def normalise(value: Any) -> Any:
    """The JSON form a detail keeps after a round trip through SQLite or PostgreSQL's jsonb.

    Keys become strings, tuples lists, other objects their text; a float with an integral value becomes
    an int (jsonb prints 1e16 as 10000000000000000, which reads back as an int).
    """
    if isinstance(value, Mapping):
        return {str(key): normalise(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [normalise(item) for item in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return int(value) if value.is_integer() else value
    return str(value)


def _timestamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def content(line: Mapping[str, Any]) -> bytes:
    """The canonical bytes a line's hash covers: its fields as sorted, compact JSON."""
    fields = {name: line[name] for name in FIELDS}
    fields["at"] = _timestamp(fields["at"])
    fields["detail"] = normalise(fields["detail"])
    fields["v"] = FORMAT_VERSION
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def line_hash(line: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of a line's canonical content, which includes the previous line's hash."""
    return hashlib.sha256(content(line)).hexdigest()


def _fields_of(event: Any) -> dict[str, Any]:
    return {name: getattr(event, name) for name in FIELDS}


def append(event: Any) -> Any:
    """Chain an unsaved audit event onto the last line and save it; appends never interleave."""
    model = type(event)
    # No savepoint of its own inside a caller's transaction (two statements fewer per audited act): an
    # append that fails fails the caller's whole transaction, so no act commits without its line.
    quote = connection.ops.quote_name
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK])
        # A plain statement: every audited act asks it, and the ORM's building of it cost more than its run.
        cursor.execute(
            f"SELECT {quote('seq')}, {quote('hash')} FROM {quote(model._meta.db_table)} "
            f"ORDER BY {quote('seq')} DESC LIMIT 1"
        )
        last = cursor.fetchone()
        event.seq, event.previous_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
        event.detail = normalise(event.detail)
        event.hash = line_hash(_fields_of(event))
        # Not through the model's save(), whose append-only checks this is the one caller to satisfy.
        BulkTable(model).insert_objects([event])
    return event


@dataclass(frozen=True)
class ChainBreak:
    """The first line where the chain does not hold."""

    event_id: int | None
    seq: int
    problem: str
    expected: str
    found: str

    def describe(self) -> str:
        where = (
            f"regel id {self.event_id} (volgnummer {self.seq})" if self.event_id else f"volgnummer {self.seq}"
        )
        return f"{where}: {self.problem}\n  verwacht: {self.expected}\n  gevonden: {self.found}"


@dataclass(frozen=True)
class ChainCheck:
    """What :func:`verify` found: how many lines, the last one, and the first break (None: intact)."""

    lines: int
    head_seq: int
    head_hash: str
    first_break: ChainBreak | None

    @property
    def intact(self) -> bool:
        return self.first_break is None


def verify(lines: Iterable[Mapping[str, Any]], anchor: tuple[int, str] | None = None) -> ChainCheck:
    """Walk the lines in chain order (by ``seq``, each with ``id``) and report the first broken link.

    ``anchor`` is a (line number, hash) pair noted earlier outside the database: the line must still be
    there with that hash, which also catches lines removed from the end.
    """
    expected_seq, previous, count = 1, GENESIS, 0
    anchor_seen = anchor is None
    for line in lines:
        count += 1
        event_id, seq = line.get("id"), int(line["seq"])
        if seq != expected_seq:
            problem = "regel(s) ontbreken" if seq > expected_seq else "regel dubbel of ingevoegd"
            return _broken(
                count, seq, previous, ChainBreak(event_id, seq, problem, str(expected_seq), str(seq))
            )
        if line["previous_hash"] != previous:
            problem = (
                "de verwijzing naar de vorige regel klopt niet (een regel ervoor is veranderd of verwijderd)"
            )
            return _broken(
                count, seq, previous, ChainBreak(event_id, seq, problem, previous, line["previous_hash"])
            )
        computed = line_hash(line)
        if line["hash"] != computed:
            problem = "de inhoud is veranderd na het schrijven (de opgeslagen hash past niet bij de inhoud)"
            return _broken(count, seq, previous, ChainBreak(event_id, seq, problem, computed, line["hash"]))
        if anchor is not None and seq == anchor[0]:
            anchor_seen = True
            if line["hash"] != anchor[1]:
                problem = "de regel heeft niet meer de hash van het ankerpunt (de keten is herschreven)"
                return _broken(
                    count, seq, previous, ChainBreak(event_id, seq, problem, anchor[1], line["hash"])
                )
        previous, expected_seq = line["hash"], seq + 1
    if not anchor_seen and anchor is not None:
        problem = "het ankerpunt ontbreekt: regels aan het eind zijn verwijderd"
        return _broken(
            count, anchor[0], previous, ChainBreak(None, anchor[0], problem, anchor[1], "geen regel")
        )
    return ChainCheck(count, expected_seq - 1, previous, None)


def _broken(count: int, seq: int, previous: str, found: ChainBreak) -> ChainCheck:
    return ChainCheck(count, seq, previous, found)
