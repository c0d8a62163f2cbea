# SPDX-License-Identifier: EUPL-1.2
"""Helpers for the connector tests: the real open data (skip when absent, fail in CI) and small files."""

from collections.abc import Callable
from pathlib import Path

import pytest

from support import OPEN_DATA, unavailable


def real_data(relative: str) -> Path:
    """Path of a real open-data file; skip with a clear message when absent, but fail when CI=true."""
    path = OPEN_DATA / relative
    if not path.exists():
        unavailable(f"real open data not found: {path} (see ../shared/data/open/PROVENANCE.md)")
    return path


@pytest.fixture
def real_file() -> Callable[[str], Path]:
    """The real-data helper as a fixture: ``real_file("leefbaarometer-2-pc4/resources_PC4LBR.csv")``."""
    return real_data


@pytest.fixture
def write_text(tmp_path: Path) -> Callable[..., Path]:
    """Write a small text file in the test's folder and return its path."""

    def write(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding=encoding)
        return path

    return write


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that read the real open data carry the ``realdata`` marker, so they can be selected."""
    for item in items:
        if "real_file" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.realdata)
