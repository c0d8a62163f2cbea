# SPDX-License-Identifier: EUPL-1.2
"""The frame contract of the monitor: column names, area levels and validation with clear errors."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from veerkracht.geo.levels import ANALYSIS_LEVELS
from veerkracht.geo.levels import LEVEL_RANK as _LEVEL_RANK

from .positions import as_strings, positions

AREA_CODE = "area_code"
INDICATOR = "indicator"
PERIOD = "period"
VALUE = "value"
LEVEL = "level"
NAME = "name"
CHILD_CODE = "child_code"
PARENT_CODE = "parent_code"
WEIGHT = "weight"

FLAG_COLUMNS: tuple[str, ...] = ("synthetic", "suppressed", "estimated")

# Area levels from fine to coarse, and their ranks, come from the one vocabulary of areas.
LEVEL_RANK = _LEVEL_RANK
LEVELS: tuple[str, ...] = ANALYSIS_LEVELS


class FrameError(ValueError):
    """A frame handed to the monitor does not follow the frame contract."""


def _require_columns(frame: pd.DataFrame, what: str, columns: Iterable[str]) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise FrameError(f"{what} frame lacks column(s) {missing}; it has {list(frame.columns)}")


def validate_values(values: pd.DataFrame, *, check_duplicates: bool = True) -> pd.DataFrame:
    """Check a long values frame and return it with the contract's dtypes.

    Parameters
    ----------
    values : pandas.DataFrame
        Columns ``area_code``, ``indicator``, ``period`` (year), ``value`` (NaN is missing) and
        optionally the boolean flags ``synthetic``, ``suppressed`` and ``estimated``.
    check_duplicates : bool
        Refuse an (area, indicator, period) that occurs twice.

    Returns
    -------
    pandas.DataFrame
        The same rows; ``period`` as int64, ``value`` as float64, flags as bool (missing flags
        are added as False).

    Raises
    ------
    FrameError
        When a column is missing, a period is not an integer year, or an (area, indicator,
        period) occurs twice.

    Examples
    --------
    >>> frame = pd.DataFrame({"area_code": ["BU1"], "indicator": ["inwoners"],
    ...                       "period": [2020], "value": [12]})
    >>> validate_values(frame).dtypes["value"]
    dtype('float64')
    """
    _require_columns(values, "values", (AREA_CODE, INDICATOR, PERIOD, VALUE))
    # A shallow copy: columns that already have the right dtype are shared, not duplicated (pandas
    # copy-on-write keeps the caller's frame safe), which matters for national grids.
    out = values.copy(deep=False)
    if out[PERIOD].dtype != np.int64:
        period = pd.to_numeric(out[PERIOD], errors="coerce")
        bad = period.isna() | (period % 1 != 0)
        if bad.any():
            raise FrameError(
                f"values frame: period must be an integer year, found {out.loc[bad, PERIOD].iloc[0]!r}"
            )
        out[PERIOD] = period.astype(np.int64)
    if out[VALUE].dtype != np.float64:
        try:
            out[VALUE] = pd.to_numeric(out[VALUE], errors="raise").astype(np.float64)
        except (TypeError, ValueError) as error:
            raise FrameError(f"values frame: column 'value' must be numeric ({error})") from error
    for flag in FLAG_COLUMNS:
        if flag not in out.columns:
            out[flag] = False
        elif out[flag].dtype != bool:
            out[flag] = out[flag].fillna(False).astype(bool)
    if check_duplicates:
        duplicated = duplicate_keys(out, (AREA_CODE, INDICATOR, PERIOD))
        if duplicated.any():
            first = out.loc[duplicated, [AREA_CODE, INDICATOR, PERIOD]].iloc[0].tolist()
            raise FrameError(f"values frame: (area_code, indicator, period) {first} occurs more than once")
    return out


def duplicate_keys(frame: pd.DataFrame, columns: Iterable[str]) -> np.ndarray:
    """Mask of rows whose key repeats an earlier row's, via integer codes (fast on millions of rows)."""
    key = np.zeros(len(frame), dtype=np.int64)
    for column in columns:
        series = frame[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            codes, size = series.cat.codes.to_numpy(dtype=np.int64), len(series.cat.categories) + 1
        else:
            codes, uniques = pd.factorize(series)
            size = len(uniques) + 1
        key = key * size + codes.astype(np.int64) + 1
    order = np.argsort(key, kind="stable")
    repeated = np.zeros(len(frame), dtype=bool)
    repeated[order[1:]] = key[order][1:] == key[order][:-1]
    return repeated


def validate_areas(areas: pd.DataFrame) -> pd.DataFrame:
    """Check an areas frame (``area_code``, ``level``, ``name``) and return it.

    Raises
    ------
    FrameError
        On a missing column, an unknown level or a duplicated area code.

    Examples
    --------
    >>> areas = pd.DataFrame({"area_code": ["GM0935"], "level": ["gemeente"], "name": ["Maastricht"]})
    >>> validate_areas(areas).shape
    (1, 3)
    """
    _require_columns(areas, "areas", (AREA_CODE, LEVEL))
    out = areas.copy()
    if NAME not in out.columns:
        out[NAME] = out[AREA_CODE].astype(str)
    unknown = sorted(set(out[LEVEL].astype(str).unique()) - set(LEVELS))
    if unknown:
        raise FrameError(f"areas frame: unknown level(s) {unknown}; expected one of {list(LEVELS)}")
    duplicated = out[AREA_CODE].duplicated()
    if duplicated.any():
        raise FrameError(f"areas frame: area_code {out.loc[duplicated, AREA_CODE].iloc[0]!r} occurs twice")
    return out


def validate_membership(membership: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """Check a membership frame against the areas and return it with float weights.

    A child may belong to several parents (a buurt in a wijk and in a rayon), but every edge must
    go from a finer level to a coarser one, so aggregation can run bottom-up.

    Raises
    ------
    FrameError
        On unknown codes, non-positive weights, duplicated edges or an edge that does not go up.

    Examples
    --------
    >>> areas = pd.DataFrame({"area_code": ["BU1", "WK1"], "level": ["buurt", "wijk"]})
    >>> edges = pd.DataFrame({"child_code": ["BU1"], "parent_code": ["WK1"]})
    >>> float(validate_membership(edges, areas)["weight"].iloc[0])
    1.0
    """
    _require_columns(membership, "membership", (CHILD_CODE, PARENT_CODE))
    out = membership.copy()
    out[WEIGHT] = out[WEIGHT].astype(np.float64) if WEIGHT in out.columns else 1.0
    if out[WEIGHT].isna().any() or (out[WEIGHT] <= 0).any():
        raise FrameError("membership frame: every weight must be a positive number")
    rank = areas[LEVEL].map(LEVEL_RANK).to_numpy(dtype=np.float64)
    codes = as_strings(areas[AREA_CODE].astype(str))
    found = {}
    for column in (CHILD_CODE, PARENT_CODE):
        found[column] = positions(out[column].astype(str), codes)
        if (found[column] < 0).any():
            raise FrameError(
                f"membership frame: {column} {out[column].iloc[int(np.argmax(found[column] < 0))]!r} "
                "is not in the areas frame"
            )
    upward = rank[found[CHILD_CODE]] < rank[found[PARENT_CODE]]
    if not upward.all():
        bad = out.loc[~upward, [CHILD_CODE, PARENT_CODE]].iloc[0].tolist()
        raise FrameError(f"membership frame: edge {bad} does not go from a finer to a coarser level")
    # Each code has one position, so a pair of positions is a pair of codes (and far faster to compare).
    edges = found[CHILD_CODE] * max(len(areas), 1) + found[PARENT_CODE]
    if len(np.unique(edges)) < len(edges):
        raise FrameError("membership frame: a (child_code, parent_code) edge occurs twice")
    return out
