# SPDX-License-Identifier: EUPL-1.2
"""Worker processes of the meldingen load benchmark: batches through ``receive_many``, and single
meldingen through ``receive`` with and without the audit log, to see what its chain lock costs.

Each worker is a fresh process (spawned) with the driver's environment, so it talks to the same
PostgreSQL through its own connection, as a server process would. A worker reports the moments its work
began and ended, so the driver measures the time the workers ran together, not their start-up.
"""

from __future__ import annotations

import os
import time
from typing import Any

from cases_fixtures import BATCH_USER, World, new_meldingen


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veerkracht.settings")
    import django

    django.setup()


def _wait_until(moment: float) -> None:
    # Workers start their work together, after each has set Django up.
    time.sleep(max(0.0, moment - time.time()))


def batches(
    world: World, start: int, count: int, size: int, prefix: str, seed: int, begin_at: float
) -> dict[str, Any]:
    """Take in ``count`` meldingen in batches of ``size`` (each batch one call, all or nothing)."""
    _django()
    from veerkracht.cases.services.intake import receive_many
    from veerkracht.core.models import Organisation, User
    from veerkracht.demo.meldingen.build import CORPORATIONS

    dispatch = _timed_dispatch()
    organisation = Organisation.objects.get(name=CORPORATIONS[0])
    actor = User.objects.get(username=BATCH_USER)
    made = [
        new_meldingen(world, first, min(size, start + count - first), prefix=prefix, seed=seed)
        for first in range(start, start + count, size)
    ]
    _wait_until(begin_at)
    began, cpu = time.time(), time.process_time()
    for items in made:
        receive_many(items, organisation=organisation, actor=actor)
    return {
        "count": count,
        "began": began,
        "ended": time.time(),
        "dispatch": sum(dispatch),
        "cpu": time.process_time() - cpu,
    }


def _timed_dispatch() -> list[float]:
    """Time spent handing events to their subscribers, inside the transaction (database queue) or after."""
    from veerkracht.core import events

    spent: list[float] = []

    def timed(original: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent.append(time.perf_counter() - started)

        return run

    events._dispatch = timed(events._dispatch)  # type: ignore[method-assign]
    events._into_the_transaction = timed(events._into_the_transaction)  # type: ignore[method-assign]
    return spent


def singles(
    world: World, start: int, count: int, prefix: str, seed: int, audit: bool, begin_at: float
) -> dict[str, Any]:
    """Take in meldingen one per transaction, as the API does; ``audit=False`` leaves the audit log out."""
    _django()
    from veerkracht.cases.services import creation
    from veerkracht.cases.services.intake import receive
    from veerkracht.core import services
    from veerkracht.core.models import Organisation, User
    from veerkracht.demo.meldingen.build import CORPORATIONS

    appends: list[float] = []
    if audit:
        original = services.audit_chain.append

        def timed(event: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(event)
            finally:
                appends.append(time.perf_counter() - started)

        services.audit_chain.append = timed  # type: ignore[assignment]
    else:
        creation.record_audit = lambda *args, **kwargs: None  # type: ignore[assignment]
    organisation = Organisation.objects.get(name=CORPORATIONS[0])
    actor = User.objects.get(username=BATCH_USER)
    items = new_meldingen(world, start, count, prefix=prefix, seed=seed)
    _wait_until(begin_at)
    began = time.time()
    for item in items:
        receive(item, organisation=organisation, actor=actor)
    return {"count": count, "began": began, "ended": time.time(), "appends": appends}
