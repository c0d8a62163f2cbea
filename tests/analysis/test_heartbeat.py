# SPDX-License-Identifier: EUPL-1.2
"""A running attempt stamps its run while it works, so a slow run is not mistaken for a dead one."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from veerkracht.analysis.heartbeat import heartbeat
from veerkracht.analysis.models import AnalysisRun

# The stamps come from another thread with its own connection: they must be committed to be seen.
pytestmark = pytest.mark.django_db(transaction=True)


def _run(attempt: str) -> AnalysisRun:
    long_ago = timezone.now() - timedelta(hours=1)
    return AnalysisRun.objects.create(
        name="hartslag",
        indeling_year=2022,
        period_start=2018,
        period_end=2022,
        preset_name="veerkracht-2021",
        preset_version="1",
        preset_sha256="0" * 64,
        code_version="",
        status=AnalysisRun.Status.RUNNING,
        attempt=attempt,
        started_at=long_ago,
        heartbeat_at=long_ago,
    )


def _stamp(run: AnalysisRun) -> object:
    return AnalysisRun.objects.values_list("heartbeat_at", flat=True).get(pk=run.pk)


def test_the_attempt_at_work_stamps_its_run_and_stops_when_it_ends() -> None:
    run = _run("current")
    before = _stamp(run)
    with heartbeat(run.pk, "current", interval=0.05):
        deadline = time.monotonic() + 10
        while _stamp(run) == before and time.monotonic() < deadline:
            time.sleep(0.05)
    assert _stamp(run) != before
    stopped = _stamp(run)
    time.sleep(0.3)
    assert _stamp(run) == stopped, "no stamps after the attempt ended"


def test_an_attempt_that_was_replaced_stamps_nothing() -> None:
    run = _run("newer")
    before = _stamp(run)
    with heartbeat(run.pk, "older", interval=0.05):
        time.sleep(0.4)
    assert _stamp(run) == before
