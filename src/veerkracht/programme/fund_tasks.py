# SPDX-License-Identifier: EUPL-1.2
"""Background tasks of the liveability fund (Django's task API; ADR 0006)."""

from django_tasks import task


@task()
def publish_fund_figures() -> int:
    """Periodic: publish each fund's figures per buurt to the value store (nothing when unchanged)."""
    from veerkracht.programme.services.fund_publishing import publish_all_funds

    return publish_all_funds()
