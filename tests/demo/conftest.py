# SPDX-License-Identifier: EUPL-1.2
"""Shared fixtures for the synthetic city tests: one generated city and its written files per session.

The real open data comes from the project-wide ``open_data`` fixture (tests/conftest.py): it skips
without the data and fails in CI.
"""

from pathlib import Path

import pytest

from veerkracht.demo.synthetic import City, generate_city, write_city


@pytest.fixture(scope="session")
def city() -> City:
    return generate_city(seed=1)


@pytest.fixture(scope="session")
def written(city: City, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("veerstad")
    write_city(city, out)
    return out
