# SPDX-License-Identifier: EUPL-1.2
"""Reads of the housing stock: tables per corporation and segment, the city's totals, the targets checked."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from veerkracht.core.models import Organisation
from veerkracht.programme import vocabulary
from veerkracht.programme.models import AccessibilityFigure, HousingTable, HousingTarget, Measure, StockFigure
from veerkracht.programme.targets import ShareCheck, check_share


@dataclass(frozen=True)
class SegmentRow:
    segment: str
    label: str
    limit: str
    vera: str
    #: (corporation name, dwellings or None) in the table's column order.
    cells: list[tuple[str, int | None]]
    total: int
    #: The source's printed total where it gives one.
    reported: int | None

    @property
    def difference(self) -> int | None:
        """How much the printed total differs from the sum of the corporations (None: no printed total)."""
        return None if self.reported is None else self.reported - self.total


@dataclass(frozen=True)
class StockBlock:
    """One year's stand, or one period's change, of a stock table."""

    measure: str
    from_year: int
    year: int
    planned: bool
    derived: bool
    rows: list[SegmentRow]
    column_totals: list[tuple[str, int]]
    total: int

    @property
    def title(self) -> str:
        if self.measure == Measure.ONTWIKKELING:
            return _("Ontwikkeling %(first)s–%(last)s") % {"first": self.from_year, "last": self.year}
        return _("Stand eind %(year)s") % {"year": self.year}

    @property
    def differences(self) -> list[SegmentRow]:
        return [row for row in self.rows if row.difference]


@dataclass(frozen=True)
class TargetOutcome:
    target: HousingTarget
    year: int
    check: ShareCheck
    sentence: str


@dataclass(frozen=True)
class StockOverview:
    table: HousingTable
    corporations: list[Organisation]
    blocks: list[StockBlock]
    outcomes: list[TargetOutcome] = field(default_factory=list)


def _number(value: Decimal | int, decimals: int = 0) -> str:
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def describe(check: ShareCheck) -> str:
    """The outcome of a target in plain Dutch: met or not, the share, and the margin both ways."""
    numbers = {
        "share": _number(check.share.quantize(Decimal("0.1")), 1),
        "part": _number(check.part),
        "whole": _number(check.whole),
        "norm": _number(check.norm.normalize()),
        "points": _number(abs(check.points).quantize(Decimal("0.1")), 1),
        "dwellings": _number(abs(check.dwellings)),
    }
    start = _("%(share)s procent (%(part)s van %(whole)s woningen) valt hieronder") % numbers
    if check.comparison == "at_least":
        norm = _("de norm is minstens %(norm)s procent") % numbers
        margin = (
            _("Dat is %(points)s procentpunt boven de norm: %(dwellings)s woningen meer dan nodig.")
            if check.met
            else _("Dat is %(points)s procentpunt onder de norm: %(dwellings)s woningen te weinig.")
        ) % numbers
    else:
        norm = _("de norm is hoogstens %(norm)s procent") % numbers
        margin = (
            _("Dat is %(points)s procentpunt onder de norm: ruimte voor %(dwellings)s woningen.")
            if check.met
            else _("Dat is %(points)s procentpunt boven de norm: %(dwellings)s woningen te veel.")
        ) % numbers
    verdict = _("Gehaald.") if check.met else _("Niet gehaald.")
    return f"{verdict} {start}; {norm}. {margin}"


def stock_tables(gemeente_code: str | None = None) -> list[HousingTable]:
    tables = HousingTable.objects.filter(kind=HousingTable.Kind.STOCK)
    if gemeente_code:
        tables = tables.filter(gemeente_code=gemeente_code)
    return list(tables.order_by("gemeente_code", "slug"))


def stock_overview(table: HousingTable) -> StockOverview:
    """A stock table as blocks of corporation x segment, with sums, printed totals and the targets checked."""
    figures = list(StockFigure.objects.filter(table=table).select_related("corporation"))
    corporations: dict[int, Organisation] = {figure.corporation_id: figure.corporation for figure in figures}
    latest = max((f.year for f in figures if f.measure == Measure.STAND), default=None)
    size: dict[int, int] = defaultdict(int)
    for figure in figures:
        if figure.measure == Measure.STAND and figure.year == latest:
            size[figure.corporation_id] += figure.dwellings
    order = sorted(corporations.values(), key=lambda c: (-size[c.pk], c.name))
    cells: dict[tuple[str, int, int], dict[tuple[int, str], StockFigure]] = defaultdict(dict)
    for figure in figures:
        cells[(figure.measure, figure.from_year, figure.year)][(figure.corporation_id, figure.segment)] = (
            figure
        )
    blocks = []
    for (measure, from_year, year), block in sorted(
        cells.items(), key=lambda item: (item[0][0] != Measure.STAND, item[0][2], item[0][1])
    ):
        reported = table.reported_totals.get(measure, {}).get(f"{from_year}-{year}", {})
        rows = []
        for segment in vocabulary.RENT_SEGMENTS:
            row_cells = [
                (c.name, block[(c.pk, segment)].dwellings if (c.pk, segment) in block else None)
                for c in order
            ]
            rows.append(
                SegmentRow(
                    segment=segment,
                    label=_(vocabulary.RENT_SEGMENT_LABELS[segment]),
                    # The upper limit in words, unless the segment's name says it already.
                    limit=(
                        "" if "liberalisatiegrens" in segment else _(vocabulary.RENT_SEGMENT_LIMITS[segment])
                    ),
                    vera=vocabulary.VERA_HUURKLASSE[segment],
                    cells=row_cells,
                    total=sum(v for _name, v in row_cells if v is not None),
                    reported=reported.get(segment),
                )
            )
        any_figure = next(iter(block.values()))
        blocks.append(
            StockBlock(
                measure=measure,
                from_year=from_year,
                year=year,
                planned=any_figure.planned,
                derived=any(f.derived for f in block.values()),
                rows=rows,
                column_totals=[
                    (c.name, sum(row.cells[i][1] or 0 for row in rows)) for i, c in enumerate(order)
                ],
                total=sum(row.total for row in rows),
            )
        )
    outcomes = []
    targets = HousingTarget.objects.filter(gemeente_code=table.gemeente_code).order_by("code")
    for stock_block in blocks:
        if stock_block.measure != Measure.STAND or stock_block.total <= 0:
            continue
        totals = {row.segment: row.total for row in stock_block.rows}
        for target in targets:
            check = check_share(
                sum(totals.get(s, 0) for s in target.numerator),
                sum(totals.get(s, 0) for s in target.denominator),
                target.percentage,
                target.comparison,
            )
            outcomes.append(TargetOutcome(target, stock_block.year, check, describe(check)))
    return StockOverview(table=table, corporations=order, blocks=blocks, outcomes=outcomes)


@dataclass(frozen=True)
class AccessibilityRow:
    area_code: str
    area_name: str
    stand: dict[str, int]
    development: int
    development_classes: dict[str, int]

    @property
    def cells(self) -> list[tuple[str, int | None]]:
        """(class label, dwellings or None) per BAT class, in order."""
        return [(_(vocabulary.BAT_LABELS[bat]), self.stand.get(bat)) for bat in vocabulary.BAT_CLASSES]


@dataclass(frozen=True)
class AccessibilityOverview:
    table: HousingTable
    stand_year: int | None
    development_period: tuple[int, int] | None
    rows: list[AccessibilityRow]
    totals: dict[str, int]
    reported: dict[str, int]
    development_total: int
    development_reported: int | None

    @property
    def total_cells(self) -> list[tuple[str, int, int | None]]:
        """(class label, sum of the buurten, the source's printed total where it differs) per class."""
        cells = []
        for bat in vocabulary.BAT_CLASSES:
            printed = self.reported.get(bat)
            total = self.totals.get(bat, 0)
            cells.append(
                (_(vocabulary.BAT_LABELS[bat]), total, printed if printed not in (None, total) else None)
            )
        return cells


def accessibility_overview(table: HousingTable) -> AccessibilityOverview:
    """The BAT table per buurt: the stand per class, the development (with or without a class), totals."""
    figures = list(AccessibilityFigure.objects.filter(table=table).select_related("area"))
    stand_years = sorted({f.year for f in figures if f.measure == Measure.STAND})
    periods = sorted({(f.from_year, f.year) for f in figures if f.measure == Measure.ONTWIKKELING})
    stand_year = stand_years[-1] if stand_years else None
    period = periods[-1] if periods else None
    rows: dict[str, dict[str, object]] = {}
    for figure in figures:
        row = rows.setdefault(
            figure.area.code,
            {"name": figure.area.name, "stand": defaultdict(int), "dev": 0, "dev_classes": defaultdict(int)},
        )
        if figure.measure == Measure.STAND and figure.year == stand_year:
            row["stand"][figure.bat_class] += figure.dwellings  # type: ignore[index]
        elif figure.measure == Measure.ONTWIKKELING and (figure.from_year, figure.year) == period:
            row["dev"] = int(row["dev"]) + figure.dwellings  # type: ignore[call-overload]
            if figure.bat_class:
                row["dev_classes"][figure.bat_class] += figure.dwellings  # type: ignore[index]
    result = [
        AccessibilityRow(
            code,
            str(row["name"]),
            dict(row["stand"]),  # type: ignore[call-overload]
            int(row["dev"]),  # type: ignore[call-overload]
            dict(row["dev_classes"]),  # type: ignore[call-overload]
        )
        for code, row in sorted(rows.items(), key=lambda item: str(item[1]["name"]))
    ]
    totals = {bat: sum(r.stand.get(bat, 0) for r in result) for bat in vocabulary.BAT_CLASSES}
    reported = table.reported_totals.get(Measure.STAND, {}).get(f"{stand_year}-{stand_year}", {})
    development_reported = (
        table.reported_totals.get(Measure.ONTWIKKELING, {}).get(f"{period[0]}-{period[1]}", {}).get("totaal")
        if period
        else None
    )
    return AccessibilityOverview(
        table=table,
        stand_year=stand_year,
        development_period=period,
        rows=result,
        totals=totals,
        reported=reported,
        development_total=sum(r.development for r in result),
        development_reported=development_reported,
    )


def accessibility_tables(gemeente_code: str | None = None) -> list[HousingTable]:
    tables = HousingTable.objects.filter(kind=HousingTable.Kind.ACCESSIBILITY)
    if gemeente_code:
        tables = tables.filter(gemeente_code=gemeente_code)
    return list(tables.order_by("gemeente_code", "slug"))
