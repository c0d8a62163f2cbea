# SPDX-License-Identifier: EUPL-1.2
"""CBS 100 m and 500 m square ids, in the format of the current CBS square publications.

CBS names a square after the RD New (EPSG:28992) coordinates of its lower-left corner in whole
hectometres, four digits each: the 100 m square whose lower-left corner is x 176,600, y 318,400 is
``E1766N3184`` (column ``crs28992res100m``); the 500 m square around it is ``E1765N3180``
(column ``crs28992res500m``).

>>> square_id(176_650.0, 318_499.9)
'E1766N3184'
>>> square_id(176_650.0, 318_499.9, size=500)
'E1765N3180'
>>> square_origin("E1766N3184")
(176600, 318400)
"""

import re

import numpy as np
import numpy.typing as npt

SQUARE_SIZES = (100, 500)
_ID_PATTERN = re.compile(r"^E(\d{4})N(\d{4})$")


class InvalidSquareId(ValueError):
    """The text is not a CBS square id."""


def _check_size(size: int) -> None:
    if size not in SQUARE_SIZES:
        raise ValueError(f"CBS publishes 100 m and 500 m squares, not {size} m")


def square_id(x: float, y: float, size: int = 100) -> str:
    """Return the id of the square of ``size`` metres that contains the RD point (x, y)."""
    _check_size(size)
    left = int(np.floor(x / size)) * size
    bottom = int(np.floor(y / size)) * size
    return f"E{left // 100:04d}N{bottom // 100:04d}"


def square_ids(x: npt.ArrayLike, y: npt.ArrayLike, size: int = 100) -> npt.NDArray[np.str_]:
    """Vectorised :func:`square_id` for arrays of RD coordinates.

    >>> square_ids([176_601.0, 10.0], [318_401.0, 300_050.0]).tolist()
    ['E1766N3184', 'E0000N3000']
    """
    _check_size(size)
    left = (np.floor(np.asarray(x, dtype=float) / size) * size // 100).astype(np.int64)
    bottom = (np.floor(np.asarray(y, dtype=float) / size) * size // 100).astype(np.int64)
    east = np.char.zfill(left.astype(str), 4)
    north = np.char.zfill(bottom.astype(str), 4)
    return np.char.add(np.char.add("E", east), np.char.add("N", north))


def square_origin(square: str) -> tuple[int, int]:
    """Return the RD coordinates of the lower-left corner of a square id."""
    match = _ID_PATTERN.match(square)
    if match is None:
        raise InvalidSquareId(f"{square!r} is not a CBS square id like 'E1766N3184'")
    return int(match.group(1)) * 100, int(match.group(2)) * 100


def square_origins(squares: npt.ArrayLike) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Vectorised :func:`square_origin`; raises on the first malformed id.

    >>> xs, ys = square_origins(["E1766N3184", "E0012N3000"])
    >>> xs.tolist(), ys.tolist()
    ([176600, 1200], [318400, 300000])
    """
    text = np.asarray(squares, dtype=str)
    valid = (np.char.str_len(text) == 10) & (np.char.startswith(text, "E")) & (np.char.find(text, "N") == 5)
    if not valid.all():
        bad = text[~valid][0]
        raise InvalidSquareId(f"{bad!r} is not a CBS square id like 'E1766N3184'")
    try:
        east = np.char.ljust(text, 10).view("<U1").reshape(-1, 10)
        xs = east[:, 1:5].astype(np.int64) @ np.array([1000, 100, 10, 1]) * 100
        ys = east[:, 6:10].astype(np.int64) @ np.array([1000, 100, 10, 1]) * 100
    except ValueError as error:
        raise InvalidSquareId(f"malformed CBS square id among {text[:3].tolist()}...") from error
    return xs, ys
