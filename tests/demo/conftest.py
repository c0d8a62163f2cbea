# SPDX-License-Identifier: EUPL-1.2
"""Shared fixtures for the synthetic city tests: one generated city and its written files per session.

The real open data comes from the suite-wide ``open_data`` fixture (tests/conftest.py), which finds it
through ``VEERKRACHT_OPEN_DATA`` or beside the checkout and fails instead of skipping when CI=true.
"""

from pathlib import Path

import pytest

from maastricht_city import maastricht
from veerkracht.demo.synthetic import City, generate_city, write_city

__all__ = ["city", "maastricht", "written"]


@pytest.fixture(scope="session")
def city() -> City:
    return generate_city(seed=1)


@pytest.fixture(scope="session")
def written(city: City, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("veerstad")
    write_city(city, out)
    return out
