# SPDX-License-Identifier: EUPL-1.2
"""Run Veerkracht in a fresh process with an environment of the test's choosing.

Settings read the environment once, when the process starts; a test of a setting from the environment
therefore needs a new process.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

VEERKRACHT = Path(sys.executable).with_name("veerkracht")
# Enough for a production-like process: its own data folder and a strong key.
BASE_ENV = {"VEERKRACHT_SECRET_KEY": "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyz-_!@#$%"}

_READ = """
import json, sys, django
django.setup()
from django.conf import settings
print(json.dumps({name: getattr(settings, name, None) for name in sys.argv[1:]}, default=str))
"""


def fresh_env(env: dict[str, str], data_dir: Path | None = None) -> dict[str, str]:
    """The current environment without Veerkracht's and Django's variables, plus the given ones.

    Django's go too: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE, which no deployment may have.
    """
    clean = {
        key: value for key, value in os.environ.items() if not key.startswith(("VEERKRACHT_", "DJANGO_"))
    }
    clean["DJANGO_SETTINGS_MODULE"] = "veerkracht.settings"
    if data_dir is not None:
        clean["VEERKRACHT_DATA_DIR"] = str(data_dir)
    return {**clean, **BASE_ENV, **env}


def settings_in_fresh_process(env: dict[str, str], *names: str) -> dict[str, Any]:
    """The named settings as a new process with this environment sees them (as JSON values)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        result = subprocess.run(
            [sys.executable, "-c", _READ, *names],
            env=fresh_env(env, Path(folder)),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def run_veerkracht(args: list[str], env: dict[str, str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run the ``veerkracht`` command in a fresh process."""
    return subprocess.run(
        [str(VEERKRACHT), *args],
        env=fresh_env(env, data_dir),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
