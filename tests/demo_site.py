# SPDX-License-Identifier: EUPL-1.2
"""The demo city served by the real server, once per test session, for browser tests of the monitor.

The site runs in its own process on its own SQLite file in a temporary data folder, built with the
same commands as ``make run`` (migrate, demo build, two more analyses to compare; the first two done once
per run, see ``veerstad_built``), and listens on 127.0.0.1 only. Browser tests read it like a user does;
they share it, so they only read.
"""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import unavailable

PASSWORD = "veerkracht-demo"
COMMAND = [sys.executable, "-c", "from veerkracht.cli.main import main; main()"]
# The server asks the kernel for SIGTERM (which `serve` handles like Ctrl+C, stopping its worker too) when the
# process that started it ends, however it ends; set in the child itself, as preexec_fn is unsafe beside the
# run's threads. Elsewhere than Linux: only the finally of `served`.
SERVE = [
    sys.executable,
    "-c",
    "import contextlib, ctypes, signal\n"
    "with contextlib.suppress(OSError, AttributeError):\n"
    "    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG\n"
    "from veerkracht.cli.main import main\n"
    "main()",
    "serve",
]


@dataclass(frozen=True)
class DemoSite:
    url: str
    data_dir: Path
    truth: dict[str, object]
    run_ids: tuple[int, ...]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def served(env: dict[str, str], what: str = "the demo server", seconds: float = 60) -> Iterator[str]:
    """``veerkracht serve`` (with its worker) on a free port of 127.0.0.1, for as long as the block runs.

    Yields the site's address once its login page answers; the server stops when the block ends, or when
    this process ends without reaching the end of the block.
    """
    port = _free_port()
    server = subprocess.Popen(
        [*SERVE, "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + seconds
        while True:
            try:
                urllib.request.urlopen(f"{url}/inloggen/", timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    unavailable(f"{what} stopped while starting")
                if time.monotonic() > deadline:
                    unavailable(f"{what} did not answer within {seconds:.0f} s")
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def _run(env: dict[str, str], *arguments: str) -> None:
    result = subprocess.run([*COMMAND, *arguments], env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"veerkracht {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}")


def _env(data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "VEERKRACHT_DATA_DIR": str(data_dir), "VEERKRACHT_DEBUG": "false"}
    env.pop("VEERKRACHT_DATABASE_URL", None)
    return env


@pytest.fixture(scope="session")
def veerstad_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with Veerstad built on SQLite by the real commands (migrate, demo build), never served.

    The run's sites that need the demo city on SQLite start from a copy of it: the build takes most of a
    minute, a copy a second.
    """
    data_dir = tmp_path_factory.mktemp("veerstad-built")
    env = _env(data_dir)
    _run(env, "migrate")
    _run(env, "demo", "build")
    return data_dir


def password_hash_of_the_site() -> str:
    """The demo password hashed as a served site hashes it.

    The run hashes passwords with MD5 (fast, tests/conftest.py); a served site knows only the real hashers,
    so the people of a database built in the test process get this hash before a site serves it.
    """
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    hasher = PBKDF2PasswordHasher()
    return hasher.encode(PASSWORD, hasher.salt())


def copy_of_veerstad(built: Path, data_dir: Path) -> None:
    """Put the built Veerstad (its SQLite database and data folder) in ``data_dir``."""
    shutil.copytree(built, data_dir, dirs_exist_ok=True)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory, veerstad_built: Path) -> Iterator[DemoSite]:
    data_dir = tmp_path_factory.mktemp("demo-site")
    env = _env(data_dir)
    copy_of_veerstad(veerstad_built, data_dir)
    _run(
        env, "analyse", "--from", "2014", "--to", "2018", "--indeling", "2022", "--name", "Veerstad 2014–2018"
    )
    _run(env, "analyse", "--from", "2018", "--to", "2022", "--name", "Veerstad 2018–2022")
    with served(env) as url:
        truth = json.loads((data_dir / "demo" / "veerstad" / "truth.json").read_text())
        yield DemoSite(url, data_dir, truth, (1, 2, 3))


def log_in(page: object, site: DemoSite, next_path: str, username: str = "analist") -> None:
    """Log in through the form and land on ``next_path``."""
    page.goto(f"{site.url}/inloggen/?next={urllib.parse.quote(next_path, safe='/')}")  # type: ignore[attr-defined]
    page.get_by_label("Gebruikersnaam").fill(username)  # type: ignore[attr-defined]
    page.get_by_label("Wachtwoord").fill(PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Inloggen").click()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
