# SPDX-License-Identifier: EUPL-1.2
"""Background tasks of the profiles: making a profile's PDF (ADR 0006, ADR 0024)."""

from django_tasks import task


@task()
def make_profile_pdf(pdf_id: int) -> str:
    """Make one requested profile PDF; returns its status afterwards."""
    from veerkracht.profiles.pdf_services import make_profile_pdf as make

    return make(pdf_id)
