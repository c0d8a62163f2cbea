# SPDX-License-Identifier: EUPL-1.2
"""Background tasks of the programme."""

from django_tasks import task


@task()
def compute_stagnation_signals() -> dict[str, int]:
    """Periodic: open and resolve the stagnation signals for today (cheap and safe to run twice a day)."""
    from veerkracht.programme.services.agreements import compute_stagnation_signals as compute

    summary = compute()
    return {"open": summary.open, "opened": summary.opened, "resolved": summary.resolved}


@task()
def publish_fund_figures() -> int:
    """Periodic: publish each fund's figures per buurt to the value store (nothing when unchanged)."""
    from veerkracht.programme.services.fund_publishing import publish_all_funds

    return publish_all_funds()
