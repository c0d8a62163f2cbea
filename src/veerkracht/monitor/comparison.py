# SPDX-License-Identifier: EUPL-1.2
"""Comparing two analysis runs area by area, e.g. the 2021 study repeated in 2025."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .frames import AREA_CODE, LEVEL
from .run import AnalysisResult


def compare_runs(result_a: AnalysisResult, result_b: AnalysisResult) -> pd.DataFrame:
    """Which areas changed class between two runs (e.g. "2021 versus 2025").

    Returns
    -------
    pandas.DataFrame
        Per area and level in either run: ``class_a``, ``class_b``, labels and colours of both,
        and ``status``: "same", "changed", "only_in_a" or "only_in_b". ``attrs["presets"]`` names
        both presets; comparing runs of different presets compares different tables.

    Examples
    --------
    >>> a = AnalysisResult(pd.DataFrame({"area_code": ["B1", "B2"], "level": "buurt",
    ...     "class_key": ["resilient", "decrease"], "class_label_nl": ["Veerkrachtig", "Afname"],
    ...     "class_label_en": ["Resilient", "Decrease"], "colour": ["#33CC33", "#808000"]}),
    ...     *[pd.DataFrame()] * 7, {"preset": {"name": "veerkracht-2021", "version": "2021.2"}})
    >>> b = AnalysisResult(a.classes.assign(class_key=["under_pressure", "decrease"]), *[pd.DataFrame()] * 7,
    ...     a.manifest)
    >>> compare_runs(a, b)[["area_code", "class_a", "class_b", "status"]].values.tolist()
    [['B1', 'resilient', 'under_pressure', 'changed'], ['B2', 'decrease', 'decrease', 'same']]
    """
    columns = [AREA_CODE, LEVEL, "class_key", "class_label_nl", "class_label_en", "colour"]
    a = result_a.classes[columns]
    b = result_b.classes[columns]
    merged = a.merge(b, on=[AREA_CODE, LEVEL], how="outer", suffixes=("_a", "_b"), indicator=True)
    merged = merged.rename(columns={"class_key_a": "class_a", "class_key_b": "class_b"})
    status = np.select(
        [
            merged["_merge"].eq("left_only"),
            merged["_merge"].eq("right_only"),
            merged["class_a"].eq(merged["class_b"]),
        ],
        ["only_in_a", "only_in_b", "same"],
        "changed",
    )
    merged["status"] = status
    merged = (
        merged.drop(columns="_merge").sort_values([LEVEL, AREA_CODE], kind="stable").reset_index(drop=True)
    )
    merged.attrs["presets"] = [result_a.manifest.get("preset", {}), result_b.manifest.get("preset", {})]
    return merged
