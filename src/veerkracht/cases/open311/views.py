# SPDX-License-Identifier: EUPL-1.2
"""The Open311 GeoReport v2 endpoints: thin, as every interface (parse, check, call, render).

Reading is public, as the spec has it, and shows only what :mod:`.requests` allows. Submitting needs an
``api_key`` (a form parameter, as the spec says, or ``Authorization: Bearer``), whose account must have
``cases.report``. ``jurisdiction_id`` is accepted: empty means the whole installation, an organisation's
slug means that organisation (its meldingen; where a submission goes), anything else is not found.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from veerkracht.cases.models import Melding
from veerkracht.cases.open311 import render
from veerkracht.cases.open311.incoming import (
    Problems,
    find_public,
    intake_problems,
    request_filter,
    submission,
)
from veerkracht.cases.open311.policy import policy
from veerkracht.cases.open311.requests import as_open311, public_meldingen
from veerkracht.cases.open311.services import as_open311 as service_as_open311
from veerkracht.cases.open311.services import definition, offered
from veerkracht.cases.queries.clock_text import day
from veerkracht.cases.queries.texts import text
from veerkracht.cases.rulebook import rulebook
from veerkracht.cases.services import api_keys, external_links
from veerkracht.cases.services.errors import IntakeError, NotAllowed
from veerkracht.core.models import Organisation

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"


def _jurisdiction(request: HttpRequest) -> Organisation | None:
    """The organisation a ``jurisdiction_id`` names; None for none. Raises Problems (404) otherwise."""
    value = (request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id") or "").strip()
    if not value:
        return None
    found = Organisation.objects.filter(slug=value).first()
    if found is None:
        raise Problems([f"jurisdiction_id: '{value[:80]}' bestaat niet"], 404)
    return found


def _answering(view: Any) -> Any:
    """Turn Problems raised by a view into the spec's error answer, in the format asked for."""

    def wrapped(request: HttpRequest, file_format: str, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, file_format, **kwargs)
        except Problems as problems:
            return render.errors(file_format, problems.status, problems.messages)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@require_GET
@_answering
def discovery(request: HttpRequest, file_format: str) -> HttpResponse:
    """Where the endpoint is, which formats it speaks, who to ask and how to get a key."""
    settings = policy()
    changeset = f"{rulebook().categories.version}/{settings.version}"
    data = {
        "changeset": changeset,
        "contact": text(settings.discovery.contact),
        "key_service": text(settings.discovery.key_service),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": request.build_absolute_uri("/open311/v2"),
                "changeset": changeset,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return render.render("discovery", data, file_format)


@require_GET
@_answering
def services(request: HttpRequest, file_format: str) -> HttpResponse:
    """The services a public app may offer (never a confidential category)."""
    _jurisdiction(request)
    return render.render("services", [service_as_open311(s) for s in offered().values()], file_format)


@require_GET
@_answering
def service_definition(request: HttpRequest, file_format: str, service_code: str) -> HttpResponse:
    """A service's definition; a code that is not offered is not found."""
    _jurisdiction(request)
    service = offered().get(service_code)
    if service is None:
        raise Problems([f"service_code: '{service_code[:60]}' bestaat niet"], 404)
    return render.render("service_definition", definition(service), file_format)


@csrf_exempt  # a system sends its api_key, not a session cookie: there is nothing to forge
@require_http_methods(["GET", "POST"])
@_answering
def requests(request: HttpRequest, file_format: str) -> HttpResponse:
    """GET: public requests, newest first, filtered. POST: submit one with an api_key."""
    if request.method == "POST":
        return _submit(request, file_format)
    organisation = _jurisdiction(request)
    chosen = request_filter(request.GET)
    found = public_meldingen().select_related("organisation")
    if organisation is not None:
        found = found.filter(organisation=organisation)
    if chosen.references:
        # The spec: service_request_id overrides every other filter. A reference holds the year of
        # receipt too: a right number with a wrong year finds nothing.
        wanted = {reference.strip().upper() for reference in chosen.references}
        # Django guards an exact lookup against numbers no id can be, not an IN list: leave them out.
        numbers = [p[1] for p in map(Melding.parse_reference, wanted) if p is not None and p[1] < 2**63]
        rows = [
            m for m in found.filter(pk__in=numbers).order_by("-received_at", "-id") if m.reference in wanted
        ]
        return render.render("service_requests", as_open311(rows), file_format)
    else:
        found = found.filter(received_at__gte=chosen.start, received_at__lte=chosen.end)
        if chosen.services:
            pairs = Q(pk__in=[])
            for service in chosen.services:
                pairs |= Q(category=service.kind.category, subcategory=service.kind.subcategory)
            found = found.filter(pairs)
        if chosen.statuses and len(set(chosen.statuses)) == 1:
            found = found.filter(is_open=chosen.statuses[0] == "open")
    found = found.order_by("-received_at", "-id")[: policy().max_requests]
    return render.render("service_requests", as_open311(found), file_format)


@require_GET
@_answering
def request_by_id(request: HttpRequest, file_format: str, service_request_id: str) -> HttpResponse:
    """One public request; a melding that is not public answers exactly as one that does not exist."""
    organisation = _jurisdiction(request)
    found = public_meldingen()
    if organisation is not None:
        found = found.filter(organisation=organisation)
    melding = find_public(service_request_id, found)
    if melding is None:
        raise Problems([f"service_request_id: '{service_request_id[:40]}' bestaat niet"], 404)
    return render.render("service_requests", as_open311([melding]), file_format)


def _key(request: HttpRequest) -> api_keys.ApiKey | None:
    secret = request.POST.get("api_key", "").strip()
    if not secret:
        header = request.headers.get("Authorization", "").split()
        secret = header[1] if len(header) == 2 and header[0].lower() == "bearer" else ""
    return api_keys.authenticate(secret) if secret else None


def _submit(request: HttpRequest, file_format: str) -> HttpResponse:
    key = _key(request)
    if key is None:
        raise Problems(["api_key: ontbreekt, is onjuist of is ingetrokken"], 403)
    organisation = _jurisdiction(request) or key.organisation
    given = submission(request.POST)
    try:
        received = external_links.receive_with_link(
            given.new, given.media_url, source="open311", organisation=organisation, actor=key.user
        )
    except IntakeError as error:
        raise Problems(intake_problems(error.problems)) from error
    except NotAllowed as error:
        raise Problems([f"api_key: {error}"], 403) from error
    melding = received.melding
    return render.render(
        "service_requests",
        [{"service_request_id": melding.reference, "service_notice": _notice(melding), "account_id": None}],
        file_format,
        status=201,
    )


def _notice(melding: Any) -> str:
    """What the reporter may expect, from the stored deadlines of the melding's promises."""
    deadlines = {clock.kind: clock.deadline for clock in melding.clocks.all() if clock.deadline is not None}
    parts = []
    if "acknowledgement" in deadlines:
        parts.append(f"Wij bevestigen de ontvangst uiterlijk {day(deadlines['acknowledgement'])}")
    if "feedback" in deadlines:
        parts.append(f"u hoort uiterlijk {day(deadlines['feedback'])} wat wij ermee doen")
    return (" en ".join(parts) + ".") if parts else ""
