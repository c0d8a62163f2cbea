# SPDX-License-Identifier: EUPL-1.2
"""Write API of area programmes and the prioritisation: store them from content, record spending."""

from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from veerkracht.areas.models import Area
from veerkracht.core.models import Organisation, User
from veerkracht.core.services import record_audit
from veerkracht.programme.content.community_files import PrioritisationSpec, ProgrammeSpec
from veerkracht.programme.models import (
    Prioritisation,
    PriorityArea,
    Programme,
    ProgrammeBudgetLine,
    ProgrammeGoal,
    ProgrammeSpending,
)


class SpendingRefused(ValueError):
    """Spending that cannot be recorded (the message is in Dutch)."""


def store_programme(
    spec: ProgrammeSpec,
    gemeente: str,
    areas: dict[str, Area],
    organisations: dict[str, Organisation],
    *,
    synthetic: bool,
) -> Programme:
    """Create a programme with its areas, partners, goals, budget lines and known spending."""
    programme = Programme.objects.create(
        slug=spec.slug,
        name=spec.name,
        gemeente_code=gemeente,
        description=spec.description,
        lead=organisations[spec.lead.name],
        start_year=spec.start_year,
        end_year=spec.end_year,
        source=spec.source,
        synthetic=synthetic,
    )
    programme.areas.set([areas[code] for code in spec.areas])
    programme.partners.set([organisations[partner.name] for partner in spec.partners])
    ProgrammeGoal.objects.bulk_create(
        ProgrammeGoal(programme=programme, position=n, text=text) for n, text in enumerate(spec.goals)
    )
    ProgrammeBudgetLine.objects.bulk_create(
        ProgrammeBudgetLine(
            programme=programme,
            from_year=line.from_year,
            to_year=line.to_year,
            amount_per_year=line.amount_per_year,
            note=line.note,
        )
        for line in spec.budget
    )
    for item in spec.spending:
        ProgrammeSpending.objects.create(
            programme=programme,
            year=item.year,
            amount=item.amount,
            description=item.description,
            spent_on=item.spent_on,
            area=areas[item.area] if item.area else None,
            recorded_at=timezone.now(),
        )
    return programme


def store_prioritisation(
    spec: PrioritisationSpec, gemeente: str, areas: dict[str, Area], *, synthetic: bool
) -> Prioritisation:
    """Create the prioritisation: every buurt with its phase and the reason (the phase's, then its own)."""
    prioritisation = Prioritisation.objects.create(
        slug=spec.slug,
        title=spec.title,
        gemeente_code=gemeente,
        decided_year=spec.decided_year,
        source=spec.source,
        synthetic=synthetic,
    )
    rows = []
    for entry in spec.entries:
        reason = " ".join(part for part in (spec.phase_reasons.get(entry.phase, ""), entry.reason) if part)
        for code in entry.areas:
            rows.append(
                PriorityArea(
                    prioritisation=prioritisation,
                    area=areas[code],
                    phase=entry.phase,
                    group=entry.group,
                    reason=reason,
                )
            )
    PriorityArea.objects.bulk_create(rows)
    return prioritisation


@transaction.atomic
def record_spending(
    programme: Programme,
    *,
    actor: User,
    amount: Decimal,
    description: str,
    spent_on: date,
    area: Area | None = None,
    at: datetime | None = None,
) -> ProgrammeSpending:
    """Record money the programme spent; its year is the year of the date."""
    if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise SpendingRefused("Vul een bedrag in van meer dan € 0, in hele centen.")
    if not description.strip():
        raise SpendingRefused("Schrijf waaraan het geld is uitgegeven.")
    if spent_on.year < programme.start_year or (programme.end_year and spent_on.year > programme.end_year):
        raise SpendingRefused(f"{spent_on:%d-%m-%Y} valt buiten de looptijd van het programma.")
    if area is not None and not programme.areas.filter(code=area.code).exists():
        raise SpendingRefused(f"{area.name} is geen gebied van dit programma.")
    spending = ProgrammeSpending.objects.create(
        programme=programme,
        year=spent_on.year,
        amount=amount,
        description=description.strip()[:300],
        spent_on=spent_on,
        area=area,
        recorded_at=at or timezone.now(),
        recorded_by=actor,
    )
    record_audit(
        "programme.programme_spending_recorded",
        actor=actor,
        organisation=programme.lead,
        object_type="programme",
        object_id=programme.pk,
        detail={"amount": str(amount), "year": spent_on.year},
    )
    return spending
