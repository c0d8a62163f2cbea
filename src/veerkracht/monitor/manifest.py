# SPDX-License-Identifier: EUPL-1.2
"""The manifest of a run: everything needed to repeat it and to tell two runs apart."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .parameters import AnalysisParameters
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


def fingerprint(frame: pd.DataFrame) -> str:
    """SHA-256 over the rows of a frame (order-sensitive), to tell two inputs apart in manifests.

    Examples
    --------
    >>> fingerprint(pd.DataFrame({"a": [1, 2]})) == fingerprint(pd.DataFrame({"a": [1, 2]}))
    True
    """
    digest = hashlib.sha256(",".join(map(str, frame.columns)).encode("utf-8"))
    for name in frame.columns:
        column = frame[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            # Codes plus categories identify a categorical column without hashing millions of strings.
            digest.update(
                pd.util.hash_pandas_object(column.cat.categories.to_series(), index=False)
                .to_numpy()
                .tobytes()
            )
            digest.update(np.ascontiguousarray(column.cat.codes.to_numpy()).tobytes())
        elif column.dtype.kind in "biuf":
            digest.update(np.ascontiguousarray(column.to_numpy()).tobytes())
        else:
            digest.update(pd.util.hash_pandas_object(column, index=False).to_numpy().tobytes())
    return "sha256:" + digest.hexdigest()


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
    return {
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
