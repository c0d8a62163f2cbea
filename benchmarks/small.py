# SPDX-License-Identifier: EUPL-1.2
"""Timings of modest runs, with their targets (they used to be asserts in the unit tests).

A unit test's outcome may not depend on how busy the machine is; these do, so they live here and
``make bench`` prints them: seconds, the target, and whether it was met.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

GENERATOR_TARGET_SECONDS = 20.0
ANALYSIS_TARGET_SECONDS = 20.0


def _generate_1500_buurten() -> str:
    from veerkracht.demo.synthetic import generate_country

    country = generate_country(seed=3, n_buurten=1500)
    return f"{len(country.buurten):,} buurten, {len(country.squares):,} squares"


def _analyse_fake_country() -> str:
    from fake_country import make_fake_country

    from veerkracht.monitor import (
        AnalysisInputs,
        AnalysisParameters,
        NeedSupportParameters,
        load_preset,
        run_analysis,
    )

    country = make_fake_country(n_gemeenten=40, wijken_per_gemeente=5, buurten_per_wijk=4, block=6, seed=3)
    inputs = AnalysisInputs(country.values, country.areas, country.membership, country.catalogue, {})
    result = run_analysis(
        inputs,
        load_preset(),
        AnalysisParameters(2014, 2020, need_support=NeedSupportParameters("wmo_per_1000")),
    )
    if not np.isfinite(result.gi["gi_z"]).all():
        raise AssertionError("a hot-spot score is missing")
    squares = int((country.areas["level"] == "square").sum())
    return f"{squares:,} squares"


CHECKS: list[tuple[str, Callable[[], str], float]] = [
    ("generator, country of 1,500 buurten", _generate_1500_buurten, GENERATOR_TARGET_SECONDS),
    ("analysis, fake country of 40 gemeenten", _analyse_fake_country, ANALYSIS_TARGET_SECONDS),
]


def run_small() -> list[str]:
    """Run every check, print its line and return the verdicts."""
    verdicts = []
    for name, check, target in CHECKS:
        started = time.perf_counter()
        what = check()
        seconds = time.perf_counter() - started
        print(f"{name:40s} {seconds:6.1f} s  ({what})", flush=True)
        verdicts.append(f"{name} under {target:.0f} s: {'yes' if seconds < target else 'NO'}")
    return verdicts
