# SPDX-License-Identifier: EUPL-1.2
"""Make the audit log append-only in the database itself, not only in the ORM."""

from django.conf import settings
from django.db import migrations

from veerkracht.core import audit_guard


def _install(apps, schema_editor):  # type: ignore[no-untyped-def]
    # The test suite flushes tables between browser tests, which the guard would refuse; it installs the
    # guard itself where it tests it (tests/core/test_audit_log.py).
    if getattr(settings, "VEERKRACHT_AUDIT_DB_GUARD", True):
        audit_guard.install(schema_editor.connection)


def _remove(apps, schema_editor):  # type: ignore[no-untyped-def]
    audit_guard.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(_install, _remove)]
