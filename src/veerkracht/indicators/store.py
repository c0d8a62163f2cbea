# SPDX-License-Identifier: EUPL-1.2
"""The value store: indicator values as Parquet, one folder per import run, queried with DuckDB.

Layout under the data folder::

    values/run=<id>/indicator=<code>/part-0.parquet     published runs
    values/.staging-<token>/                             a run being written
    values/.import-<token>.lock                          held (flock) by the process writing it
    values/.orphaned/run=<id>-<time>/                    folders no import run explains, set aside

An import is written by a :class:`RunWriter`: staged under its token, then renamed to ``run=<id>`` only
after the database row with that id is committed, and counted by readers only after a second commit
marks the run succeeded. A writer removes only what it created itself; what a killed writer leaves
behind is found by its token and a lock nobody holds any more (see ``indicators/runs.py``). When several
active runs hold a value for the same area, indicator and period, the most recent run wins: a corrected
re-import replaces what it corrects and nothing else.
"""

import contextlib
import fcntl
import os
import re
import shutil
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from veerkracht.datafolder import make_private, make_private_dir

COLUMNS = ("area_code", "level", "indicator", "period", "value", "synthetic", "suppressed", "estimated")
_SCHEMA = pa.schema(
    [
        ("area_code", pa.string()),
        ("level", pa.string()),
        ("period", pa.int32()),
        ("value", pa.float64()),
        ("synthetic", pa.bool_()),
        ("suppressed", pa.bool_()),
        ("estimated", pa.bool_()),
    ]
)
_STAGING = re.compile(r"^\.staging-([0-9a-f]{32})$")
_LOCK = re.compile(r"^\.import-([0-9a-f]{32})\.lock$")
_RUN = re.compile(r"^run=(\d+)$")
ORPHANED = ".orphaned"


class ValueStoreError(RuntimeError):
    """The value store could not be written or read."""


