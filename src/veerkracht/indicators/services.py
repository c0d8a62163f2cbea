# SPDX-License-Identifier: EUPL-1.2
"""The one write API of indicators: sync the catalogue, import values, withdraw an import."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from veerkracht.core.models import Organisation, User
from veerkracht.core.services import record_audit
from veerkracht.importing import ImportProblem
from veerkracht.indicators.models import ImportRun, Indicator
from veerkracht.indicators.store import ValueStore

Progress = Callable[[str, int, int], None]


def _no_progress(_step: str, _done: int, _total: int) -> None:
    return None


def value_store() -> ValueStore:
    """The value store of this installation, in the data folder."""
    return ValueStore(Path(settings.DATA_DIR) / "values")


_CATALOGUE_FIELDS = (
    "name_nl",
    "name_en",
    "definition_nl",
    "unit",
    "source",
    "licence",
    "direction",
    "kind",
    "numerator",
    "denominator",
    "weight",
    "levels",
)


@transaction.atomic
def sync_catalogue(entries: list[dict[str, Any]] | None = None, *, version: str = "") -> int:
    """Bring the catalogue table in line with the catalogue file (or the given entries); return the count."""
    if entries is None:
        from veerkracht.indicators.connectors.catalogue import load_catalogue

        entries = load_catalogue()
    for entry in entries:
        privacy = entry.get("privacy") or {}
        defaults = {name: entry.get(name) or ("" if name != "levels" else []) for name in _CATALOGUE_FIELDS}
        defaults["direction"] = entry.get("direction") or Indicator.Direction.NEUTRAL
        defaults["privacy_minimum_count"] = int(privacy.get("minimum_count", 5))
        defaults["privacy_applies_to"] = list(privacy.get("applies_to", []))
        defaults["legend_breaks"] = list((entry.get("legend") or {}).get("breaks", []))
        defaults["legend_labels"] = list((entry.get("legend") or {}).get("labels", []))
        defaults["catalogue_version"] = version or str(entry.get("version", ""))
        Indicator.objects.update_or_create(code=entry["code"], defaults=defaults)
    return len(entries)


def _record_failure(
    path: Path | str,
    connector: str,
    problem: ImportProblem,
    started: Any,
    actor: User | None,
    organisation: Organisation | None,
) -> ImportRun:
    with transaction.atomic():
        run = ImportRun.objects.create(
            connector=connector,
            source_name=Path(str(path)).name,
            status=ImportRun.Status.FAILED,
            error=str(problem),
            started_at=started,
            finished_at=timezone.now(),
            imported_by=actor,
            organisation=organisation,
            active=False,
        )
        record_audit(
            "indicators.import_failed",
            actor=actor,
            organisation=organisation,
            object_type="import_run",
            object_id=run.pk,
            detail={"error": str(problem)[:500]},
        )
    return run


def import_values(
    path: Path | str,
    *,
    connector: str | None = None,
    year: int | None = None,
    mapping: Path | str | None = None,
    synthetic: bool = False,
    organisation: Organisation | None = None,
    actor: User | None = None,
    progress: Progress = _no_progress,
) -> ImportRun:
    """Import one file of values all-or-nothing; a failure is recorded and raised, and no value lands."""
    from veerkracht.indicators.connectors.registry import read_values

    started = timezone.now()
    progress("lezen", 0, 3)
    try:
        parsed = read_values(Path(path), connector=connector, year=year, mapping=mapping)
        _check_catalogue(parsed.path, parsed.values)
    except ImportProblem as problem:
        _record_failure(path, connector or "auto", problem, started, actor, organisation)
        raise
    values = parsed.values.assign(synthetic=bool(synthetic) | parsed.values.get("synthetic", False))
    if getattr(parsed, "square_size", None) == 500:
        # 100 m and 500 m squares share their id format; the level keeps them apart in the store.
        values = values.assign(level=values["level"].replace({"square": "square500"}))
    progress("schrijven", 1, 3)
    store = value_store()
    staged = store.stage(values)
    run_id = None
    try:
        with transaction.atomic():
            run = ImportRun.objects.create(
                connector=parsed.connector,
                source_name=Path(str(parsed.path)).name,
                source_sha256=parsed.sha256,
                source_format=parsed.source_format,
                status=ImportRun.Status.SUCCEEDED,
                rows_read=parsed.rows_read,
                values_written=len(values),
                indicators=sorted(values["indicator"].unique().tolist()),
                periods=sorted(int(p) for p in values["period"].unique()),
                levels=sorted(values["level"].unique().tolist()),
                notes=list(parsed.notes),
                synthetic=synthetic,
                organisation=organisation,
                imported_by=actor,
                started_at=started,
                finished_at=timezone.now(),
            )
            run_id = run.pk
            store.publish(staged, run.pk)
            record_audit(
                "indicators.imported",
                actor=actor,
                organisation=organisation,
                object_type="import_run",
                object_id=run.pk,
                detail={"file": run.source_name, "sha256": run.source_sha256, "values": run.values_written},
            )
    except BaseException:
        store.discard(staged, run_id)
        raise
    progress("klaar", 3, 3)
    return run


def _check_catalogue(path: Path | str, values: pd.DataFrame) -> None:
    known = set(Indicator.objects.values_list("code", flat=True))
    unknown = sorted(set(values["indicator"].unique()) - known)
    if unknown:
        raise ImportProblem(path, f"indicator(en) {unknown} staan niet in de catalogus; voeg ze eerst toe")


@transaction.atomic
def withdraw_import(run: ImportRun, *, actor: User | None = None) -> None:
    """Stop an import's values from counting; the run and its files stay on record."""
    run.active = False
    run.save(update_fields=["active"])
    record_audit(
        "indicators.import_withdrawn",
        actor=actor,
        organisation=run.organisation,
        object_type="import_run",
        object_id=run.pk,
    )
