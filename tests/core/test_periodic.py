# SPDX-License-Identifier: EUPL-1.2
"""``veerkracht tick`` puts every registered periodic job in the queue, once while the previous one waits."""

from typing import Any

import pytest
from click.testing import CliRunner
from django_tasks_db.models import DBTaskResult

from veerkracht.cli.main import cli
from veerkracht.core.periodic import periodic_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_queue(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_apps_register_their_periodic_jobs() -> None:
    assert "analysis.interrupted_runs" in {job.name for job in periodic_jobs()}
    listed = CliRunner().invoke(cli, ["tick", "--list"])
    assert listed.exit_code == 0 and "analysis.interrupted_runs" in listed.output


def test_a_tick_queues_each_job_and_skips_one_whose_previous_copy_still_waits(database_queue: None) -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["tick"])
    assert first.exit_code == 0, first.output
    assert "in de wachtrij: analysis.interrupted_runs" in first.output
    second = runner.invoke(cli, ["tick"])
    assert "overgeslagen: analysis.interrupted_runs (de vorige wacht nog op de worker)" in second.output
    assert DBTaskResult.objects.filter(task_path__endswith="mark_interrupted_runs").count() == 1
    DBTaskResult.objects.update(status="SUCCESSFUL")  # the worker has done it: the next tick queues again
    assert runner.invoke(cli, ["tick", "--quiet"]).output == ""
    assert DBTaskResult.objects.filter(task_path__endswith="mark_interrupted_runs").count() == 2


def test_an_unknown_job_is_named_in_dutch(database_queue: None) -> None:
    result = CliRunner().invoke(cli, ["tick", "--job", "opruimen"])
    assert result.exit_code == 1
    assert "onbekende periodieke taak: opruimen" in result.output
    assert DBTaskResult.objects.count() == 0
