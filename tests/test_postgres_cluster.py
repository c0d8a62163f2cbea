# SPDX-License-Identifier: EUPL-1.2
"""The throwaway PostgreSQL cluster of a test run or benchmark stops with the process that started it, also
when that process is killed before its clean-up runs."""

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from postgres import PostgresUnavailable, start_cluster
from support import unavailable

HERE = Path(__file__).resolve().parent
STARTER = """
import sys, time
sys.path.insert(0, {here!r})
from postgres import start_cluster
cluster = start_cluster()
print(cluster.base, cluster.port, flush=True)
time.sleep(600)
"""


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _gone_within(seconds: float, base: Path, port: int) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not base.exists() and not _listening(port):
            return True
        time.sleep(0.2)
    return False


@pytest.mark.slow
def test_a_killed_starter_leaves_no_postgresql_running() -> None:
    starter = subprocess.Popen(
        [sys.executable, "-c", STARTER.format(here=str(HERE))], stdout=subprocess.PIPE, text=True
    )
    assert starter.stdout is not None
    line = starter.stdout.readline().split()
    if not line:
        starter.wait(timeout=30)
        unavailable("PostgreSQL could not start in the child process")
    base, port = Path(line[0]), int(line[1])
    assert base.exists() and _listening(port)
    starter.send_signal(signal.SIGKILL)  # no finally, no atexit: only the watchdog can stop it now
    starter.wait(timeout=30)
    assert _gone_within(60, base, port), f"PostgreSQL still runs on port {port} with its folder {base}"


def test_a_stopped_cluster_ends_its_watchdog_too() -> None:
    try:
        cluster = start_cluster()
    except PostgresUnavailable as error:
        unavailable(f"PostgreSQL could not start: {error}")
        return
    assert cluster.watchdog is not None and cluster.watchdog.poll() is None
    cluster.stop()
    assert cluster.watchdog.poll() == 0
    assert not cluster.base.exists() and not _listening(cluster.port)
