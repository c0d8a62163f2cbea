# SPDX-License-Identifier: EUPL-1.2
"""Serializer fields copied per request without re-running each field's set-up.

DRF gives every serializer instance its own copy of the declared fields by ``copy.deepcopy``, and a
field's deep copy calls its ``__init__`` again with deep copies of its arguments. For the serializers of
one API submission (a melding with its location and reporter in, its receipt with clocks out) that cost
about a sixth of the server's time per request (issue 9's load benchmark). A plain field needs no fresh
set-up: what differs per instance is only what binding sets (its name, parent, label and source), and
binding sets those on the copy. Fields that hold other fields (a nested serializer, a list or dict of a
child) keep DRF's deep copy, because binding them binds their children too.
"""

import copy
from typing import Any

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
