# SPDX-License-Identifier: EUPL-1.2
"""Importing historic meldingen from a CSV or XLSX file with a mapping file: all or nothing.

A corporation brings its last five years: per row a melding with its original moment of receipt, its
category in the source's own codes (the mapping translates them), its place, its reporter, and as much of
its handling as the file gives (acknowledged, feedback given, closed, the current status). Every row is
checked as intake checks a new melding, its history is replayed on the working-day calendar (its clocks
run as they would have, and freeze when the melding was closed), and everything is written in bulk inside
one transaction. A problem anywhere stops the whole file; the error lists every problem with its row and
column. A file is imported once: the same file again, or a row whose reference (kenmerk) an earlier import
brought, is refused.

The import is recorded in the audit log (file, SHA-256, mapping and its hash, rows, ids) and announced as
``melding.imported``; reporters get no messages about meldingen of years ago.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from veerkracht.areas.importers.geofile import sha256_of
from veerkracht.cases.importers.errors import ProblemList
from veerkracht.cases.importers.mapping import HistoricMapping, load_mapping
from veerkracht.cases.importers.rows import column_for, records
from veerkracht.cases.importers.store import AUDIT_ACTION, HistoricMelding, HistoricStore
from veerkracht.cases.importers.table import SourceTable, read_source
from veerkracht.cases.models import Melding
from veerkracht.cases.services.errors import NotAllowed
from veerkracht.core.models import AuditEvent, Organisation
from veerkracht.core.permissions import has_permission
from veerkracht.importing import ImportProblem

Progress = Callable[[str, int, int], None]
#: Rows checked and written per round: memory stays flat for a file of a million rows.
CHUNK = 5000
IMPORT_PERMISSION = "cases.edit"


@dataclass(frozen=True)
class HistoricImport:
    """What an import brought."""

    path: Path
    sha256: str
    mapping: str
    organisation: str
    count: int
    open: int
    seconds: float
    first_id: int | None
    last_id: int | None


def _quiet(_step: str, _done: int, _total: int) -> None:
    return None


def import_historic(
    path: Path | str,
    mapping: HistoricMapping | Path | str,
    *,
    organisation: Organisation,
    actor: Any = None,
    synthetic: bool = False,
    progress: Progress = _quiet,
    chunk: int = CHUNK,
) -> HistoricImport:
    """Import a file of historic meldingen received by ``organisation``; raise ImportProblem, store nothing.

    ``actor`` None is the system (the command line); a person needs ``cases.edit`` in the organisation.
    """
    started = time.perf_counter()
    source = Path(path)
    if actor is not None and not has_permission(actor, IMPORT_PERMISSION, organisation):
        raise NotAllowed(f"u mag geen meldingen importeren voor {organisation.name}")
    rules = mapping if isinstance(mapping, HistoricMapping) else load_mapping(mapping)
    progress("lezen", 0, 1)
    problems = ProblemList(source)
    table = read_source(source, rules, problems)
    digest = sha256_of(source)
    earlier = (
        AuditEvent.objects.filter(action=AUDIT_ACTION, organisation=organisation, detail__sha256=digest)
        .order_by("-seq")
        .first()
    )
    if earlier is not None:
        raise ImportProblem(
            source,
            f"dit bestand is al geïmporteerd voor {organisation.name} op {earlier.at:%d-%m-%Y %H:%M} "
            f"({earlier.detail.get('count')} meldingen); er is niets opnieuw geïmporteerd",
        )
    total = len(table)
    with transaction.atomic():
        store = HistoricStore(organisation, synthetic=synthetic)
        seen: dict[str, int] = {}
        for start in range(0, total, chunk):
            stop = min(start + chunk, total)
            found, row_problems = records(table, rules, start, stop)
            for problem in row_problems:
                problems.append(_located(table, rules, problem.position, problem.field, problem.text))
            found = _unique(table, rules, organisation, found, seen, problems)
            prepared, check_problems = store.prepare([record for _position, record in found])
            for index, fields in sorted(check_problems.items()):
                position = found[index][0]
                for field, text in fields.items():
                    problems.append(_located(table, rules, position, field, text))
            if not problems:
                store.write(prepared)
            progress("controleren en opslaan", stop, total)
        if problems:
            raise problems.error()
        store.finish(
            actor=actor,
            detail={
                "file": source.name,
                "sha256": digest,
                "mapping": rules.name,
                "mapping_version": rules.file.version or "",
                "mapping_sha256": rules.file.sha256,
                "rows": total,
            },
        )
    progress("klaar", total, total)
    return HistoricImport(
        path=source,
        sha256=digest,
        mapping=rules.describe(),
        organisation=organisation.name,
        count=len(store.ids),
        open=store.open,
        seconds=time.perf_counter() - started,
        first_id=min(store.ids, default=None),
        last_id=max(store.ids, default=None),
    )


def _located(
    table: SourceTable, rules: HistoricMapping, position: int, field: str, text: str
) -> ImportProblem:
    column = column_for(rules, field)
    if column is None:
        text = f"{field}: {text}"
    return ImportProblem(table.path, text, row=int(table.rows[position]), column=column)


def _unique(
    table: SourceTable,
    rules: HistoricMapping,
    organisation: Organisation,
    found: list[tuple[int, HistoricMelding]],
    seen: dict[str, int],
    problems: ProblemList,
) -> list[tuple[int, HistoricMelding]]:
    """Leave out (as problems) rows whose reference came before, in this file or in an earlier import."""
    column = rules.column_of("external_reference")
    if column is None:
        return found
    references = [
        record.new.external_reference for _position, record in found if record.new.external_reference
    ]
    stored = {
        reference: Melding(pk=pk, received_at=received_at).reference
        for reference, pk, received_at in Melding.objects.filter(
            received_by=organisation, external_reference__in=references
        ).values_list("external_reference", "pk", "received_at")
    }
    kept = []
    for position, record in found:
        reference = record.new.external_reference
        row = int(table.rows[position])
        if reference in stored:
            problems.append(
                ImportProblem(
                    table.path,
                    f"kenmerk '{reference}' is al geïmporteerd (melding {stored[reference]})",
                    row=row,
                    column=column,
                ),
            )
        elif reference and reference in seen:
            problems.append(
                ImportProblem(
                    table.path,
                    f"kenmerk '{reference}' staat ook in rij {seen[reference]}",
                    row=row,
                    column=column,
                ),
            )
        else:
            if reference:
                seen[reference] = row
            kept.append((position, record))
    return kept
