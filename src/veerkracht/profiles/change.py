# SPDX-License-Identifier: EUPL-1.2
"""How a figure or an agreement changed between two years, in terms a sentence can say without a sum
that disagrees with the numbers beside it.

Pure: no Django. The page words the result ("steeg van 61 naar 68 procent") in the person's language.
"""

from dataclasses import dataclass
from typing import Literal

Direction = Literal["rose", "fell", "same"]
Span = Literal["both", "started", "ended", "between"]


@dataclass(frozen=True)
class Change:
    """Two shown values, their difference and its direction, all on the scale the page shows."""

    before: float
    after: float
    difference: float
    direction: Direction


def compare(before: float, after: float, decimals: int = 1) -> Change:
    """The change from ``before`` to ``after`` as the page shows them, rounded to ``decimals``.

    Both values are rounded first and the difference is taken between the rounded values, so that
    "van 61,2 naar 68,0" always goes with "+6,8"; values that look the same are "the same".

    Parameters
    ----------
    before, after
        The values of the first and the second year.
    decimals
        The decimals the page shows.

    Returns
    -------
    Change
        The rounded values, their difference and ``rose``, ``fell`` or ``same``.

    Examples
    --------
    >>> compare(61.04, 68.0)
    Change(before=61.0, after=68.0, difference=7.0, direction='rose')
    >>> compare(12.26, 10.14)
    Change(before=12.3, after=10.1, difference=-2.2, direction='fell')
    >>> compare(40.01, 39.99).direction
    'same'
    >>> compare(1204, 1187, decimals=0)
    Change(before=1204.0, after=1187.0, difference=-17.0, direction='fell')
    """
    shown_before, shown_after = round(float(before), decimals), round(float(after), decimals)
    # Adding 0.0 turns a rounded -0.0 into 0.0.
    difference = round(shown_after - shown_before, decimals) + 0.0
    direction: Direction = "rose" if difference > 0 else "fell" if difference < 0 else "same"
    return Change(shown_before, shown_after, difference, direction)


def span(start: int, end: int | None, first: int, second: int) -> Span | None:
    """How something running from year ``start`` to ``end`` (None: still running) relates to two years.

    ``both``: it ran in both years; ``started``: it began after the first year and ran in the second;
    ``ended``: it ran in the first year and stopped before the second; ``between``: it began and ended
    between them. None when it touched neither year nor the time between.

    Examples
    --------
    >>> span(2018, 2026, 2021, 2025)
    'both'
    >>> span(2022, None, 2021, 2025)
    'started'
    >>> span(2019, 2023, 2021, 2025)
    'ended'
    >>> span(2022, 2023, 2021, 2025)
    'between'
    >>> span(2026, 2027, 2021, 2025) is None
    True
    >>> span(2014, 2019, 2021, 2025) is None
    True
    """
    last = end if end is not None else max(start, second)
    in_first = start <= first <= last
    in_second = start <= second <= last
    if in_first and in_second:
        return "both"
    if in_second:
        return "started"
    if in_first:
        return "ended"
    if first < start and last < second:
        return "between"
    return None
