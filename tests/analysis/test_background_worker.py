# SPDX-License-Identifier: EUPL-1.2
"""With a real worker process: killed mid-analysis, it leaves no half result, and the run can be retried."""

import os
import signal
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest

from veerkracht.monitor.run import RESULT_FRAMES
from worker_site import STALE_SECONDS, VEERKRACHT, Site, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.database]


def _staged(site: Site, run_id: int) -> list[Path]:
    return list((site.data_dir / "analyses").glob(f".staging-{run_id}-*/*.parquet"))


def test_killing_the_worker_mid_analysis_leaves_no_half_result_and_the_run_can_be_retried(
    worker_site: Site, tmp_path: Path
) -> None:
    site = worker_site
    run_id = site.queue_analysis()
    published = site.data_dir / "analyses" / f"run={run_id}"
    # Each staged result file takes three seconds: the worker is killed while it writes the result.
    worker = site.start("worker", log=tmp_path / "worker.log", extra_env={"VEERKRACHT_TEST_WRITE_DELAY": "3"})
    try:
        wait_until(lambda: len(_staged(site, run_id)) >= 1, 180, "the first staged result file")
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    killed_at = time.monotonic()

    assert worker.returncode == -signal.SIGKILL
    row = site.run_row(run_id)
    assert row["status"] == "running" and row["progress_step"] == "opslaan"
    assert not published.exists(), "nothing of a killed attempt is published"
    assert 1 <= len(_staged(site, run_id)) < len(RESULT_FRAMES), "the kill came halfway through writing"

    with pytest.raises(AssertionError, match="nog bezig of wacht op een worker"):
        site.command("retry", str(run_id))  # its last sign of life is too recent to call it dead
    assert time.monotonic() - killed_at < STALE_SECONDS, "the refusal above came within the stale time"
    site.age_sign_of_life(run_id, STALE_SECONDS + 1)  # as if the stale time had passed since the kill
    assert "staat opnieuw in de wachtrij" in site.command("retry", str(run_id))
    assert _staged(site, run_id) == [], "the half result of the dead attempt is cleared away"

    site.command("worker", "--batch")
    row = site.run_row(run_id)
    assert row["status"] == "succeeded" and row["attempts"] == 2 and row["error"] == ""
    assert {path.stem for path in published.glob("*.parquet")} == set(RESULT_FRAMES)
    assert len(pd.read_parquet(published / "classes.parquet")) > 0
    assert not list((site.data_dir / "analyses").glob(f".staging-{run_id}-*"))


def test_the_worker_brings_a_database_that_was_never_migrated_up_to_date(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VEERKRACHT_", "DJANGO_"))}
    done = subprocess.run(
        [*VEERKRACHT, "worker", "--batch"],
        env={**env, "VEERKRACHT_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "wordt bijgewerkt" in done.stdout + done.stderr and "Traceback" not in done.stderr
    assert (tmp_path / "veerkracht.sqlite3").exists()
