# SPDX-License-Identifier: EUPL-1.2
"""Shared test helpers: where the real open data is, and skipping that turns into failing in CI."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
OPEN_DATA = Path(os.environ.get("VEERKRACHT_OPEN_DATA", REPO.parent / "shared" / "data" / "open"))
IN_CI = os.environ.get("CI", "").lower() == "true"


def unavailable(reason: str) -> None:
    """Skip with a clear reason, except in CI where a test that cannot run is a failure."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this may not be skipped)", pytrace=False)
    pytest.skip(reason)


def examples(count: int) -> int:
    """Hypothesis examples for a property test; a quarter under ``make mutation`` (every mutant reruns it).

    The mutation run is derandomised (the same examples every time), so fewer examples still kill the
    same mutants on every run; ``make test`` keeps the full count.
    """
    return max(10, count // 4) if os.environ.get("VEERKRACHT_MUTATION") else count
