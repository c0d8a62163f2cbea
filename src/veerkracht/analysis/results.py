# SPDX-License-Identifier: EUPL-1.2
"""Result frames of analysis runs as Parquet files, one folder per run.

A run's frames are first written to a staging folder of its own attempt and only then renamed into place
(:func:`publish_results`), in the same transaction that marks the run succeeded. A process killed halfway
leaves at most a staging folder, which no reader looks at and a retry or the interrupted-runs sweep removes.
"""

import shutil
from pathlib import Path

import pandas as pd
from django.conf import settings

from veerkracht.datafolder import make_private, make_private_dir
from veerkracht.monitor import AnalysisResult
from veerkracht.monitor.run import RESULT_FRAMES


def run_folder(run_id: int) -> Path:
    return Path(settings.DATA_DIR) / "analyses" / f"run={run_id}"


def _staging_folder(run_id: int, attempt: str) -> Path:
    return run_folder(run_id).with_name(f".staging-{run_id}-{attempt or 'direct'}")


def stage_results(run_id: int, attempt: str, frames: dict[str, pd.DataFrame]) -> Path:
    """Write every result frame of one attempt to its staging folder; nothing is visible yet."""
    staging = _staging_folder(run_id, attempt)
    shutil.rmtree(staging, ignore_errors=True)
    make_private_dir(staging.parent)
    staging.mkdir()
    for name, frame in frames.items():
        clean = frame.copy()
        for column in clean.columns:
            # Categoricals and mixed objects are stored as plain text so any reader can open the files.
            if isinstance(clean[column].dtype, pd.CategoricalDtype) or clean[column].dtype == object:
                clean[column] = clean[column].astype("string")
        clean.to_parquet(staging / f"{name}.parquet", index=False)
    # Results can hold figures below the privacy threshold: readable by the data folder's owner only.
    make_private(staging)
    return staging


def publish_results(run_id: int, staging: Path) -> Path:
    """Move a staged folder into place with one rename; an earlier folder of the run is replaced."""
    target = run_folder(run_id)
    retired = target.with_name(f".retired-{run_id}")
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)
    return target


def discard_attempt(run_id: int, attempt: str) -> None:
    """Remove what one attempt staged (whole or half); other attempts' folders stay."""
    shutil.rmtree(_staging_folder(run_id, attempt), ignore_errors=True)


def discard_results(run_id: int, *, published: bool = False) -> None:
    """Remove the staging folders of every attempt of a run, and its published folder when asked."""
    parent = run_folder(run_id).parent
    if parent.is_dir():
        for leftover in parent.glob(f".staging-{run_id}-*"):
            shutil.rmtree(leftover, ignore_errors=True)
    if published:
        shutil.rmtree(run_folder(run_id), ignore_errors=True)


def write_results(run_id: int, frames: dict[str, pd.DataFrame]) -> Path:
    """Write and publish every result frame of a run at once; the folder appears whole or not at all."""
    return publish_results(run_id, stage_results(run_id, "", frames))


def read_result(run_id: int, name: str, filters: list[tuple[str, str, object]] | None = None) -> pd.DataFrame:
    """Read one result frame of a run, optionally only the rows that pass ``filters`` (pyarrow's form)."""
    path = run_folder(run_id) / f"{name}.parquet"
    if not path.exists():
        return pd.DataFrame()
    return pd.read_parquet(path, filters=filters)


def load_result(run_id: int, manifest: dict[str, object]) -> AnalysisResult:
    """Read a stored run back into the monitor's result object."""
    frames = {name: read_result(run_id, name) for name in RESULT_FRAMES}
    return AnalysisResult(**frames, manifest=dict(manifest))
