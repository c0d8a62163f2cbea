# SPDX-License-Identifier: EUPL-1.2
"""Intake through the REST API: several ``veerkracht serve`` processes on 127.0.0.1, clients sending one
melding per request, each with its own Idempotency-Key, retried with the same key after any failure.

Every ``REPLAY_EVERY``-th melding is sent a second time after it was accepted, as a client does whose
answer got lost: the API must answer with the first receipt (``Idempotent-Replayed: true``), never make a
second melding. The servers stop with the benchmark, also when it is killed (Linux: the parent-death
signal), and their CPU time is read from ``/proc``, so a figure can be judged apart from the machine's load.

Runs only when ``POST /api/v1/meldingen/`` exists in this installation.
"""

from __future__ import annotations

import contextlib
import ctypes
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from cases_fixtures import World, api_body

API_PATH = "/api/v1/meldingen/"
WARM_PATH = "/api/v1/meldingen/categories/"
REPLAY_EVERY = 50
_PR_SET_PDEATHSIG = 1


def api_available() -> bool:
    """Whether this installation has the meldingen intake endpoint and its API keys."""
    from django.urls import Resolver404, resolve

    try:
        resolve(API_PATH)
    except Resolver404:
        return False
    try:
        from veerkracht.cases.services import api_keys  # noqa: F401
    except ImportError:
        return False
    return True


def make_key(organisation: Any, label: str = "Belastingtest", role: str = "partner") -> tuple[str, int]:
    """An API key for a system of the organisation; returns the secret and the key's account id."""
    from veerkracht.cases.services.api_keys import create_api_key

    made = create_api_key(organisation, label, role=role)
    return made.secret, made.key.user_id


def time_work_list(servers: Servers, secret: str, runs: int) -> list[float]:
    """Seconds per ``GET /api/v1/meldingen/`` (the first page of the work list), one request at a time."""
    connection = http.client.HTTPConnection("127.0.0.1", servers.ports[0], timeout=60)
    headers = {"Authorization": f"Bearer {secret}"}
    times = []
    try:
        for _ in range(runs + 1):
            started = time.perf_counter()
            connection.request("GET", API_PATH, headers=headers)
            response = connection.getresponse()
            answer = response.read()
            if response.status != 200 or not json.loads(answer).get("results"):
                raise RuntimeError(f"work list through the API: {response.status} {answer[:200]!r}")
            times.append(time.perf_counter() - started)
    finally:
        connection.close()
    return sorted(times[1:])  # the first one warms the thread


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Servers:
    ports: list[int]
    processes: list[subprocess.Popen[bytes]]
    log: Path

    def cpu_seconds(self) -> float:
        """CPU time (user and system) the server processes have used so far; 0 where /proc is missing."""
        return sum(process_cpu_seconds(process.pid) for process in self.processes)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def _stat_fields(stat: Path) -> list[str] | None:
    """The fields of a ``/proc/<pid>/stat`` after the process name (from state on); None when it is gone."""
    try:
        return stat.read_text().rpartition(")")[2].split()
    except OSError:
        return None


def _cpu_seconds(fields: list[str], *, reaped_children: bool = False) -> float:
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    # After the name: utime and stime are fields 11 and 12, cutime and cstime 13 and 14.
    used = int(fields[11]) + int(fields[12])
    if reaped_children:
        used += int(fields[13]) + int(fields[14])
    return used / ticks


def process_cpu_seconds(pid: int, *, reaped_children: bool = False) -> float:
    """CPU time (user and system) of one process from ``/proc``; 0 where it is missing.

    With ``reaped_children``, also that of its children that have ended (PostgreSQL's postmaster collects
    the time of its backends that way).
    """
    fields = _stat_fields(Path(f"/proc/{pid}/stat"))
    return 0.0 if fields is None else _cpu_seconds(fields, reaped_children=reaped_children)


