# SPDX-License-Identifier: EUPL-1.2
"""The life of an import run, in an order that is safe wherever a process is killed.

1. A writer takes a lock of its own in the value store (released by the kernel when its process dies).
2. The run is committed as *running*, with the writer's token: readers ignore it.
3. The values are staged under the token and renamed to ``run=<id>``: the id is committed, so no other
   import can ever own that folder.
4. The run is committed as *succeeded*: from then on readers count it.

A run left *running* whose writer's lock is free was interrupted: :func:`sweep_value_store` removes its
files and records it as failed. Staging folders and locks of writers that died before step 2 are removed
the same way; a ``run=<id>`` folder that no import explains (for example one left by an older version) is
moved aside to ``values/.orphaned/``, never deleted. The sweep runs before every import, when the server
starts, from ``veerkracht values sweep`` and from ``veerkracht tick``.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from veerkracht.core.models import Organisation, User
from veerkracht.core.services import record_audit
from veerkracht.importing import ImportProblem
from veerkracht.indicators.models import ImportRun
from veerkracht.indicators.store import RunWriter, ValueStore

logger = logging.getLogger(__name__)
INTERRUPTED = "De import is onderbroken voordat hij klaar was; er telt geen enkele waarde van mee."


def value_store() -> ValueStore:
    """The value store of this installation, in the data folder."""
    return ValueStore(Path(settings.DATA_DIR) / "values")


def begin_run(writer: RunWriter, **fields: Any) -> ImportRun:
    """Commit the run as running (step 2); refuses to run inside another transaction, whose rollback
    would leave published files without their run."""
    with transaction.atomic(durable=True):
        return ImportRun.objects.create(
            status=ImportRun.Status.RUNNING,
            store_token=writer.token,
            finished_at=fields["started_at"],
            **fields,
        )


def finish_run(run: ImportRun) -> ImportRun:
    """Commit the run as succeeded (step 4), with its audit line."""
    with transaction.atomic(durable=True):
        run.status = ImportRun.Status.SUCCEEDED
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "finished_at"])
        record_audit(
            "indicators.imported",
            actor=run.imported_by,
            organisation=run.organisation,
            object_type="import_run",
            object_id=run.pk,
            detail={
                "source": run.source_name,
                "sha256": run.source_sha256,
                "content_sha256": run.content_sha256,
                "values": run.values_written,
            },
        )
    return run


def has_succeeded(run: ImportRun) -> bool:
    """Whether the database holds the run as succeeded (after an error whose commit outcome is unknown)."""
    return ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.SUCCEEDED).exists()


def fail_run(run: ImportRun, error: BaseException | str, *, interrupted: bool = False) -> None:
    """Record a run that was begun as failed, with the error (``interrupted``: found so by a sweep)."""
    message = str(error) or type(error).__name__
    with transaction.atomic():
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.FAILED, active=False, error=message, finished_at=timezone.now()
        )
        record_audit(
            "indicators.import_interrupted" if interrupted else "indicators.import_failed",
            actor=None if interrupted else run.imported_by,
            organisation=run.organisation,
            object_type="import_run",
            object_id=run.pk,
            detail={"error": message[:500]},
        )


def record_failure(
    source: Path | str,
    connector: str,
    problem: ImportProblem,
    started: datetime,
    actor: User | None,
    organisation: Organisation | None,
) -> ImportRun:
    """Record an import that failed before it began writing (bad file, unknown indicator)."""
    with transaction.atomic():
        run = ImportRun.objects.create(
            connector=connector,
            source_name=Path(str(source)).name,
            status=ImportRun.Status.FAILED,
            error=str(problem),
            started_at=started,
            finished_at=timezone.now(),
            imported_by=actor,
            organisation=organisation,
            active=False,
        )
        record_audit(
            "indicators.import_failed",
            actor=actor,
            organisation=organisation,
            object_type="import_run",
            object_id=run.pk,
            detail={"error": str(problem)[:500]},
        )
    return run


@dataclass
class SweepReport:
    """What a sweep of the value store cleaned up."""

    interrupted: list[int] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    set_aside: list[Path] = field(default_factory=list)

    def lines(self) -> list[str]:
        """One Dutch line per thing done, for the command line and the log."""
        return [
            *(f"import #{run} was onderbroken en staat nu als mislukt te boek" for run in self.interrupted),
            *(f"verwijderd: {path.name} (van een afgebroken import)" for path in self.removed),
            *(f"apart gezet, want geen import hoort erbij: {path}" for path in self.set_aside),
        ]


def sweep_value_store() -> SweepReport:
    """Clean up after imports that were killed half-way; touch nothing a running import still holds."""
    store = value_store()
    report = SweepReport()
    if not store.root.is_dir():
        return report
    for run in ImportRun.objects.filter(status=ImportRun.Status.RUNNING).exclude(store_token=""):
        with store.claim(run.store_token) as claimed:
            # Re-read under the claim: a writer that just finished released its lock after committing.
            if claimed and ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.RUNNING).exists():
                # Files first: killed in between, the run is still running and the next sweep finishes it.
                report.removed += store.remove_leftovers(run.store_token, run.pk)
                fail_run(run, INTERRUPTED, interrupted=True)
                report.interrupted.append(run.pk)
    for token in store.tokens():
        with store.claim(token) as claimed:
            if claimed:
                report.removed += store.remove_leftovers(token)
    # Folders are listed before the rows are read: a run's row is committed before its folder appears.
    on_disk = store.run_ids()
    explained = set(
        ImportRun.objects.filter(pk__in=on_disk)
        .exclude(status=ImportRun.Status.FAILED)
        .values_list("pk", flat=True)
    )
    for run_id in on_disk:
        if run_id not in explained:
            report.set_aside.append(store.set_aside(run_id))
    for line in report.lines():
        logger.warning("value store: %s", line)
    return report
