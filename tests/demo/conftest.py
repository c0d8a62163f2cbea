# SPDX-License-Identifier: EUPL-1.2
"""Shared fixtures for the synthetic city tests: one generated city and its written files per session."""

import os
from pathlib import Path

import pytest

from veerkracht.demo.synthetic import City, generate_city, write_city

OPEN_DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "open"


@pytest.fixture(scope="session")
def city() -> City:
    return generate_city(seed=1)


@pytest.fixture(scope="session")
def written(city: City, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("veerstad")
    write_city(city, out)
    return out


@pytest.fixture(scope="session")
def open_data() -> Path:
    if not OPEN_DATA.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the real open data folder {OPEN_DATA} is missing on CI")
        pytest.skip(f"real open data not found at {OPEN_DATA}; the real-data tier needs ../shared/data/open")
    return OPEN_DATA