def database_cpu_seconds(data_dir: Path) -> float:
    """CPU time PostgreSQL has used so far: its postmaster, its live processes and those that ended."""
    try:
        postmaster = int((data_dir / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0
    total = process_cpu_seconds(postmaster, reaped_children=True)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        fields = _stat_fields(stat)
        if fields is not None and int(fields[1]) == postmaster:  # a backend or helper of this cluster
            total += _cpu_seconds(fields)
    return total


def _die_with_parent() -> None:
    # Runs in the child before exec: the kernel sends SIGTERM when the benchmark ends, however it ends.
    # Elsewhere than Linux, Servers.stop() in the benchmark's finally is all there is.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def start_servers(count: int, threads: int, log_dir: Path, secret: str) -> Servers:
    """Start ``count`` server processes (waitress, ``threads`` each) on 127.0.0.1; wait until they answer.

    Each server then answers a few authenticated requests first, so its URLs are imported and its threads
    hold a database connection before the clock starts.
    """
    veerkracht = Path(sys.executable).with_name("veerkracht")
    ports, processes = [], []
    log = log_dir / "servers.log"
    with log.open("ab") as sink:
        for _ in range(count):
            port = _free_port()
            processes.append(
                subprocess.Popen(
                    [
                        str(veerkracht),
                        "serve",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(port),
                        "--no-worker",
                        "--threads",
                        str(threads),
                    ],
                    stdout=sink,
                    stderr=sink,
                    env=os.environ.copy(),
                    preexec_fn=_die_with_parent if sys.platform == "linux" else None,
                )
            )
            ports.append(port)
    servers = Servers(ports, processes, log)
    deadline = time.monotonic() + 120
    for port in ports:
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    servers.stop()
                    raise RuntimeError(f"server on port {port} did not start; see {log}") from None
                time.sleep(0.5)
    for port in ports:
        _warm(port, secret, threads)
    return servers


def _warm(port: int, secret: str, threads: int) -> None:
    def one() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            connection.request("GET", WARM_PATH, headers={"Authorization": f"Bearer {secret}"})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"warming the server on port {port}: {response.status}")
        finally:
            connection.close()

    one()  # the first request imports the URLs; then every thread at once
    workers = [threading.Thread(target=one) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


@dataclass
class Sent:
    """What the clients sent and got back."""

    accepted: dict[str, str] = field(default_factory=dict)  # idempotency key -> reference
    latencies: list[float] = field(default_factory=list)
    retries: int = 0
    replays: int = 0  # accepted meldingen sent again on purpose, answered with the first receipt
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _send(
    connection: http.client.HTTPConnection, body: str, headers: dict[str, str]
) -> tuple[int, bytes, str | None]:
    connection.request("POST", API_PATH, body=body, headers=headers)
    response = connection.getresponse()
    return response.status, response.read(), response.getheader("Idempotent-Replayed")


def _client(
    port: int, secret: str, world: World, numbers: range, sent: Sent, stop_at: float, seed: int
) -> None:
    rng = np.random.default_rng([seed, numbers.start])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for number in numbers:
        if time.monotonic() > stop_at:
            break
        key = f"api-{number}"
        body = json.dumps(api_body(world, number, rng))
        headers = {
            "Authorization": f"Bearer {secret}",
            "Content-Type": "application/json",
            "Idempotency-Key": key,
        }
        outcome = f"{key}: no answer after 5 attempts"
        for attempt in range(5):
            started = time.perf_counter()
            try:
                status, answer, _replayed = _send(connection, body, headers)
            except (OSError, http.client.HTTPException):
                # A lost answer: send the same request with the same key again; it must not count twice.
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                with sent.lock:
                    sent.retries += 1
                continue
            elapsed = time.perf_counter() - started
            if status in (200, 201):
                reference = json.loads(answer)["reference"]
                with sent.lock:
                    sent.accepted[key] = reference
                    sent.latencies.append(elapsed)
                outcome = ""
                break
            if status >= 500:
                with sent.lock:
                    sent.retries += 1
                time.sleep(0.05 * (attempt + 1))
                continue
            outcome = f"{key}: {status} {answer[:200]!r}"
            break
        if not outcome and number % REPLAY_EVERY == 0:
            outcome = _replay(connection, body, headers, sent.accepted[key], key, sent)
        if outcome:
            with sent.lock:
                sent.failures.append(outcome)
    connection.close()


def _replay(
    connection: http.client.HTTPConnection,
    body: str,
    headers: dict[str, str],
    reference: str,
    key: str,
    sent: Sent,
) -> str:
    """Send an accepted melding again with its key: the first receipt must come back, marked replayed."""
    try:
        status, answer, replayed = _send(connection, body, headers)
    except (OSError, http.client.HTTPException) as error:
        connection.close()  # http.client reconnects on the next request
        return f"{key}: sent again, no answer ({error})"
    if status not in (200, 201) or replayed != "true" or json.loads(answer)["reference"] != reference:
        return f"{key}: sent again, got {status} (replayed: {replayed}) {answer[:200]!r}"
    with sent.lock:
        sent.replays += 1
    return ""


def drive(servers: Servers, secret: str, world: World, *, clients: int, seconds: float, seed: int) -> Sent:
    """Send meldingen from ``clients`` threads spread over the servers for ``seconds``; return the result."""
    sent = Sent()
    stop_at = time.monotonic() + seconds
    per_client = 10_000_000
    threads = [
        threading.Thread(
            target=_client,
            args=(
                servers.ports[i % len(servers.ports)],
                secret,
                world,
                range(i * per_client, (i + 1) * per_client),
                sent,
                stop_at,
                seed,
            ),
            daemon=True,
        )
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sent


def verify(sent: Sent, user_id: int) -> tuple[int, int, int]:
    """Every accepted key is one melding, exactly once, with the reference its receipt gave:
    (accepted, stored, lost, doubled or with another reference)."""
    from collections import defaultdict

    from veerkracht.cases.models import Melding

    stored: dict[str, list[str]] = defaultdict(list)
    mine = Melding.objects.filter(submitted_by_id=user_id).only("id", "received_at", "idempotency_key")
    for melding in mine:
        stored[melding.idempotency_key].append(melding.reference)
    wrong = [key for key, reference in sent.accepted.items() if stored.get(key) != [reference]]
    extra = [key for key in stored if key not in sent.accepted and len(stored[key]) != 1]
    return len(sent.accepted), sum(len(found) for found in stored.values()), len(wrong) + len(extra)
