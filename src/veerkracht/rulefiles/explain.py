# SPDX-License-Identifier: EUPL-1.2
"""Pydantic's validation errors in plain Dutch: per error the key path, what was expected, what was found."""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .errors import Location, Problem, RuleProblem, key_path
from .source import MISSING, child

_MAPPING = "verwacht een mapping (sleutel: waarde)"
_LIST = "verwacht een lijst"
#: What each kind of pydantic error expected, in the words of the UI. Unlisted kinds keep pydantic's text.
_EXPECTED: dict[str, str] = {
    "missing": "ontbreekt",
    "string_type": "verwacht een tekst",
    "string_too_short": "verwacht een niet-lege tekst",
    "int_type": "verwacht een geheel getal",
    "int_from_float": "verwacht een geheel getal",
    "float_type": "verwacht een getal",
    "bool_type": "verwacht true of false",
    "dict_type": _MAPPING,
    "model_type": _MAPPING,
    "model_attributes_type": _MAPPING,
    "list_type": _LIST,
    "tuple_type": _LIST,
    "set_type": _LIST,
    "frozen_set_type": _LIST,
    "too_short": "verwacht ten minste {min_length} element(en)",
    "too_long": "verwacht ten hoogste {max_length} element(en)",
    "greater_than_equal": "verwacht een getal >= {ge}",
    "greater_than": "verwacht een getal > {gt}",
    "less_than_equal": "verwacht een getal <= {le}",
    "less_than": "verwacht een getal < {lt}",
    "literal_error": "verwacht een van {expected}",
    "string_pattern_mismatch": "verwacht een tekst van de vorm {pattern}",
}
#: Keys that name a list item, shown beside its index so that nobody has to count.
_ITEM_NAMES = ("code", "key", "name")


def problems_of(
    error: ValidationError,
    model: type[BaseModel],
    data: Any,
    line: Callable[[Location], tuple[str, int | None]],
) -> list[Problem]:
    """Translate every error of one validation; the unknown keys of one mapping make one problem.

    ``line`` gives the file (empty for the file read) and line of a location.
    """
    found: list[tuple[Location, str | list[str]]] = []
    unknown: dict[Location, list[str]] = {}
    for detail in error.errors(include_url=False):
        raw = tuple(detail["loc"])
        cause = (detail.get("ctx") or {}).get("error")
        if isinstance(cause, RuleProblem):
            raw += cause.loc
        if detail["type"] == "extra_forbidden":
            parent = _clean(model, raw[:-1])[0]
            if parent not in unknown:
                unknown[parent] = []
                found.append((parent, unknown[parent]))
            unknown[parent].append(str(raw[-1]))
        else:
            loc, expected = _clean(model, raw)[0], _expected(detail)
            previous = found[-1] if found else None
            if previous is not None and previous[0] == loc and isinstance(previous[1], str):
                # The members of a union fail one by one: say what each would have accepted, once.
                earlier = previous[1].removesuffix(_found(detail))
                found[-1] = (loc, f"{earlier} of {expected.removeprefix('verwacht ')}{_found(detail)}")
            else:
                found.append((loc, expected + _found(detail)))
    problems = []
    for loc, what in found:
        if isinstance(what, list):
            allowed = _clean(model, loc)[1] or []
            what = f"onbekende sleutel(s) {sorted(what)}; toegestaan {sorted(allowed)}"
        file, number = line(loc)
        problems.append(Problem(what, key_path(loc), number, _item_name(data, loc), file))
    return problems


def _expected(detail: ErrorDetails) -> str:
    context = detail.get("ctx") or {}
    cause = context.get("error")
    if isinstance(cause, ValueError):
        return str(cause)
    template = _EXPECTED.get(detail["type"], detail["msg"])
    return template.format(**{k: str(v).replace(" or ", " of ") for k, v in context.items()})


def _found(detail: ErrorDetails) -> str:
    """``, gekregen 'dark red'`` for a value that fits on a line; a mapping or list is left to the line."""
    value = detail.get("input")
    cause = (detail.get("ctx") or {}).get("error")
    if detail["type"] == "missing" or isinstance(cause, RuleProblem) or not _is_scalar(value):
        return ""
    return f", gekregen {value!r}"


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _item_name(data: Any, loc: Location) -> str:
    """The code or key of the innermost list item on the path, if it has one."""
    name, node = "", data
    for part in loc:
        parent, node = node, child(node, part)
        if node is MISSING:
            break
        if isinstance(parent, list) and isinstance(node, dict):
            found = [node.get(key) for key in _ITEM_NAMES]
            name = next((str(value) for value in found if isinstance(value, str | int)), name)
    return name


def _clean(model: type[BaseModel], loc: Location) -> tuple[Location, list[str] | None]:
    """Follow ``loc`` through the model's types: drop pydantic's union tags and ``[key]`` markers.

    Returns the location as written in YAML and, when it ends at a model, that model's keys.
    """
    current: Any = model
    clean: list[str | int] = []
    parts = list(loc)
    while parts:
        current = _unwrap(current)
        members = _union_members(current)
        if members is not None:
            if len(members) == 1:
                current = members[0]
                continue
            # Pydantic names the member it tried: skip that name and follow the member if it is known.
            tag = parts.pop(0)
            current = next((m for m in members if _type_name(m) == tag), None)
            continue
        part = parts.pop(0)
        if part == "[key]":
            current = None
            continue
        clean.append(part)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            current = field.annotation if field is not None else None
        elif get_origin(current) in (list, tuple, set, frozenset):
            current = get_args(current)[0]
        elif get_origin(current) is dict:
            current = get_args(current)[1]
        else:
            current = None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return tuple(clean), list(current.model_fields)
    return tuple(clean), None


def _unwrap(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _union_members(annotation: Any) -> list[Any] | None:
    if get_origin(annotation) in (Union, types.UnionType):
        return [m for m in get_args(annotation) if m is not type(None)]
    return None


def _type_name(annotation: Any) -> str:
    annotation = _unwrap(annotation)
    return getattr(annotation, "__name__", str(annotation))
