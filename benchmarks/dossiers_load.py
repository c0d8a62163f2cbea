# SPDX-License-Identifier: EUPL-1.2
"""``make bench``: load benchmark of the leefbaarheidsdossiers against a real PostgreSQL (issue 10).

Starts its own PostgreSQL cluster as the meldingen benchmark does (``cases_load.py``: the test suite's
cluster, 127.0.0.1 only, removed afterwards, fsync on), migrates it, imports the Maastricht demo's real
buurten and wijken and the demo's organisations, people and covenants, and bulk-loads 100,000 dossiers
for the two corporations (``dossiers_fixtures.py``: meldingen, parties, hoor en wederhoor, ladder steps
with evidence, referrals, history). Then, one request at a time through the whole Django stack (the test
client: middleware, session, permissions, templates):

1. a dossier's page (``/dossiers/D-.../``) of a random dossier of the person's corporation, as a
   wijkbeheerder and as a coördinator; each request writes the audit line of the read, counted afterwards;
2. the KPI dashboard (``/meldingen/kengetallen/``, ADR 0026): it reads the organisation's stored KPI
   snapshot, so first the snapshot of every organisation is computed (timed: the background work a
   change or the nightly job costs), then the page is requested per buurt (the default) and per 100 m
   square (the first page of the square table: 100 squares, busiest first). Both heatmaps are drawn once
   per snapshot and kept in the cache, so the page is also timed with an empty cache: the first request
   after a refresh (which also draws the buurt outline again, kept for hours otherwise);
3. the neighbourhood profile of the gemeente (``/profiel/GM0935/``), whose meldingen and dossier part
   computes the suppressed KPIs live over everything the person may read in the gemeente, and that
   computation (``area_figures.area_kpis``) on its own.

Targets (issue 10, on 2 cores): dossier page p95 < 150 ms, dashboard p95 < 300 ms. Printed with the
ratio to the target; written to ``benchmarks/results/dossiers-load.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "src"), str(HERE), str(ROOT / "tests")]

RESULTS = HERE / "results"
TARGET_DOSSIER_P95_MS = 150.0
TARGET_DASHBOARD_P95_MS = 300.0
SEED = 2021


def _print(text: str) -> None:
    print(text, flush=True)


def _percentiles(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "p50_ms": ordered[len(ordered) // 2],
        "p95_ms": ordered[int(0.95 * (len(ordered) - 1))],
        "runs": len(ordered),
    }


def _timed(call: Callable[[], Any], runs: int) -> dict[str, float]:
    call()  # warm: templates, rule files, the person's grants cache
    times, cpu = [], []
    for _ in range(runs):
        started, began = time.perf_counter(), time.process_time()
        call()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - began) * 1000)
    # The Django side's CPU per request says what a request costs apart from how busy the machine is
    # (PostgreSQL's own share comes on top).
    return {**_percentiles(times), "django_cpu_ms_mean": sum(cpu) / len(cpu), "load": os.getloadavg()[0]}


def _verdict(name: str, figure: dict[str, float], target: float) -> str:
    p95 = figure["p95_ms"]
    return (
        f"{name} p95 < {target:.0f} ms: {p95:.1f} ms ({p95 / target:.2f} of the target; p50 "
        f"{figure['p50_ms']:.1f} ms): {'yes' if p95 < target else 'NO'}"
    )


def dossier_pages(runs: int, report: dict[str, Any]) -> None:
    from django.test import Client

    from veerkracht.cases.models import Dossier
    from veerkracht.core.models import AuditEvent, User

    rng = random.Random(SEED)
    figures = {}
    for username, label in (("wijkbeheerder", "wijkbeheerder"), ("teamleider", "coördinator")):
        user = User.objects.get(username=username)
        pool = list(Dossier.objects.visible_to(user).order_by("?").values_list("pk", "opened_at")[: runs * 2])
        references = [Dossier(pk=pk, opened_at=opened).reference for pk, opened in pool]
        client = Client()
        client.force_login(user)
        reads_before = AuditEvent.objects.filter(action="dossier.read", actor=user).count()

        def page(client: Client = client, references: list[str] = references) -> None:
            response = client.get(f"/dossiers/{rng.choice(references)}/")
            if response.status_code != 200:
                raise RuntimeError(f"dossier page answered {response.status_code}")

        figure = _timed(page, runs)
        reads = AuditEvent.objects.filter(action="dossier.read", actor=user).count() - reads_before
        figure["audit_reads_written"] = reads
        figures[label] = figure
        _print(
            f"dossier page as {label:<14} p50 {figure['p50_ms']:7.1f} ms   p95 {figure['p95_ms']:7.1f} ms"
            f"   (Django CPU {figure['django_cpu_ms_mean']:.0f} ms per request; load {figure['load']:.1f}; "
            f"{reads} audit lines of the reads for {runs + 1} requests)"
        )
    report["dossier_page"] = figures


def dashboard(runs: int, report: dict[str, Any]) -> None:
    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone

    from veerkracht.cases.services.kpi_snapshots import refresh_all
    from veerkracht.core.models import User

    year = timezone.localdate().year
    began = time.perf_counter()
    cells = refresh_all([year])
    seconds = time.perf_counter() - began
    _print(f"KPI snapshots of every organisation for {year}: {cells:,} cells in {seconds:.1f} s")
    figures: dict[str, Any] = {"snapshot_seconds": seconds, "snapshot_cells": cells}
    for username, label in (("wijkbeheerder", "wijkbeheerder"), ("teamleider", "coördinator")):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        for level in ("buurt", "square"):

            def page(client: Client = client, level: str = level) -> None:
                response = client.get("/meldingen/kengetallen/", {"jaar": str(year), "niveau": level})
                if response.status_code != 200:
                    raise RuntimeError(f"KPI dashboard answered {response.status_code}")

            figure = _timed(page, runs)
            figures[f"{label} per {level}"] = figure
            _print(
                f"KPI dashboard per {level:<6} as {label:<14} p50 {figure['p50_ms']:7.1f} ms   "
                f"p95 {figure['p95_ms']:7.1f} ms   (Django CPU {figure['django_cpu_ms_mean']:.0f} ms per "
                f"request; load {figure['load']:.1f})"
            )
            cold = _timed(lambda page=page: (cache.clear(), page()), max(runs // 4, 5))
            figures[f"{label} per {level}, first after a refresh"] = cold
            _print(
                f"  the first request after a refresh (nothing cached) p50 {cold['p50_ms']:7.1f} ms   "
                f"p95 {cold['p95_ms']:7.1f} ms   (Django CPU {cold['django_cpu_ms_mean']:.0f} ms)"
            )
    report["dashboard"] = figures


def profile(runs: int, report: dict[str, Any]) -> None:
    from django.test import Client
    from django.utils import timezone

    from dossiers_fixtures import GEMEENTE
    from veerkracht.cases.queries.area_figures import area_kpis
    from veerkracht.core.models import User
    from veerkracht.profiles.queries import find_area

    figures = {}
    year = timezone.localdate().year
    for username, label in (("wijkbeheerder", "wijkbeheerder"), ("teamleider", "coördinator")):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)

        def page(client: Client = client) -> None:
            response = client.get(f"/profiel/{GEMEENTE}/")
            if response.status_code != 200:
                raise RuntimeError(f"profile page answered {response.status_code}")

        figure = _timed(page, runs)
        figures[label] = figure
        _print(
            f"gemeente profile as {label:<14} p50 {figure['p50_ms']:7.1f} ms   "
            f"p95 {figure['p95_ms']:7.1f} ms   (Django CPU {figure['django_cpu_ms_mean']:.0f} ms per "
            f"request; load {figure['load']:.1f})"
        )
    area = find_area(GEMEENTE)
    codes = [GEMEENTE] if area is None else [area.code]
    user = User.objects.get(username="wijkbeheerder")
    kpis = _timed(lambda: area_kpis(user, GEMEENTE, year, codes), runs)
    p50, p95 = kpis["p50_ms"], kpis["p95_ms"]
    _print(f"  of which the KPIs alone (area_kpis)  p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")
    figures["kpis_only"] = kpis
    report["profile"] = figures


def _load(open_data: Path, total: int, report: dict[str, Any]) -> None:
    from dossiers_fixtures import import_maastricht, load_dossiers

    buurten = import_maastricht(open_data, seed=SEED)
    _print(f"Maastricht's {len(buurten.codes)} buurten and the demo's people ready")
    began = time.perf_counter()
    counts = load_dossiers(buurten, total, seed=SEED, log=_print)
    seconds = time.perf_counter() - began
    _print(
        f"loaded in {seconds:.0f} s: " + ", ".join(f"{number:,} {name}" for name, number in counts.items())
    )
    report["loaded"] = {**counts, "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=100_000, help="dossiers in the database")
    parser.add_argument("--runs", type=int, default=200, help="requests per dossier page figure")
    parser.add_argument("--dashboard-runs", type=int, default=40, help="requests per dashboard figure")
    parser.add_argument(
        "--reuse",
        default="",
        help="measure again against a database a --hold run keeps (postgres://...), without loading",
    )
    parser.add_argument(
        "--hold",
        type=float,
        default=0.0,
        help="keep the database this many seconds after measuring, to look at it (prints its address)",
    )
    args = parser.parse_args()
    open_data = Path(os.environ.get("VEERKRACHT_OPEN_DATA", "/work/shared/data/open"))

    from cases_load import make_durable
    from postgres import start_cluster

    folder = Path(tempfile.mkdtemp(prefix="veerkracht-bench-dossiers-"))
    cluster = None if args.reuse else start_cluster()
    os.environ.update(
        {
            "VEERKRACHT_DATABASE_URL": args.reuse
            or f"postgres://postgres@127.0.0.1:{cluster.port}/veerkracht",  # type: ignore[union-attr]
            "VEERKRACHT_DATA_DIR": str(folder / "data"),
            "DJANGO_SETTINGS_MODULE": "veerkracht.settings",
            "VEERKRACHT_LOG_LEVEL": "ERROR",
        }
    )
    report: dict[str, Any] = {"cores": os.cpu_count(), "dossiers": args.dossiers, "load": [os.getloadavg()]}
    started = time.perf_counter()
    try:
        import django
        from django.core.management import call_command
        from django.db import connection

        django.setup()
        if cluster is not None:
            make_durable(cluster)
        call_command("migrate", verbosity=0)
        _print(f"PostgreSQL at {os.environ['VEERKRACHT_DATABASE_URL']} (fsync on); {os.cpu_count()} cores")
        if cluster is not None:
            _load(open_data, args.dossiers, report)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        dossier_pages(args.runs, report)
        dashboard(args.dashboard_runs, report)
        profile(args.dashboard_runs, report)
        if args.hold:
            _print(f"holding {os.environ['VEERKRACHT_DATABASE_URL']} for {args.hold:.0f} s (data {folder})")
            time.sleep(args.hold)
    finally:
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
    report["total_seconds"] = time.perf_counter() - started
    report["load"].append(os.getloadavg())
    _print("")
    for label, figure in report["dossier_page"].items():
        _print(_verdict(f"dossier page ({label})", figure, TARGET_DOSSIER_P95_MS))
    for label, figure in report["dashboard"].items():
        if isinstance(figure, dict):
            _print(_verdict(f"KPI dashboard ({label})", figure, TARGET_DASHBOARD_P95_MS))
    for label, figure in report["profile"].items():
        if label != "kpis_only":
            _print(
                _verdict(f"gemeente profile ({label}, not the dashboard)", figure, TARGET_DASHBOARD_P95_MS)
            )
    load = ", ".join(f"{minute:.1f}" for minute, *_rest in report["load"])
    _print(f"total {report['total_seconds'] / 60:.1f} min; load average (1 min) at start and end: {load}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "dossiers-load.json").write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
