# SPDX-License-Identifier: EUPL-1.2
"""Database triggers that make the audit log append-only below the ORM (plain SQL cannot change it)."""

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "core_auditevent"
_STATEMENTS = {
    "sqlite": [
        f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE}
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;""",
        f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE}
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;""",
    ],
    "postgresql": [
        f"""CREATE OR REPLACE FUNCTION {TABLE}_refuse() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql;""",
        f"DROP TRIGGER IF EXISTS {TABLE}_no_change ON {TABLE};",
        f"""CREATE TRIGGER {TABLE}_no_change BEFORE UPDATE OR DELETE ON {TABLE}
            FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse();""",
        # TRUNCATE bypasses row triggers; refuse it too.
        f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE};",
        f"""CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
            FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_refuse();""",
    ],
}
_REMOVE = {
    "sqlite": [f"DROP TRIGGER IF EXISTS {TABLE}_no_update;", f"DROP TRIGGER IF EXISTS {TABLE}_no_delete;"],
    "postgresql": [
        f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE};",
        f"DROP TRIGGER IF EXISTS {TABLE}_no_change ON {TABLE};",
        f"DROP FUNCTION IF EXISTS {TABLE}_refuse();",
    ],
}


def guard_statements(vendor: str) -> list[str]:
    """The statements that install the triggers on a database of this vendor (idempotent)."""
    return list(_STATEMENTS.get(vendor, []))


def install(connection: BaseDatabaseWrapper) -> None:
    """Create the triggers on this connection's database (idempotent)."""
    with connection.cursor() as cursor:
        for statement in _STATEMENTS.get(connection.vendor, []):
            cursor.execute(statement)


def remove(connection: BaseDatabaseWrapper) -> None:
    """Drop the triggers, e.g. to reverse the migration."""
    with connection.cursor() as cursor:
        for statement in _REMOVE.get(connection.vendor, []):
            cursor.execute(statement)
