# SPDX-License-Identifier: EUPL-1.2
"""The base models of rule files and the value types they share (texts, numbers, colours, choices)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, PrivateAttr

T = TypeVar("T")


def _as_tuple(value: Any) -> Any:
    # YAML gives lists; the models keep tuples so that a read rule cannot be changed by accident.
    return tuple(value) if isinstance(value, list) else value


#: A YAML list, kept as a tuple.
Items = Annotated[tuple[T, ...], BeforeValidator(_as_tuple)]


def _name(value: str) -> str:
    if not value.strip():
        raise ValueError("verwacht een niet-lege tekst")
    return value


#: A text that is not empty or only spaces.
Name = Annotated[str, AfterValidator(_name)]


def _version(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value
    raise ValueError('verwacht een versie zoals "2025.1" of 1')


#: The version of a rule file: a text ("2021.1") or a whole number (1), kept as text.
Version = Annotated[str, BeforeValidator(_version)]

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _colour(value: Any) -> Any:
    if not isinstance(value, str) or not _COLOUR.match(value):
        raise ValueError("verwacht een hexkleur zoals '#8B0000' (tussen aanhalingstekens in YAML)")
    return value.upper()


#: A colour as ``#RRGGBB``, kept in capitals.
Colour = Annotated[str, BeforeValidator(_colour)]


def one_of(options: Sequence[str], what: str = "") -> AfterValidator:
    """A validator that accepts one of ``options`` and names them all when it refuses a value.

    >>> from typing import Annotated
    >>> class Light(RuleModel):
    ...     colour: Annotated[str, one_of(("red", "green"))]
    >>> Light(colour="green").colour
    'green'
    """
    allowed = list(options)

    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"verwacht een {what} uit {allowed}" if what else f"verwacht een van {allowed}")
        return value

    return AfterValidator(check)


class RuleModel(BaseModel):
    """A part of a rule file: unknown keys are refused, values are not coerced, nothing changes after reading.

    Strict mode: a number must be written as a number (not ``"5"``), a flag as ``true`` or ``false``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Text(RuleModel):
    """A text in Dutch and English."""

    nl: Name
    en: Name


class RuleFile(RuleModel):
    """A whole rule file: a ``version`` and what a subclass adds; the reader sets ``source``, ``sha256``."""

    version: Version
    _source: str = PrivateAttr(default="")
    _files: tuple[str, ...] = PrivateAttr(default=())
    _sha256: str = PrivateAttr(default="")

    @property
    def source(self) -> str:
        """The file read (for a shipped file its folder and name, e.g. ``presets/veerkracht-2021.yaml``)."""
        return self._source

    @property
    def files(self) -> tuple[str, ...]:
        """Every file that went into this one through ``extends``, the base first and this file last."""
        return self._files

    @property
    def sha256(self) -> str:
        """SHA-256 of the resolved content (after ``extends``), independent of comments and layout."""
        return self._sha256

    def _set_origin(self, files: tuple[str, ...], sha256: str) -> None:
        self._source, self._files, self._sha256 = files[-1], files, sha256


def check(predicate: Callable[[T], bool], message: str) -> AfterValidator:
    """A validator that refuses a value for which ``predicate`` is false, with ``message``."""

    def run(value: T) -> T:
        if not predicate(value):
            raise ValueError(message)
        return value

    return AfterValidator(run)
