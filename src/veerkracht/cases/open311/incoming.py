# SPDX-License-Identifier: EUPL-1.2
"""What Open311 callers send: the filters of GET requests and the fields of POST requests.

Problems are collected as Dutch sentences that name the Open311 parameter (``start_date: ...``), the
spec's way of saying what is wrong (a list of errors, each with a code and a description).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from veerkracht.areas.models import AreaLevel
from veerkracht.areas.queries import current
from veerkracht.cases.models import Channel, Melding, ReporterKind
from veerkracht.cases.open311.policy import policy
from veerkracht.cases.open311.services import Service, offered
from veerkracht.cases.services.intake import NewMelding, Reporter, location_from_wgs84
from veerkracht.cases.services.location import Location

STATUSES = ("open", "closed")
MAX_DESCRIPTION = 4000  # the spec's limit


class Problems(Exception):
    """What is wrong with a request, one Dutch sentence per problem, and the HTTP status to answer."""

    def __init__(self, messages: list[str], status: int = 400) -> None:
        super().__init__("; ".join(messages))
        self.messages, self.status = messages, status


def _list(params: QueryDict, name: str) -> list[str]:
    """A parameter that may be comma separated and may be given more than once."""
    return [part.strip() for value in params.getlist(name) for part in value.split(",") if part.strip()]


def _moment(params: QueryDict, name: str, problems: list[str]) -> datetime | None:
    value = params.get(name, "").strip()
    if not value:
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None:
        problems.append(f"{name}: '{value[:40]}' is geen tijdstip; gebruik bijvoorbeeld 2026-01-01T00:00:00Z")
    elif timezone.is_naive(parsed):
        problems.append(f"{name}: geef de tijdzone mee, bijvoorbeeld 2026-01-01T00:00:00+01:00 of ...Z")
    else:
        return parsed
    return None


@dataclass(frozen=True)
class RequestFilter:
    """The filters of GET requests, checked."""

    references: list[str] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    start: datetime | None = None
    end: datetime | None = None
    statuses: list[str] = field(default_factory=list)


def request_filter(params: QueryDict) -> RequestFilter:
    """Read the filters of GET requests; raise :class:`Problems` naming each wrong one."""
    problems: list[str] = []
    references = _list(params, "service_request_id")[: policy().max_requests]
    known = offered()
    services = []
    for code in _list(params, "service_code"):
        if code in known:
            services.append(known[code])
        else:
            problems.append(f"service_code: '{code[:60]}' bestaat niet; zie services.json voor de codes")
    statuses = _list(params, "status")
    for value in statuses:
        if value not in STATUSES:
            problems.append(f"status: '{value[:20]}' bestaat niet; kies open of closed")
    start, end = _moment(params, "start_date", problems), _moment(params, "end_date", problems)
    span = timedelta(days=policy().max_days)
    if problems:
        raise Problems(problems)
    # Without dates: the last 90 days; with one: 90 days from or to it (the spec's defaults).
    try:
        if start is None:
            end = end or timezone.now()
            start = end - span
        elif end is None:
            end = start + span
    except OverflowError as error:
        raise Problems(["start_date: verwacht een tijdstip tussen het jaar 1 en 9999"]) from error
    if end < start:
        raise Problems(["end_date: ligt vóór start_date"])
    if end - start > span:
        raise Problems([f"end_date: de periode is ten hoogste {policy().max_days} dagen"])
    return RequestFilter(references, services, start, end, statuses)


@dataclass(frozen=True)
class Submission:
    """A checked POST requests: the melding to take in, and the link that came with it."""

    new: NewMelding
    media_url: str


def _coordinate(value: str, name: str, low: float, high: float, problems: list[str]) -> float | None:
    try:
        number = float(value)
    except ValueError:
        problems.append(f"{name}: '{value[:30]}' is geen getal")
        return None
    if not math.isfinite(number) or not low <= number <= high:
        problems.append(f"{name}: verwacht een getal tussen {low:g} en {high:g} (WGS84)")
        return None
    return number


def _location(data: QueryDict, problems: list[str]) -> Location | None:
    address = data.get("address_string", "").strip()[:300]
    lat, long = data.get("lat", "").strip(), data.get("long", "").strip()
    address_id = data.get("address_id", "").strip()[:40]
    if lat or long:
        if not (lat and long):
            problems.append(f"{'long' if lat else 'lat'}: geef zowel lat als long")
            return None
        latitude = _coordinate(lat, "lat", -90, 90, problems)
        longitude = _coordinate(long, "long", -180, 180, problems)
        if latitude is None or longitude is None:
            return None
        return location_from_wgs84(longitude, latitude, address=address)
    if address_id:
        level = current().filter(code=address_id).values_list("level", flat=True).first()
        if level == AreaLevel.COMPLEX:
            return Location(address=address, complex_code=address_id)
        return Location(address=address, area_code=address_id)
    if address:
        area = _area_named_in(address)
        if area is None:
            problems.append(
                "address_string: noem de buurt of wijk (bijvoorbeeld 'Maasstraat 1, Westbuurt, Teststad'), "
                "of geef lat en long"
            )
            return None
        return Location(address=address, area_code=area)
    problems.append("lat: geef lat en long, address_string of address_id")
    return None


def _area_named_in(address: str) -> str | None:
    """The buurt (else the wijk) whose name is one of the comma-separated parts of an address."""
    parts = [part.strip() for part in address.split(",") if part.strip()]
    if not parts:
        return None
    rows = current().filter(name__in=parts, level__in=[AreaLevel.BUURT, AreaLevel.WIJK])
    found = dict(rows.values_list("level", "code"))
    return found.get(AreaLevel.BUURT) or found.get(AreaLevel.WIJK)


def submission(data: QueryDict) -> Submission:
    """Read POST requests; raise :class:`Problems` (404 for an unknown service code, as the spec says)."""
    problems: list[str] = []
    code = data.get("service_code", "").strip()
    service = offered().get(code)
    if not code:
        problems.append("service_code: ontbreekt; kies een code uit services.json")
    elif service is None:
        raise Problems([f"service_code: '{code[:60]}' bestaat niet; zie services.json voor de codes"], 404)
    description = data.get("description", "")
    if len(description) > MAX_DESCRIPTION:
        problems.append(f"description: ten hoogste {MAX_DESCRIPTION} tekens, niet {len(description)}")
    location = _location(data, problems)
    media_url = data.get("media_url", "").strip()
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            problems.append("media_url: geef een link die begint met https:// of http://")
        if len(media_url) > 1000:
            problems.append("media_url: ten hoogste 1000 tekens")
    name = " ".join(
        part for part in (data.get("first_name", "").strip(), data.get("last_name", "").strip()) if part
    )
    reporter = Reporter(
        kind=ReporterKind.NEIGHBOUR,
        name=name[:200],
        email=data.get("email", "").strip(),
        phone=data.get("phone", "").strip(),
    )
    if not reporter.has_contact():
        reporter = Reporter()
    if problems or service is None or location is None:
        raise Problems(problems)
    new = NewMelding(
        category=service.kind.category,
        subcategory=service.kind.subcategory,
        description=description,
        location=location,
        channel=Channel.API,
        reporter=reporter,
    )
    return Submission(new, media_url)


# The domain names fields as intake knows them; an Open311 caller knows its own parameter names.
PARAMETER_OF = {
    "category": "service_code",
    "subcategory": "service_code",
    "description": "description",
    "location": "lat",
    "location.x": "lat",
    "location.y": "long",
    "location.area_code": "address_id",
    "location.complex_code": "address_id",
    "reporter": "email",
    "reporter.email": "email",
    "reporter.phone": "phone",
    "reporter.name": "first_name",
}


def intake_problems(problems: dict[str, str]) -> list[str]:
    """Intake's problems as Open311 sentences, each naming the parameter the caller sent."""
    return [f"{PARAMETER_OF.get(name, name)}: {text}" for name, text in problems.items()]


def find_public(reference: str, public: Any) -> Melding | None:
    """A public melding by its reference (the Open311 service_request_id), or None."""
    return public.by_reference(reference).select_related("organisation").first()
