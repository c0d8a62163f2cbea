# SPDX-License-Identifier: EUPL-1.2
"""Intake through the REST API: several ``veerkracht serve`` processes on 127.0.0.1, clients sending one
melding per request, each with its own Idempotency-Key, retried with the same key after any failure.

Runs only when ``POST /api/v1/meldingen/`` exists in this installation (the API is built separately).
"""

from __future__ import annotations

import http.client
import json
import os
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


def make_key(organisation: Any) -> tuple[str, int]:
    """An API key for the benchmark's partner system; returns the secret and the key's account id."""
    from veerkracht.cases.services.api_keys import create_api_key

    made = create_api_key(organisation, "Belastingtest", role="partner")
    return made.secret, made.key.user_id


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Servers:
    ports: list[int]
    processes: list[subprocess.Popen[bytes]]
    log: Path

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def start_servers(count: int, threads: int, log_dir: Path) -> Servers:
    """Start ``count`` server processes (waitress, ``threads`` each) on 127.0.0.1; wait until they answer."""
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
    return servers


@dataclass
class Sent:
    """What the clients sent and got back."""

    accepted: dict[str, str] = field(default_factory=dict)  # idempotency key -> reference
    latencies: list[float] = field(default_factory=list)
    retries: int = 0
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


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
        for attempt in range(5):
            started = time.perf_counter()
            try:
                connection.request("POST", API_PATH, body=body, headers=headers)
                response = connection.getresponse()
                answer = response.read()
            except (OSError, http.client.HTTPException):
                # A lost answer: send the same request with the same key again; it must not count twice.
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                with sent.lock:
                    sent.retries += 1
                continue
            elapsed = time.perf_counter() - started
            if response.status in (200, 201):
                reference = json.loads(answer)["reference"]
                with sent.lock:
                    sent.accepted[key] = reference
                    sent.latencies.append(elapsed)
                break
            if response.status >= 500 or response.status == 409:
                with sent.lock:
                    sent.retries += 1
                time.sleep(0.05 * (attempt + 1))
                continue
            with sent.lock:
                sent.failures.append(f"{key}: {response.status} {answer[:200]!r}")
            break
    connection.close()


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
    """Every accepted key is one melding, exactly once: (accepted, found, duplicates or missing)."""
    from django.db.models import Count

    from veerkracht.cases.models import Melding

    stored = dict(
        Melding.objects.filter(submitted_by_id=user_id)
        .values_list("idempotency_key")
        .annotate(n=Count("id"))
        .values_list("idempotency_key", "n")
    )
    missing = [key for key in sent.accepted if key not in stored]
    twice = [key for key, n in stored.items() if n != 1]
    return len(sent.accepted), len(stored), len(missing) + len(twice)
