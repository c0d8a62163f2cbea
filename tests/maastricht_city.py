# SPDX-License-Identifier: EUPL-1.2
"""The Maastricht demo (real open data, synthetic partner data) per test module, built once per run.

The first module that asks for it builds it through ``build_maastricht_demo`` and takes a snapshot of the
database and the data folder (tests/demo_snapshot.py); later modules get a copy back in a second or two
instead of building it again. Each module starts from the same built demo and leaves an empty database behind.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from demo_snapshot import restore, take

KEY = "maastricht"


def _quiet(_step: str, _done: int, _total: int) -> None:
    return None


@pytest.fixture(scope="module")
def maastricht(
    open_data: Path,
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
    demo_snapshot: dict[str, Any],
) -> Iterator[Path]:
    """The Maastricht demo's data folder, built or restored for this module (tests roll back their writes)."""
    from veerkracht.demo.maastricht import build_maastricht_demo

    data_dir = tmp_path_factory.mktemp("maastricht")
    with override_settings(DATA_DIR=data_dir), django_db_blocker.unblock():
        if KEY in demo_snapshot:
            restore(demo_snapshot[KEY], data_dir)
        else:
            build_maastricht_demo(open_data, seed=2021, progress=_quiet)
            keep = tmp_path_factory.mktemp("maastricht-snapshot") / "data"
            demo_snapshot[KEY] = take(data_dir, {}, 0, keep, label=KEY)
        try:
            yield data_dir
        finally:
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(maastricht: Path, settings: Any) -> Path:
    """The Maastricht demo's data folder as this test's ``DATA_DIR``."""
    settings.DATA_DIR = maastricht
    return maastricht
