# SPDX-License-Identifier: EUPL-1.2
"""The one write API of indicators: sync the catalogue, import or publish values, withdraw, sweep."""

from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from veerkracht.core.models import Organisation, User
from veerkracht.core.services import record_audit
from veerkracht.importing import ImportProblem
from veerkracht.indicators.models import ImportRun, Indicator
from veerkracht.indicators.publishing import AlreadyImported, Progress, no_progress, publish_values
from veerkracht.indicators.runs import SweepReport, record_failure, sweep_value_store, value_store

__all__ = [
    "AlreadyImported",
    "SweepReport",
    "import_values",
    "publish_values",
    "sweep_value_store",
    "sync_catalogue",
    "value_store",
    "withdraw_import",
]

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


def import_values(
    path: Path | str,
    *,
    connector: str | None = None,
    year: int | None = None,
    mapping: Path | str | None = None,
    synthetic: bool = False,
    organisation: Organisation | None = None,
    actor: User | None = None,
    force: bool = False,
    progress: Progress = no_progress,
) -> ImportRun:
    """Import one file of values all-or-nothing; a failure is recorded and raised, and no value lands.

    A file whose values an active import of the same organisation already holds raises
    :class:`AlreadyImported` and stores nothing new, unless ``force``.
    """
    from veerkracht.indicators.connectors.registry import read_values

    started = timezone.now()
    progress("lezen", 0, 3)
    try:
        parsed = read_values(Path(path), connector=connector, year=year, mapping=mapping)
    except ImportProblem as problem:
        record_failure(path, connector or "auto", problem, started, actor, organisation)
        raise
    values = parsed.values.assign(synthetic=bool(synthetic) | parsed.values.get("synthetic", False))
    if getattr(parsed, "square_size", None) == 500:
        # 100 m and 500 m squares share their id format; the level keeps them apart in the store.
        values = values.assign(level=values["level"].replace({"square": "square500"}))
    return publish_values(
        values,
        Path(str(parsed.path)).name,
        organisation,
        actor=actor,
        connector=parsed.connector,
        source_sha256=parsed.sha256,
        source_format=parsed.source_format,
        rows_read=parsed.rows_read,
        notes=parsed.notes,
        synthetic=synthetic,
        force=force,
        location=parsed.path,
        started=started,
        progress=progress,
    )


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
