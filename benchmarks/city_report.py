# SPDX-License-Identifier: EUPL-1.2
"""The city report of the demo city: seconds to make the PDF, against 60 s on 2 cores (issue 12).

In a process of its own with its own data folder and SQLite database: the synthetic demo city is built the
way ``veerkracht demo build`` (and the tests' demo fixture) builds it, untimed; then the report of its
analysis run is made through the service the background worker calls, timed from reading the run's
results to the PDF's last byte on disk. Printed with the CPU seconds, the page count and the machine's
load average (on a shared machine the wall-clock seconds grow with the load). Run alone with
``python benchmarks/city_report.py``; ``make bench`` runs it with the other modest timings.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET_SECONDS = 60.0


def _worker(out: Path) -> None:
    """Build the demo city (untimed), then time its city report."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veerkracht.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from veerkracht.analysis.models import AnalysisRun
    from veerkracht.analysis.services import make_city_report_now, report_file
    from veerkracht.demo.build import build_synthetic_demo

    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    build_synthetic_demo(seed=2021, out_dir=None, progress=lambda _s, _d, _t: None)
    built = time.perf_counter() - started
    run = AnalysisRun.objects.get(status=AnalysisRun.Status.SUCCEEDED)
    load = os.getloadavg()[0]
    started, cpu = time.perf_counter(), time.process_time()
    report = make_city_report_now(run, language="nl")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    path = report_file(report)
    content = path.read_bytes()
    pages = _pages(path)
    timing = {"seconds": seconds, "cpu": cpu, "load": load, "build": built, "kb": len(content) / 1024}
    out.write_text(json.dumps({**timing, "pages": pages}))


def _pages(pdf: Path) -> str:
    """The page count as pdfinfo (poppler) reads it; "?" where poppler is not installed."""
    tool = shutil.which("pdfinfo")
    if not tool:
        return "?"
    info = subprocess.run([tool, str(pdf)], check=True, capture_output=True, text=True).stdout
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def run_city_report() -> list[str]:
    """Make the demo city's report in a fresh process; print its line and return the verdict."""
    with tempfile.TemporaryDirectory(prefix="veerkracht-city-report-") as folder:
        out = Path(folder) / "timing.json"
        # Its own embedded SQLite in its own data folder, whatever database this shell points at.
        environment = {k: v for k, v in os.environ.items() if k != "VEERKRACHT_DATABASE_URL"}
        environment["VEERKRACHT_DATA_DIR"] = str(Path(folder) / "data")
        subprocess.run([sys.executable, __file__, "--worker", str(out)], check=True, env=environment)
        timing = json.loads(out.read_text())
    print(
        f"{'city report of the demo city':40s} {timing['seconds']:6.1f} s  (CPU {timing['cpu']:.1f} s, "
        f"load {timing['load']:.1f}; {timing['pages']} pages, {timing['kb']:.0f} kB; "
        f"demo built in {timing['build']:.0f} s, untimed)",
        flush=True,
    )
    met = timing["seconds"] < TARGET_SECONDS
    return [f"city report of the demo city under {TARGET_SECONDS:.0f} s: {'yes' if met else 'NO'}"]


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        _worker(Path(sys.argv[2]))
    else:
        for verdict in run_city_report():
            print(verdict)
