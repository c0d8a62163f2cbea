# SPDX-License-Identifier: EUPL-1.2
"""Early signals: rent arrears, letting and contractors open or join a dossier (seed 004 §3.2, seed 000).

A signal becomes a melding (through intake, so it is routed, clocked and visible like any other), joins
the open dossier of its type at the same address or opens one, names the household as the subject, and is
kept as an :class:`EarlySignal` with the covenant that allowed it. With ``refer_to`` it is referred at
once under that covenant, sharing no more than the signal's minimal fields that the covenant allows: at
one month of rent arrears, corporation and debt help act together (seed 000).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from veerkracht.cases.access import grants_of
from veerkracht.cases.addresses import address_key
from veerkracht.cases.dossier_rulebook import dossier_rules
from veerkracht.cases.models import (
    Covenant,
    Dossier,
    DossierSource,
    EarlySignal,
    Melding,
    PartnerKind,
    Party,
    PartyRole,
    Referral,
    ReporterKind,
    SignalKind,
    SubjectKind,
)
from veerkracht.cases.services import dossiers, intake, parties, referrals
from veerkracht.cases.services.dossier_common import DossierError, user_of
from veerkracht.cases.services.errors import NotAllowed
from veerkracht.cases.services.location import Location
from veerkracht.core.models import Organisation
from veerkracht.core.services import record_audit

RECEIVED = "signal.received"
#: The fields a referral of a signal shares at most (the covenant may allow fewer).
SIGNAL_FIELDS: dict[str, tuple[str, ...]] = {
    SignalKind.RENT_ARREARS: ("adres", "betrokkene_naam", "betrokkene_contact", "huurachterstand"),
    SignalKind.LETTING: ("adres", "betrokkene_naam", "meldingen_overzicht"),
    SignalKind.CONTRACTOR: ("adres", "meldingen_overzicht", "meldingen_omschrijving"),
}
_REPORTER: dict[str, str] = {
    SignalKind.RENT_ARREARS: ReporterKind.STAFF,
    SignalKind.LETTING: ReporterKind.STAFF,
    SignalKind.CONTRACTOR: ReporterKind.CONTRACTOR,
}
_SOURCE: dict[str, str] = {
    SignalKind.RENT_ARREARS: DossierSource.RENT_ARREARS,
    SignalKind.LETTING: DossierSource.LETTING,
    SignalKind.CONTRACTOR: DossierSource.CONTRACTOR,
}


@dataclass(frozen=True)
class NewSignal:
    kind: str
    location: Location
    observed_on: date
    #: Who noticed it, in words: "Incasso", "Verhuur", "Schilderbedrijf De Kwast".
    source_label: str
    description: str = ""
    #: The melding category (letting and contractor signals name it; rent arrears knows its own).
    category: str = ""
    subcategory: str = ""
    #: The household or tenant concerned: the dossier's subject.
    household: str = ""
    months_in_arrears: int | None = None
    amount_eur: Decimal | None = None
    external_reference: str = ""
    received_at: datetime | None = None


@dataclass(frozen=True)
class SignalResult:
    signal: EarlySignal
    melding: Melding
    dossier: Dossier
    dossier_opened: bool
    referral: Referral | None


def _classify(new: NewSignal) -> tuple[str, str, str]:
    """Category, subcategory and the melding's description."""
    if new.kind not in SignalKind.values:
        raise DossierError(
            f"soort signaal '{new.kind}' bestaat niet; kies uit {', '.join(SignalKind.values)}"
        )
    if new.kind != SignalKind.RENT_ARREARS:
        if not new.category or not new.subcategory:
            raise DossierError("een signaal van verhuur of een aannemer noemt de categorie en subcategorie")
        return new.category, new.subcategory, new.description.strip()
    months = new.months_in_arrears
    if months is None or months < 1:
        raise DossierError("een huurachterstand wordt een signaal vanaf één maand achterstand (seed 000)")
    amount = f" (€ {new.amount_eur:.2f})".replace(".", ",") if new.amount_eur is not None else ""
    text = new.description.strip() or (
        f"Huurachterstand van {months} maand{'en' if months > 1 else ''}{amount} "
        f"op {new.observed_on:%d-%m-%Y}."
    )
    return "huurachterstand", "een_maand" if months == 1 else "meerdere_maanden", text


