# SPDX-License-Identifier: EUPL-1.2
"""Run ``veerkracht`` and Python snippets in their own processes, on a SQLite data folder of the test's own.

For what only a real process shows: a SIGKILL at the wrong moment, several writers at once, a database
file changed by hand.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

VEERKRACHT = Path(sys.executable).with_name("veerkracht")
_SETUP = "import os, django\nos.environ['DJANGO_SETTINGS_MODULE'] = 'veerkracht.settings'\ndjango.setup()\n"


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a process on ``data_dir`` with the embedded SQLite database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"VEERKRACHT_DATABASE_URL", "VEERKRACHT_SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(VEERKRACHT_DATA_DIR=str(data_dir), COLUMNS="200", **extra)
    return env


def veerkracht(data_dir: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """Run the ``veerkracht`` command; the caller checks the return code."""
    return subprocess.run(
        [str(VEERKRACHT), *args],
        env=environment(data_dir, **extra),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def python(
    data_dir: Path, script: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a Python snippet with Django set up on ``data_dir`` (``env``: more environment variables)."""
    return subprocess.run(
        [sys.executable, "-c", _SETUP + script, *args],
        env=environment(data_dir, **(env or {})),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def start_python(data_dir: Path, script: str, *args: str) -> subprocess.Popen[str]:
    """Start a Python snippet with Django set up on ``data_dir`` without waiting for it."""
    return subprocess.Popen(
        [sys.executable, "-c", _SETUP + script, *args],
        env=environment(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def migrated_copy(template: Path, target: Path) -> Path:
    """A copy of a migrated data folder (migrating once per module keeps the tests quick)."""
    shutil.copytree(template, target)
    return target


def migrate(data_dir: Path) -> Path:
    """Create the database of a new data folder."""
    result = veerkracht(data_dir, "migrate", "--quiet")
    assert result.returncode == 0, result.stderr
    return data_dir


def query(data_dir: Path, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Read the data folder's SQLite database directly, as someone with the file would."""
    with sqlite3.connect(data_dir / "veerkracht.sqlite3") as connection:
        return connection.execute(sql, parameters).fetchall()
