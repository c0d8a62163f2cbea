# SPDX-License-Identifier: EUPL-1.2
"""With real processes: a worker killed mid-analysis leaves no half result and the run can be retried; an
analysis started in the browser runs in the worker that ``veerkracht serve`` starts and stops.

These tests run ``veerkracht`` commands as subprocesses on a database of their own: a SQLite file (the
test database of the other tests lives in memory, out of a worker's reach) or, in the PostgreSQL pass, a
fresh database in the test cluster.
"""

import os
import re
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from browser import CHROMIUM, chromium
from support import unavailable
from veerkracht.demo.people import DEMO_PASSWORD
from veerkracht.monitor.run import RESULT_FRAMES

pytestmark = [pytest.mark.slow, pytest.mark.database]

HERE = Path(__file__).resolve().parent
VEERKRACHT = [sys.executable, "-m", "veerkracht.cli"]
STALE_SECONDS = 6


@dataclass
class Site:
    """A data folder and database with the demo city, and the environment its processes need."""

    data_dir: Path
    env: dict[str, str]
    database_url: str | None  # None: the SQLite file in the data folder

    def command(self, *args: str, extra_env: dict[str, str] | None = None, timeout: float = 300) -> str:
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

    def run_row(self, run_id: int) -> dict[str, Any]:
        columns = ["status", "progress_step", "attempts", "error"]
        sql = f"SELECT {', '.join(columns)} FROM analysis_analysisrun WHERE id = %s"
        if self.database_url is None:
            with sqlite3.connect(self.data_dir / "veerkracht.sqlite3") as connection:
                row = connection.execute(sql.replace("%s", "?"), (run_id,)).fetchone()
        else:
            import psycopg

            with psycopg.connect(self.database_url) as connection:
                row = connection.execute(sql, (run_id,)).fetchone()
        return dict(zip(columns, row, strict=True))

    def queue_analysis(self) -> int:
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


def _postgres_database(request: pytest.FixtureRequest) -> str:
    """A fresh database in the test run's PostgreSQL cluster, for processes outside pytest-django."""
    request.getfixturevalue("django_db_setup")  # starts the cluster
    import psycopg
    from django.conf import settings

    server = settings.DATABASES["default"]
    name = f"worker_{secrets.token_hex(4)}"
    base = f"postgres://{server['USER']}@{server['HOST']}:{server['PORT']}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return f"{base}/{name}"


@pytest.fixture(scope="module")
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
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
            "PYTHONPATH": os.pathsep.join([str(HERE), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
            "VEERKRACHT_TASK_HEARTBEAT_SECONDS": "0.5",
            "VEERKRACHT_TASK_STALE_SECONDS": str(STALE_SECONDS),
        }
    )
    database_url = None
    if request.config.getoption("--database") == "postgresql":
        database_url = _postgres_database(request)
        env["VEERKRACHT_DATABASE_URL"] = database_url
    built = Site(data_dir, env, database_url)
    built.command("migrate", "--quiet")
    built.command("demo", "build")
    return built


def _wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        time.sleep(0.2)


def _staged(site: Site, run_id: int) -> list[Path]:
    return list((site.data_dir / "analyses").glob(f".staging-{run_id}-*/*.parquet"))


