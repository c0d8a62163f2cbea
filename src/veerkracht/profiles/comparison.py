# SPDX-License-Identifier: EUPL-1.2
"""Comparing two years of an area's profile: what changed in class, key figures, meldingen and the
programme (issue 12 part 4).

Each part reads the other apps as the profile does (ADR 0023) and is left out (``None``) when the person
may not see it. The class of a year is the class of the newest run of the gemeente that ends in that
year (the class is a judgement on the years up to it); a figure of a year is what the newest run with
that year among its periods published. A withheld figure is never compared: its change is unknown.
"""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veerkracht.analysis import layers
from veerkracht.analysis import queries as analysis_queries
from veerkracht.analysis.models import AnalysisRun
from veerkracht.areas.models import Area
from veerkracht.cases.models import Melding
from veerkracht.cases.queries import area_figures
from veerkracht.core.permissions import permissions_of
from veerkracht.indicators.models import Indicator
from veerkracht.profiles.change import Change, Span, compare, span
from veerkracht.profiles.monitor_part import KEY_FIGURES, Value
from veerkracht.profiles.queries import Place, place
from veerkracht.programme.models import AgreementStatus
from veerkracht.programme.queries import area_profile
from veerkracht.programme.queries.agreements import current_set

#: Units said in words after a number; other units (scores, classes) are left to the table's heading.
UNIT_WORDS = {
    "%": gettext_lazy("procent"),
    "personen": gettext_lazy("personen"),
    "woningen": gettext_lazy("woningen"),
    "huishoudens": gettext_lazy("huishoudens"),
}


def _runs(gemeente_code: str) -> list[AnalysisRun]:
    runs = AnalysisRun.objects.filter(status=AnalysisRun.Status.SUCCEEDED).order_by("-finished_at", "-id")
    return [run for run in runs if gemeente_code in run.gemeenten]


def class_run(runs: list[AnalysisRun], year: int) -> AnalysisRun | None:
    """The newest run that ends in the year: its class is the class of that year."""
    return next((run for run in runs if run.period_end == year), None)


def figures_run(runs: list[AnalysisRun], year: int) -> AnalysisRun | None:
    """The newest run that has the year among its periods."""
    return next((run for run in runs if year in [int(p) for p in run.periods]), None)


def years_with_data(user: Any, gemeente_code: str, permissions: frozenset[str]) -> list[int]:
    """The years a comparison can pick: those of the analyses, of the meldingen the person may read, of
    the performance agreements, and this year; newest first."""
    today = timezone.localdate().year
    years = {today}
    if "monitor.view" in permissions:
        for run in _runs(gemeente_code):
            years |= {int(p) for p in run.periods} | {run.period_end}
    if "cases.view" in permissions:
        meldingen = Melding.objects.visible_to(user).filter(gemeente_code=gemeente_code)
        years |= {d.year for d in meldingen.dates("received_at", "year")}
    agreement_set = current_set() if "programme.view" in permissions else None
    if agreement_set is not None:
        years |= set(range(agreement_set.start_year, agreement_set.end_year + 1))
    return sorted((y for y in years if y <= today), reverse=True)


@dataclass(frozen=True)
class YearClass:
    year: int
    run: AnalysisRun | None
    #: The area's row of the veerkrachtkaart of that run (label, colour, explanation), or None.
    klass: dict[str, Any] | None


@dataclass(frozen=True)
class ClassComparison:
    first: YearClass
    second: YearClass

    @property
    def changed(self) -> bool | None:
        """Whether the class changed; None when a year has no class to compare."""
        if self.first.klass is None or self.second.klass is None:
            return None
        return bool(self.first.klass["class_key"] != self.second.klass["class_key"])

    @property
    def same_method(self) -> bool:
        first, second = self.first.run, self.second.run
        return first is None or second is None or first.preset_name == second.preset_name


def _year_class(runs: list[AnalysisRun], area: Area, year: int) -> YearClass:
    run = class_run(runs, year)
    if run is None:
        return YearClass(year, None, None)
    found = layers.classes_layer(run, area.level)["areas"].get(area.code)
    return YearClass(year, run, found if found and found.get("status") == layers.VALUE else None)


@dataclass(frozen=True)
class FigureComparison:
    code: str
    name: str
    unit: str
    unit_word: str
    first: Value
    second: Value
    #: None when a year has no figure or either is withheld: a withheld figure is never compared.
    change: Change | None
    synthetic: bool
    decimals: int = 1

    @property
    def number_format(self) -> str:
        """The ``floatformat`` argument that shows the figure as it was compared."""
        return f"-{self.decimals}g"


def _year_value(run: AnalysisRun | None, area_code: str, indicator: str, year: int) -> tuple[Value, bool]:
    if run is None:
        return Value(), False
    frame = analysis_queries.series(run, area_code, indicator)
    rows = frame[(frame["area_code"] == area_code) & (frame["period"] == year)]
    rows = rows[rows["value"].notna() | rows["suppressed"].astype(bool)]
    if rows.empty:
        return Value(), False
    row = rows.iloc[-1]
    suppressed = bool(row["suppressed"])
    synthetic = bool(row["synthetic"]) if "synthetic" in rows else False
    return Value(year, None if suppressed else float(row["value"]), suppressed), synthetic


def _decimals(unit: str, values: list[float | None]) -> int:
    """One decimal for shares and large numbers, two for small scores (a Leefbaarometer score of -0,16)."""
    known = [abs(v) for v in values if v is not None]
    return 1 if unit == "%" or not known or max(known) >= 10 else 2


