# SPDX-License-Identifier: EUPL-1.2
"""The shapes of what the meldingen API answers; each endpoint names one, so the schema shows it."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from veerkracht.core.api_fields import LightFieldCopies


class OrganisationOut(serializers.Serializer[dict[str, Any]]):
    slug = serializers.CharField()
    name = serializers.CharField()


class ClockOut(LightFieldCopies, serializers.Serializer[dict[str, Any]]):
    """A promise to the reporter: its deadline (empty while paused), target and when it was kept."""

    kind = serializers.CharField(help_text="acknowledgement or feedback.")
    sequence = serializers.IntegerField()
    started_at = serializers.DateTimeField()
    budget_days = serializers.IntegerField(help_text="Working days.")
    deadline = serializers.DateTimeField(allow_null=True)
    target_deadline = serializers.DateTimeField(allow_null=True)
    frozen_at = serializers.DateTimeField(allow_null=True, help_text="When the promised step was taken.")
    paused = serializers.BooleanField()


class ClockWithTextOut(ClockOut):
    text = serializers.CharField(
        help_text="The clock in plain words, e.g. 'terugkoppeling uiterlijk di 1 december'."
    )


class ReceiptOut(LightFieldCopies, serializers.Serializer[dict[str, Any]]):
    """A melding just taken in: enough to follow it, nothing about the reporter."""

    reference = serializers.CharField(help_text="M-<year>-<number>; use it to read the melding.")
    url = serializers.CharField()
    organisation = serializers.CharField(help_text="Slug of the organisation responsible for it.")
    status = serializers.CharField()
    received_at = serializers.DateTimeField()
    clocks = ClockOut(many=True)


class BatchReceiptOut(LightFieldCopies, serializers.Serializer[dict[str, Any]]):
    count = serializers.IntegerField()
    meldingen = ReceiptOut(many=True)


class LocationOut(serializers.Serializer[dict[str, Any]]):
    address = serializers.CharField()
    x = serializers.FloatField(allow_null=True, help_text="RD New.")
    y = serializers.FloatField(allow_null=True, help_text="RD New.")
    latitude = serializers.FloatField(allow_null=True, help_text="WGS84.")
    longitude = serializers.FloatField(allow_null=True, help_text="WGS84.")
    complex_code = serializers.CharField()
    buurt_code = serializers.CharField()
    wijk_code = serializers.CharField()
    gemeente_code = serializers.CharField()


class ReporterOut(serializers.Serializer[dict[str, Any]]):
    """The reporter's contact details: only for who has ``cases.view_reporter_contact``."""

    name = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()
    address = serializers.CharField()
    wants_updates = serializers.BooleanField()


class AttachmentOut(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()


class StepOut(serializers.Serializer[dict[str, Any]]):
    """A step of the workflow this caller may take now."""

    transition = serializers.CharField()
    label = serializers.CharField()
    to = serializers.CharField()
    requires = serializers.ListField(child=serializers.CharField())
    reason_required = serializers.BooleanField()


class MeldingOut(serializers.Serializer[dict[str, Any]]):
    """A melding as the caller may see it."""

    reference = serializers.CharField()
    organisation = OrganisationOut()
    received_by = OrganisationOut()
    category = serializers.CharField()
    category_label = serializers.CharField()
    subcategory = serializers.CharField()
    subcategory_label = serializers.CharField()
    pillar = serializers.CharField()
    confidentiality = serializers.CharField()
    description = serializers.CharField()
    location = LocationOut()
    received_at = serializers.DateTimeField()
    channel = serializers.CharField()
    reporter_kind = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    is_open = serializers.BooleanField()
    status_changed_at = serializers.DateTimeField()
    responsible_team = serializers.CharField(allow_null=True)
    responsible_role = serializers.CharField()
    next_deadline = serializers.DateTimeField(allow_null=True)
    duplicate_of = serializers.CharField(
        allow_null=True, help_text="Reference of the melding it is linked to."
    )
    external_reference = serializers.CharField()
    clocks = ClockWithTextOut(many=True)
    attachments = AttachmentOut(many=True)
    links = serializers.ListField(child=serializers.CharField())
    reporter = ReporterOut(
        allow_null=True,
        help_text="Null without the permission to read reporter contact details, or none given.",
    )
    allowed_transitions = StepOut(many=True)


class WorkListItemOut(serializers.Serializer[dict[str, Any]]):
    reference = serializers.CharField()
    url = serializers.CharField()
    organisation = serializers.CharField()
    category = serializers.CharField()
    category_label = serializers.CharField()
    subcategory = serializers.CharField()
    subcategory_label = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    received_at = serializers.DateTimeField()
    next_deadline = serializers.DateTimeField(allow_null=True)
    urgency = serializers.ChoiceField(choices=["overdue", "due_soon", "running", "waiting"])
    address = serializers.CharField()
    buurt_code = serializers.CharField()
    responsible_team = serializers.CharField(allow_null=True)


class WorkListOut(serializers.Serializer[dict[str, Any]]):
    results = WorkListItemOut(many=True)
    next_cursor = serializers.CharField(allow_null=True, help_text="Give it as ?cursor= for the next page.")
    total = serializers.IntegerField(allow_null=True, help_text="Only with ?total=true.")


class StatusChangeOut(serializers.Serializer[dict[str, Any]]):
    reference = serializers.CharField()
    transition = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    status_label = serializers.CharField()
    is_open = serializers.BooleanField()
    at = serializers.DateTimeField()


class SubcategoryOut(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField()
    label = serializers.CharField()
    pillar = serializers.CharField()
    confidentiality = serializers.CharField()


class CategoryOut(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField()
    label = serializers.CharField()
    pillar = serializers.CharField()
    confidentiality = serializers.CharField()
    subcategories = SubcategoryOut(many=True)


class CategoriesOut(serializers.Serializer[dict[str, Any]]):
    version = serializers.CharField(help_text="Version of the categories file.")
    categories = CategoryOut(many=True)