def test_killing_the_worker_mid_analysis_leaves_no_half_result_and_the_run_can_be_retried(
    site: Site, tmp_path: Path
) -> None:
    run_id = site.queue_analysis()
    published = site.data_dir / "analyses" / f"run={run_id}"
    log = (tmp_path / "worker.log").open("w")
    # Each staged result file takes three seconds: the worker is killed while it writes the result.
    worker = subprocess.Popen(
        [*VEERKRACHT, "worker"],
        env={**site.env, "VEERKRACHT_TEST_WRITE_DELAY": "3"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until(lambda: len(_staged(site, run_id)) >= 1, 180, "the first staged result file")
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    killed_at = time.monotonic()

    assert worker.returncode == -signal.SIGKILL
    row = site.run_row(run_id)
    assert row["status"] == "running" and row["progress_step"] == "opslaan"
    assert not published.exists(), "nothing of a killed attempt is published"
    assert 1 <= len(_staged(site, run_id)) < len(RESULT_FRAMES), "the kill came halfway through writing"

    with pytest.raises(AssertionError, match="nog bezig of wacht op een worker"):
        site.command("retry", str(run_id))  # its last sign of life is too recent to call it dead
    time.sleep(max(0.0, killed_at + STALE_SECONDS + 1 - time.monotonic()))
    assert "staat opnieuw in de wachtrij" in site.command("retry", str(run_id))
    assert _staged(site, run_id) == [], "the half result of the dead attempt is cleared away"

    site.command("worker", "--batch")
    row = site.run_row(run_id)
    assert row["status"] == "succeeded" and row["attempts"] == 2 and row["error"] == ""
    assert {path.stem for path in published.glob("*.parquet")} == set(RESULT_FRAMES)
    assert len(pd.read_parquet(published / "classes.parquet")) > 0
    assert not list((site.data_dir / "analyses").glob(f".staging-{run_id}-*"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(site: Site, tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[bytes]]]:
    """``veerkracht serve`` with its worker; the analysis pauses four seconds so its progress shows."""
    port = _free_port()
    log_path = tmp_path / "serve.log"
    process = subprocess.Popen(
        [*VEERKRACHT, "serve", "--port", str(port)],
        env={**site.env, "VEERKRACHT_TEST_ANALYSIS_DELAY": "4"},
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            with urllib.request.urlopen(f"{url}/inloggen/", timeout=2) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    try:
        _wait_until(answers, 60, "the server")
        yield url, log_path, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.browser
def test_an_analysis_started_in_the_browser_runs_in_the_worker_that_serve_starts_and_stops(
    server: tuple[str, Path, subprocess.Popen[bytes]],
) -> None:
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing (make test installs Debian's chromium)")
    url, log_path, process = server
    found = re.search(r"Worker gestart \(proces (\d+)\)", log_path.read_text())
    assert found, log_path.read_text()
    worker_pid = int(found.group(1))
    assert _alive(worker_pid)

    with chromium() as browser:
        page = browser.new_page(locale="nl-NL")  # type: ignore[attr-defined]
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{url}/inloggen/?next=/monitor/")
        page.get_by_label("Gebruikersnaam").fill("analist")
        page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.get_by_role("link", name="Analyses", exact=True).click()
        page.get_by_role("link", name="Nieuwe analyse starten").click()
        page.get_by_label("Veerstad (GM5001)").check()
        page.get_by_label("Beginjaar").select_option("2018")
        page.get_by_label("Eindjaar").select_option("2022")
        page.get_by_role("button", name="Analyse starten").click()

        page.wait_for_url(re.compile(r"/monitor/analyses/\d+/$"))
        run_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
        assert "staat in de wachtrij" in page.locator(".messages").inner_text()
        # The page follows the worker without being reloaded by hand: first the step, then the result.
        page.wait_for_function(
            "document.getElementById('run-step')?.textContent.includes('analyseren')", timeout=60_000
        )
        assert page.locator("#run-progress").get_attribute("data-live") == "true"
        assert page.locator("#run-refresh").is_hidden(), "with JavaScript the page refreshes itself"
        result = page.locator("#run-result a")
        result.wait_for(timeout=120_000)
        assert page.locator("#run-status-label").inner_text() == "Klaar"
        result.click()
        page.wait_for_url(re.compile(rf"/monitor/\?run={run_id}$"))
        page.wait_for_selector("#monitor-map[data-state=ready]", timeout=30_000)
        assert errors == []

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    assert "Worker gestopt." in log_path.read_text()
    assert not _alive(worker_pid), "the worker stops with the server"
