# SPDX-License-Identifier: EUPL-1.2
"""The one path values take into the value store, from a file or from code: checked, all or nothing.

A file import parses its file and hands the values here; an organisation's own figures computed in code
(for example the meldingen KPIs) come here directly. Either way the run records who published it, for
which organisation, the source and a content hash of the values, and values that are already in an active
run of the same organisation are not stored twice (unless forced).
"""

import hashlib
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
from django.utils import timezone

from veerkracht.core.models import Organisation, User
from veerkracht.importing import ImportProblem
from veerkracht.indicators.models import ImportRun, Indicator
from veerkracht.indicators.runs import (
    begin_run,
    fail_run,
    finish_run,
    has_succeeded,
    record_failure,
    sweep_value_store,
    value_store,
)
from veerkracht.indicators.store import COLUMNS, RunWriter

logger = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]
REQUIRED = ("area_code", "level", "indicator", "period", "value")
FLAGS = ("synthetic", "suppressed", "estimated")


def no_progress(_step: str, _done: int, _total: int) -> None:
    return None


class AlreadyImported(Exception):
    """The same values are in an active run of the same organisation already; nothing new was stored."""

    def __init__(self, run: ImportRun) -> None:
        self.run = run
        when = timezone.localtime(run.finished_at).strftime("%d-%m-%Y %H:%M")
        super().__init__(
            f"Deze waarden zijn al geïmporteerd als import #{run.pk} ({run.source_name}, {when}); "
            "er is niets nieuws opgeslagen."
        )


def content_sha256(values: pd.DataFrame) -> str:
    """SHA-256 over the values, independent of row order: the same figures give the same hash.

    Each row of the canonical columns is hashed (pandas' row hash), the row hashes are sorted, and SHA-256
    runs over them. Stable for one pandas version; a new major version may hash differently, which only
    means an old run is not recognised as a duplicate.
    """
    frame = pd.DataFrame(
        {
            "area_code": values["area_code"].astype(str),
            "level": values["level"].astype(str),
            "indicator": values["indicator"].astype(str),
            "period": values["period"].astype("int64"),
            "value": values["value"].astype("float64"),
            **{flag: values[flag].astype(bool) for flag in FLAGS},
        }
    )
    rows = np.sort(pd.util.hash_pandas_object(frame, index=False).to_numpy(dtype="<u8"))
    digest = hashlib.sha256(",".join(COLUMNS).encode())
    digest.update(rows.tobytes())
    return digest.hexdigest()


def checked_values(values: pd.DataFrame, where: Path | str) -> pd.DataFrame:
    """The values in the store's columns and types, or an ImportProblem naming the row and column."""
    missing = [column for column in REQUIRED if column not in values.columns]
    if missing:
        raise ImportProblem(where, f"kolom(men) {missing} ontbreken; verwacht: {', '.join(COLUMNS)}")
    if values.empty:
        raise ImportProblem(where, "er zijn geen waarden om op te slaan")
    frame = values.reset_index(drop=True)
    for column in ("area_code", "level", "indicator"):
        text = frame[column].astype("string").str.strip()
        _refuse(where, frame, text.isna() | (text == ""), column, "een code of naam (niet leeg)")
    period = pd.to_numeric(frame["period"], errors="coerce")
    _refuse(where, frame, period.isna() | (period % 1 != 0), "period", "een jaartal (geheel getal)")
    value = pd.to_numeric(frame["value"], errors="coerce")
    _refuse(where, frame, value.isna() & frame["value"].notna(), "value", "een getal (of leeg)")
    frame = frame.assign(period=period.astype("int64"), value=value.astype("float64"))
    for flag in FLAGS:
        frame[flag] = frame[flag].fillna(False).astype(bool) if flag in frame.columns else False
    known = set(Indicator.objects.values_list("code", flat=True))
    unknown = sorted(set(frame["indicator"].astype(str)) - known)
    if unknown:
        raise ImportProblem(where, f"indicator(en) {unknown} staan niet in de catalogus; voeg ze eerst toe")
    return frame.loc[:, list(COLUMNS)]


