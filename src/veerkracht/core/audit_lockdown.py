# SPDX-License-Identifier: EUPL-1.2
"""PostgreSQL set-up in which the application's role can append to the audit log but never rewrite it.

The guard triggers (``audit_guard``) refuse UPDATE, DELETE and TRUNCATE, but a role that owns the table can
drop them, and the owner of the database or its schema can drop the table. So: a separate owner role owns
the database, the ``public`` schema, the audit table and its trigger function; the application's role keeps
its other tables and may still create tables (so ``veerkracht migrate`` keeps working as the app role), but
on the audit table it has SELECT and INSERT only. A later migration that changes the audit table itself
must run as the owner role. ADR 0009 and the README describe the whole set-up.
"""

from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper

from veerkracht.core.audit_guard import TABLE, guard_statements


class LockDownProblem(RuntimeError):
    """The roles or the database do not allow the set-up."""


@dataclass(frozen=True)
class LockDown:
    """The statements for one database, app role and owner role."""

    database: str
    app_role: str
    owner_role: str
    statements: list[str]

    def script(self) -> str:
        return "\n".join(statement.strip().rstrip(";") + ";" for statement in self.statements) + "\n"


def _identifier(cursor: CursorWrapper, name: str) -> str:
    cursor.execute("SELECT quote_ident(%s)", [name])
    return str(cursor.fetchone()[0])


def plan(connection: BaseDatabaseWrapper, app_role: str, owner_role: str | None = None) -> LockDown:
    """The statements that lock the audit log down for ``app_role``; the owner defaults to the current one."""
    if connection.vendor != "postgresql":
        raise LockDownProblem(
            "Dit geldt alleen voor PostgreSQL. Op SQLite beschermen de bestandsrechten van de gegevensmap "
            "(alleen de eigenaar) en de hash-keten het auditlog (veerkracht audit verify)."
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database(), current_user")
        database, current = cursor.fetchone()
        owner_role = owner_role or current
        _check_roles(cursor, app_role, owner_role)
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [TABLE])
        sequence = cursor.fetchone()[0]
        app, owner, db = (_identifier(cursor, name) for name in (app_role, owner_role, database))
    statements = [
        *guard_statements("postgresql"),
        # The owner of a database (through pg_database_owner) or of a schema may drop any table in it.
        f"ALTER DATABASE {db} OWNER TO {owner}",
        f"ALTER SCHEMA public OWNER TO {owner}",
        f"ALTER TABLE public.{TABLE} OWNER TO {owner}",
        f"ALTER FUNCTION public.{TABLE}_refuse() OWNER TO {owner}",
        # The app keeps connecting and creating its own tables, so its migrations still run.
        f"GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {app}",
        f"GRANT USAGE, CREATE ON SCHEMA public TO {app}",
        f"REVOKE ALL ON TABLE public.{TABLE} FROM PUBLIC",
        f"REVOKE ALL ON TABLE public.{TABLE} FROM {app}",
        f"GRANT SELECT, INSERT ON TABLE public.{TABLE} TO {app}",
    ]
    if sequence:
        statements.append(f"GRANT USAGE ON SEQUENCE {sequence} TO {app}")
    return LockDown(database, app_role, owner_role, statements)


def _check_roles(cursor: CursorWrapper, app_role: str, owner_role: str) -> None:
    cursor.execute(
        "SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname IN (%s, %s)",
        [app_role, owner_role],
    )
    roles = {name: (superuser, bypass) for name, superuser, bypass in cursor.fetchall()}
    for name in (app_role, owner_role):
        if name not in roles:
            raise LockDownProblem(f"De rol {name!r} bestaat niet; maak hem eerst aan (CREATE ROLE).")
    if app_role == owner_role:
        raise LockDownProblem("De rol van de applicatie en de eigenaar moeten verschillende rollen zijn.")
    if roles[app_role][0]:
        raise LockDownProblem(
            f"De rol {app_role!r} is superuser en kan alles; geef de applicatie een gewone rol."
        )
    cursor.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [app_role, owner_role])
    if cursor.fetchone()[0]:
        raise LockDownProblem(
            f"De rol {app_role!r} is lid van {owner_role!r} en zou zo toch eigenaar zijn; "
            "haal dat lidmaatschap weg."
        )


def apply(connection: BaseDatabaseWrapper, lockdown: LockDown) -> None:
    """Run the statements in one transaction (as a superuser, or a role that is a member of both roles)."""
    from django.db import transaction

    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in lockdown.statements:
            cursor.execute(statement)
