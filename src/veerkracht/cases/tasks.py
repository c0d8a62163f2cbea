# SPDX-License-Identifier: EUPL-1.2
"""Background tasks of the cases: the periodic KPIs, retention and the end of expired referrals."""

from django_tasks import task


@task()
def publish_kpis() -> dict[str, list[int]]:
    """Periodic: publish this year's KPIs (provisional) and last year's (final, once), when they changed."""
    from veerkracht.cases.services.kpis import publish_due

    return {"runs": [run.pk for run in publish_due()]}


@task()
def apply_retention() -> dict[str, int]:
    """Periodic: anonymise the closed dossiers and meldingen whose retention period has passed."""
    from veerkracht.cases.services.retention import run_retention

    report = run_retention(dry_run=False)
    return {
        "dossiers": len(report.dossiers),
        "meldingen": len(report.meldingen) + report.meldingen_with_dossiers,
        "files": report.files_removed,
    }


@task()
def end_expired_referrals() -> dict[str, int]:
    """Periodic: record the end of referrals whose access period passed (access itself stopped then)."""
    from veerkracht.cases.services.referrals import end_expired_referrals as end

    return {"ended": end()}


@task()
def refresh_kpi_snapshots() -> dict[str, int]:
    """Periodic: every organisation's KPI snapshot of this year and last year (the dashboard reads it)."""
    from veerkracht.cases.services.kpi_snapshots import refresh_all

    return {"cells": refresh_all()}


@task()
def refresh_organisation_kpis(organisation_id: int, year: int) -> dict[str, int]:
    """The "bijwerken" button: one organisation's KPI snapshot of one year."""
    from veerkracht.cases.services.kpi_snapshots import refresh
    from veerkracht.core.models import Organisation

    organisation = Organisation.objects.filter(pk=organisation_id).first()
    return {"cells": refresh(organisation, year) if organisation else 0}
