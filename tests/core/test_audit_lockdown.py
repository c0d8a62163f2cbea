# SPDX-License-Identifier: EUPL-1.2
"""On PostgreSQL the application's role can append to the audit log but cannot rewrite, empty or unguard it.

The test builds the documented set-up on a database of its own in the test cluster: the app role creates
the tables (as ``veerkracht migrate`` does), then ``veerkracht audit lock-down --apply`` hands the database
and the audit log to an owner role.
"""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
from click.testing import CliRunner
from django.conf import settings

from processes import python, veerkracht
from veerkracht.cli.main import cli
from veerkracht.core.audit_lockdown import LockDownProblem, plan


@dataclass(frozen=True)
class Cluster:
    host: str
    port: str
    database: str
    app_role: str
    owner_role: str

    def url(self, role: str) -> str:
        return f"postgres://{role}@{self.host}:{self.port}/{self.database}"

    def connect(self, role: str, database: str | None = None) -> psycopg.Connection:
        return psycopg.connect(
            host=self.host, port=self.port, user=role, dbname=database or self.database, autocommit=True
        )


@pytest.fixture
def locked_down(django_db_setup: None, tmp_path: Path) -> Iterator[Cluster]:
    default = settings.DATABASES["default"]
    suffix = uuid.uuid4().hex[:8]
    cluster = Cluster(
        str(default["HOST"]),
        str(default["PORT"]),
        f"vk_lock_{suffix}",
        f"vk_app_{suffix}",
        f"vk_owner_{suffix}",
    )
    admin = cluster.connect(str(default["USER"]), "postgres")
    admin.execute(f"CREATE ROLE {cluster.owner_role} NOLOGIN")
    admin.execute(f"CREATE ROLE {cluster.app_role} LOGIN")
    # The worst start: the app role owns the database, as in a plain `createdb -O app` set-up.
    admin.execute(f"CREATE DATABASE {cluster.database} OWNER {cluster.app_role}")
    try:
        data_dir = tmp_path / "data"
        as_app = {"VEERKRACHT_DATABASE_URL": cluster.url(cluster.app_role)}
        migrated = veerkracht(data_dir, "migrate", "--quiet", **as_app)
        assert migrated.returncode == 0, migrated.stderr
        as_admin = {"VEERKRACHT_DATABASE_URL": cluster.url(str(default["USER"]))}
        done = veerkracht(
            data_dir,
            *("audit", "lock-down", "--app-role", cluster.app_role, "--owner-role", cluster.owner_role),
            "--apply",
            **as_admin,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        yield cluster
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {cluster.database} WITH (FORCE)")
        admin.execute(f"DROP ROLE IF EXISTS {cluster.app_role}")
        admin.execute(f"DROP ROLE IF EXISTS {cluster.owner_role}")
        admin.close()


REFUSED = [
    "DROP TRIGGER core_auditevent_no_change ON core_auditevent",
    "ALTER TABLE core_auditevent DISABLE TRIGGER ALL",
    "ALTER TABLE core_auditevent ADD COLUMN note text",
    "ALTER TABLE core_auditevent OWNER TO CURRENT_USER",
    "DROP TABLE core_auditevent",
    "DROP TABLE core_auditevent CASCADE",
    "DELETE FROM core_auditevent",
    "UPDATE core_auditevent SET action = 'tampered'",
    "TRUNCATE core_auditevent",
    "TRUNCATE core_user CASCADE",
    "CREATE OR REPLACE FUNCTION core_auditevent_refuse() RETURNS trigger AS $$ BEGIN RETURN OLD; END; $$ "
    "LANGUAGE plpgsql",
    "DROP FUNCTION core_auditevent_refuse() CASCADE",
    "SET session_replication_role = replica",
    "DROP SCHEMA public CASCADE",
]


@pytest.mark.postgresql
def test_the_app_role_cannot_rewrite_or_unguard_the_audit_log(locked_down: Cluster) -> None:
    with locked_down.connect(locked_down.app_role) as app:
        allowed = []
        for statement in REFUSED:
            try:
                with app.transaction():
                    app.execute(statement)
                allowed.append(statement)
            except psycopg.errors.InsufficientPrivilege:
                pass  # refused for want of rights, not for a typo in the statement
        assert allowed == []
        # Its own tables it still controls, so its migrations keep working.
        app.execute("CREATE TABLE app_scratch (id int)")
        app.execute("DROP TABLE app_scratch")


_APPEND = """
from veerkracht.core.services import record_audit
record_audit("test.locked", detail={"n": 1})
record_audit("test.locked", detail={"n": 2})
"""


@pytest.mark.postgresql
def test_the_app_role_still_appends_through_record_audit_and_the_chain_verifies(
    locked_down: Cluster, tmp_path: Path
) -> None:
    as_app = {"VEERKRACHT_DATABASE_URL": locked_down.url(locked_down.app_role)}
    data_dir = tmp_path / "app"
    appended = python(data_dir, _APPEND, env=as_app)
    assert appended.returncode == 0, appended.stderr
    verified = veerkracht(data_dir, "audit", "verify", **as_app)
    assert verified.returncode == 0, verified.stderr
    assert "intact" in verified.stderr
    # Running migrate again as the app role (nothing to do) still works after the lock-down.
    assert veerkracht(data_dir, "migrate", "--quiet", **as_app).returncode == 0


@pytest.mark.postgresql
@pytest.mark.django_db
def test_lock_down_without_apply_prints_the_sql_for_the_administrator() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE veerkracht_app_print LOGIN")
    result = CliRunner().invoke(cli, ["audit", "lock-down", "--app-role", "veerkracht_app_print"])
    assert result.exit_code == 0, result.output
    assert "ALTER TABLE public.core_auditevent OWNER TO postgres;" in result.output
    assert "GRANT SELECT, INSERT ON TABLE public.core_auditevent TO veerkracht_app_print;" in result.output


def test_lock_down_on_sqlite_says_it_is_for_postgresql_only() -> None:
    with pytest.raises(LockDownProblem, match="alleen voor PostgreSQL"):
        plan(SimpleNamespace(vendor="sqlite"), "veerkracht_app")  # type: ignore[arg-type]


@pytest.mark.postgresql
@pytest.mark.django_db
def test_lock_down_refuses_an_app_role_that_is_a_superuser() -> None:
    from django.db import connection

    with pytest.raises(LockDownProblem, match="superuser"):
        plan(connection, "postgres", "pg_database_owner")
