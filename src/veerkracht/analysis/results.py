# SPDX-License-Identifier: EUPL-1.2
"""Result frames of analysis runs as Parquet files, one folder per run."""

import shutil
from pathlib import Path

import pandas as pd
from django.conf import settings

from veerkracht.datafolder import make_private, make_private_dir
from veerkracht.monitor import AnalysisResult
from veerkracht.monitor.run import RESULT_FRAMES


def run_folder(run_id: int) -> Path:
    return Path(settings.DATA_DIR) / "analyses" / f"run={run_id}"


def write_results(run_id: int, frames: dict[str, pd.DataFrame]) -> Path:
    """Write every result frame of a run; the folder appears whole or not at all."""
    target = run_folder(run_id)
    staging = target.with_name(f".staging-{run_id}")
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
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return target


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
