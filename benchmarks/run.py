# SPDX-License-Identifier: EUPL-1.2
"""``make bench``: the full veerkracht analysis on national-size synthetic data, against a plain reference.

Both implementations get the same inputs (written once as Parquet) and each runs in a fresh process,
so that time and peak memory are their own. The engine's time includes placing the squares in the
buurten with its STRtree index, as the reference does with a GeoPandas spatial join. Printed: seconds
(wall clock and CPU), peak memory, the ratio, whether the answers agree, and the peak memory of the
national generator (12,000 buurten, all 13 years, in a process of its own). Targets (issue 8): the
national run in under 15 s on 2 cores, at least 20x faster than the reference, identical answers, and
the generator under 2.5 GB. The machine's load average is printed with each figure: on a shared
machine the wall-clock seconds grow with the load, the CPU seconds and the ratio much less.

Then the load benchmark of the meldingen (``cases_load.py``, in a process of its own: its own PostgreSQL
with 1,000,000 meldingen, intake through batches and through the REST API, the work list and the overdue
query; issue 9), then the dossier load benchmark (``dossiers_load.py``: 100,000 dossiers, issue 10).
``--no-cases`` leaves them out, ``--cases-only`` runs only that, and ``--meldingen`` sets
its size.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "src"), str(HERE), str(ROOT / "tests" / "monitor")]

RESULTS = HERE / "results"
START, END = 2014, 2020
TARGET_SECONDS = 15.0
TARGET_RATIO = 20.0
TARGET_GENERATOR_MB = 2500.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _engine(folder: Path, out: Path) -> dict[str, float]:
    from national import load
    from veerkracht.areas.lookup import AreaIndex
    from veerkracht.geo.squares import square_origins
    from veerkracht.monitor import (
        AnalysisInputs,
        AnalysisParameters,
        NeedSupportParameters,
        load_preset,
        run_analysis,
    )

    data = load(folder)
    loaded = _peak_mb()
    started, cpu = time.perf_counter(), time.process_time()
    index = AreaIndex(data.buurt_polygons["buurtcode"].tolist(), list(data.buurt_polygons.geometry))
    codes = data.buurt_of_square.index.to_numpy()
    xs, ys = square_origins(codes)
    edges = pd.DataFrame(
        {"child_code": codes, "parent_code": index.locate_many(xs + 50.0, ys + 50.0)}
    ).dropna()
    membership = pd.concat([edges, data.membership], ignore_index=True)
    located = time.perf_counter() - started
    result = run_analysis(
        AnalysisInputs(data.values, data.areas, membership, data.catalogue),
        load_preset(),
        AnalysisParameters(START, END, need_support=NeedSupportParameters("wmo_per_1000")),
    )
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    result.classes[result.classes["level"] != "complex"].to_parquet(out / "classes.parquet", index=False)
    for name in ("gi", "emerging", "smoothed", "need_support"):
        getattr(result, name).to_parquet(out / f"{name}.parquet", index=False)
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "locate_seconds": located,
        "peak_mb": _peak_mb(),
        "loaded_mb": loaded,
    }


def _reference(folder: Path, out: Path) -> dict[str, float]:
    from national import load
    from reference_analysis import reference_analysis

    data = load(folder)
    loaded = _peak_mb()
    started, cpu = time.perf_counter(), time.process_time()
    frames = reference_analysis(data)  # type: ignore[arg-type]
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    for name, frame in frames.items():
        frame.to_parquet(out / f"{name}.parquet", index=False)
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_mb": _peak_mb(), "loaded_mb": loaded}


def _generator(n_buurten: int) -> dict[str, float]:
    """The national generator as a user runs it: every default year, nothing else in the process."""
    from veerkracht.demo.synthetic import generate_country

    started = time.perf_counter()
    city = generate_country(seed=1, n_buurten=n_buurten)
    return {
        "seconds": time.perf_counter() - started,
        "peak_mb": _peak_mb(),
        "squares": float(len(city.squares)),
        "rows": float(len(city.square_values)),
        "years": float(len(city.years)),
    }


def _worker(kind: str, folder: Path) -> None:
    out = folder / kind
    out.mkdir(exist_ok=True)
    if kind == "generator":
        description = json.loads((folder / "description.json").read_text())
        timing = _generator(int(description["buurten"]))
    else:
        timing = _engine(folder, out) if kind == "engine" else _reference(folder, out)
    (out / "timing.json").write_text(json.dumps(timing))


def _run_worker(kind: str, folder: Path) -> dict[str, float]:
    # The load average as the worker starts: on a shared machine it says how much the seconds grew.
    busy = os.getloadavg()[0]
    subprocess.run([sys.executable, __file__, "--worker", kind, "--data", str(folder)], check=True)
    return {**json.loads((folder / kind / "timing.json").read_text()), "load": busy}


def _identical(agreement: dict[str, str]) -> bool:
    """Whether every comparison says "n of n equal" and every largest difference is rounding only."""
    for line in agreement.values():
        words = line.split()
        if "equal" in words and words[0] != words[2]:
            return False
        if "equal" not in words and float(words[0]) > 1e-9:
            return False
    return True


def _read(folder: Path) -> dict[str, pd.DataFrame]:
    return {path.stem: pd.read_parquet(path) for path in folder.glob("*.parquet")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buurten", type=int, default=12_000, help="size of the synthetic country")
    parser.add_argument(
        "--no-reference", action="store_true", help="only the engine (the reference takes minutes)"
    )
    parser.add_argument(
        "--small-only", action="store_true", help="only the modest timings (seconds, not minutes)"
    )
    parser.add_argument(
        "--no-generator", action="store_true", help="skip measuring the 13-year national generator"
    )
    parser.add_argument("--no-cases", action="store_true", help="skip the meldingen load benchmark")
    parser.add_argument("--cases-only", action="store_true", help="only the meldingen load benchmark")
    parser.add_argument(
        "--meldingen", type=int, default=1_000_000, help="size of the meldingen load benchmark"
    )
    parser.add_argument("--worker", choices=["engine", "reference", "generator"], help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker, args.data)
        return

    if args.cases_only:
        sys.exit(_cases(args.meldingen))

    from city_report import run_city_report
    from national import build
    from reference_analysis import compare
    from small import run_small

    small_verdicts = run_small() + run_city_report()
    if args.small_only:
        for verdict in small_verdicts:
            print(verdict)
        return
    folder = RESULTS / f"national-{args.buurten}"
    print(f"Generating the synthetic country ({args.buurten:,} buurten) ...", flush=True)
    description = build(folder, n_buurten=args.buurten)
    print(
        f"  {int(description['buurten']):,} buurten, {int(description['gemeenten'])} gemeenten, "
        f"{int(description['squares']):,} squares, {int(description['periods'])} periods, "
        f"{int(description['input_values']):,} input values "
        f"({description['generator_seconds']:.0f} s to generate)"
    )
    print(f"  machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    engine = _run_worker("engine", folder)
    print(
        f"engine     {engine['seconds']:7.1f} s   (CPU {engine['cpu_seconds']:.1f} s, "
        f"load {engine['load']:.1f})   peak {engine['peak_mb']:6.0f} MB "
        f"(inputs {engine['loaded_mb']:.0f} MB; placing squares {engine['locate_seconds']:.1f} s)",
        flush=True,
    )
    verdicts = [
        *small_verdicts,
        f"national run under {TARGET_SECONDS:.0f} s: {'yes' if engine['seconds'] < TARGET_SECONDS else 'NO'}",
    ]
    if not args.no_reference:
        reference = _run_worker("reference", folder)
        ratio = reference["seconds"] / engine["seconds"]
        print(
            f"reference  {reference['seconds']:7.1f} s   (CPU {reference['cpu_seconds']:.1f} s, load "
            f"{reference['load']:.1f})   peak {reference['peak_mb']:6.0f} MB"
        )
        print(
            f"ratio      {ratio:7.1f}x faster than the plain pandas/GeoPandas reference "
            f"(CPU: {reference['cpu_seconds'] / engine['cpu_seconds']:.1f}x)"
        )
        agreement = compare(_read(folder / "engine"), _read(folder / "reference"))
        for name, line in agreement.items():
            print(f"  agree on {name}: {line}")
        verdicts.append(f"at least {TARGET_RATIO:.0f}x faster: {'yes' if ratio >= TARGET_RATIO else 'NO'}")
        verdicts.append(f"identical answers: {'yes' if _identical(agreement) else 'NO'}")
    if not args.no_generator:
        generator = _run_worker("generator", folder)
        print(
            f"generator  {generator['seconds']:7.1f} s   (load {generator['load']:.1f})   peak "
            f"{generator['peak_mb']:6.0f} MB ({int(generator['squares']):,} squares x "
            f"{int(generator['years'])} years = {int(generator['rows']):,} rows)"
        )
        under = generator["peak_mb"] < TARGET_GENERATOR_MB
        verdicts.append(
            f"national generator under {TARGET_GENERATOR_MB / 1000:.1f} GB: {'yes' if under else 'NO'}"
        )
    for verdict in verdicts:
        print(verdict)
    if not args.no_cases:
        sys.exit(_cases(args.meldingen))


def _cases(meldingen: int) -> int:
    """The meldingen load benchmark in a process of its own (it starts its own PostgreSQL)."""
    print(f"\nMeldingen load benchmark ({meldingen:,} meldingen) ...", flush=True)
    command = [sys.executable, str(HERE / "cases_load.py"), "--meldingen", str(meldingen)]
    dossiers = [sys.executable, str(HERE / "dossiers_load.py")]  # issue 10: 100,000 dossiers
    return subprocess.run(command, check=False).returncode or subprocess.run(dossiers, check=False).returncode


if __name__ == "__main__":
    main()
