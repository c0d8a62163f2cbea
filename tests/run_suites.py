# SPDX-License-Identifier: EUPL-1.2
"""Run the SQLite suite and the PostgreSQL database suite side by side, as `make test` does.

Every test runs once, except the database tests, which run on SQLite and again on PostgreSQL. A few folders'
tests that touch neither a database nor a browser (marked ``second_run`` in tests/conftest.py) run in the
PostgreSQL run, so that the two runs take about as long.

The two runs share nothing (each has its own temporary data folders, databases, live-server ports and, for
PostgreSQL, its own cluster), and each is single-threaded, so on two cores they take about as long as the
longer of the two instead of their sum. Each line of output carries the name of its run; the exit code is
the first non-zero one. `make test SERIAL=1` (``--serial``) runs them one after the other instead.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from typing import IO

SUITES: dict[str, list[str]] = {
    # The slowest tests of each run are listed at its end: where the suite's time goes (house goal: 15 min).
    "sqlite": ["-m", "pytest", "-q", "--durations=25", "-m", "not second_run"],
    # The PostgreSQL run leaves pytest's cache alone: the SQLite run owns it (last-failed and friends).
    "postgresql": [
        "-m",
        "pytest",
        "-q",
        "--durations=25",
        "--database=postgresql",
        "-m",
        "database or second_run",
        "-p",
        "no:cacheprovider",
    ],
}


def _relay(name: str, stream: IO[str], lock: threading.Lock) -> None:
    """Copy a run's output to ours, one whole line at a time, each marked with the run's name."""
    for line in stream:
        with lock:
            sys.stdout.write(f"[{name}] {line}")
            sys.stdout.flush()


def run_parallel(extra: Sequence[str]) -> int:
    """Start both runs, relay their output as it comes and return the first non-zero exit code."""
    lock = threading.Lock()
    started = time.monotonic()
    running: dict[str, subprocess.Popen[str]] = {}
    relays = []
    try:
        for name, arguments in SUITES.items():
            process = subprocess.Popen(
                [sys.executable, *arguments, *extra],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                bufsize=1,
            )
            running[name] = process
            assert process.stdout is not None
            relay = threading.Thread(target=_relay, args=(name, process.stdout, lock), daemon=True)
            relay.start()
            relays.append(relay)
        codes = {name: process.wait() for name, process in running.items()}
    except KeyboardInterrupt:
        for process in running.values():
            process.terminate()
        raise
    for relay in relays:
        relay.join()
    elapsed = time.monotonic() - started
    for name, code in codes.items():
        print(f"[{name}] {'passed' if code == 0 else f'FAILED (exit code {code})'}")
    print(f"both runs finished in {elapsed:.0f} s")
    return next((code for code in codes.values() if code != 0), 0)


def run_serial(extra: Sequence[str]) -> int:
    """The runs one after the other (for a machine with one core, or to read one run's output whole)."""
    for arguments in SUITES.values():
        code = subprocess.call([sys.executable, *arguments, *extra])
        if code != 0:
            return code
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serial", action="store_true", help="run the suites one after the other")
    known, extra = parser.parse_known_args(argv)
    return run_serial(extra) if known.serial else run_parallel(extra)


if __name__ == "__main__":
    sys.exit(main())
