# SPDX-License-Identifier: EUPL-1.2
"""A wide working form of the values frame: one area-by-period array per indicator."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from .frames import (
    AREA_CODE,
    FLAG_COLUMNS,
    INDICATOR,
    LEVEL,
    LEVEL_RANK,
    PERIOD,
    VALUE,
    FrameError,
    validate_areas,
    validate_values,
)
from .positions import as_strings, positions


def _empty(shape: tuple[int, int], fill: float | bool) -> np.ndarray:
    return np.full(shape, fill, dtype=np.float64 if isinstance(fill, float) else bool)


@dataclass
class Panel:
    """Values of many indicators for many areas and periods, as dense (area x period) arrays.

    The long frame of the contract is convenient to exchange, the panel is convenient to compute
    with: aggregation becomes a sparse matrix product and a change between periods a subtraction.
    Row ``i`` of every array belongs to ``areas.iloc[i]``; column ``t`` to ``periods[t]``.

    Attributes
    ----------
    areas : pandas.DataFrame
        ``area_code``, ``level``, ``name`` in array order (index 0..n-1).
    periods : tuple of int
    values : dict of str to numpy.ndarray
        NaN is missing.
    present : dict of str to numpy.ndarray
        True where a row exists (in the input or computed); absent cells are not exported.
    flags : dict of str to dict of str to numpy.ndarray
        ``flags[flag][indicator]`` for the contract's boolean flags.

    Examples
    --------
    >>> areas = pd.DataFrame({"area_code": ["BU1", "BU2"], "level": ["buurt", "buurt"]})
    >>> values = pd.DataFrame({"area_code": ["BU1", "BU2"], "indicator": ["inwoners"] * 2,
    ...                        "period": [2020, 2020], "value": [10.0, 20.0]})
    >>> panel = Panel.from_long(values, areas)
    >>> panel.values["inwoners"].tolist()
    [[10.0], [20.0]]
    >>> panel.to_long()["value"].tolist()
    [10.0, 20.0]
    """

    areas: pd.DataFrame
    periods: tuple[int, ...]
    values: dict[str, np.ndarray] = field(default_factory=dict)
    present: dict[str, np.ndarray] = field(default_factory=dict)
    flags: dict[str, dict[str, np.ndarray]] = field(default_factory=lambda: {f: {} for f in FLAG_COLUMNS})
    _code_index: pa.Array | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def n_areas(self) -> int:
        return len(self.areas)

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.areas), len(self.periods))

    @property
    def area_codes(self) -> np.ndarray:
        return self.areas[AREA_CODE].to_numpy(dtype=object)

    @property
    def level_rank(self) -> np.ndarray:
        return self.areas[LEVEL].map(LEVEL_RANK).to_numpy(dtype=np.int64)

    def level_mask(self, level: str) -> np.ndarray:
        """Boolean mask of the areas at ``level``."""
        return (self.areas[LEVEL] == level).to_numpy()

    def period_index(self, period: int) -> int:
        """Column of ``period``; a clear error when the panel has no such period."""
        try:
            return self.periods.index(int(period))
        except ValueError:
            raise FrameError(f"period {period} is not in the data (periods: {list(self.periods)})") from None

    def indices(self, codes: pd.Series | np.ndarray | list[str]) -> np.ndarray:
        """Row index of each area code (-1 for codes that are not in the panel)."""
        if self._code_index is None:
            self._code_index = as_strings(self.areas[AREA_CODE].astype(str))
        return positions(codes, self._code_index)

    def ensure(self, indicator: str) -> None:
        """Create empty arrays for an indicator that is not there yet."""
        if indicator not in self.values:
            self.values[indicator] = _empty(self.shape, np.nan)
            self.present[indicator] = _empty(self.shape, False)
            for flag in FLAG_COLUMNS:
                self.flags[flag][indicator] = _empty(self.shape, False)

    def flag(self, flag: str, indicator: str) -> np.ndarray:
        self.ensure(indicator)
        return self.flags[flag][indicator]

    def copy(self) -> Panel:
        out = Panel(
            areas=self.areas,
            periods=self.periods,
            values={k: v.copy() for k, v in self.values.items()},
            present={k: v.copy() for k, v in self.present.items()},
            flags={f: {k: v.copy() for k, v in d.items()} for f, d in self.flags.items()},
        )
        out._code_index = self._code_index
        return out

    @classmethod
    def from_long(cls, values: pd.DataFrame, areas: pd.DataFrame, *, validate: bool = True) -> Panel:
        """Build a panel from a long values frame and the areas frame.

        Raises
        ------
        FrameError
            When a value's area code is not in the areas frame.
        """
        if validate:
            values = validate_values(values)
            areas = validate_areas(areas)
        areas = areas.reset_index(drop=True)
        area_index = positions(values[AREA_CODE], areas[AREA_CODE].astype(str))
        if (area_index < 0).any():
            unknown = values[AREA_CODE].to_numpy()[area_index < 0][0]
            raise FrameError(f"values frame: area_code {unknown!r} is not in the areas frame")
        period_column = values[PERIOD].to_numpy()
        periods = tuple(sorted(int(p) for p in pd.unique(period_column)))
        period_index = np.searchsorted(np.asarray(periods), period_column)
        panel = cls(areas=areas, periods=periods)
        indicator_codes, indicator_index = _factorize(values[INDICATOR])
        value_array = values[VALUE].to_numpy(dtype=np.float64)
        flag_arrays = {flag: values[flag].to_numpy(dtype=bool) for flag in FLAG_COLUMNS if flag in values}
        # A stable sort of small integers is a radix sort: far faster than on int64.
        small = np.int16 if len(indicator_codes) < 2**15 else np.int32
        order = np.argsort(indicator_index.astype(small), kind="stable")
        bounds = np.searchsorted(indicator_index[order], np.arange(len(indicator_codes) + 1))
        for position, indicator in enumerate(indicator_codes):
            rows = order[bounds[position] : bounds[position + 1]]
            panel.ensure(indicator)
            a, t = area_index[rows], period_index[rows]
            panel.values[indicator][a, t] = value_array[rows]
            panel.present[indicator][a, t] = True
            if int(panel.present[indicator].sum()) != len(rows):
                cells = a * len(periods) + t
                unique, counts = np.unique(cells, return_counts=True)
                twice = unique[counts > 1][0]
                raise FrameError(
                    f"values frame: (area_code, indicator, period) "
                    f"{[str(areas[AREA_CODE].iloc[twice // len(periods)]), indicator]}"
                    f" in {periods[twice % len(periods)]}"
                    " occurs more than once"
                )
            for flag, array in flag_arrays.items():
                panel.flags[flag][indicator][a, t] = array[rows]
        return panel

    def to_long(self, indicators: list[str] | None = None) -> pd.DataFrame:
        """Export present cells as a long values frame.

        ``area_code`` and ``indicator`` come back as pandas Categoricals of str: national grids
        give millions of rows, and categoricals keep them small and fast while comparing equal to
        plain strings.
        """
        chosen = [i for i in (indicators or sorted(self.values)) if i in self.values]
        if not chosen:
            return pd.DataFrame({AREA_CODE: [], INDICATOR: [], PERIOD: [], VALUE: []})
        sizes = [int(self.present[i].sum()) for i in chosen]
        total = sum(sizes)
        # Filled in place: national grids give ten million rows, and lists plus concatenate would
        # hold every column twice.
        area = np.empty(total, dtype=np.int32)
        period_index = np.empty(total, dtype=np.int16)
        value = np.empty(total, dtype=np.float64)
        indicator = np.empty(total, dtype=np.int16 if len(chosen) < 2**15 else np.int32)
        flags = {flag: np.empty(total, dtype=bool) for flag in FLAG_COLUMNS}
        position = 0
        for number, (code, size) in enumerate(zip(chosen, sizes, strict=True)):
            a, t = np.nonzero(self.present[code])
            part = slice(position, position + size)
            area[part], period_index[part], value[part] = a, t, self.values[code][a, t]
            indicator[part] = number
            for flag in FLAG_COLUMNS:
                flags[flag][part] = self.flags[flag][code][a, t]
            position += size
        area_codes = pd.Index(self.areas[AREA_CODE].astype(str))
        frame = pd.DataFrame(
            {
                AREA_CODE: pd.Categorical.from_codes(area, categories=area_codes),
                INDICATOR: pd.Categorical.from_codes(indicator, categories=pd.Index(chosen)),
                PERIOD: np.asarray(self.periods, dtype=np.int64)[period_index],
                VALUE: value,
                **flags,
            },
            copy=False,
        )
        return frame


def _factorize(column: pd.Series) -> tuple[list[str], np.ndarray]:
    codes, uniques = pd.factorize(
        column.astype(str) if not isinstance(column.dtype, pd.CategoricalDtype) else column
    )
    return [str(u) for u in uniques], np.asarray(codes, dtype=np.int64)
