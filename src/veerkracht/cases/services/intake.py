# SPDX-License-Identifier: EUPL-1.2
"""Intake: check a melding (or a batch), resolve its place, route it, start its clocks; all or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError
from django.utils import timezone

from veerkracht.cases.access import grants_of
from veerkracht.cases.models import Channel, Melding, ReporterKind, ResidentTeamRound, phone_key
from veerkracht.cases.rulebook import rulebook
from veerkracht.cases.rules.categories import CategoryError, Classification
from veerkracht.cases.services import attachments, creation
from veerkracht.cases.services.attachments import CheckedUpload, Upload
from veerkracht.cases.services.errors import IntakeError, NotAllowed
from veerkracht.cases.services.location import Location, Place, resolve
from veerkracht.geo.crs import wgs84_to_rd

MAX_DESCRIPTION = 5000
# A clock slightly ahead on the sender's side is not an error; a melding from tomorrow is.
FUTURE_TOLERANCE = timedelta(minutes=5)
# Looked up once: a choices enum builds its list of values on every access.
_CHANNELS = frozenset(Channel.values)
_REPORTER_KINDS = frozenset(ReporterKind.values)


@dataclass(frozen=True)
class Reporter:
    """Who reported (their kind) and, unless anonymous, how to reach them."""

    kind: str = ReporterKind.ANONYMOUS
    name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    wants_updates: bool = True

    def has_contact(self) -> bool:
        return any(part.strip() for part in (self.name, self.email, self.phone, self.address))


@dataclass(frozen=True)
class NewMelding:
    """What intake needs to know of a melding; see :func:`receive`."""

    category: str
    subcategory: str
    description: str
    location: Location
    channel: str
    reporter: Reporter = field(default_factory=Reporter)
    #: When it was received; now when left out (an import gives the historic moment).
    received_at: datetime | None = None
    attachments: Sequence[Upload] = ()
    #: Chosen by the submitting system: a retry with the same key (by the same person) finds the first.
    idempotency_key: str = ""
    external_reference: str = ""


@dataclass(frozen=True)
class Received:
    """The melding, and whether this call created it (False: an earlier call with the same key did)."""

    melding: Melding
    created: bool


@dataclass(frozen=True)
class Checked:
    """A melding that passed every check, ready to be stored."""

    new: NewMelding
    kind: Classification
    place: Place
    received_at: datetime
    uploads: list[CheckedUpload]


def location_from_wgs84(longitude: float, latitude: float, *, address: str = "") -> Location:
    """A location from a phone's GPS (WGS84 degrees), in the RD New coordinates intake takes."""
    x, y = wgs84_to_rd().transform(longitude, latitude)
    return Location(address=address, x=float(x), y=float(y))


def receive(new: NewMelding, *, organisation: Any, actor: Any) -> Received:
    """Take in one melding for an organisation: checked, placed, routed, clocks started, audited.

    Raises :class:`IntakeError` with every problem per field, and stores nothing then.
    """
    try:
        return Received(receive_many([new], organisation=organisation, actor=actor, prefix="")[0], True)
    except creation.KeyTaken:
        # No look-up first (a statement per melding): the key's unique constraint keeps a second melding
        # with the same key out, sent before or at the same moment, and then the first is found.
        earlier = Melding.objects.filter(submitted_by=actor, idempotency_key=new.idempotency_key).first()
        if earlier is None:
            key = new.idempotency_key
            raise IntegrityError(f"melding with idempotency key {key!r} refused, but none found") from None
        return Received(earlier, created=False)


def receive_many(
    items: Sequence[NewMelding],
    *,
    organisation: Any,
    actor: Any,
    round: ResidentTeamRound | None = None,
    prefix: str = "meldingen",
    like: Melding | None = None,
) -> list[Melding]:
    """Take in a batch of meldingen, all or nothing; problems are named ``<prefix>[i].<field>``.

    ``like`` routes every melding as that melding was (used when linking to it).
    """
    _may_report(actor)
    checked, problems = check(items, prefix=prefix)
    if problems:
        raise IntakeError(problems)
    return creation.create(checked, organisation=organisation, actor=actor, round=round, like=like)


def check(items: Sequence[NewMelding], *, prefix: str = "meldingen") -> tuple[list[Checked], dict[str, str]]:
    """Check meldingen without storing anything: the checked ones, and every problem per field."""
    places = resolve([item.location for item in items])
    book = rulebook().categories
    now = timezone.now()
    problems: dict[str, str] = {}
    checked: list[Checked] = []
    for position, (item, place) in enumerate(zip(items, places, strict=True)):
        own: dict[str, str] = {} if isinstance(place, Place) else dict(place)
        kind: Classification | None = None
        try:
            kind = book.classify(item.category, item.subcategory)
        except CategoryError as error:
            own["subcategory" if item.category in book.file.categories else "category"] = str(error)
        description = item.description.strip()
        if not description:
            own["description"] = "beschrijf wat er aan de hand is"
        elif len(description) > MAX_DESCRIPTION:
            own["description"] = f"ten hoogste {MAX_DESCRIPTION} tekens, niet {len(description)}"
        if item.channel not in _CHANNELS:
            own["channel"] = f"kanaal '{item.channel}' bestaat niet; kies uit {', '.join(Channel.values)}"
        own.update(_reporter_problems(item.reporter))
        received_at = item.received_at or now
        if timezone.is_naive(received_at):
            own["received_at"] = "geef het tijdstip met tijdzone"
        elif received_at > now + FUTURE_TOLERANCE:
            own["received_at"] = f"{received_at:%d-%m-%Y %H:%M} ligt in de toekomst"
        if len(item.idempotency_key) > 100:
            own["idempotency_key"] = "ten hoogste 100 tekens"
        if len(item.external_reference) > 100:
            own["external_reference"] = "ten hoogste 100 tekens"
        uploads = attachments.check(item.attachments)
        if isinstance(uploads, dict):
            own.update(uploads)
        if own or kind is None or not isinstance(place, Place) or isinstance(uploads, dict):
            head = f"{prefix}[{position}]." if prefix else ""
            problems.update({f"{head}{name}": text for name, text in own.items()})
            continue
        checked.append(Checked(item, kind, place, received_at, uploads))
    return checked, problems


def _reporter_problems(reporter: Reporter) -> dict[str, str]:
    problems: dict[str, str] = {}
    if reporter.kind not in _REPORTER_KINDS:
        problems["reporter.kind"] = (
            f"soort melder '{reporter.kind}' bestaat niet; kies uit {', '.join(ReporterKind.values)}"
        )
    if reporter.kind == ReporterKind.ANONYMOUS and reporter.has_contact():
        problems["reporter"] = (
            "een anonieme melding heeft geen naam of contactgegevens; kies een soort melder"
        )
    if reporter.email.strip():
        try:
            validate_email(reporter.email.strip())
        except ValidationError:
            problems["reporter.email"] = f"'{reporter.email.strip()}' is geen e-mailadres"
    if reporter.phone.strip() and not 9 <= len(phone_key(reporter.phone)) <= 15:
        problems["reporter.phone"] = f"'{reporter.phone.strip()}' is geen telefoonnummer"
    for name, value, limit in (("name", reporter.name, 200), ("address", reporter.address, 300)):
        if len(value.strip()) > limit:
            problems[f"reporter.{name}"] = f"ten hoogste {limit} tekens"
    return problems


def _may_report(actor: Any) -> None:
    """Anyone with ``cases.report`` in some organisation may submit; the system (no actor) too."""
    if actor is None:
        return
    if not grants_of(actor).report:
        raise NotAllowed("u mag geen meldingen doen")
