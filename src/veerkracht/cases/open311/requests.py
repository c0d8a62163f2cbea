# SPDX-License-Identifier: EUPL-1.2
"""Public Open311 requests: which meldingen a public list shows, and what it shows of each.

Shown are meldingen of an offered category (see :mod:`.services`: never a confidential level), with their
status (open or closed, from the workflow's phase), their dates, the stored feedback deadline as
``expected_datetime``, the organisation responsible, and where they are only as the buurt (its name and
one point inside it, or the centre of the 100 m square, as the policy says). Never shown: who reported,
how to reach them, what staff wrote (reasons, feedback), attachments and links, the exact address or
point. The description only for the pillars the policy names, with e-mail addresses and phone numbers
blanked out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import shapely

from veerkracht.areas.queries import current
from veerkracht.cases.models import Clock, ClockKind, Melding, MeldingQuerySet
from veerkracht.cases.open311.policy import policy
from veerkracht.cases.open311.services import offered, public_levels, service_code
from veerkracht.cases.queries.melding import status_label
from veerkracht.core.calendar import AMSTERDAM
from veerkracht.geo.crs import rd_to_wgs84
from veerkracht.geo.squares import square_centres

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Nine or more digits, with the separators people type between them (+31 6 1234 5678, 043-123 45 67).
_PHONE = re.compile(r"(?:\+|\b)\d(?:[\s().-]{0,2}\d){8,}\b")
BLANKED = "[weggelaten]"


def blank_contact_details(text: str) -> str:
    """A description with e-mail addresses and phone numbers replaced.

    >>> blank_contact_details("Bel 06-12345678 of mail jan@example.nl; huisnummer 12")
    'Bel [weggelaten] of mail [weggelaten]; huisnummer 12'
    >>> blank_contact_details("Bel +31 43 123 45 67")
    'Bel [weggelaten]'
    """
    return _PHONE.sub(BLANKED, _EMAIL.sub(BLANKED, text))


def public_meldingen() -> MeldingQuerySet:
    """Every melding a public Open311 list may show (the offered categories, never a confidential level)."""
    pairs = [(s.kind.category, s.kind.subcategory) for s in offered().values()]
    found = Melding.objects.filter(
        confidentiality__in=public_levels(), pillar__in=list(policy().public_pillars)
    )
    categories = sorted({category for category, _sub in pairs})
    subcategories = sorted({sub for _category, sub in pairs})
    # The stored level and pillar decide first (a melding keeps what it was at intake); the pairs keep out
    # a category the file no longer offers.
    return found.filter(category__in=categories, subcategory__in=subcategories)


def w3(moment: datetime | None) -> str | None:
    """A moment in the spec's W3C format, in Dutch time with its offset (2026-11-23T09:00:00+01:00)."""
    if moment is None:
        return None
    return moment.astimezone(AMSTERDAM).replace(microsecond=0).isoformat()


def _feedback_deadlines(meldingen: list[Melding]) -> dict[int, datetime | None]:
    """The stored deadline of each melding's newest feedback clock (none while it is paused)."""
    found: dict[int, datetime | None] = {}
    clocks = Clock.objects.filter(melding__in=meldingen, kind=ClockKind.FEEDBACK).order_by("sequence")
    for melding_id, deadline in clocks.values_list("melding_id", "deadline"):
        found[melding_id] = deadline
    return found


def _places(meldingen: list[Melding]) -> dict[str, dict[str, Any]]:
    """Per buurt code: its name, its gemeente's name, and one point inside it (WGS84)."""
    codes = {m.buurt_code for m in meldingen if m.buurt_code} | {m.gemeente_code for m in meldingen}
    places: dict[str, dict[str, Any]] = {}
    rows = current().filter(code__in=sorted(code for code in codes if code))
    transform = rd_to_wgs84()
    for area in rows.only("code", "name", "geometry_wkb"):
        point = shapely.point_on_surface(area.geometry)
        longitude, latitude = transform.transform(point.x, point.y)
        places[area.code] = {"name": area.name, "lat": round(latitude, 5), "long": round(longitude, 5)}
    return places


def _where(melding: Melding, places: dict[str, dict[str, Any]]) -> dict[str, Any]:
    buurt, gemeente = places.get(melding.buurt_code), places.get(melding.gemeente_code)
    names = [place["name"] for place in (buurt, gemeente) if place is not None]
    lat = long = None
    if policy().location == "square" and melding.square_id:
        xs, ys = square_centres([melding.square_id])
        long, lat = rd_to_wgs84().transform(float(xs[0]), float(ys[0]))
        lat, long = round(lat, 5), round(long, 5)
    elif buurt is not None:
        lat, long = buurt["lat"], buurt["long"]
    return {
        "address": ", ".join(dict.fromkeys(names)) or None,
        "address_id": melding.buurt_code or None,
        "zipcode": None,
        "lat": lat,
        "long": long,
    }


def as_open311(meldingen: Iterable[Melding]) -> list[dict[str, Any]]:
    """Meldingen in the shape of GET requests, showing only what may be public."""
    meldingen = list(meldingen)
    services = offered()
    deadlines = _feedback_deadlines(meldingen)
    places = _places(meldingen)
    with_description = set(policy().description_pillars)
    rows = []
    for melding in meldingen:
        code = service_code(melding.category, melding.subcategory)
        service = services.get(code)
        description = None
        if melding.pillar in with_description:
            description = blank_contact_details(melding.description)
        rows.append(
            {
                "service_request_id": melding.reference,
                "status": "open" if melding.is_open else "closed",
                "status_notes": status_label(melding),
                "service_name": service.name if service is not None else melding.subcategory,
                "service_code": code,
                "description": description,
                "agency_responsible": melding.organisation.name,
                "service_notice": None,
                "requested_datetime": w3(melding.received_at),
                "updated_datetime": w3(melding.status_changed_at),
                "expected_datetime": w3(deadlines.get(melding.pk)),
                **_where(melding, places),
                "media_url": None,
            }
        )
    return rows
