# SPDX-License-Identifier: EUPL-1.2
"""Before a command touches the database: is it there and up to date? Never a "no such table" traceback.

The embedded set-up (SQLite in the data folder) belongs to the person running the command, so a new
or older data folder is brought up to date on the spot, with a note. A PostgreSQL database serves a
whole region and is changed by its administrator only: the command stops and says what to run.
"""

import click

from veerkracht.cli.progress import console

MIGRATE = "veerkracht migrate"


def pending_migrations(alias: str = "default") -> list[str]:
    """The migrations not yet applied to the database, as ``app.name``, in the order they would run."""
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def ensure_database(alias: str = "default") -> None:
    """Bring an embedded SQLite database up to date, or stop with what to run for any other database."""
    from django.db import connections
    from django.db.utils import DatabaseError

    connection = connections[alias]
    try:
        pending = pending_migrations(alias)
    except DatabaseError as error:
        raise click.ClickException(
            f"De database is niet bereikbaar ({error}). Controleer VEERKRACHT_DATABASE_URL of de datamap."
        ) from error
    if not pending:
        return
    if connection.vendor == "sqlite":
        from django.core.management import call_command

        console.print(
            f"De database in {connection.settings_dict['NAME']} wordt bijgewerkt "
            f"({len(pending)} {'migratie' if len(pending) == 1 else 'migraties'}) ..."
        )
        call_command("migrate", database=alias, interactive=False, verbosity=0)
        return
    raise click.ClickException(
        f"De database is nog niet bijgewerkt: {len(pending)} "
        f"{'migratie staat' if len(pending) == 1 else 'migraties staan'} open (de eerste: {pending[0]}). "
        f"Voer `{MIGRATE}` uit en probeer het daarna opnieuw."
    )