class RunWriter:
    """Writes one import run; holds a lock for as long as its process lives, so leftovers can be told apart.

    Use it as a context manager: leaving the block without :meth:`release` removes what the writer made.
    """

    def __init__(self, store: "ValueStore") -> None:
        self.store = store
        self.published: Path | None = None
        self.rows = 0
        make_private_dir(store.root)
        for _attempt in range(3):
            self.token = uuid.uuid4().hex
            self._lock_path = store.lock_file(self.token)
            self._lock = os.open(self._lock_path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                # A sweeper took the new file for a dead writer's before we locked it; take another token.
                os.close(self._lock)
        else:
            raise ValueStoreError("de waardenopslag kon niet worden vergrendeld; probeer het opnieuw")
        self.staging = store.staging_folder(self.token)

    def __enter__(self) -> "RunWriter":
        return self

    def __exit__(self, *exc: object) -> None:
        if self._lock >= 0:
            self.abandon()

    def stage(self, values: pd.DataFrame) -> int:
        """Write the values to the staging folder, one Parquet file per indicator; return the row count."""
        missing = [c for c in COLUMNS if c not in values.columns]
        if missing:
            raise ValueStoreError(f"values lack column(s) {missing}")
        self.staging.mkdir(mode=0o700)
        frame = values.loc[:, list(COLUMNS)].copy()
        frame["period"] = frame["period"].astype("int32")
        frame["value"] = frame["value"].astype("float64")
        for flag in ("synthetic", "suppressed", "estimated"):
            frame[flag] = frame[flag].astype(bool)
        for indicator, part in frame.groupby("indicator", sort=True, observed=True):
            target = self.staging / f"indicator={indicator}"
            target.mkdir()
            table = pa.Table.from_pandas(
                part.drop(columns="indicator").sort_values(["period", "area_code"]),
                schema=_SCHEMA,
                preserve_index=False,
            )
            pq.write_table(table, target / "part-0.parquet", compression="zstd")
        make_private(self.staging)
        self.rows = len(values)
        return self.rows

    def publish(self, run_id: int) -> Path:
        """Move the staged files into place as ``run=<id>`` (one rename on one file system)."""
        target = self.store.run_folder(run_id)
        if target.exists():
            raise ValueStoreError(
                f"de map {target} bestaat al en hoort bij geen lopende import; "
                "ruim de waardenopslag op met 'veerkracht values sweep'"
            )
        self.staging.rename(target)
        self.published = target
        return target

    def discard(self) -> None:
        """Remove what this writer made (its staging folder, the run folder it published); keep the lock."""
        shutil.rmtree(self.staging, ignore_errors=True)
        if self.published is not None:
            shutil.rmtree(self.published, ignore_errors=True)
            self.published = None

    def release(self) -> None:
        """Release the lock; files that remain are the database's to judge (published run or leftovers)."""
        if self._lock < 0:
            return
        # Unlink before closing: a sweeper that finds the file gone knows the writer is done.
        self._lock_path.unlink(missing_ok=True)
        os.close(self._lock)
        self._lock = -1

    def abandon(self) -> None:
        """Remove what this writer made, then release the lock."""
        self.discard()
        self.release()


class ValueStore:
    """Parquet files per import run, read back through DuckDB."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def run_folder(self, run_id: int) -> Path:
        return self.root / f"run={run_id}"

    def staging_folder(self, token: str) -> Path:
        return self.root / f".staging-{token}"

    def lock_file(self, token: str) -> Path:
        return self.root / f".import-{token}.lock"

    def writer(self) -> RunWriter:
        """Start writing one import run."""
        return RunWriter(self)

    def run_ids(self) -> list[int]:
        """Ids of the run folders on disk."""
        return sorted(int(m.group(1)) for m in self._names(_RUN))

    def tokens(self) -> list[str]:
        """Tokens of writers that left a staging folder or a lock file (running or dead)."""
        return sorted({m.group(1) for pattern in (_STAGING, _LOCK) for m in self._names(pattern)})

    def _names(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        if not self.root.is_dir():
            return
        for entry in os.scandir(self.root):
            match = pattern.match(entry.name)
            if match:
                yield match

    @contextlib.contextmanager
    def claim(self, token: str) -> Iterator[bool]:
        """Take a writer's lock if its process is gone; yield whether it was taken (held in the block)."""
        if not self.root.is_dir():
            yield False
            return
        path = self.lock_file(token)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            yield True
            path.unlink(missing_ok=True)
        finally:
            os.close(descriptor)

    def remove_leftovers(self, token: str, run_id: int | None = None) -> list[Path]:
        """Remove a dead writer's staging folder and, when given, the run folder it published."""
        removed = []
        for path in (self.staging_folder(token), self.run_folder(run_id) if run_id is not None else None):
            if path is not None and path.exists():
                shutil.rmtree(path)
                removed.append(path)
        return removed

    def set_aside(self, run_id: int) -> Path:
        """Move a run folder that no import explains to ``.orphaned/`` (kept for a person to judge)."""
        make_private_dir(self.root / ORPHANED)
        target = (
            self.root / ORPHANED / f"run={run_id}-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
        )
        self.run_folder(run_id).rename(target)
        return target

    def _files(self, runs: Sequence[int], indicators: Sequence[str] | None) -> list[str]:
        files: list[str] = []
        for run in runs:
            folder = self.run_folder(run)
            if indicators is None:
                files.extend(str(p) for p in sorted(folder.glob("indicator=*/*.parquet")))
            else:
                for code in indicators:
                    files.extend(str(p) for p in sorted((folder / f"indicator={code}").glob("*.parquet")))
        return files

    def query(
        self,
        runs: Sequence[int],
        *,
        indicators: Sequence[str] | None = None,
        levels: Sequence[str] | None = None,
        periods: Sequence[int] | None = None,
        area_codes: Sequence[str] | None = None,
        square_bbox: tuple[int, int, int, int] | None = None,
    ) -> pd.DataFrame:
        """Return the current values of the given active runs (latest run wins), filtered.

        ``square_bbox`` (west, south, east, north in hectometres) keeps the CBS squares whose id lies in
        it, so a city's squares are read from a national grid without listing them.
        """
        files = self._files(runs, indicators)
        if not files:
            return pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in (*COLUMNS, "run")})
        conditions: list[str] = []
        parameters: list[object] = []
        for column, allowed in (("level", levels), ("period", periods), ("area_code", area_codes)):
            if allowed is not None:
                conditions.append(f"{column} IN (SELECT unnest(?))")
                parameters.append(list(allowed))
        if square_bbox is not None:
            west, south, east, north = (f"{max(0, min(9999, v)):04d}" for v in square_bbox)
            conditions.append(
                "substr(area_code, 2, 4) BETWEEN ? AND ? AND substr(area_code, 7, 4) BETWEEN ? AND ?"
            )
            parameters.extend([west, east, south, north])
        where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
        sql = f"""
            SELECT area_code, level, indicator, period, value, synthetic, suppressed, estimated, run
            FROM read_parquet(?, hive_partitioning = true, union_by_name = true)
            {where}
            QUALIFY row_number() OVER (PARTITION BY area_code, indicator, period ORDER BY run DESC) = 1
            ORDER BY indicator, period, area_code
        """
        with duckdb.connect() as connection:
            try:
                frame = connection.execute(sql, [files, *parameters]).df()
            except duckdb.Error as error:
                raise ValueStoreError(f"reading the value store failed: {error}") from error
        frame["indicator"] = frame["indicator"].astype(str)
        frame["run"] = frame["run"].astype("int64")
        return frame


def _dtype(column: str) -> str:
    if column in ("period", "run"):
        return "int64"
    if column == "value":
        return "float64"
    if column in ("synthetic", "suppressed", "estimated"):
        return "bool"
    return "object"
