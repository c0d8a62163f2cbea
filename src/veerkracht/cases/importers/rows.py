# SPDX-License-Identifier: EUPL-1.2
"""From the rows of a historic file to meldingen to store: codes translated, defaults filled in.

A problem is kept per row and field (our field name); :func:`column_for` names the source column it came
from, so the error a person reads points at the cell in their own file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from veerkracht.cases.importers.history import Moments
from veerkracht.cases.importers.mapping import HistoricMapping
from veerkracht.cases.importers.store import HistoricMelding
from veerkracht.cases.importers.table import SourceTable
from veerkracht.cases.models import ReporterKind
from veerkracht.cases.services.intake import NewMelding, Reporter
from veerkracht.cases.services.location import Location

#: Fields of intake's and the replay's problems, and the mapping's field that holds their source column.
_FIELD_COLUMNS = {
    "location": ("x", "complex_code", "area_code", "address"),
    "location.x": ("x",),
    "location.y": ("y",),
    "location.complex_code": ("complex_code",),
    "location.area_code": ("area_code",),
    "reporter": ("reporter_kind", "reporter_name"),
    "reporter.kind": ("reporter_kind",),
    "reporter.name": ("reporter_name",),
    "reporter.email": ("reporter_email",),
    "reporter.phone": ("reporter_phone",),
    "reporter.address": ("reporter_address",),
    "subcategory": ("subcategory", "category"),
}


def column_for(mapping: HistoricMapping, field: str) -> str | None:
    """The source column a problem with one of our fields points at (None: no column, e.g. a default)."""
    for candidate in _FIELD_COLUMNS.get(field, (field,)):
        column = mapping.column_of(candidate)
        if column is not None:
            return column
    return None


@dataclass(frozen=True)
class RowProblem:
    """A problem with one row: the field it lies in (ours) and what is wrong, in Dutch."""

    position: int
    field: str
    text: str


def records(
    table: SourceTable, mapping: HistoricMapping, start: int, stop: int
) -> tuple[list[tuple[int, HistoricMelding]], list[RowProblem]]:
    """The meldingen of rows ``start`` to ``stop`` (positions in the table), and the rows' problems."""
    found: list[tuple[int, HistoricMelding]] = []
    problems: list[RowProblem] = []
    for position in range(start, stop):
        made = _record(table, mapping, position)
        if isinstance(made, HistoricMelding):
            found.append((position, made))
        else:
            problems += made
    return found, problems


def _code(table: dict[str, str], value: str) -> str | None:
    """A source code through a code table; without a table the source used our codes."""
    if not table:
        return value
    return table.get(value.casefold())


def _record(
    table: SourceTable, mapping: HistoricMapping, position: int
) -> HistoricMelding | list[RowProblem]:
    columns, defaults = mapping.columns, mapping.file.defaults
    problems: list[RowProblem] = []

    def problem(field: str, text: str) -> None:
        problems.append(RowProblem(position, field, text))

    def cell(field: str) -> str:
        return table.text(mapping.column_of(field), position)

    category = subcategory = ""
    source = cell("category")
    source_sub = cell("subcategory")
    key = f"{source}/{source_sub}" if columns.subcategory is not None and source_sub else source
    if not source:
        problem("category", "categorie ontbreekt")
    elif mapping.categories:
        target = mapping.categories.get(key.casefold()) or mapping.categories.get(source.casefold())
        if target is None:
            problem("category", f"categorie '{key}' staat niet in de mapping (onder categories)")
        else:
            category, _, subcategory = target.partition("/")
    else:
        category, _, subcategory = key.partition("/")
    channel = defaults.channel
    if cell("channel"):
        translated = _code(mapping.channels, cell("channel"))
        if translated is None:
            problem("channel", f"kanaal '{cell('channel')}' staat niet in de mapping (onder channels)")
        else:
            channel = translated
    status = None
    if cell("status"):
        status = _code(mapping.statuses, cell("status"))
        if status is None:
            problem("status", f"status '{cell('status')}' staat niet in de mapping (onder statuses)")
    reporter = _reporter(mapping, cell, problem)
    description = cell("description") or defaults.description or ""
    if not description:
        problem("description", "omschrijving ontbreekt (of geef defaults.description in de mapping)")
    moments = {name: values[position] for name, values in table.moments.items()}
    received_at = moments.get("received_at")
    if received_at is None and cell("received_at") == "":
        problem("received_at", "datum van ontvangst ontbreekt")
    if problems or received_at is None:
        # A date that could not be read is already a problem of the table.
        return problems
    x = None if table.x is None else float(table.x[position])
    y = None if table.y is None else float(table.y[position])
    location = Location(
        address=cell("address"),
        x=x if x is not None and x == x else None,
        y=y if y is not None and y == y else None,
        complex_code=cell("complex_code"),
        area_code=cell("area_code"),
    )
    return HistoricMelding(
        NewMelding(
            category=category,
            subcategory=subcategory,
            description=description,
            location=location,
            channel=channel,
            reporter=reporter,
            received_at=received_at,
            external_reference=cell("external_reference"),
        ),
        Moments(
            received_at=received_at,
            acknowledged_at=moments.get("acknowledged_at"),
            feedback_at=moments.get("feedback_at"),
            closed_at=moments.get("closed_at"),
            status=status,
            status_at=moments.get("status_at"),
            feedback=cell("feedback") or defaults.feedback or "",
            close_reason=cell("close_reason") or defaults.close_reason or "",
            partner=cell("partner"),
        ),
    )


def _reporter(
    mapping: HistoricMapping, cell: Callable[[str], str], problem: Callable[[str, str], None]
) -> Reporter:
    contact = {name: cell(f"reporter_{name}") for name in ("name", "email", "phone", "address")}
    kind = ""
    source = cell("reporter_kind")
    if source:
        translated = _code(mapping.reporter_kinds, source)
        if translated is None:
            problem(
                "reporter_kind", f"soort melder '{source}' staat niet in de mapping (onder reporter_kinds)"
            )
        kind = translated or ""
    if not kind:
        # Without a kind, contact details say someone known reported it; the mapping says who they are.
        has_contact = any(contact.values())
        kind = (mapping.file.defaults.reporter_kind if has_contact else None) or ReporterKind.ANONYMOUS
    return Reporter(
        kind=kind,
        name=contact["name"],
        email=contact["email"],
        phone=contact["phone"],
        address=contact["address"],
    )
