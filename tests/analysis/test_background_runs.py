# SPDX-License-Identifier: EUPL-1.2
"""Starting an analysis from the web: queued as a background task, followed on its page, retried when it
failed or its worker died; only for people who may run analyses."""

import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from veerkracht.analysis import execution, services
from veerkracht.analysis.models import AnalysisRun
from veerkracht.analysis.queries import is_interrupted
from veerkracht.analysis.results import run_folder
from veerkracht.core.models import AuditEvent, User
from veerkracht.monitor.run import RESULT_FRAMES

pytestmark = pytest.mark.slow

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
FORM = {
    "gemeenten": ["GM5001"],
    "period_start": "2018",
    "period_end": "2022",
    "preset": "veerkracht-2021",
    "reference": "national",
    "between": "on",
}


@pytest.fixture
def tasks(demo: Any, settings: Any) -> Any:
    """The demo city, tasks run at once in the request (django-tasks' immediate backend)."""
    settings.TASKS = IMMEDIATE
    analyses = Path(settings.DATA_DIR) / "analyses"
    # Run ids come back after a rolled-back test; results of earlier tests must not pass for new ones.
    for folder in analyses.iterdir() if analyses.is_dir() else ():
        if folder.name != f"run={demo.run_id}":
            shutil.rmtree(folder)
    return demo


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _published(run_id: int) -> set[str]:
    folder = run_folder(run_id)
    return {path.stem for path in folder.glob("*.parquet")} if folder.is_dir() else set()


def _leftovers(run_id: int) -> list[Path]:
    return list(run_folder(run_id).parent.glob(f".staging-{run_id}-*"))


