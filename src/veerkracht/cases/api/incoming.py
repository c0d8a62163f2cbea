# SPDX-License-Identifier: EUPL-1.2
"""What the meldingen API accepts: a melding, a batch, a step of the workflow, the work list's filters.

These check the shape (types, lengths, choices); the domain checks the meaning (does the category
exist, is the point in a buurt) and names each problem by the same field path.
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from veerkracht.cases.models import Channel, ReporterKind
from veerkracht.cases.queries.worklist import MAX_PAGE, SCOPES
from veerkracht.cases.services.attachments import Upload
from veerkracht.cases.services.intake import NewMelding, Reporter, location_from_wgs84
from veerkracht.cases.services.location import Location
from veerkracht.core.api_fields import LightFieldCopies

# The channels a caller of the API may name: a system's own (api), a web form or a phone call typed in
# by staff. Imports and rounds have their own way in.
API_CHANNELS = (Channel.API, Channel.WEB, Channel.PHONE)
MAX_BATCH = 1000
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
_ATTACHMENT_TEXT = 15 * 1024 * 1024  # base64 of the largest attachment, with room


class LocationIn(LightFieldCopies, serializers.Serializer[dict[str, Any]]):
    """Where: a point (RD New as x and y, or WGS84 as latitude and longitude), a complex or an area."""

    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    x = serializers.FloatField(required=False, allow_null=True, default=None, help_text="RD New, metres.")
    y = serializers.FloatField(required=False, allow_null=True, default=None, help_text="RD New, metres.")
    latitude = serializers.FloatField(
        required=False, allow_null=True, default=None, min_value=-90, max_value=90, help_text="WGS84."
    )
    longitude = serializers.FloatField(
        required=False, allow_null=True, default=None, min_value=-180, max_value=180, help_text="WGS84."
    )
    complex_code = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    area_code = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        help_text="A buurt, wijk or gemeente code.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        wgs = (attrs["latitude"], attrs["longitude"])
        if (wgs[0] is None) != (wgs[1] is None):
            missing = "latitude" if wgs[0] is None else "longitude"
            raise serializers.ValidationError({missing: _("geef zowel latitude als longitude (WGS84)")})
        if wgs[0] is not None and (attrs["x"] is not None or attrs["y"] is not None):
            raise serializers.ValidationError(
                {"x": _("geef een punt in RD New (x, y) of in WGS84 (latitude, longitude), niet allebei")}
            )
        return attrs

    @staticmethod
    def to_location(attrs: dict[str, Any]) -> Location:
        if attrs["latitude"] is not None:
            point = location_from_wgs84(attrs["longitude"], attrs["latitude"], address=attrs["address"])
            return Location(
                address=point.address,
                x=point.x,
                y=point.y,
                complex_code=attrs["complex_code"],
                area_code=attrs["area_code"],
            )
        return Location(
            address=attrs["address"],
            x=attrs["x"],
            y=attrs["y"],
            complex_code=attrs["complex_code"],
            area_code=attrs["area_code"],
        )


class ReporterIn(LightFieldCopies, serializers.Serializer[dict[str, Any]]):
    """Who reported; contact details are stored apart and read only with their own permission."""

    kind = serializers.ChoiceField(choices=ReporterKind.choices, default=ReporterKind.ANONYMOUS)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    wants_updates = serializers.BooleanField(required=False, default=True)


class AttachmentIn(LightFieldCopies, serializers.Serializer[dict[str, Any]]):
    """A file: its name and its content in base64. The type is read from the content, never the name."""

    name = serializers.CharField(max_length=255)
    content = serializers.CharField(max_length=_ATTACHMENT_TEXT, help_text="The file, base64-encoded.")

    def validate_content(self, value: str) -> bytes:
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as error:
            raise serializers.ValidationError(_("geen geldige base64-inhoud")) from error


class MeldingIn(LightFieldCopies, serializers.Serializer[dict[str, Any]]):
    """One melding as a system or app submits it."""

    category = serializers.CharField(max_length=40)
    subcategory = serializers.CharField(max_length=40)
    description = serializers.CharField(max_length=5000, allow_blank=True, trim_whitespace=False)
    location = LocationIn()
    channel = serializers.ChoiceField(choices=[(c.value, c.label) for c in API_CHANNELS], default=Channel.API)
    reporter = ReporterIn(required=False)
    received_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text="When it was received; now when left out."
    )
    external_reference = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="", help_text="Its number in your system."
    )
    attachments = AttachmentIn(many=True, required=False, max_length=10)

    def validate_received_at(self, value: datetime | None) -> datetime | None:
        # The API takes in what happens now; years of history come through the historic import.
        if value is not None and value < EARLIEST:
            raise serializers.ValidationError(_("verwacht een tijdstip na 1 januari 2000"))
        return value

    @staticmethod
    def to_new(attrs: dict[str, Any], *, idempotency_key: str = "") -> NewMelding:
        reporter = attrs.get("reporter") or {}
        return NewMelding(
            category=attrs["category"],
            subcategory=attrs["subcategory"],
            description=attrs["description"],
            location=LocationIn.to_location(attrs["location"]),
            channel=attrs["channel"],
            reporter=Reporter(**reporter) if reporter else Reporter(),
            received_at=attrs["received_at"],
            attachments=[Upload(item["name"], item["content"]) for item in attrs.get("attachments") or ()],
            idempotency_key=idempotency_key,
            external_reference=attrs["external_reference"],
        )


class IntakeIn(MeldingIn):
    """One melding, and the organisation it is submitted to (by default the caller's own)."""

    organisation = serializers.SlugField(
        max_length=80,
        required=False,
        help_text="The organisation the melding is for; needed only when you report for several.",
    )


class BatchIn(LightFieldCopies, serializers.Serializer[dict[str, Any]]):
    """Meldingen taken in together, all or nothing."""

    organisation = serializers.SlugField(max_length=80, required=False)
    meldingen = MeldingIn(many=True, min_length=1, max_length=MAX_BATCH)


class TransitionIn(serializers.Serializer[dict[str, Any]]):
    """A step of the workflow: its code, the reason (closing and reopening need one), its fields."""

    transition = serializers.CharField(
        max_length=40, help_text="For example acknowledge, give_feedback, close."
    )
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    fields = serializers.DictField(
        child=serializers.CharField(max_length=5000, allow_blank=True),
        required=False,
        default=dict,
        help_text="The fields the step requires, for example {'feedback': '...'}.",
    )


class WorkListQuery(serializers.Serializer[dict[str, Any]]):
    """The work list's scope, filters and page."""

    scope = serializers.ChoiceField(choices=list(SCOPES), default="organisation")
    category = serializers.ListField(child=serializers.CharField(max_length=40), required=False, default=list)
    status = serializers.ListField(child=serializers.CharField(max_length=40), required=False, default=list)
    channel = serializers.ListField(
        child=serializers.ChoiceField(choices=Channel.choices), required=False, default=list
    )
    area = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    organisation = serializers.SlugField(max_length=80, required=False)
    overdue = serializers.BooleanField(required=False, default=False)
    cursor = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    page_size = serializers.IntegerField(min_value=1, max_value=MAX_PAGE, required=False, default=50)
    total = serializers.BooleanField(required=False, default=False, help_text="Also count the whole list.")
