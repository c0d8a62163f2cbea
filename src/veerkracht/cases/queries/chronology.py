# SPDX-License-Identifier: EUPL-1.2
"""A dossier in chronological order, as a court file: everything that happened, with what the court may see.

How reporters and witnesses appear (ADR 0021): by a pseudonym ("Melder 2", "Getuige 1") that stays the
same throughout the file, never with contact details, and by name only when they agreed to be named
(``Party.named_in_court_on``) and the person making the file may know who they are. The subject appears by
name: the file is about them. Meldingen that the person making the file may not read are not in it (a
line says how many are left out). Referrals show to whom, why and on which basis, and which fields were
shared, never their content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone

from veerkracht.cases.dossier_access import sees_reporter_identity
from veerkracht.cases.dossier_rulebook import dossier_rules
from veerkracht.cases.models import (
    PROTECTED_ROLES,
    Channel,
    Dossier,
    DossierHistory,
    Hearing,
    HistoryKind,
    LadderStep,
    Melding,
    Party,
    PartyRole,
    Referral,
)
from veerkracht.cases.rulebook import rulebook
from veerkracht.cases.sharing import FIELDS

_HISTORY_SHOWN = {
    HistoryKind.OPENED,
    HistoryKind.SUSPENDED,
    HistoryKind.RESUMED,
    HistoryKind.EXTENDED,
    HistoryKind.CLOSED,
    HistoryKind.REOPENED,
}


@dataclass(frozen=True)
class Entry:
    """One moment of the file: when, what kind, a title and the lines under it."""

    at: datetime
    kind: str
    title: str
    lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Chronology:
    dossier: Dossier
    type_label: str
    #: (how the party is named, what it is: its role, or for a subject the household's description)
    parties: list[tuple[str, str]]
    entries: list[Entry]
    left_out: int
    anonymised_parties: int
    made_at: datetime
    made_by: str


def _names(user: Any, dossier: Dossier) -> dict[int, str]:
    """How each party is named in the file."""
    identity = sees_reporter_identity(user, dossier)
    names = {}
    for party in Party.objects.filter(dossier=dossier):
        named = party.role not in PROTECTED_ROLES or (identity and party.named_in_court_on is not None)
        names[party.pk] = (party.name or party.pseudonym) if named else party.pseudonym
    return names


def _melding_entries(user: Any, dossier: Dossier, reporters: dict[int, str]) -> tuple[list[Entry], int]:
    categories = rulebook().categories
    linked = list(Melding.objects.filter(dossier_links__dossier=dossier).order_by("received_at", "id"))
    readable = set(
        Melding.objects.visible_to(user, own_submissions=False)
        .filter(pk__in=[m.pk for m in linked])
        .values_list("pk", flat=True)
    )
    entries = []
    for melding in linked:
        if melding.pk not in readable:
            continue
        kind = categories.classify(melding.category, melding.subcategory)
        who = reporters.get(melding.pk) or (
            "anonieme melder"
            if melding.reporter_kind == "anonymous"
            else "melder (niet bij naam in het dossier)"
        )
        entries.append(
            Entry(
                melding.received_at,
                "melding",
                f"Melding {melding.reference}: {kind.label}, {kind.sublabel.lower()}",
                [f"Gemeld door: {who} ({Channel(melding.channel).label.lower()})", melding.description],
            )
        )
    return entries, len(linked) - len(readable)


def _step_entries(dossier: Dossier, names: dict[int, str]) -> list[Entry]:
    book = dossier_rules().ladder
    entries = []
    for step in (
        LadderStep.objects.filter(dossier=dossier).prefetch_related("evidence").order_by("taken_at", "id")
    ):
        ladder = book.ladder(step.ladder)
        label = ladder.steps[step.step].label.nl if step.step in ladder.steps else step.step
        lines = [f"Uitkomst: {book.outcome_label(step.outcome)}"]
        if step.notes:
            lines.append(step.notes)
        for item in step.evidence.all():
            day = f" van {item.document_date:%d-%m-%Y}" if item.document_date else ""
            lines.append(f"Bewijs: {book.evidence_label(item.kind)}{day}: {item.description}")
        if step.skipped:
            lines.append(f"Voorwaarden overgeslagen: {'; '.join(step.skipped)}")
            lines.append(f"Reden: {step.skip_reason} (goedgekeurd door een coördinator)")
        entries.append(Entry(step.taken_at, "stap", f"Stap op de ladder: {label}", lines))
    return entries


def _hearing_entries(dossier: Dossier, names: dict[int, str]) -> list[Entry]:
    entries = []
    for hearing in Hearing.objects.filter(dossier=dossier).select_related("party").order_by("held_at", "id"):
        what = hearing.statement if hearing.responded else "Gevraagd om een reactie; er kwam geen reactie."
        title = f"Hoor en wederhoor: {names[hearing.party_id]} ({hearing.get_form_display().lower()})"
        entries.append(Entry(hearing.held_at, "hoor", title, [what]))
    return entries


def _referral_entries(dossier: Dossier) -> list[Entry]:
    entries = []
    for referral in Referral.objects.filter(dossier=dossier).select_related("partner", "covenant"):
        basis = (
            f"convenant '{referral.covenant.name}'"
            if referral.covenant is not None
            else f"toestemming van {referral.consent_on:%d-%m-%Y} ({referral.consent_scope})"
        )
        shared = ", ".join(FIELDS[code].label.lower() if code in FIELDS else code for code in referral.fields)
        lines = [f"Doel: {referral.purpose}", f"Grondslag: {basis}", f"Gedeeld: {shared}"]
        if referral.partner_closed_at:
            lines.append(
                f"Afgesloten door de partner op {timezone.localtime(referral.partner_closed_at):%d-%m-%Y}"
            )
        entries.append(
            Entry(
                referral.shared_at,
                "doorverwijzing",
                f"Doorverwezen naar {referral.partner.name} ({referral.get_partner_kind_display().lower()})",
                lines,
            )
        )
    return entries


def _history_entries(dossier: Dossier) -> list[Entry]:
    types = dossier_rules().types
    entries = []
    for row in DossierHistory.objects.filter(dossier=dossier, kind__in=_HISTORY_SHOWN).order_by("at", "id"):
        lines = [row.reason] if row.reason else []
        if row.kind == HistoryKind.CLOSED:
            lines.insert(0, f"Uitkomst: {types.outcome_label(str(row.detail.get('outcome', '')))}")
        if row.days:
            lines.append(f"{row.days} dagen")
        entries.append(Entry(row.at, "dossier", str(HistoryKind(row.kind).label), lines))
    return entries


def chronology(user: Any, dossier: Dossier) -> Chronology:
    """The dossier's court file as data (call for a dossier the person may read)."""
    names = _names(user, dossier)
    parties = list(Party.objects.filter(dossier=dossier).order_by("role", "number"))
    reporters = {p.melding_id: names[p.pk] for p in parties if p.role == PartyRole.REPORTER and p.melding_id}
    melding_entries, left_out = _melding_entries(user, dossier, reporters)
    entries = (
        melding_entries
        + _step_entries(dossier, names)
        + _hearing_entries(dossier, names)
        + _referral_entries(dossier)
        + _history_entries(dossier)
    )
    entries.sort(key=lambda entry: entry.at)
    listed = [
        (names[p.pk], p.description if p.role == PartyRole.SUBJECT else str(PartyRole(p.role).label))
        for p in parties
    ]
    anonymised = sum(1 for p in parties if p.role in PROTECTED_ROLES and names[p.pk] == p.pseudonym)
    return Chronology(
        dossier=dossier,
        type_label=dossier_rules().types.type(dossier.dossier_type).label.nl,
        parties=listed,
        entries=entries,
        left_out=left_out,
        anonymised_parties=anonymised,
        made_at=timezone.now(),
        made_by=str(user),
    )


#: The template of the court file; a page renders it with ``veerkracht.core.pdf.render_pdf`` (A4, page
#: numbers, contents): ``render_pdf(COURT_FILE_TEMPLATE, court_file_context(user, dossier), language="nl")``.
COURT_FILE_TEMPLATE = "cases/dossiers/court_file_pdf.html"


def court_file_context(user: Any, dossier: Dossier) -> dict[str, Any]:
    """What the court file's template needs; making it is recorded as a read (``court-file``)."""
    from veerkracht.cases.services.reads import record_dossier_read

    record_dossier_read(user, dossier, "court-file")
    return {"file": chronology(user, dossier)}
