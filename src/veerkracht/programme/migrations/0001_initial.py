# SPDX-License-Identifier: EUPL-1.2
# The programme app's first migration: empty, so that its parts can grow their own migrations side by side.

from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies: list[tuple[str, str]] = []
    operations: list[migrations.operations.base.Operation] = []
