# SPDX-License-Identifier: EUPL-1.2
"""A throwaway PostgreSQL cluster for the test run: a temp folder, 127.0.0.1 only, gone when the run ends."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

WATCHDOG = Path(__file__).with_name("postgres_watchdog.py")


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL binaries here, or the cluster would not start."""


def _bindir() -> Path:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), reverse=True)
    if candidates:
        return candidates[0].parent
    raise PostgresUnavailable("no pg_ctl found (install Debian's postgresql package)")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresCluster:
    base: Path
    port: int
    bindir: Path
    run_as: list[str]
    watchdog: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def django_settings(self) -> dict[str, object]:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "veerkracht",
            "USER": "postgres",
            "PASSWORD": "",
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "ATOMIC_REQUESTS": False,
            "AUTOCOMMIT": True,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "OPTIONS": {},
            "TIME_ZONE": None,
            "TEST": {"NAME": None, "CHARSET": None, "COLLATION": None, "MIGRATE": True, "MIRROR": None},
        }

    def stop(self) -> None:
        subprocess.run(
            [
                *self.run_as,
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.base / "data"),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.base, ignore_errors=True)
        if self.watchdog is not None and self.watchdog.stdin is not None:
            self.watchdog.stdin.close()  # nothing left for it to stop: let it end
            try:
                self.watchdog.wait(timeout=30)
            except subprocess.TimeoutExpired:
                # A forked child still holds the pipe open; the cluster is gone already, so end it here.
                self.watchdog.kill()
                self.watchdog.wait(timeout=30)


def start_cluster() -> PostgresCluster:
    """Create and start a cluster; PostgreSQL refuses to run as root, so then it runs as ``postgres``."""
    bindir = _bindir()
    base = Path(tempfile.mkdtemp(prefix="veerkracht-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        run_as = ["runuser", "-u", "postgres", "--"]
        shutil.chown(base, user="postgres")
    port = _free_port()
    (base / "sock").mkdir()
    if run_as:
        shutil.chown(base / "sock", user="postgres")
    steps = [
        [
            str(bindir / "initdb"),
            "-D",
            str(base / "data"),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ],
        [
            str(bindir / "pg_ctl"),
            "-D",
            str(base / "data"),
            "-l",
            str(base / "server.log"),
            "-w",
            "-t",
            "30",
            "-o",
            f"-p {port} -k {base / 'sock'} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            "start",
        ],
        [str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "veerkracht"],
    ]
    for step in steps:
        result = subprocess.run([*run_as, *step], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            log = (base / "server.log").read_text() if (base / "server.log").exists() else ""
            shutil.rmtree(base, ignore_errors=True)
            raise PostgresUnavailable(f"{Path(step[0]).name} failed: {result.stderr.strip()} {log[-500:]}")
    # Stops the cluster if this process ends without calling stop() (killed, or interrupted twice).
    watchdog = subprocess.Popen(
        [sys.executable, str(WATCHDOG), str(base), str(bindir / "pg_ctl"), *run_as],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # a Ctrl-C to the run's process group must not stop it before the run ends
    )
    return PostgresCluster(base=base, port=port, bindir=bindir, run_as=run_as, watchdog=watchdog)
