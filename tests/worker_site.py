# SPDX-License-Identifier: EUPL-1.2
"""A demo city in a database of its own, for tests that start real ``veerkracht`` processes (worker, serve).

The test database of pytest-django lives in memory for SQLite, out of reach of another process; these tests
get a SQLite file in a data folder instead or, in the PostgreSQL pass, a fresh database in the test
cluster. The processes use ``worker_settings`` (beside this file), which can slow the analysis down.
"""

import os
import re
import secrets
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from demo_site import copy_of_veerstad, password_hash_of_the_site

TESTS = Path(__file__).resolve().parent
VEERKRACHT = [sys.executable, "-m", "veerkracht.cli"]
# Short, so that a killed worker's last sign of life is at most this old when the kill-and-retry test looks.
HEARTBEAT_SECONDS = 0.5
# Long enough that starting the `retry` command (Django, pandas) on a busy machine stays inside it.
STALE_SECONDS = 20


@dataclass
class Site:
    """The data folder and database, and the environment that points processes at them."""

    data_dir: Path
    env: dict[str, str]
    database_url: str | None  # None: the SQLite file in the data folder

    def command(self, *args: str, extra_env: dict[str, str] | None = None, timeout: float = 900) -> str:
        """Run ``veerkracht ARGS`` to the end; its output, or an AssertionError with it."""
        done = subprocess.run(
            [*VEERKRACHT, *args],
            env={**self.env, **(extra_env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(f"veerkracht {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout + done.stderr

    def start(
        self, *args: str, log: Path, extra_env: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        """Start ``veerkracht ARGS`` in the background, its output to ``log``."""
        return subprocess.Popen(
            [*VEERKRACHT, *args],
            env={**self.env, **(extra_env or {})},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )

    @contextmanager
    def _database(self) -> Iterator[Callable[[str, tuple[Any, ...]], Any]]:
        """Run statements on the site's database without Django; they mark their values with ``%s``."""
        if self.database_url is None:
            with sqlite3.connect(self.data_dir / "veerkracht.sqlite3") as lite:
                yield lambda sql, values: lite.execute(sql.replace("%s", "?"), values)
        else:
            import psycopg

            with psycopg.connect(self.database_url) as connection:
                yield connection.execute

    def run_row(self, run_id: int) -> dict[str, Any]:
        """What the database holds about an analysis run, read without Django."""
        columns = ["status", "progress_step", "attempts", "error"]
        sql = f"SELECT {', '.join(columns)} FROM analysis_analysisrun WHERE id = %s"
        with self._database() as execute:
            row = execute(sql, (run_id,)).fetchone()
        return dict(zip(columns, row, strict=True))

    def age_sign_of_life(self, run_id: int, seconds: float) -> None:
        """Move the run's last sign of life ``seconds`` back, as if that much time had passed since.

        For a run whose worker is dead (nothing stamps it any more): waiting out the stale time for real
        cost a test run twenty seconds.
        """
        with self._database() as execute:
            read = "SELECT heartbeat_at FROM analysis_analysisrun WHERE id = %s"
            (stamp,) = execute(read, (run_id,)).fetchone()
            # Django keeps SQLite's moments as UTC text; the same form goes back.
            text = isinstance(stamp, str)
            aged = (datetime.fromisoformat(stamp) if text else stamp) - timedelta(seconds=seconds)
            execute(
                "UPDATE analysis_analysisrun SET heartbeat_at = %s WHERE id = %s",
                (str(aged) if text else aged, run_id),
            )

    def queue_analysis(self) -> int:
        """Queue an analysis of Veerstad 2018-2022 the way the web form does; its run id."""
        output = self.command(
            "manage",
            "shell",
            "-c",
            "from veerkracht.analysis.services import queue_analysis; "
            "run = queue_analysis(gemeenten=['GM5001'], period_start=2018, period_end=2022); "
            "print(f'RUN={run.pk}')",
        )
        found = re.search(r"RUN=(\d+)", output)
        assert found, output
        return int(found.group(1))


def _postgres_database(request: pytest.FixtureRequest, template: str = "") -> str:
    """A fresh database in the run's cluster, empty or a copy of ``template``; its URL."""
    request.getfixturevalue("django_db_setup")  # starts the run's cluster
    import psycopg
    from django.conf import settings

    server = settings.DATABASES["default"]
    name = f"worker_{secrets.token_hex(4)}"
    base = f"postgres://{server['USER']}@{server['HOST']}:{server['PORT']}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(
            f'CREATE DATABASE {name} TEMPLATE "{template}"' if template else f"CREATE DATABASE {name}"
        )
    return f"{base}/{name}"


def _built_city(request: pytest.FixtureRequest) -> Any:
    """The snapshot of Veerstad an earlier module of this PostgreSQL run built (demo_city.py), or None."""
    snapshot = request.getfixturevalue("demo_snapshot").get("city")
    return snapshot if snapshot is not None and snapshot.template else None


def build_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    """Put the demo city in a fresh database and data folder of their own.

    On SQLite a copy of the Veerstad the run built once with the real commands (``veerstad_built`` in
    demo_site.py); on PostgreSQL a copy of the one an earlier module built (the same builder, seed and
    data), else it is built here with the real commands.
    """
    data_dir = tmp_path_factory.mktemp("worker-site")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("VEERKRACHT_", "DJANGO_")) and key != "PYTEST_CURRENT_TEST"
    }
    env.update(
        {
            "VEERKRACHT_DATA_DIR": str(data_dir),
            "DJANGO_SETTINGS_MODULE": "worker_settings",
            "PYTHONPATH": os.pathsep.join([str(TESTS), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
            "VEERKRACHT_TASK_HEARTBEAT_SECONDS": str(HEARTBEAT_SECONDS),
            "VEERKRACHT_TASK_STALE_SECONDS": str(STALE_SECONDS),
        }
    )
    if request.config.getoption("--database") != "postgresql":
        copy_of_veerstad(request.getfixturevalue("veerstad_built"), data_dir)
        return Site(data_dir, env, None)
    built = _built_city(request)
    database_url = _postgres_database(request, built.template if built is not None else "")
    env["VEERKRACHT_DATABASE_URL"] = database_url
    site = Site(data_dir, env, database_url)
    if built is not None:
        copy_of_veerstad(built.data_dir, data_dir)
        _as_the_site_hashes_passwords(database_url)
        return site
    site.command("migrate", "--quiet")
    site.command("demo", "build")
    return site


def _as_the_site_hashes_passwords(database_url: str) -> None:
    """The demo people get the demo password hashed as the site's processes hash it."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("UPDATE core_user SET password = %s", [password_hash_of_the_site()])


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``condition`` until it holds; fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        time.sleep(0.2)


def alive(pid: int) -> bool:
    """Whether a process with this id still exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
