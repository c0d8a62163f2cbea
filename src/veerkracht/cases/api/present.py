# SPDX-License-Identifier: EUPL-1.2
"""Meldingen as the API shows them: receipts, the full melding (as far as the caller may see), list rows.

Call these only for meldingen the caller may read (``access.get_visible`` or ``visible_to``); the reporter's
contact details are added only with ``cases.view_reporter_contact`` (``access.can_view_reporter_contact``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from veerkracht.cases.access import can_view_reporter_contact
from veerkracht.cases.models import Clock, Melding, ReporterContact
from veerkracht.cases.queries.clock_text import describe
from veerkracht.cases.queries.melding import allowed_steps, status_label
from veerkracht.cases.queries.texts import text
from veerkracht.cases.queries.worklist import urgency
from veerkracht.cases.rulebook import rulebook
from veerkracht.cases.services.creation import STARTED_CLOCKS
from veerkracht.core.models import Organisation
from veerkracht.geo.crs import rd_to_wgs84


def category_labels(category: str, subcategory: str) -> tuple[str, str]:
    """The labels of a stored melding's category and subcategory; the code when the file no longer has it."""
    spec = rulebook().categories.file.categories.get(category)
    if spec is None:
        return category, subcategory
    sub = spec.subcategories.get(subcategory)
    return text(spec.label), text(sub.label) if sub is not None else subcategory


def detail_url(melding: Melding) -> str:
    return reverse("api-melding", kwargs={"reference": melding.reference})


def clock(item: Clock) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "sequence": item.sequence,
        "started_at": item.started_at,
        "budget_days": item.budget_days,
        "deadline": item.deadline,
        "target_deadline": item.target_deadline,
        "frozen_at": item.frozen_at,
        "paused": item.is_paused,
    }


def receipts(meldingen: list[Melding]) -> list[dict[str, Any]]:
    """What a submitter gets back per melding: the reference, where to read it, its status and promises.

    Nothing about the reporter: a receipt is kept to answer retries (idempotency keys).
    """
    by_melding: dict[int, list[Clock]] = {}
    # Meldingen just taken in carry their clocks and organisation (intake leaves them at hand).
    for melding in meldingen:
        cached = getattr(melding, STARTED_CLOCKS, None)
        if cached is not None:
            by_melding[melding.pk] = sorted(cached, key=lambda c: (c.kind, c.sequence))
    missing = [m.pk for m in meldingen if m.pk not in by_melding]
    by_melding.update({pk: [] for pk in missing})
    if missing:
        for item in Clock.objects.filter(melding_id__in=missing).order_by("kind", "sequence"):
            by_melding[item.melding_id].append(item)
    slugs = {m.organisation_id: m.organisation.slug for m in meldingen if Melding.organisation.is_cached(m)}
    unknown = {m.organisation_id for m in meldingen} - set(slugs)
    if unknown:
        slugs.update(Organisation.objects.filter(pk__in=unknown).values_list("pk", "slug"))
    return [
        {
            "reference": melding.reference,
            "url": detail_url(melding),
            "organisation": slugs[melding.organisation_id],
            "status": melding.status,
            "received_at": melding.received_at,
            "clocks": [clock(c) for c in by_melding[melding.pk]],
        }
        for melding in meldingen
    ]


def _organisation(melding: Melding, name: str) -> dict[str, str]:
    organisation = getattr(melding, name)
    return {"slug": organisation.slug, "name": organisation.name}


def _location(melding: Melding) -> dict[str, Any]:
    latitude = longitude = None
    if melding.x is not None and melding.y is not None:
        longitude, latitude = rd_to_wgs84().transform(melding.x, melding.y)
        latitude, longitude = round(float(latitude), 6), round(float(longitude), 6)
    return {
        "address": melding.address,
        "x": melding.x,
        "y": melding.y,
        "latitude": latitude,
        "longitude": longitude,
        "complex_code": melding.complex_code,
        "buurt_code": melding.buurt_code,
        "wijk_code": melding.wijk_code,
        "gemeente_code": melding.gemeente_code,
    }


def _reporter(user: Any, melding: Melding) -> dict[str, Any] | None:
    if not can_view_reporter_contact(user, melding):
        return None
    contact = ReporterContact.objects.filter(melding=melding).first()
    if contact is None:
        return None
    return {
        "name": contact.name,
        "email": contact.email,
        "phone": contact.phone,
        "address": contact.address,
        "wants_updates": contact.wants_updates,
    }


def full(user: Any, melding: Melding, *, now: datetime | None = None) -> dict[str, Any]:
    """The melding as this caller may see it."""
    now = now or timezone.now()
    category, subcategory = category_labels(melding.category, melding.subcategory)
    clocks = Clock.objects.filter(melding=melding).order_by("started_at", "id")
    return {
        "reference": melding.reference,
        "organisation": _organisation(melding, "organisation"),
        "received_by": _organisation(melding, "received_by"),
        "category": melding.category,
        "category_label": category,
        "subcategory": melding.subcategory,
        "subcategory_label": subcategory,
        "pillar": melding.pillar,
        "confidentiality": melding.confidentiality,
        "description": melding.description,
        "location": _location(melding),
        "received_at": melding.received_at,
        "channel": melding.channel,
        "reporter_kind": melding.reporter_kind,
        "status": melding.status,
        "status_label": status_label(melding),
        "is_open": melding.is_open,
        "status_changed_at": melding.status_changed_at,
        "responsible_team": melding.responsible_team.name if melding.responsible_team else None,
        "responsible_role": melding.responsible_role,
        "next_deadline": melding.next_deadline,
        "duplicate_of": melding.duplicate_of.reference if melding.duplicate_of else None,
        "external_reference": melding.external_reference,
        "clocks": [{**clock(c), "text": describe(c, now=now)} for c in clocks],
        "attachments": [
            {"name": a.original_name, "content_type": a.content_type, "size": a.size}
            for a in melding.attachments.all()
        ],
        "links": [link.url for link in melding.links.all()],
        "reporter": _reporter(user, melding),
        "allowed_transitions": [
            {
                "transition": step.code,
                "label": text(step.label),
                "to": step.to,
                "requires": list(step.requires),
                "reason_required": step.reason_required,
            }
            for step in allowed_steps(user, melding)
        ],
    }


def work_list_row(melding: Melding, now: datetime, cutoff: datetime) -> dict[str, Any]:
    category, subcategory = category_labels(melding.category, melding.subcategory)
    return {
        "reference": melding.reference,
        "url": detail_url(melding),
        "organisation": melding.organisation.slug,
        "category": melding.category,
        "category_label": category,
        "subcategory": melding.subcategory,
        "subcategory_label": subcategory,
        "status": melding.status,
        "status_label": status_label(melding),
        "received_at": melding.received_at,
        "next_deadline": melding.next_deadline,
        "urgency": urgency(melding, now, cutoff),
        "address": melding.address,
        "buurt_code": melding.buurt_code,
        "responsible_team": melding.responsible_team.name if melding.responsible_team else None,
    }