@transaction.atomic
def receive_signal(
    new: NewSignal,
    *,
    organisation: Organisation,
    actor: Any,
    covenant: Covenant | None = None,
    refer_to: Organisation | None = None,
) -> SignalResult:
    """Take in one early signal: a melding, a dossier opened or joined, the household, maybe a referral."""
    if actor is not None and organisation.pk not in grants_of(actor).edit:
        raise NotAllowed(f"u mag geen signalen verwerken voor {organisation.name}")
    category, subcategory, description = _classify(new)
    if refer_to is not None and covenant is None:
        raise DossierError("doorverwijzen bij een signaal kan alleen onder een convenant")
    if not new.source_label.strip():
        raise DossierError("noem wie het signaal gaf (afdeling of aannemer)")
    melding = intake.receive_many(
        [
            intake.NewMelding(
                category=category,
                subcategory=subcategory,
                description=description or f"Signaal van {new.source_label.strip()}",
                location=new.location,
                channel="api",
                reporter=intake.Reporter(kind=_REPORTER[new.kind]),
                received_at=new.received_at,
                external_reference=new.external_reference,
            )
        ],
        organisation=organisation,
        actor=actor,
        prefix="",
    )[0]
    spec = dossier_rules().types.type_for_category(category)
    if spec is None:
        raise DossierError(f"categorie '{category}' opent geen dossier; voeg haar toe aan een dossiertype")
    dossier = _open_dossier_for(melding, spec.code)
    opened = dossier is None
    if dossier is None:
        subject = SubjectKind.HOUSEHOLD if SubjectKind.HOUSEHOLD in spec.subjects else spec.subjects[0]
        dossier = dossiers.open_dossier(
            dossiers.NewDossier(
                dossier_type=spec.code,
                subject_kind=subject,
                title=f"{spec.label.nl}: {melding.address or melding.complex_code}",
                meldingen=[melding],
                source=_SOURCE[new.kind],
                opened_at=melding.received_at,
            ),
            organisation=melding.organisation,
            actor=None,
        )
    else:
        dossiers.add_meldingen(dossier, [melding], actor=None, at=melding.received_at)
    _household(dossier, new, melding)
    signal = EarlySignal.objects.create(
        kind=new.kind,
        melding=melding,
        dossier=dossier,
        observed_on=new.observed_on,
        months_in_arrears=new.months_in_arrears,
        amount_eur=new.amount_eur,
        source_label=new.source_label.strip()[:200],
        covenant=covenant,
        dossier_opened=opened,
    )
    referral = (
        _refer(dossier, new, covenant, refer_to) if refer_to is not None and covenant is not None else None
    )
    record_audit(
        RECEIVED,
        actor=user_of(actor),
        organisation=dossier.organisation,
        object_type="dossier",
        object_id=dossier.pk,
        detail={
            "signal": signal.pk,
            "kind": new.kind,
            "melding": melding.pk,
            "dossier_opened": opened,
            "covenant": covenant.pk if covenant else None,
            "referral": referral.pk if referral else None,
        },
    )
    return SignalResult(signal, melding, dossier, opened, referral)


def _open_dossier_for(melding: Melding, dossier_type: str) -> Dossier | None:
    """The open dossier of this type at the melding's address (or complex, without an address)."""
    found = Dossier.objects.filter(
        organisation_id=melding.organisation_id, dossier_type=dossier_type, is_open=True
    )
    if melding.address_key:
        found = found.filter(address_key=melding.address_key)
    elif melding.complex_code:
        found = found.filter(complex_code=melding.complex_code, address_key="")
    else:
        return None
    return found.order_by("opened_at").first()


def _household(dossier: Dossier, new: NewSignal, melding: Melding) -> None:
    name = new.household.strip()
    if not name:
        return
    known = Party.objects.filter(dossier=dossier, role=PartyRole.SUBJECT)
    if any(address_key(p.name) == address_key(name) for p in known):
        return
    parties.add_party(
        dossier,
        parties.NewParty(role=PartyRole.SUBJECT, name=name, address=melding.address),
        actor=None,
        at=melding.received_at,
    )


def _refer(dossier: Dossier, new: NewSignal, covenant: Covenant, partner: Organisation) -> Referral:
    kinds = list(covenant.partner_kinds)
    preferred = PartnerKind.DEBT_HELP if new.kind == SignalKind.RENT_ARREARS else kinds[0]
    fields = [code for code in SIGNAL_FIELDS[new.kind] if code in covenant.fields]
    return referrals.refer(
        dossier,
        referrals.NewReferral(
            partner=partner,
            partner_kind=preferred if preferred in kinds else kinds[0],
            purpose=f"Vroegsignalering: {SignalKind(new.kind).label.lower()}, gezamenlijk optreden onder "
            f"het convenant '{covenant.name}'",
            fields=fields,
            covenant=covenant,
        ),
        actor=None,
        at=new.received_at,
    )
