# SPDX-License-Identifier: EUPL-1.2
"""The manifest of a run: everything needed to repeat it and to tell two runs apart."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa

from .parameters import AnalysisParameters
from .positions import as_strings
from .preset import Preset
from .suppression import SuppressionReport

if TYPE_CHECKING:
    from .run import AnalysisInputs

ENGINE = "veerkracht.monitor"


def code_version() -> str:
    """``veerkracht.__version__`` when the package is importable, else ``0+unknown``."""
    try:
        from veerkracht import __version__
    except ImportError:
        return "0+unknown"
    return str(__version__)


def _column_bytes(column: pd.Series) -> list[bytes | memoryview]:
    """The content of one column as bytes that do not depend on how it is stored or chunked."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        # Codes plus categories identify a categorical column without hashing millions of strings.
        codes = np.ascontiguousarray(column.cat.codes.to_numpy())
        return [*_column_bytes(column.cat.categories.to_series()), codes.tobytes()]
    if column.dtype.kind in "biuf":
        return [np.ascontiguousarray(column.to_numpy()).tobytes()]
    try:
        strings = as_strings(column)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return [pd.util.hash_pandas_object(column, index=False).to_numpy().tobytes()]
    # The string bytes and where each string ends, read straight from Arrow's buffers: hashing the
    # text itself is ten times faster than pandas' per-string hashes of a national run.
    offsets = np.frombuffer(strings.buffers()[1], dtype=np.int64)[
        strings.offset : strings.offset + len(strings) + 1
    ]
    data = strings.buffers()[2]
    first, last = (int(offsets[0]), int(offsets[-1])) if len(offsets) else (0, 0)
    parts: list[bytes | memoryview] = [(offsets - first).tobytes()]
    parts.append(memoryview(data)[first:last] if data is not None else b"")
    if strings.null_count:
        parts.append(np.asarray(strings.is_null()).tobytes())
    return parts


def fingerprint(frame: pd.DataFrame) -> str:
    """SHA-256 over the rows of a frame (order-sensitive), to tell two inputs apart in manifests.

    Examples
    --------
    >>> fingerprint(pd.DataFrame({"a": [1, 2]})) == fingerprint(pd.DataFrame({"a": [1, 2]}))
    True
    >>> fingerprint(pd.DataFrame({"a": ["x", "yz"]})) == fingerprint(pd.DataFrame({"a": ["xy", "z"]}))
    False
    """
    digest = hashlib.sha256(",".join(map(str, frame.columns)).encode("utf-8"))
    for name in frame.columns:
        for part in _column_bytes(frame[name]):
            digest.update(part)
    return "sha256:" + digest.hexdigest()


def json_ready(data: Any) -> Any:
    """The data with every NaN or infinite number as None, so that it is valid JSON (a database's too).

    A model that cannot be fitted (too few areas) has NaN coefficients; JSON has no NaN.

    Examples
    --------
    >>> json_ready({"r_squared": float("nan"), "n": [1, 2.5]})
    {'r_squared': None, 'n': [1, 2.5]}
    """
    if isinstance(data, dict):
        return {key: json_ready(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [json_ready(value) for value in data]
    if isinstance(data, float | np.floating) and not np.isfinite(data):
        return None
    return data


def build_manifest(
    *,
    inputs: AnalysisInputs,
    preset: Preset,
    parameters: AnalysisParameters,
    reference: dict[str, str],
    catalogue: list[str],
    periods: list[int],
    classes: pd.DataFrame,
    suppression: SuppressionReport,
    need_support_model: dict[str, Any],
) -> dict[str, Any]:
    """A JSON-ready record of a run's inputs, method, code and headline counts.

    No timestamps: a run is pure, and when it ran is the caller's to record.
    """
    counts = classes["class_key"].value_counts().sort_index()
    manifest = {
        "engine": ENGINE,
        "code_version": code_version(),
        "preset": {
            "name": preset.name,
            "version": preset.version,
            "sha256": preset.sha256,
            "files": list(preset.files),
        },
        "parameters": parameters.to_dict(),
        "effective_thresholds": dict(vars(preset.thresholds)),
        "reference": dict(reference),
        "inputs": dict(inputs.identifiers),
        "input_fingerprints": {
            name: fingerprint(getattr(inputs, name)) for name in ("values", "areas", "membership")
        },
        "catalogue": catalogue,
        "periods": periods,
        "counts": {
            "areas": len(inputs.areas),
            "input_values": len(inputs.values),
            "classes": {str(k): int(v) for k, v in counts.items()},
        },
        "suppression": {
            "thresholds": suppression.thresholds,
            "primary": suppression.primary,
            "complementary": suppression.complementary,
            "linked": suppression.linked,
        },
        "need_support_model": need_support_model,
    }
    return dict(json_ready(manifest))