def test_an_analysis_started_on_the_page_runs_as_a_task_and_the_page_shows_its_result(
    tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = _client("analist")
    form = client.get("/monitor/analyses/nieuw/").content.decode()
    assert "Veerstad (GM5001)" in form and 'value="2022"' in form

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/monitor/analyses/nieuw/", FORM)
    run = AnalysisRun.objects.exclude(pk=tasks.run_id).get()
    assert response.status_code == 302 and response["Location"] == f"/monitor/analyses/{run.pk}/"
    assert run.status == "succeeded" and run.task_id and run.attempts == 1
    assert run.periods == [2018, 2019, 2020, 2021, 2022], "the years in between are taken along"
    assert _published(run.pk) == set(RESULT_FRAMES) and not _leftovers(run.pk)

    page = client.get(response["Location"]).content.decode()
    assert "staat in de wachtrij" in page, "the message of the form's redirect"
    assert "Status: <span" in page and ">Klaar<" in page
    assert f'href="/monitor/?run={run.pk}"' in page and "Bekijk het resultaat in de monitor" in page
    assert "analysis-run.js" not in page, "a finished run needs no polling"
    state = client.get(f"/monitor/analyses/{run.pk}/voortgang/").json()
    assert state["status"] == "succeeded" and state["finished"] is True
    assert (state["done"], state["total"], state["percent"]) == (3, 3, 100)
    assert state["result_url"] == f"/monitor/?run={run.pk}"
    listing = client.get("/monitor/analyses/").content.decode()
    assert f'data-run="{run.pk}" data-status="succeeded"' in listing
    assert client.get(f"/monitor/?run={run.pk}").status_code == 200


def test_a_queued_run_shows_its_progress_and_a_refresh_link_that_works_without_javascript(
    tasks: Any, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    run = services.queue_analysis(gemeenten=["GM5001"], period_start=2018, period_end=2022)
    client = _client("analist")
    page = client.get(f"/monitor/analyses/{run.pk}/").content.decode()
    assert ">In de wachtrij<" in page and "Wacht op de worker." in page
    assert f'<a id="run-refresh" href="/monitor/analyses/{run.pk}/">Vernieuwen</a>' in page
    assert "http-equiv" not in page, "no automatic refresh without the person asking"
    assert "analysis-run.js" in page
    AnalysisRun.objects.filter(pk=run.pk).update(
        status="running", progress_step="analyseren", progress_done=1, progress_total=3
    )
    state = client.get(f"/monitor/analyses/{run.pk}/voortgang/").json()
    assert state["status_label"] == "Bezig" and state["step_text"] == "Stap 2 van 3: analyseren"
    assert state["finished"] is False and state["result_url"] is None
    page = client.get(f"/monitor/analyses/{run.pk}/").content.decode()
    assert 'value="1"' in page and "Opnieuw proberen" not in page


def test_the_pages_speak_english_as_second_language(tasks: Any, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    run = services.queue_analysis(gemeenten=["GM5001"], period_start=2018, period_end=2022)
    client = _client("analist")
    page = client.get(f"/monitor/analyses/{run.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Queued<" in page and "Waiting for the worker." in page and ">Refresh<" in page
    done = client.get(f"/monitor/analyses/{tasks.run_id}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "See the result in the monitor" in done
    form = client.get("/monitor/analyses/nieuw/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Start analysis" in form and "First year" in form


def test_only_people_who_may_run_analyses_see_start_or_follow_them(
    tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    pages = ["/monitor/analyses/", "/monitor/analyses/nieuw/", f"/monitor/analyses/{tasks.run_id}/"]
    anonymous = Client()
    for url in pages:
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/inloggen/")
    wijkbeheerder = _client("wijkbeheerder")  # sees the monitor, runs no analyses
    for url in [*pages, f"/monitor/analyses/{tasks.run_id}/voortgang/"]:
        assert wijkbeheerder.get(url).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert wijkbeheerder.post("/monitor/analyses/nieuw/", FORM).status_code == 403
    assert wijkbeheerder.post(f"/monitor/analyses/{tasks.run_id}/opnieuw/").status_code == 403
    assert AnalysisRun.objects.count() == 1
    menu = wijkbeheerder.get("/monitor/").content.decode()
    assert "/monitor/analyses/" not in menu
    assert 'href="/monitor/analyses/"' in _client("analist").get("/monitor/").content.decode()


def test_starting_without_the_form_token_is_refused(tasks: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="analist"))
    assert client.post("/monitor/analyses/nieuw/", FORM).status_code == 403
    assert client.post(f"/monitor/analyses/{tasks.run_id}/opnieuw/").status_code == 403
    assert AnalysisRun.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"gemeenten": []}, "Kies minstens één gemeente."),
        ({"period_start": "2022", "period_end": "2022"}, "Het eindjaar moet na het beginjaar liggen."),
        ({"period_start": "2022", "period_end": "2018"}, "Het eindjaar moet na het beginjaar liggen."),
        ({"period_end": "1850"}, "Selecteer een geldige keuze"),
        ({"preset": "geen-methode"}, "Selecteer een geldige keuze"),
        ({"gemeenten": ["GM0363"]}, "Selecteer een geldige keuze"),
    ],
)
def test_a_wrong_request_is_explained_in_dutch_and_queues_nothing(
    tasks: Any, change: dict[str, Any], message: str
) -> None:
    response = _client("analist").post("/monitor/analyses/nieuw/", {**FORM, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert AnalysisRun.objects.count() == 1


def test_one_year_apart_is_enough(tasks: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = _client("analist").post(
            "/monitor/analyses/nieuw/", {**FORM, "period_start": "2021", "period_end": "2022"}
        )
    assert response.status_code == 302


def test_a_failed_run_shows_why_and_succeeds_when_tried_again(
    tasks: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    real_gather = execution.gather_inputs
    calls = []

    def full_disk_once(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        if len(calls) == 1:
            raise OSError("schijf vol")
        return real_gather(*args, **kwargs)

    monkeypatch.setattr(execution, "gather_inputs", full_disk_once)
    client = _client("analist")
    with django_capture_on_commit_callbacks(execute=True):
        location = client.post("/monitor/analyses/nieuw/", FORM)["Location"]
    run = AnalysisRun.objects.exclude(pk=tasks.run_id).get()
    assert run.status == "failed" and _published(run.pk) == set()
    page = client.get(location).content.decode()
    assert ">Mislukt<" in page and "OSError: schijf vol" in page and "Opnieuw proberen" in page

    with django_capture_on_commit_callbacks(execute=True):
        retried = client.post(f"/monitor/analyses/{run.pk}/opnieuw/")
    assert retried["Location"] == location
    run.refresh_from_db()
    assert run.status == "succeeded" and run.attempts == 2 and run.error == ""
    assert _published(run.pk) == set(RESULT_FRAMES)
    page = client.get(location).content.decode()
    assert "staat opnieuw in de wachtrij" in page and "Bekijk het resultaat in de monitor" in page
    actions = list(
        AuditEvent.objects.filter(object_type="analysis_run", object_id=str(run.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["analysis.queued", "analysis.failed", "analysis.retried", "analysis.succeeded"]


def test_a_run_that_is_busy_or_done_is_not_started_again(tasks: Any, settings: Any) -> None:
    client = _client("analist")
    response = client.post(f"/monitor/analyses/{tasks.run_id}/opnieuw/", follow=True)
    assert f"Analyse #{tasks.run_id} is al geslaagd." in response.content.decode()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    queued = services.queue_analysis(gemeenten=["GM5001"], period_start=2018, period_end=2022)
    with pytest.raises(services.AnalysisNotRetryable, match="nog bezig of wacht op een worker"):
        services.retry_analysis(queued.pk)
    assert client.get(f"/monitor/analyses/{tasks.run_id}/opnieuw/").status_code == 405


@pytest.mark.parametrize(("silent_for", "interrupted"), [(119, False), (121, True)])
def test_a_running_run_without_a_sign_of_life_for_the_stale_time_counts_as_interrupted(
    tasks: Any, settings: Any, silent_for: int, interrupted: bool
) -> None:
    settings.VEERKRACHT_TASK_STALE_SECONDS = 120
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    run = services.queue_analysis(gemeenten=["GM5001"], period_start=2018, period_end=2022)
    now = timezone.now()
    last_sign = now - timedelta(seconds=silent_for)
    AnalysisRun.objects.filter(pk=run.pk).update(status="running", heartbeat_at=last_sign)
    run.refresh_from_db()
    assert is_interrupted(run, now) is interrupted
    staging = run_folder(run.pk).with_name(f".staging-{run.pk}-{run.attempt}")
    staging.mkdir(parents=True)
    (staging / "classes.parquet").write_bytes(b"half")

    state = _client("analist").get(f"/monitor/analyses/{run.pk}/voortgang/").json()
    assert state["can_retry"] is interrupted
    assert services.mark_interrupted_runs() == int(interrupted)
    run.refresh_from_db()
    assert run.status == ("failed" if interrupted else "running")
    assert staging.exists() is not interrupted, "an interrupted attempt's half result is cleared away"
    if interrupted:
        page = _client("analist").get(f"/monitor/analyses/{run.pk}/").content.decode()
        assert "Onderbroken: de worker stopte tijdens deze analyse." in page and "Opnieuw proberen" in page


def test_a_half_written_result_is_never_published(tasks: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import pandas as pd

    real = pd.DataFrame.to_parquet
    written = []

    def fail_on_the_third_file(frame: pd.DataFrame, path: Any, *args: Any, **kwargs: Any) -> Any:
        written.append(path)
        if len(written) == 3:
            raise OSError("schijf vol")
        return real(frame, path, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", fail_on_the_third_file)
    with pytest.raises(OSError, match="schijf vol"):
        services.start_analysis(gemeenten=["GM5001"], period_start=2018, period_end=2022)
    run = AnalysisRun.objects.exclude(pk=tasks.run_id).get()
    assert run.status == "failed" and "schijf vol" in run.error
    assert not run_folder(run.pk).exists() and not _leftovers(run.pk)


def test_an_attempt_that_was_replaced_meanwhile_publishes_nothing(
    tasks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = execution.run_analysis

    def retried_while_analysing(*args: Any, **kwargs: Any) -> Any:
        # Someone pressed "Opnieuw proberen" because this attempt looked dead; it was only slow.
        AnalysisRun.objects.exclude(pk=tasks.run_id).update(attempt="newer", status="queued")
        return real(*args, **kwargs)

    monkeypatch.setattr(execution, "run_analysis", retried_while_analysing)
    with pytest.raises(services.AttemptSuperseded):
        services.start_analysis(gemeenten=["GM5001"], period_start=2018, period_end=2022)
    run = AnalysisRun.objects.exclude(pk=tasks.run_id).get()
    assert run.status == "queued" and run.attempt == "newer", "the newer attempt keeps the run"
    assert not run_folder(run.pk).exists() and not _leftovers(run.pk)


def test_a_task_that_ended_without_its_run_makes_the_run_interrupted(
    tasks: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = DATABASE_QUEUE
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        run = services.queue_analysis(gemeenten=["GM5001"], period_start=2018, period_end=2022)
    run.refresh_from_db()
    assert not is_interrupted(run)
    # The worker could not even import the task (a deployment in between): the task failed, the run waits.
    DBTaskResult.objects.filter(id=run.task_id).update(status="FAILED", finished_at=timezone.now())
    assert is_interrupted(run)


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_keeps_the_task_until_a_worker_runs_it(
    demo_city: Any, settings: Any, transactional_db: None
) -> None:
    settings.DATA_DIR = demo_city.data_dir
    settings.TASKS = DATABASE_QUEUE
    from django_tasks import TaskResultStatus, default_task_backend

    run = services.queue_analysis(gemeenten=["GM5001"], period_start=2018, period_end=2022)
    run.refresh_from_db()
    assert run.status == "queued" and run.task_id
    assert default_task_backend.get_result(run.task_id).status == TaskResultStatus.READY
    assert not is_interrupted(run)

    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    run.refresh_from_db()
    task = default_task_backend.get_result(run.task_id)
    assert task.status == TaskResultStatus.SUCCESSFUL and task.return_value == "succeeded"
    assert run.status == "succeeded" and _published(run.pk) == set(RESULT_FRAMES)
    # The tick's job finds nothing to mark; a second tick while the first still waits adds nothing.
    from veerkracht.core.periodic import tick

    first, second = tick(["analysis.interrupted_runs"]), tick(["analysis.interrupted_runs"])
    assert [e.job.name for e in first] == ["analysis.interrupted_runs"] and first[0].task_id
    assert second[0].task_id is None
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert default_task_backend.get_result(first[0].task_id).return_value == 0
    shutil.rmtree(run_folder(run.pk))


# The test above commits and so empties the database when it ends (the demo city with it): keep it last.
