# SPDX-License-Identifier: EUPL-1.2
"""The audit log is tamper-evident: each line is chained to the one before; `audit verify` finds a break."""

import sqlite3
import threading
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, connections, transaction

from processes import migrate, python, query, start_python, veerkracht
from veerkracht.core import audit_chain, audit_guard
from veerkracht.core.models import AuditEvent
from veerkracht.core.queries import verify_audit_log
from veerkracht.core.services import record_audit

TABLE = AuditEvent._meta.db_table


def _execute(sql: str, parameters: list[object] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters or [])


@pytest.mark.django_db
def test_every_line_carries_the_hash_of_the_line_before() -> None:
    events = [record_audit(f"test.{n}", detail={"n": n}) for n in range(3)]
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].previous_hash == audit_chain.GENESIS
    assert events[1].previous_hash == events[0].hash
    assert events[2].previous_hash == events[1].hash
    check = verify_audit_log()
    assert check.intact
    assert (check.lines, check.head_seq, check.head_hash) == (3, 3, events[2].hash)


@pytest.mark.django_db
def test_details_verify_after_the_round_trip_through_the_database() -> None:
    # jsonb prints 1e16 as an integer and keeps 0.1 as written; keys become text; tuples become lists.
    record_audit(
        "test.awkward",
        detail={"whole": 1.0, "large": 1e16, "tenth": 0.1, 3: ("a", "é"), "nested": {"tiny": 1.5e-7}},
        object_id=12,
    )
    record_audit("test.after")
    assert verify_audit_log().intact


@pytest.mark.django_db
def test_a_detail_changed_behind_the_applications_back_is_reported_with_the_line() -> None:
    events = [record_audit("test.event", detail={"role": "analist"}) for _ in range(3)]
    audit_guard.remove(connection)  # what someone with the database file can do
    _execute(f"UPDATE {TABLE} SET detail = %s WHERE id = %s", ['{"role": "beheerder"}', events[1].pk])
    check = verify_audit_log()
    assert not check.intact
    assert check.first_break is not None
    assert check.first_break.event_id == events[1].pk
    assert "inhoud is veranderd" in check.first_break.problem
    assert check.first_break.found == events[1].hash


@pytest.mark.django_db
def test_a_removed_line_is_reported_at_the_line_after_it() -> None:
    events = [record_audit("test.event") for _ in range(3)]
    audit_guard.remove(connection)
    _execute(f"DELETE FROM {TABLE} WHERE id = %s", [events[1].pk])
    check = verify_audit_log()
    assert check.first_break is not None
    assert check.first_break.event_id == events[2].pk
    assert "ontbreken" in check.first_break.problem


@pytest.mark.django_db
def test_a_chain_rewritten_with_fresh_hashes_is_caught_by_an_anchor() -> None:
    events = [record_audit("test.event", detail={"n": n}) for n in range(4)]
    anchor = (events[2].seq, events[2].hash)
    audit_guard.remove(connection)
    # Change line 2 and recompute every hash after it: the chain alone looks intact again.
    previous = events[0].hash
    for event in AuditEvent.objects.order_by("seq")[1:]:
        line = {name: getattr(event, name) for name in audit_chain.FIELDS}
        line["previous_hash"] = previous
        if event.pk == events[1].pk:
            line["detail"] = {"n": 99}
        digest = audit_chain.line_hash(line)
        AuditEvent.objects.filter(pk=event.pk).update(
            detail=line["detail"], previous_hash=previous, hash=digest
        )
        previous = digest
    assert verify_audit_log().intact
    check = verify_audit_log(anchor=anchor)
    assert check.first_break is not None
    assert check.first_break.seq == anchor[0]
    assert "ankerpunt" in check.first_break.problem


