# SPDX-License-Identifier: EUPL-1.2
"""A copy of the test database with the demo city in it, taken once per test run and put back per module.

Building Veerstad through the real importers and services takes half a minute; a dozen modules need it. The
first module builds it and takes a snapshot; later modules restore the snapshot (SQLite's backup API,
PostgreSQL's CREATE DATABASE ... TEMPLATE) and a copy of its data folder, which takes a second or two. Every
module still starts from the same built city and leaves an empty database behind.
"""

import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Snapshot:
    """Where the built city is kept between modules."""

    data_dir: Path
    truth: dict[str, object]
    run_id: int
    sqlite: sqlite3.Connection | None = None
    template: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def take(
    data_dir: Path, truth: dict[str, object], run_id: int, keep: Path, *, label: str = "demo"
) -> Snapshot:
    """Copy the database and the data folder as they are now (``label`` names the PostgreSQL copy)."""
    from django.db import connection

    shutil.copytree(data_dir, keep)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        saved = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(saved)
        return Snapshot(keep, truth, run_id, sqlite=saved)
    name = connection.settings_dict["NAME"]
    template = f"{name}_{label}"
    connection.close()
    with connection._nodb_cursor() as cursor:
        # A template may have no other sessions: a live server's thread of an earlier module may linger.
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        cursor.execute(f"DROP DATABASE IF EXISTS {_quote(template)}")
        cursor.execute(f"CREATE DATABASE {_quote(template)} TEMPLATE {_quote(name)}")
    return Snapshot(keep, truth, run_id, template=template)


def restore(snapshot: Snapshot, data_dir: Path) -> None:
    """Put the database and a fresh copy of the data folder back as they were when the snapshot was taken."""
    from django.db import connection

    shutil.copytree(snapshot.data_dir, data_dir, dirs_exist_ok=True)
    if snapshot.sqlite is not None:
        connection.ensure_connection()
        snapshot.sqlite.backup(connection.connection)
        return
    name = connection.settings_dict["NAME"]
    connection.close()
    with connection._nodb_cursor() as cursor:
        # FORCE: a live server's thread of an earlier module may still hold a connection.
        cursor.execute(f"DROP DATABASE {_quote(name)} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {_quote(name)} TEMPLATE {_quote(snapshot.template)}")
