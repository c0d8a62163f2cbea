# SPDX-License-Identifier: EUPL-1.2
"""What a referral may share: the fields a covenant or a consent can name, and the frozen snapshot of them.

Each field is a small, named part of a dossier. A covenant lists the fields that may flow under it; a
referral names the minimal set it needs and :func:`build_snapshot` copies exactly those, at the moment of
sharing, into a plain JSON document that is never updated. Reporter and witness identities are not a
field: no referral can carry them (DESIGN.md §6, ADR 0021). Meldingen go into a snapshot only when the
person sharing may read them (a care signal is not shared by someone who may not read care signals).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from veerkracht.cases.dossier_rulebook import dossier_rules
from veerkracht.cases.models import Dossier, EarlySignal, Hearing, LadderStep, Melding, Party, PartyRole
from veerkracht.cases.rulebook import rulebook


@dataclass(frozen=True)
class ShareField:
    code: str
    label: str
    build: Callable[[Dossier, Any], Any]


def _day(moment: datetime | date | None) -> str:
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        return timezone.localtime(moment).date().isoformat()
    return moment.isoformat()


def _subjects(dossier: Dossier) -> list[Party]:
    return list(dossier.parties.filter(role=PartyRole.SUBJECT).order_by("number"))


def _meldingen(dossier: Dossier, actor: Any) -> list[Melding]:
    found = Melding.objects.filter(dossier_links__dossier=dossier)
    if actor is not None:
        found = found.filter(pk__in=Melding.objects.visible_to(actor, own_submissions=False).values("pk"))
    return list(found.order_by("received_at", "id"))


def _address(dossier: Dossier, actor: Any) -> dict[str, str]:
    return {"adres": dossier.address, "complex": dossier.complex_code, "buurt": dossier.buurt_code}


def _names(dossier: Dossier, actor: Any) -> list[str]:
    return [party.name for party in _subjects(dossier) if party.name]


def _contact(dossier: Dossier, actor: Any) -> list[dict[str, str]]:
    return [
        {"naam": party.name, "adres": party.address, "telefoon": party.phone, "e-mail": party.email}
        for party in _subjects(dossier)
    ]


def _household(dossier: Dossier, actor: Any) -> list[str]:
    return [party.description for party in _subjects(dossier) if party.description]


def _summary(dossier: Dossier, actor: Any) -> str:
    return dossier.summary


def _overview(dossier: Dossier, actor: Any) -> list[dict[str, str]]:
    categories = rulebook().categories
    return [
        {"datum": _day(m.received_at), "categorie": categories.classify(m.category, m.subcategory).sublabel}
        for m in _meldingen(dossier, actor)
    ]


def _descriptions(dossier: Dossier, actor: Any) -> list[dict[str, str]]:
    return [{"datum": _day(m.received_at), "omschrijving": m.description} for m in _meldingen(dossier, actor)]


def _ladder(dossier: Dossier, actor: Any) -> list[dict[str, str]]:
    book = dossier_rules().ladder
    steps = LadderStep.objects.filter(dossier=dossier).order_by("taken_at", "id")
    return [
        {
            "datum": _day(step.taken_at),
            "stap": book.ladder(step.ladder).steps[step.step].label.nl
            if step.step in book.ladder(step.ladder).steps
            else step.step,
            "uitkomst": book.outcome_label(step.outcome),
        }
        for step in steps
    ]


def _statements(dossier: Dossier, actor: Any) -> list[dict[str, str]]:
    hearings = Hearing.objects.filter(dossier=dossier, party__role=PartyRole.SUBJECT).order_by(
        "held_at", "id"
    )
    return [
        {
            "datum": _day(h.held_at),
            "vorm": h.get_form_display(),
            "verklaring": h.statement if h.responded else "heeft niet gereageerd",
        }
        for h in hearings
    ]


def _arrears(dossier: Dossier, actor: Any) -> list[dict[str, str]]:
    return [
        {
            "peildatum": _day(signal.observed_on),
            "maanden": str(signal.months_in_arrears or ""),
            "bedrag": f"{signal.amount_eur:.2f}" if signal.amount_eur is not None else "",
        }
        for signal in EarlySignal.objects.filter(dossier=dossier, kind="rent_arrears").order_by("observed_on")
    ]


FIELDS: dict[str, ShareField] = {
    field.code: field
    for field in (
        ShareField("adres", "Adres, complex en buurt van het dossier", _address),
        ShareField("betrokkene_naam", "Naam van de veroorzaker of het huishouden", _names),
        ShareField("betrokkene_contact", "Contactgegevens van de veroorzaker", _contact),
        ShareField("huishouden", "Samenstelling van het huishouden", _household),
        ShareField("samenvatting", "Samenvatting van het dossier", _summary),
        ShareField("meldingen_overzicht", "Overzicht van de meldingen (datum en soort)", _overview),
        ShareField("meldingen_omschrijving", "Omschrijving van de meldingen", _descriptions),
        ShareField("ladder", "Genomen stappen op de escalatieladder", _ladder),
        ShareField("verklaring_betrokkene", "Hoor en wederhoor: verklaring van de veroorzaker", _statements),
        ShareField("huurachterstand", "Huurachterstand: peildatum, maanden en bedrag", _arrears),
    )
}


def unknown_fields(codes: list[str] | tuple[str, ...]) -> list[str]:
    """The codes that are not shareable fields."""
    return [code for code in codes if code not in FIELDS]


def build_snapshot(dossier: Dossier, fields: list[str], actor: Any, *, at: datetime) -> dict[str, Any]:
    """Copy exactly these fields of the dossier, as they are now, into a plain JSON document."""
    return {
        "dossier": dossier.reference,
        "organisatie": dossier.organisation.name,
        "gedeeld_op": at.isoformat(),
        "velden": {
            code: {"label": FIELDS[code].label, "waarde": FIELDS[code].build(dossier, actor)}
            for code in fields
        },
    }
