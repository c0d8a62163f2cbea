# SPDX-License-Identifier: EUPL-1.2
"""Texts per row, built only for the rows that need each variant (vectorised with Arrow).

An explanation has many variants (an increase, a decrease, a missing figure, withheld numbers, ...).
Building every variant for every row and then picking one per row wastes most of the work on a
national grid; here a text is a function of the row numbers it is asked for, and :func:`choose`
hands each variant only its own rows.

>>> import numpy as np
>>> values = np.array([1, 2, 3])
>>> small = join("small ", lambda rows: pa.array([str(v) for v in values[rows]]))
>>> evaluate(choose([(values > 2, "big")], small), np.arange(3)).to_pylist()
['small 1', 'small 2', 'big']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .number_text import numbers_text

#: A text for some rows: a constant, or a function of the row numbers that gives one string per row.
Text = str | Callable[[np.ndarray], Any]


def evaluate(text: Text, rows: np.ndarray) -> pa.Array:
    """The text for ``rows`` as an Arrow string array."""
    value = text(rows) if callable(text) else text
    if isinstance(value, pa.Scalar):
        value = value.as_py()
    if isinstance(value, str):
        return pa.array([value], pa.string()).take(pa.array(np.zeros(len(rows), dtype=np.int64)))
    return value


def join(*parts: Text) -> Text:
    """The parts one after the other."""

    def build(rows: np.ndarray) -> Any:
        values = [part(rows) if callable(part) else part for part in parts]
        if not any(isinstance(value, pa.Array) for value in values):
            return "".join(str(value.as_py() if isinstance(value, pa.Scalar) else value) for value in values)
        return pc.binary_join_element_wise(*values, "")

    return build


def number(values: np.ndarray, decimals: Any, language: str, *, sign: bool = False) -> Text:
    """A number per row with its decimals (one number or one per row)."""
    per_row = isinstance(decimals, np.ndarray) and decimals.ndim > 0
    return lambda rows: numbers_text(
        values[rows], decimals[rows] if per_row else decimals, language, sign=sign
    )


def pick(labels: Sequence[str], codes: np.ndarray) -> Text:
    """The label of each row's code."""
    table = pa.array(list(labels), type=pa.string())
    return lambda rows: table.take(pa.array(np.asarray(codes[rows], dtype=np.int64)))


def choose(cases: Sequence[tuple[np.ndarray, Text]], default: Text) -> Text:
    """Per row the text of the first case whose mask holds, else ``default``."""

    def build(rows: np.ndarray) -> pa.Array:
        which = np.full(len(rows), len(cases), dtype=np.int64)
        for position in range(len(cases) - 1, -1, -1):
            which[np.asarray(cases[position][0], dtype=bool)[rows]] = position
        texts = [text for _, text in cases] + [default]
        pieces, order = [], []
        for position, text in enumerate(texts):
            chosen = np.flatnonzero(which == position)
            if len(chosen):
                pieces.append(evaluate(text, rows[chosen]))
                order.append(chosen)
        if not pieces:
            return pa.array([], pa.string())
        inverse = np.empty(len(rows), dtype=np.int64)
        inverse[np.concatenate(order)] = np.arange(len(rows))
        return pa.concat_arrays(pieces).take(pa.array(inverse))

    return build
