# SPDX-License-Identifier: EUPL-1.2
"""Write API of the housing part: stock tables, targets, accessibility, interventions, realisation."""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from veerkracht.areas.models import Area
from veerkracht.core.models import Organisation, User
from veerkracht.core.services import record_audit
from veerkracht.programme import vocabulary
from veerkracht.programme.content.housing_files import (
    AccessibilityFile,
    InterventionsFile,
    StockFile,
    TargetsFile,
)
from veerkracht.programme.models import (
    AccessibilityFigure,
    HousingTable,
    HousingTarget,
    Intervention,
    Measure,
    StockFigure,
)


class InterventionError(ValueError):
    """A realisation that cannot be recorded (the message is in Dutch)."""


def store_stock(spec: StockFile, corporations: dict[str, Organisation], *, synthetic: bool) -> HousingTable:
    """Store a stock table as the file gives it, plus the derived stand before each change."""
    table = HousingTable.objects.create(
        slug=spec.table.slug,
        kind=HousingTable.Kind.STOCK,
        title=spec.table.title,
        gemeente_code=spec.table.gemeente,
        source=spec.table.source,
        note=spec.table.note,
        reported_totals=_reported(spec),
        synthetic=synthetic,
    )
    figures: list[StockFigure] = []
    stands: dict[tuple[str, str, int], int] = {}
    for stand in spec.stands:
        for name, segments in stand.figures.items():
            for segment, dwellings in segments.items():
                stands[(name, segment, stand.year)] = dwellings
                figures.append(
                    StockFigure(
                        table=table,
                        corporation=corporations[name],
                        segment=segment,
                        measure=Measure.STAND,
                        from_year=stand.year,
                        year=stand.year,
                        dwellings=dwellings,
                        planned=stand.planned,
                    )
                )
    for change in spec.changes:
        for name, segments in change.figures.items():
            for segment, dwellings in segments.items():
                figures.append(
                    StockFigure(
                        table=table,
                        corporation=corporations[name],
                        segment=segment,
                        measure=Measure.ONTWIKKELING,
                        from_year=change.from_year,
                        year=change.year,
                        dwellings=dwellings,
                    )
                )
                before = change.from_year - 1
                later = stands.get((name, segment, change.year))
                if (
                    spec.derive_stand_before_changes
                    and later is not None
                    and (name, segment, before) not in stands
                ):
                    figures.append(
                        StockFigure(
                            table=table,
                            corporation=corporations[name],
                            segment=segment,
                            measure=Measure.STAND,
                            from_year=before,
                            year=before,
                            dwellings=later - dwellings,
                            planned=False,
                            derived=True,
                        )
                    )
    StockFigure.objects.bulk_create(figures)
    return table


def _reported(spec: StockFile) -> dict[str, dict[str, dict[str, int]]]:
    reported: dict[str, dict[str, dict[str, int]]] = {Measure.STAND: {}, Measure.ONTWIKKELING: {}}
    for stand in spec.stands:
        if stand.reported_totals:
            reported[Measure.STAND][f"{stand.year}-{stand.year}"] = dict(stand.reported_totals)
    for change in spec.changes:
        if change.reported_totals:
            reported[Measure.ONTWIKKELING][f"{change.from_year}-{change.year}"] = dict(change.reported_totals)
    return reported


def store_targets(spec: TargetsFile, *, source: str) -> list[HousingTarget]:
    """Store (or replace, by code) the targets of a rule file, with its version and hash."""
    stored = []
    for target in spec.targets:
        comparison = HousingTarget.Comparison.AT_LEAST if target.at_least is not None else "at_most"
        stored.append(
            HousingTarget.objects.update_or_create(
                gemeente_code=spec.gemeente,
                code=target.code,
                defaults={
                    "title": target.title.nl,
                    "title_en": target.title.en,
                    "agreement_code": target.agreement,
                    "numerator": list(target.share_of),
                    "denominator": list(target.of),
                    "comparison": comparison,
                    "percentage": target.percentage,
                    "rule_source": source,
                    "rule_version": spec.version,
                    "rule_sha256": spec.sha256,
                },
            )[0]
        )
    return stored


def store_accessibility(spec: AccessibilityFile, areas: dict[str, Area], *, synthetic: bool) -> HousingTable:
    """Store the BAT figures per buurt; a number without a readable class is stored without a class."""
    reported: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
    for part in spec.parts:
        if part.reported_totals:
            reported[part.measure][f"{part.from_year}-{part.year}"] = dict(part.reported_totals)
    table = HousingTable.objects.create(
        slug=spec.table.slug,
        kind=HousingTable.Kind.ACCESSIBILITY,
        title=spec.table.title,
        gemeente_code=spec.table.gemeente,
        source=spec.table.source,
        note=spec.table.note,
        reported_totals=dict(reported),
        synthetic=synthetic,
    )
    figures = []
    for part in spec.parts:
        for row in part.rows:
            numbers = [(bat, n) for bat, n in row.classes.items()]
            if row.unclassified:
                numbers.append(("", row.unclassified))
            for bat, dwellings in numbers:
                if dwellings:
                    figures.append(
                        AccessibilityFigure(
                            table=table,
                            area=areas[row.buurt],
                            bat_class=bat,
                            measure=part.measure,
                            from_year=part.from_year,
                            year=part.year,
                            dwellings=dwellings,
                        )
                    )
    AccessibilityFigure.objects.bulk_create(figures)
    return table


def store_interventions(
    spec: InterventionsFile,
    areas: dict[str, Area],
    corporations: dict[str, Organisation],
    *,
    synthetic: bool,
) -> int:
    """Store every planned intervention of the file (a count of 0 is no intervention); return how many."""
    rows = []
    for table in spec.tables:
        for row in table.rows:
            for kind in vocabulary.INTERVENTION_KINDS:
                planned = row.counts.get(kind, 0)
                realised = row.realised.get(kind)
                if not planned and not realised:
                    continue
                rows.append(
                    Intervention(
                        gemeente_code=spec.gemeente,
                        area=areas[row.area],
                        corporation=corporations[row.corporation] if row.corporation else None,
                        kind=kind,
                        from_year=table.from_year,
                        year=table.year,
                        planned=planned,
                        realised=realised,
                        amount_eur=row.renovation_eur if kind == "renovatie" else None,
                        project=row.project,
                        source=table.source[:300],
                        note=table.note,
                        synthetic=synthetic,
                    )
                )
    Intervention.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def record_intervention_realised(intervention: Intervention, realised: int, *, actor: User) -> Intervention:
    """Record how many dwellings of a planned intervention are done so far."""
    if realised < 0:
        raise InterventionError("Het aantal gerealiseerde woningen kan niet negatief zijn.")
    locked = Intervention.objects.select_for_update().get(pk=intervention.pk)
    before = locked.realised
    locked.realised = realised
    locked.realised_at = timezone.now()
    locked.realised_by = actor
    locked.save(update_fields=["realised", "realised_at", "realised_by"])
    record_audit(
        "programme.intervention_realised",
        actor=actor,
        object_type="intervention",
        object_id=locked.pk,
        detail={"before": before, "after": realised},
    )
    return locked
