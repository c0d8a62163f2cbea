# SPDX-License-Identifier: EUPL-1.2
"""Reads of dossiers: the list a person may see, one dossier as its page shows it, open dossiers nearby.

Everything goes through the one rule (``Dossier.objects.visible_to`` / ``dossier_access``); a dossier's
meldingen through the melding rule, its parties through ``party_view``. A page that shows a dossier's
content also calls ``services.reads.record_dossier_read``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from veerkracht.cases.addresses import address_key
from veerkracht.cases.dossier_access import (
    PartyView,
    can_edit_dossier,
    can_refer,
    party_view,
    sees_reporter_identity,
)
from veerkracht.cases.dossier_rulebook import dossier_rules
from veerkracht.cases.models import (
    Dossier,
    DossierHistory,
    DossierStatus,
    Hearing,
    Melding,
    Party,
    Referral,
    ReporterContact,
)
from veerkracht.cases.queries.ladder import Position, position
from veerkracht.cases.services.location import Location
from veerkracht.geo import levels

MAX_LIST = 500


@dataclass(frozen=True)
class DossierFilter:
    """What a person narrows the list to; empty means everything they may read."""

    status: str = "open"  # "open", "closed" or "" for both
    dossier_types: Sequence[str] = ()
    #: A buurt, wijk or gemeente code.
    area: str = ""
    organisation: int | None = None
    #: A dossier reference (D-2026-000012) or the start of an address.
    text: str = ""


def dossier_list(user: Any, chosen: DossierFilter | None = None, *, limit: int = 100) -> list[Dossier]:
    """The dossiers the person may read, newest first."""
    chosen = chosen or DossierFilter()
    found = Dossier.objects.visible_to(user).select_related("organisation")
    if chosen.status == "open":
        found = found.filter(is_open=True)
    elif chosen.status == "closed":
        found = found.filter(is_open=False)
    if chosen.dossier_types:
        found = found.filter(dossier_type__in=list(chosen.dossier_types))
    if chosen.organisation is not None:
        found = found.filter(organisation_id=chosen.organisation)
    if chosen.area:
        level = levels.level_of(chosen.area)
        column = {"buurt": "buurt_code", "wijk": "wijk_code", "gemeente": "gemeente_code"}.get(level or "")
        found = found.filter(**{column: chosen.area}) if column else found.none()
    text = chosen.text.strip()
    if text:
        parsed = Dossier.parse_reference(text)
        found = (
            found.by_reference(text) if parsed else found.filter(address_key__startswith=address_key(text))
        )
    return list(found.order_by("-opened_at", "-id")[: min(limit, MAX_LIST)])


def open_dossiers_at(user: Any, location: Location, *, limit: int = 20) -> list[Dossier]:
    """Open dossiers the person may read at the same address or complex (to add a new melding to)."""
    key, complex_code = address_key(location.address), location.complex_code.strip()
    if not key and not complex_code:
        return []
    found = Dossier.objects.visible_to(user).filter(is_open=True)
    if key and complex_code:
        from django.db.models import Q

        found = found.filter(Q(address_key=key) | Q(complex_code=complex_code))
    elif key:
        found = found.filter(address_key=key)
    else:
        found = found.filter(complex_code=complex_code)
    return list(found.select_related("organisation").order_by("-opened_at")[:limit])


@dataclass(frozen=True)
class HearingView:
    hearing: Hearing
    party: PartyView


@dataclass(frozen=True)
class DossierDetail:
    """One dossier as one person may see it."""

    dossier: Dossier
    type_label: str
    status_label: str
    outcome_label: str
    #: The meldingen of the dossier this person may read, oldest first.
    meldingen: list[Melding]
    #: How many meldingen of the dossier this person may not read (care or crime signals).
    hidden_meldingen: int
    #: Distinct reporters behind the meldingen (a number, never who).
    reporters: int
    #: How each shown melding's reporter may be named to this person: "Melder 1", or the name with
    #: ``cases.view_reporter_contact``. Pages show this, never ``melding.reporter_contact``.
    reporter_labels: dict[int, str]
    parties: list[PartyView]
    hearings: list[HearingView]
    position: Position | None
    referrals: list[Referral]
    history: list[DossierHistory]
    identity_shown: bool
    can_edit: bool
    can_refer: bool


def distinct_reporters(meldingen: Sequence[Melding]) -> int:
    """Reporters counted once however often they reported (by e-mail or phone); anonymous ones each once."""
    keys: set[str] = set()
    anonymous = 0
    rows = ReporterContact.objects.filter(melding__in=[m.pk for m in meldingen]).values_list(
        "melding_id", "email_key", "phone_key"
    )
    known = {melding_id: email or phone for melding_id, email, phone in rows}
    for melding in meldingen:
        key = known.get(melding.pk, "")
        if key:
            keys.add(key)
        else:
            anonymous += 1
    return len(keys) + anonymous


def _reporter_labels(
    meldingen: Sequence[Melding], parties: dict[int, Party], views: dict[int, PartyView], identity: bool
) -> dict[int, str]:
    by_melding = {p.melding_id: views[pk].label for pk, p in parties.items() if p.melding_id is not None}
    names: dict[int, str] = {}
    if identity:
        rows = ReporterContact.objects.filter(melding__in=[m.pk for m in meldingen])
        names = dict(rows.values_list("melding_id", "name"))
    labels = {}
    for melding in meldingen:
        if melding.pk in by_melding:
            labels[melding.pk] = by_melding[melding.pk]
        elif names.get(melding.pk):
            labels[melding.pk] = names[melding.pk]
        else:
            labels[melding.pk] = "anonieme melder" if melding.reporter_kind == "anonymous" else "melder"
    return labels


def dossier_detail(user: Any, dossier: Dossier) -> DossierDetail:
    """Compose a dossier's page for a person (call with a dossier from ``get_visible_dossier``)."""
    rules = dossier_rules()
    all_meldingen = list(Melding.objects.filter(dossier_links__dossier=dossier).order_by("received_at", "id"))
    readable = set(
        Melding.objects.visible_to(user, own_submissions=False)
        .filter(pk__in=[m.pk for m in all_meldingen])
        .values_list("pk", flat=True)
    )
    identity = sees_reporter_identity(user, dossier)
    parties = {p.pk: p for p in Party.objects.filter(dossier=dossier).order_by("role", "number")}
    views = {pk: party_view(user, dossier, party, identity=identity) for pk, party in parties.items()}
    hearings = [
        HearingView(h, views[h.party_id])
        for h in Hearing.objects.filter(dossier=dossier).order_by("held_at", "id")
    ]
    shown = [m for m in all_meldingen if m.pk in readable]
    return DossierDetail(
        dossier=dossier,
        type_label=rules.types.type(dossier.dossier_type).label.nl,
        status_label=str(DossierStatus(dossier.status).label),
        outcome_label=rules.types.outcome_label(dossier.outcome) if dossier.outcome else "",
        meldingen=shown,
        hidden_meldingen=len(all_meldingen) - len(readable),
        reporters=distinct_reporters(all_meldingen),
        reporter_labels=_reporter_labels(shown, parties, views, identity),
        parties=list(views.values()),
        hearings=hearings,
        position=position(dossier),
        referrals=list(
            Referral.objects.filter(dossier=dossier)
            .select_related("partner", "covenant")
            .order_by("shared_at")
        ),
        history=list(DossierHistory.objects.filter(dossier=dossier).order_by("at", "id")),
        identity_shown=identity,
        can_edit=can_edit_dossier(user, dossier),
        can_refer=can_refer(user, dossier),
    )


def known_place(user: Any, address: str) -> Location | None:
    """Where an address lies, from the newest melding or dossier at it that the person may read.

    Veerkracht has no address register (ADR 0021); an address it has seen before carries its point,
    complex and buurt, so a dossier opened from the address alone lands in the same place.
    """
    key = address_key(address)
    if not key:
        return None
    columns = ("x", "y", "complex_code", "buurt_code", "received_at")
    melding = (
        Melding.objects.visible_to(user, own_submissions=False)
        .filter(address_key=key)
        .exclude(buurt_code="", complex_code="")
        .order_by("-received_at")
        .values_list(*columns)
        .first()
    )
    dossier = (
        Dossier.objects.visible_to(user)
        .filter(address_key=key)
        .exclude(buurt_code="", complex_code="")
        .order_by("-opened_at")
        .values_list(*columns[:4], "opened_at")
        .first()
    )
    newest = max((row for row in (melding, dossier) if row is not None), key=lambda row: row[4], default=None)
    if newest is None:
        return None
    x, y, complex_code, buurt_code, _at = newest
    return Location(
        address=address.strip(),
        x=x if y is not None else None,
        y=y if x is not None else None,
        complex_code=complex_code,
        area_code=buurt_code,
    )
