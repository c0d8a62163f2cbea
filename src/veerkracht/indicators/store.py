# SPDX-License-Identifier: EUPL-1.2
"""The value store: indicator values as Parquet, one folder per import run, queried with DuckDB.

Layout under the data folder::

    values/run=<id>/indicator=<code>/part-0.parquet

A run's files are written to a staging folder first and moved into place inside the database
transaction that records the run, so readers (who only read runs the database calls active) never
see half an import. When several active runs hold a value for the same area, indicator and period,
the most recent run wins: a corrected re-import replaces what it corrects and nothing else.
"""

import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

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


class ValueStoreError(RuntimeError):
    """The value store could not be written or read."""


@dataclass(frozen=True)
class StagedRun:
    """Files of one import written but not yet visible."""

    folder: Path
    rows: int


class ValueStore:
    """Parquet files per import run, read back through DuckDB."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def run_folder(self, run_id: int) -> Path:
        return self.root / f"run={run_id}"

    def stage(self, values: pd.DataFrame) -> StagedRun:
        """Write a run's values to a staging folder, one Parquet file per indicator."""
        missing = [c for c in COLUMNS if c not in values.columns]
        if missing:
            raise ValueStoreError(f"values lack column(s) {missing}")
        folder = self.root / f".staging-{uuid.uuid4().hex}"
        folder.mkdir(parents=True)
        try:
            frame = values.loc[:, list(COLUMNS)].copy()
            frame["period"] = frame["period"].astype("int32")
            frame["value"] = frame["value"].astype("float64")
            for flag in ("synthetic", "suppressed", "estimated"):
                frame[flag] = frame[flag].astype(bool)
            for indicator, part in frame.groupby("indicator", sort=True, observed=True):
                target = folder / f"indicator={indicator}"
                target.mkdir()
                table = pa.Table.from_pandas(
                    part.drop(columns="indicator").sort_values(["period", "area_code"]),
                    schema=_SCHEMA,
                    preserve_index=False,
                )
                pq.write_table(table, target / "part-0.parquet", compression="zstd")
        except Exception:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return StagedRun(folder=folder, rows=len(values))

    def publish(self, staged: StagedRun, run_id: int) -> Path:
        """Move a staged run into place under its id (an atomic rename on one file system)."""
        target = self.run_folder(run_id)
        if target.exists():
            raise ValueStoreError(f"{target} exists already")
        staged.folder.rename(target)
        return target

    def discard(self, staged: StagedRun | None = None, run_id: int | None = None) -> None:
        """Remove staged files, or a published run's files after its transaction failed."""
        if staged is not None:
            shutil.rmtree(staged.folder, ignore_errors=True)
        if run_id is not None:
            shutil.rmtree(self.run_folder(run_id), ignore_errors=True)

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
