# SPDX-License-Identifier: EUPL-1.2
"""Serializers that copy their plain fields lightly behave as DRF's deep copies do, request after request."""

import copy

import pytest
from rest_framework import serializers

from veerkracht.cases.api import incoming, outgoing
from veerkracht.core.api_fields import LightFieldCopies

LIGHT = sorted(
    (
        cls
        for module in (incoming, outgoing)
        for cls in vars(module).values()
        if isinstance(cls, type) and issubclass(cls, LightFieldCopies) and cls is not LightFieldCopies
    ),
    key=lambda cls: cls.__name__,
)


def test_the_intake_and_receipt_serializers_copy_lightly() -> None:
    names = {cls.__name__ for cls in LIGHT}
    assert {"IntakeIn", "MeldingIn", "LocationIn", "ReporterIn", "ReceiptOut", "ClockOut"} <= names


@pytest.mark.parametrize("cls", LIGHT, ids=lambda cls: cls.__name__)
def test_each_field_is_what_drfs_deep_copy_would_make(cls: type[serializers.Serializer]) -> None:
    light = cls().fields
    deep = copy.deepcopy(cls._declared_fields)
    assert list(light) == list(deep)
    for name, field in light.items():
        # A field's repr is its class and the arguments it was made with (nested fields included).
        assert repr(field) == repr(deep[name]), name
        assert field is not cls._declared_fields[name], f"{name} must be a copy, not the declared field"


def test_two_submissions_share_no_field_state() -> None:
    good = {
        "category": "afval",
        "subcategory": "zwerfafval",
        "description": "Vuilniszakken naast de container",
        "location": {"x": 176000, "y": 318000},
        "attachments": [{"name": "foto.jpg", "content": "aGFsbG8="}],
    }
    bad = {**good, "category": "", "location": {"x": "hier"}, "attachments": [{"name": "x", "content": "!"}]}
    first, second = incoming.IntakeIn(data=good), incoming.IntakeIn(data=bad)
    assert second.is_valid() is False
    assert first.is_valid(), first.errors
    assert set(second.errors) == {"category", "location", "attachments"}
    assert first.validated_data["attachments"][0]["content"] == b"hallo"
    for name in first.fields:
        one, other = first.fields[name], second.fields[name]
        assert one is not other and one.parent is first and other.parent is second
    # Fields that hold fields are deep copies: their children belong to their own instance.
    for holder in (first, second):
        nested = holder.fields["location"]
        assert all(child.parent is nested for child in nested.fields.values())
        listed = holder.fields["attachments"]
        assert listed.child.parent is listed
