# SPDX-License-Identifier: EUPL-1.2
"""A site the tests serve (``demo_site.served``) stops with the process that started it, also when that
process is killed before its clean-up runs."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from demo_site import _run

HERE = Path(__file__).resolve().parent
STARTER = """
import os, sys, time
sys.path.insert(0, {here!r})
from demo_site import served
with served(dict(os.environ)) as url:
    print(url.rsplit(":", 1)[1], flush=True)
    time.sleep(600)
"""


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.slow
def test_a_killed_starter_leaves_no_server_running(tmp_path: Path) -> None:
    env = {**os.environ, "VEERKRACHT_DATA_DIR": str(tmp_path), "VEERKRACHT_DEBUG": "false"}
    env.pop("VEERKRACHT_DATABASE_URL", None)
    _run(env, "migrate")
    starter = subprocess.Popen(
        [sys.executable, "-c", STARTER.format(here=str(HERE))], env=env, stdout=subprocess.PIPE, text=True
    )
    assert starter.stdout is not None
    port = int(starter.stdout.readline())
    assert _listening(port)
    starter.send_signal(signal.SIGKILL)  # no finally runs in the starter: only the kernel's signal is left
    starter.wait(timeout=30)
    deadline = time.monotonic() + 30
    while _listening(port) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _listening(port), f"the server on port {port} outlived the process that started it"