@pytest.mark.django_db
def test_lines_removed_from_the_end_are_caught_by_an_anchor() -> None:
    events = [record_audit("test.event") for _ in range(3)]
    audit_guard.remove(connection)
    _execute(f"DELETE FROM {TABLE} WHERE id = %s", [events[2].pk])
    assert verify_audit_log().intact
    check = verify_audit_log(anchor=(events[2].seq, events[2].hash))
    assert check.first_break is not None
    assert "aan het eind" in check.first_break.problem


@pytest.mark.django_db
def test_a_line_cannot_be_overwritten_by_replacing_it() -> None:
    audit_guard.install(connection)
    first = record_audit("test.event", detail={"role": "analist"})
    record_audit("test.event")
    columns = "id, at, actor_label, action, object_type, object_id, detail, seq, previous_hash, hash"
    values = "%s, %s, '', 'tampered', '', '', '{}', %s, %s, %s"
    parameters = [first.pk, first.at, first.seq, first.previous_hash, first.hash]
    if connection.vendor == "sqlite":
        # Without recursive triggers, REPLACE deletes the old row without firing the delete trigger.
        statement = f"INSERT OR REPLACE INTO {TABLE} ({columns}) VALUES ({values})"
    else:
        statement = (
            f"INSERT INTO {TABLE} ({columns}) VALUES ({values}) ON CONFLICT (id) DO UPDATE SET action = 'x'"
        )
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _execute(statement, parameters)
    assert AuditEvent.objects.get(pk=first.pk).action == "test.event"
    assert verify_audit_log().intact


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_on_postgresql_never_fork_the_chain() -> None:
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            for n in range(15):
                with transaction.atomic():
                    record_audit("test.concurrent", detail={"worker": worker, "n": n})
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    check = verify_audit_log()
    assert check.intact
    assert check.lines == 60


_WRITE_MANY = """
import sys
from veerkracht.core.services import record_audit
for n in range(25):
    record_audit("test.concurrent", detail={"worker": sys.argv[1], "n": n})
"""


def test_concurrent_writer_processes_on_sqlite_never_fork_the_chain(tmp_path: Path) -> None:
    data_dir = migrate(tmp_path / "data")
    writers = [start_python(data_dir, _WRITE_MANY, str(worker)) for worker in range(3)]
    for writer in writers:
        _out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
    result = veerkracht(data_dir, "audit", "verify")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "intact" in result.stderr
    seqs = [row[0] for row in query(data_dir, "SELECT seq FROM core_auditevent ORDER BY seq")]
    assert seqs == list(range(1, len(seqs) + 1))
    assert len(seqs) >= 75


def test_audit_verify_finds_a_line_changed_by_hand_in_the_database_file(tmp_path: Path) -> None:
    data_dir = migrate(tmp_path / "data")
    made = python(
        data_dir,
        "from veerkracht.core.services import create_organisation, create_person, grant_role\n"
        "org = create_organisation('Woonstichting Test', 'woningcorporatie')\n"
        "person = create_person('tester', 'een-lang-wachtwoord')\n"
        "grant_role(person, org, 'wijkbeheerder')\n",
    )
    assert made.returncode == 0, made.stderr
    intact = veerkracht(data_dir, "audit", "verify")
    assert intact.returncode == 0
    assert "intact: 3 regels" in intact.stderr

    # Someone with the file: the triggers refuse, so they drop them first and then change the grant.
    with sqlite3.connect(data_dir / "veerkracht.sqlite3") as db:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute('UPDATE core_auditevent SET detail = \'{"role": "beheerder"}\' WHERE seq = 3')
        db.execute("DROP TRIGGER core_auditevent_no_update")
        db.execute('UPDATE core_auditevent SET detail = \'{"role": "beheerder"}\' WHERE seq = 3')
        (changed_id,) = db.execute("SELECT id FROM core_auditevent WHERE seq = 3").fetchone()

    broken = veerkracht(data_dir, "audit", "verify")
    assert broken.returncode == 1
    assert "veranderd buiten de applicatie om" in broken.stderr
    assert f"regel id {changed_id} (volgnummer 3)" in broken.stderr
    assert "inhoud is veranderd" in broken.stderr
