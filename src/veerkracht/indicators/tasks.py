# SPDX-License-Identifier: EUPL-1.2
"""Background tasks of the indicators app."""

from django_tasks import task


@task()
def sweep_value_store() -> list[str]:
    """Periodic: clean up what killed imports left in the value store; returns what was done, in Dutch."""
    from veerkracht.indicators.services import sweep_value_store as sweep

    return sweep().lines()
