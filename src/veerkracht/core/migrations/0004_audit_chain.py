# SPDX-License-Identifier: EUPL-1.2
"""Chain the audit log: every line gets a number, the previous line's hash and its own hash.

Existing lines are chained in the order they were written. The guard triggers are lifted for the rewrite
(SQLite also rebuilds the table, which drops them) and installed again at the end.
"""

import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from veerkracht.core import audit_chain, audit_guard


def _unguard(apps, schema_editor):  # type: ignore[no-untyped-def]
    audit_guard.remove(schema_editor.connection)


def _guard(apps, schema_editor):  # type: ignore[no-untyped-def]
    if getattr(settings, "VEERKRACHT_AUDIT_DB_GUARD", True):
        audit_guard.install(schema_editor.connection)


def _chain_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    AuditEvent = apps.get_model("core", "AuditEvent")
    previous = audit_chain.GENESIS
    for seq, event in enumerate(AuditEvent.objects.order_by("id").iterator(), start=1):
        line = {name: getattr(event, name) for name in audit_chain.FIELDS}
        line.update(seq=seq, previous_hash=previous, detail=audit_chain.normalise(event.detail))
        digest = audit_chain.line_hash(line)
        AuditEvent.objects.filter(pk=event.pk).update(
            seq=seq, previous_hash=previous, hash=digest, detail=line["detail"]
        )
        previous = digest


class Migration(migrations.Migration):
    dependencies = [("core", "0003_working_day_calendar")]

    operations = [
        migrations.RunPython(_unguard, _guard),
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
        ),
        migrations.AddField(
            model_name="auditevent", name="seq", field=models.BigIntegerField(null=True)
        ),
        migrations.AddField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(_chain_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent", name="seq", field=models.BigIntegerField(unique=True)
        ),
        migrations.RunPython(_guard, _unguard),
    ]