def _rounded(value: Value, decimals: int) -> Value:
    # As the page shows it, so that the table and the sentence about the change agree.
    if value.value is None:
        return value
    return Value(value.period, round(value.value, decimals), value.suppressed)


def figure_comparisons(
    runs: list[AnalysisRun], area: Area, first: int, second: int
) -> list[FigureComparison]:
    """Each key figure of the area in both years, with its change where both are known and shown."""
    run_first, run_second = figures_run(runs, first), figures_run(runs, second)
    present: set[str] = set()
    for run in {r.pk: r for r in (run_first, run_second) if r is not None}.values():
        present |= analysis_queries.indicators_of(run)
    codes = [code for code in KEY_FIGURES if code in present]
    meta = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    rows = []
    for code in codes:
        value_first, synthetic_first = _year_value(run_first, area.code, code, first)
        value_second, synthetic_second = _year_value(run_second, area.code, code, second)
        if value_first.period is None and value_second.period is None:
            continue
        found = meta.get(code)
        unit = found.unit if found else ""
        decimals = _decimals(unit, [value_first.value, value_second.value])
        value_first, value_second = _rounded(value_first, decimals), _rounded(value_second, decimals)
        known = value_first.value is not None and value_second.value is not None
        rows.append(
            FigureComparison(
                code=code,
                name=found.name_nl if found else code,
                unit=unit,
                unit_word=str(UNIT_WORDS[unit]) if unit in UNIT_WORDS else "",
                first=value_first,
                second=value_second,
                change=compare(value_first.value, value_second.value, decimals) if known else None,  # type: ignore[arg-type]
                synthetic=synthetic_first or synthetic_second,
                decimals=decimals,
            )
        )
    return rows


@dataclass(frozen=True)
class KpiComparison:
    code: str
    first: area_figures.Cell | None
    second: area_figures.Cell | None
    change: Change | None


def _shown(cell: area_figures.Cell | None) -> area_figures.Cell | None:
    """The cell rounded as the page shows it (a withheld cell stays withheld, without a value)."""
    if cell is None or cell.value is None:
        return cell
    return area_figures.Cell(round(cell.value, 1), cell.suppressed)


def _kpi_change(first: area_figures.Cell | None, second: area_figures.Cell | None) -> Change | None:
    if first is None or second is None or first.value is None or second.value is None:
        return None
    return compare(first.value, second.value)


def kpi_comparisons(
    user: Any, where: Place, first: int, second: int
) -> list[tuple[Area, list[KpiComparison]]]:
    """The meldingen KPIs of both years per area shown (a rayon: its buurten), withheld as everywhere."""
    area = where.area
    shown = where.buurten if area.level == "rayon" else [area]
    codes = [a.code for a in shown]
    before = area_figures.area_kpis(user, area.gemeente_code, first, codes)
    after = area_figures.area_kpis(user, area.gemeente_code, second, codes)
    rows = []
    for row_area in shown:
        cells = []
        for code in area_figures.PROFILE_KPIS:
            a = _shown(before.get(row_area.code, {}).get(code))
            b = _shown(after.get(row_area.code, {}).get(code))
            cells.append(KpiComparison(code, a, b, _kpi_change(a, b)))
        rows.append((row_area, cells))
    return rows


@dataclass(frozen=True)
class ProgrammeItem:
    kind: str  # "agreement" or "intervention"
    title: str
    start: int
    end: int | None
    span: Span
    #: The agreement itself, for its link; None for an intervention.
    agreement: Any = None


def _agreement_end(agreement: Any) -> int | None:
    if agreement.status in (AgreementStatus.DONE, AgreementStatus.STOPPED) and agreement.last_update_at:
        return int(agreement.last_update_at.year)
    return int(agreement.theme.agreement_set.end_year)


def programme_items(where: Place, first: int, second: int) -> list[ProgrammeItem]:
    """Agreements and interventions that ran in either year or started or ended between them."""
    items = []
    for agreement in area_profile.agreements_touching(where.area.code, where.buurt_codes):
        start, end = agreement.starts_on.year, _agreement_end(agreement)
        found = span(start, end, first, second)
        if found is not None:
            title = f"{_('Thema')} {agreement.theme.number}, {agreement.code}: {agreement.title}"
            items.append(ProgrammeItem("agreement", title, start, end, found, agreement))
    for intervention in area_profile.interventions_in(where.buurt_codes).items:
        found = span(intervention.from_year, intervention.year, first, second)
        if found is not None:
            title = _("%(kind)s in %(area)s: %(planned)s woningen") % {
                "kind": intervention.get_kind_display(),
                "area": intervention.project or intervention.area.name,
                "planned": intervention.planned,
            }
            start, end = intervention.from_year, intervention.year
            items.append(ProgrammeItem("intervention", title, start, end, found))
    return items


@dataclass(frozen=True)
class Comparison:
    place: Place
    first: int
    second: int
    classes: ClassComparison | None
    figures: list[FigureComparison] | None
    kpis: list[tuple[Area, list[KpiComparison]]] | None
    programme: list[ProgrammeItem] | None


def comparison(user: Any, area: Area, first: int, second: int) -> Comparison:
    """Everything the person may see of the area in two years, side by side."""
    permissions = permissions_of(user)
    where = place(area)
    classes = figures = kpis = programme = None
    if "monitor.view" in permissions:
        runs = _runs(area.gemeente_code)
        classes = ClassComparison(_year_class(runs, area, first), _year_class(runs, area, second))
        figures = figure_comparisons(runs, area, first, second)
    if "cases.view" in permissions:
        kpis = kpi_comparisons(user, where, first, second)
    if "programme.view" in permissions:
        programme = programme_items(where, first, second)
    return Comparison(where, first, second, classes, figures, kpis, programme)
