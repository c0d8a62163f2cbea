# SPDX-License-Identifier: EUPL-1.2
"""The audit log only grows: neither the ORM nor plain SQL can change or remove an event."""

from types import SimpleNamespace

import pytest
from django.db import DatabaseError, connection, transaction

from veerkracht.core import audit_guard
from veerkracht.core.models import AuditEvent, AuditLogIsAppendOnly
from veerkracht.core.services import create_organisation, create_person, grant_role, record_audit

pytestmark = pytest.mark.django_db


@pytest.fixture
def guarded() -> None:
    """The triggers the migration installs in production (the test run leaves them out, see conftest)."""
    audit_guard.install(connection)


def test_every_change_through_the_services_is_written_to_the_log() -> None:
    organisation = create_organisation("Woonstichting Test", "woningcorporatie")
    person = create_person("tester", "een-lang-wachtwoord")
    grant_role(person, organisation, "wijkbeheerder", actor=person)
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["organisation.created", "person.created", "membership.granted"]
    granted = AuditEvent.objects.get(action="membership.granted")
    assert granted.actor_label == "tester"
    assert granted.detail == {"role": "wijkbeheerder"}


def test_the_orm_refuses_to_change_or_delete_an_event() -> None:
    event = record_audit("test.event")
    event.action = "tampered"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()


def test_the_database_refuses_updates_and_deletes_even_in_plain_sql(guarded: None) -> None:
    event = record_audit("test.event")
    table = AuditEvent._meta.db_table
    for statement in (f"UPDATE {table} SET action = 'tampered'", f"DELETE FROM {table}"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cur,
        ):
            cur.execute(statement)
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


def test_bulk_queryset_updates_are_refused_too(guarded: None) -> None:
    record_audit("test.event")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.all().update(action="tampered")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(action="test.event").count() == 1


def test_the_migration_installs_the_guard_in_production(settings: object) -> None:
    import importlib

    migration = importlib.import_module("veerkracht.core.migrations.0002_audit_append_only")
    settings.VEERKRACHT_AUDIT_DB_GUARD = True  # type: ignore[attr-defined]
    # The migration needs only the editor's connection; a real editor cannot open inside a test transaction.
    migration._install(None, SimpleNamespace(connection=connection))
    event = record_audit("test.event")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.all().update(action="tampered")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"
