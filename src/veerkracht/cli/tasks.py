# SPDX-License-Identifier: EUPL-1.2
"""Commands for background tasks: the worker, the periodic tick, retrying a run; a worker beside ``serve``."""

import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import click

from veerkracht.cli.main import cli
from veerkracht.cli.progress import console

# ``veerkracht serve`` restarts a worker that died, but not more often than this (seconds).
RESTART_PAUSE = 10.0
# On stopping: first a polite request (the worker finishes its task), then a firm one (the task stops and
# is recorded as interrupted), then SIGKILL.
STOP_WAIT = 5.0


def _require_database_queue() -> None:
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend

    backend = task_backends["default"]
    if not isinstance(backend, DatabaseBackend):
        kind = f"{type(backend).__module__}.{type(backend).__name__}"
        raise click.ClickException(
            f"de takenwachtrij is geen databasewachtrij ({kind}); start de worker die bij die wachtrij hoort"
        )


@cli.command("worker")
@click.option(
    "--queue", "queues", default="default", show_default=True, help="Wachtrijen, met komma's; '*' voor alle."
)
@click.option(
    "--interval", default=1.0, show_default=True, type=float, help="Seconden wachten bij een lege wachtrij."
)
@click.option("--batch", is_flag=True, help="Alles wat klaarstaat afwerken en dan stoppen.")
@click.option("--max-tasks", type=click.IntRange(min=1), metavar="AANTAL", help="Stoppen na zoveel taken.")
def worker(queues: str, interval: float, batch: bool, max_tasks: int | None) -> None:
    """Werk de achtergrondtaken af: analyses van de website en periodieke taken (stoppen: Ctrl+C)."""
    from django.core.management import call_command

    _require_database_queue()
    call_command(
        "db_worker",
        queue_name=queues,
        interval=interval,
        batch=batch,
        max_tasks=max_tasks,
        reload=False,
        startup_delay=False,
        verbosity=1,
    )


@cli.command("tick")
@click.option("--job", "jobs", multiple=True, help="Alleen deze periodieke taak (naam); herhaalbaar.")
@click.option("--list", "list_only", is_flag=True, help="Toon de periodieke taken en stop.")
@click.option("--quiet", is_flag=True, help="Alleen fouten tonen (voor cron).")
def tick(jobs: tuple[str, ...], list_only: bool, quiet: bool) -> None:
    """Zet de periodieke taken in de wachtrij (vanuit cron of een systemd-timer); de worker doet het werk."""
    from veerkracht.core import periodic

    if list_only:
        for job in periodic.periodic_jobs():
            console.print(f"  {job.name:<32} {job.description}")
        return
    try:
        enqueued = periodic.tick(list(jobs) or None)
    except KeyError as error:
        raise click.ClickException(str(error.args[0])) from error
    if quiet:
        return
    if not enqueued:
        console.print("geen periodieke taken geregistreerd")
    for item in enqueued:
        if item.task_id is None:
            console.print(f"  overgeslagen: {item.job.name} (de vorige wacht nog op de worker)")
        else:
            console.print(f"  in de wachtrij: {item.job.name}")


@cli.command("retry")
@click.argument("run_id", type=int)
@click.option("--foreground", is_flag=True, help="Hier en nu draaien in plaats van door de worker.")
def retry(run_id: int, foreground: bool) -> None:
    """Probeer een mislukte of onderbroken analyse opnieuw."""
    from veerkracht.analysis.models import AnalysisRun
    from veerkracht.analysis.services import AnalysisNotRetryable, retry_analysis

    try:
        run = retry_analysis(run_id, background=not foreground)
    except AnalysisRun.DoesNotExist as error:
        raise click.ClickException(f"analyse #{run_id} bestaat niet") from error
    except AnalysisNotRetryable as error:
        raise click.ClickException(str(error)) from error
    except Exception as error:  # the run itself failed again; its reason is stored with it
        failed = AnalysisRun.objects.get(pk=run_id)
        raise click.ClickException(f"analyse #{run_id} is opnieuw mislukt: {failed.error}") from error
    if foreground:
        console.print(f"Analyse #{run.pk}: {run.get_status_display()}")
    else:
        console.print(f"Analyse #{run.pk} staat opnieuw in de wachtrij; de worker pakt hem op.")


class WorkerSupervisor:
    """One ``veerkracht worker`` child process: started, restarted when it dies, stopped on request."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._watcher = threading.Thread(target=self._watch, name="worker-supervisor", daemon=True)

    def _spawn(self) -> None:
        # A session of its own: Ctrl+C in the terminal reaches ``serve``, which stops the worker in order.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "veerkracht.cli", "worker"], start_new_session=True
        )
        console.print(f"Worker gestart (proces {self.process.pid}) voor taken op de achtergrond.")

    def start(self) -> None:
        with self._lock:
            self._spawn()
        self._watcher.start()

    def _watch(self) -> None:
        while not self._stopping.wait(RESTART_PAUSE):
            with self._lock:
                if self._stopping.is_set() or self.process is None or self.process.poll() is None:
                    continue
                code = self.process.returncode
                console.print(f"[yellow]De worker stopte (code {code}); hij wordt opnieuw gestart.[/]")
                self._spawn()

    def stop(self) -> None:
        self._stopping.set()
        with self._lock:
            process = self.process
            if process is None:
                return
            for polite in (True, False):
                if process.poll() is not None:
                    break
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=STOP_WAIT)
                except subprocess.TimeoutExpired:
                    if not polite:
                        process.kill()
                        process.wait()
        console.print("Worker gestopt.")


@contextmanager
def worker_beside(enabled: bool = True) -> Iterator[WorkerSupervisor | None]:
    """Run a worker for as long as the block runs (``serve``); SIGTERM ends the block like Ctrl+C does."""
    if not enabled:
        yield None
        return

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    supervisor = WorkerSupervisor()
    supervisor.start()
    try:
        yield supervisor
    finally:
        signal.signal(signal.SIGTERM, previous)
        supervisor.stop()
