# SPDX-License-Identifier: EUPL-1.2
"""One demo city per test module: built once per run through the real importers, removed afterwards.

Imported by the conftest of each part that reads a demo city (analysis, security).
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from demo_snapshot import Snapshot, restore, take


@dataclass(frozen=True)
class DemoCity:
    data_dir: Path
    truth: dict[str, object]
    run_id: int


def _quiet(_step: str, _done: int, _total: int) -> None:
    return None


@pytest.fixture(scope="module")
def demo_city(
    django_db_setup: None,
    django_db_blocker: object,
    tmp_path_factory: pytest.TempPathFactory,
    demo_snapshot: dict[str, Snapshot],
) -> Iterator[DemoCity]:
    """Veerstad with all its figures and one analysis run; every test in the module shares it (read-only).

    Built through the real importers once per run; later modules get a copy of it (tests/demo_snapshot.py).
    """
    from veerkracht.analysis.models import AnalysisRun
    from veerkracht.demo.build import build_synthetic_demo, default_out_dir

    data_dir = tmp_path_factory.mktemp("demo-data")
    with override_settings(DATA_DIR=data_dir), django_db_blocker.unblock():  # type: ignore[attr-defined]
        if "city" in demo_snapshot:
            snapshot = demo_snapshot["city"]
            restore(snapshot, data_dir)
            truth, run_id = snapshot.truth, snapshot.run_id
        else:
            build_synthetic_demo(seed=2021, out_dir=None, progress=_quiet)
            truth = json.loads((default_out_dir() / "truth.json").read_text())
            run_id = AnalysisRun.objects.get().pk
            keep = tmp_path_factory.mktemp("demo-snapshot") / "data"
            demo_snapshot["city"] = take(data_dir, truth, run_id, keep)
        try:
            yield DemoCity(data_dir=data_dir, truth=truth, run_id=run_id)
        finally:
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(demo_city: DemoCity, db: None, settings: object) -> DemoCity:
    """The shared demo city, with the test pointed at its data folder."""
    settings.DATA_DIR = demo_city.data_dir  # type: ignore[attr-defined]
    return demo_city
