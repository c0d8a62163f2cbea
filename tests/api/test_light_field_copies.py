# SPDX-License-Identifier: EUPL-1.2
"""Serializers that copy their plain fields lightly behave as DRF's deep copies do, request after request."""

import copy
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework import serializers

from veerkracht.cases.api import incoming, outgoing
from veerkracht.core.api_fields import LightFieldCopies, plain_output

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

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


moments = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.sampled_from([UTC, AMSTERDAM]),
)
clocks = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["acknowledgement", "feedback"]),
        "sequence": st.integers(1, 9),
        "started_at": moments,
        "budget_days": st.integers(0, 400),
        "deadline": st.none() | moments,
        "target_deadline": st.none() | moments,
        "frozen_at": st.none() | moments,
        "paused": st.booleans(),
    }
)
receipts = st.fixed_dictionaries(
    {
        "reference": st.from_regex(r"M-20[0-9]{2}-[0-9]{6}", fullmatch=True),
        "url": st.text(max_size=40),
        "organisation": st.text(max_size=20),
        "status": st.sampled_from(["ontvangen", "in_behandeling", "afgesloten"]),
        "received_at": moments,
        "clocks": st.lists(clocks, max_size=3),
    }
)


@settings(max_examples=60, deadline=None)
@given(receipt=receipts, zone=st.sampled_from(["Europe/Amsterdam", "UTC", "America/Curacao"]))
def test_a_receipt_written_plainly_is_what_the_serializer_writes(receipt: dict[str, Any], zone: str) -> None:
    with timezone.override(zone):
        assert plain_output(outgoing.ReceiptOut, receipt) == outgoing.ReceiptOut(receipt).data
        batch = {"count": 2, "meldingen": [receipt, receipt]}
        assert plain_output(outgoing.BatchReceiptOut, batch) == outgoing.BatchReceiptOut(batch).data


def test_plain_output_refuses_a_serializer_it_cannot_write_alike() -> None:
    class Renamed(serializers.Serializer[dict[str, Any]]):
        name = serializers.CharField(source="title")

    class Computed(serializers.Serializer[dict[str, Any]]):
        name = serializers.SerializerMethodField()

    for cls in (Renamed, Computed):
        with pytest.raises(TypeError, match=f"{cls.__name__}.name"):
            plain_output(cls, {"name": "x", "title": "x"})
