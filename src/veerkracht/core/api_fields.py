# SPDX-License-Identifier: EUPL-1.2
"""Serializer fields copied per request without re-running each field's set-up.

DRF gives every serializer instance its own copy of the declared fields by ``copy.deepcopy``, and a
field's deep copy calls its ``__init__`` again with deep copies of its arguments. For the serializers of
one API submission (a melding with its location and reporter in, its receipt with clocks out) that cost
about a sixth of the server's time per request (issue 9's load benchmark). A plain field needs no fresh
set-up: what differs per instance is only what binding sets (its name, parent, label and source), and
binding sets those on the copy. Fields that hold other fields (a nested serializer, a list or dict of a
child) keep DRF's deep copy, because binding them binds their children too.

An answer made of plain values (a receipt) need not make its serializer at all: :func:`plain_output`
writes what the serializer's ``data`` would be with the serializer's own fields, made once per process.
"""

import copy
import threading
from collections.abc import Mapping
from typing import Any

from rest_framework import serializers
from rest_framework.fields import Field
from rest_framework.serializers import BaseSerializer


def _holds_fields(field: Field) -> bool:
    return isinstance(field, BaseSerializer) or hasattr(field, "child") or hasattr(field, "child_relation")


class LightFieldCopies:
    """Serializer mixin: each declared plain field shallow-copied per instance, the others deep-copied.

    Shared by the copies are only what a field never changes once made: its arguments, validators
    (DRF's own deep copy shares those too), choices and error messages.

    >>> from rest_framework import serializers
    >>> class Point(LightFieldCopies, serializers.Serializer):
    ...     x = serializers.FloatField()
    >>> first, second = Point(data={"x": 1}), Point(data={"x": "a"})
    >>> first.is_valid(), second.is_valid()
    (True, False)
    >>> first.fields["x"] is second.fields["x"], first.fields["x"].parent is first
    (False, True)
    """

    _declared_fields: dict[str, Field]

    def get_fields(self) -> dict[str, Any]:
        """A copy of the declared fields for this instance (DRF's hook; its own deep-copies them all)."""
        return {
            name: copy.deepcopy(field) if _holds_fields(field) else copy.copy(field)
            for name, field in self._declared_fields.items()
        }


#: Fields whose output depends only on the value (and the active time zone), not on the serializer.
_PLAIN = (
    serializers.BooleanField,
    serializers.CharField,
    serializers.DateField,
    serializers.DateTimeField,
    serializers.FloatField,
    serializers.IntegerField,
)
#: name, the field (None for a nested serializer), the nested plan, whether a list of them.
_Step = tuple[str, Any, Any, bool]
_plans: dict[type, tuple[_Step, ...]] = {}
_plans_lock = threading.Lock()


def _plan(serializer_class: type[BaseSerializer]) -> tuple[_Step, ...]:
    """Per output field: its name, and its field or the plan of its nested serializer (and whether many)."""
    found = _plans.get(serializer_class)
    if found is not None:
        return found
    steps: list[_Step] = []
    for name, field in serializer_class().fields.items():
        if field.write_only:
            continue
        if field.source != name:
            raise TypeError(f"{serializer_class.__name__}.{name}: plain output takes fields without a source")
        if isinstance(field, serializers.ListSerializer):
            steps.append((name, None, _plan(type(field.child)), True))
        elif isinstance(field, serializers.Serializer):
            steps.append((name, None, _plan(type(field)), False))
        elif type(field) in _PLAIN:
            steps.append((name, field, None, False))
        else:
            kind = type(field).__name__
            raise TypeError(f"{serializer_class.__name__}.{name}: {kind} is not a plain field")
    made = tuple(steps)
    with _plans_lock:
        _plans[serializer_class] = made
    return made


def plain_output(serializer_class: type[BaseSerializer], data: Mapping[str, Any]) -> dict[str, Any]:
    """What ``serializer_class(data).data`` is for a dict of plain values, without making the serializer.

    DRF makes a serializer's fields anew for every instance; for a receipt with its clocks that cost
    about a fifteenth of an API submission (issue 9's load benchmark). The fields used here are the
    serializer's own, made once: a plain field's output depends on its value and the active time zone
    only. A serializer with other kinds of fields is refused when first used.

    >>> from rest_framework import serializers
    >>> class Point(serializers.Serializer):
    ...     x = serializers.FloatField()
    ...     label = serializers.CharField(allow_null=True)
    >>> plain_output(Point, {"x": 1, "label": None})
    {'x': 1.0, 'label': None}
    """
    return _write(_plan(serializer_class), data)


def _write(plan: tuple[_Step, ...], data: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, field, nested, many in plan:
        value = data[name]
        if value is None:
            out[name] = None
        elif field is not None:
            out[name] = field.to_representation(value)
        elif many:
            out[name] = [_write(nested, item) for item in value]
        else:
            out[name] = _write(nested, value)
    return out
