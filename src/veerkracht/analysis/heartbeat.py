# SPDX-License-Identifier: EUPL-1.2
"""A running analysis's sign of life: a thread that stamps the run while the work goes on.

The analysis itself reports progress only between its big steps, which can be minutes apart on a large
city. The stamp lets a page or ``veerkracht tick`` tell a slow run from one whose worker was killed.
"""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from veerkracht.analysis.models import AnalysisRun

logger = logging.getLogger(__name__)


@contextmanager
def heartbeat(run_id: int, attempt: str, interval: float | None = None) -> Iterator[None]:
    """Stamp ``heartbeat_at`` of the run's current attempt every ``interval`` seconds until the block ends."""
    every = interval if interval is not None else settings.VEERKRACHT_TASK_HEARTBEAT_SECONDS
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(every):
                try:
                    AnalysisRun.objects.filter(pk=run_id, attempt=attempt).update(heartbeat_at=timezone.now())
                except DatabaseError as error:
                    # A busy database delays a stamp; the next one will do. The analysis must not fail for it.
                    logger.warning("heartbeat of analysis run %s skipped: %s", run_id, error)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"heartbeat-run-{run_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=every + 5)