def _refuse(where: Path | str, frame: pd.DataFrame, bad: pd.Series, column: str, expected: str) -> None:
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        found = frame[column].iloc[row]
        raise ImportProblem(where, f"verwacht {expected}, gevonden {found!r}", row=row + 1, column=column)


def active_duplicate(
    digest: str, organisation: Organisation | None, source_sha256: str = ""
) -> ImportRun | None:
    """The active run of this organisation that holds exactly these values, if any."""
    runs = ImportRun.objects.filter(
        status=ImportRun.Status.SUCCEEDED, active=True, organisation=organisation
    ).order_by("-id")
    match = runs.filter(content_sha256=digest).first()
    if match is None and source_sha256:
        # Runs from before content hashes were kept: the same file counts as the same values.
        match = runs.filter(content_sha256="", source_sha256=source_sha256).first()
    return match


def publish_values(
    values: pd.DataFrame,
    source: str,
    organisation: Organisation | None,
    *,
    actor: User | None = None,
    connector: str = "eigen",
    source_sha256: str = "",
    source_format: str = "",
    rows_read: int | None = None,
    notes: Sequence[str] = (),
    synthetic: bool = False,
    force: bool = False,
    location: Path | str | None = None,
    started: datetime | None = None,
    progress: Progress = no_progress,
) -> ImportRun:
    """Write an organisation's indicator values to the value store as one import run, all or nothing.

    ``values`` has the columns area_code, level, indicator, period and value (and optionally the flags
    synthetic, suppressed, estimated); every indicator must be in the catalogue. A problem with the values
    raises :class:`ImportProblem` and is recorded as a failed run; values that an active run of the same
    organisation already holds raise :class:`AlreadyImported` and store nothing, unless ``force``. A failure
    while writing is recorded and raised, and no value lands. Must not run inside a transaction.
    """
    started = started or timezone.now()
    where = location or source
    try:
        frame = checked_values(values, where)
    except ImportProblem as problem:
        record_failure(source, connector, problem, started, actor, organisation)
        raise
    if synthetic:
        frame = frame.assign(synthetic=True)
    # First settle what killed imports left: one of them may have committed the very same values.
    sweep_value_store()
    digest = content_sha256(frame)
    if not force:
        existing = active_duplicate(digest, organisation, source_sha256)
        if existing is not None:
            raise AlreadyImported(existing)
    progress("schrijven", 1, 3)
    with value_store().writer() as writer:
        run = begin_run(
            writer,
            connector=connector,
            source_name=source,
            source_sha256=source_sha256,
            content_sha256=digest,
            source_format=source_format,
            rows_read=len(frame) if rows_read is None else rows_read,
            values_written=len(frame),
            indicators=sorted(frame["indicator"].unique().tolist()),
            periods=sorted(int(p) for p in frame["period"].unique()),
            levels=sorted(frame["level"].unique().tolist()),
            notes=list(notes),
            synthetic=synthetic,
            organisation=organisation,
            imported_by=actor,
            started_at=started,
        )
        try:
            writer.stage(frame)
            writer.publish(run.pk)
            finish_run(run)
        except BaseException as error:
            if not _settle(writer, run, error):
                raise
        writer.release()
    progress("klaar", 3, 3)
    return run


def _settle(writer: RunWriter, run: ImportRun, error: BaseException) -> bool:
    """After a failure: remove what this import wrote and record it; True if the run committed after all."""
    try:
        committed = has_succeeded(run)
    except Exception:
        # The database cannot say; keep the files and let a sweep decide once it can.
        writer.release()
        return False
    if committed:
        logger.warning("import #%s committed, then failed with %r; it counts", run.pk, error)
        return True
    writer.discard()
    try:
        fail_run(run, error)
    except Exception:
        logger.exception("import #%s failed and could not be recorded as failed; a sweep will", run.pk)
    writer.release()
    return False
