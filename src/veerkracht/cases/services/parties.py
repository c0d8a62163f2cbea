# SPDX-License-Identifier: EUPL-1.2
"""The parties of a dossier and hoor en wederhoor: who takes part in which role, and each one's account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max

from veerkracht.cases.models import Dossier, Hearing, HearingForm, Melding, Party, PartyRole
from veerkracht.cases.models.reporter import phone_key
from veerkracht.cases.services.dossier_common import (
    DossierError,
    audit,
    lock,
    moment,
    require_edit,
    require_open,
    user_of,
)
from veerkracht.core import events
from veerkracht.core.models import Organisation

PARTY_ADDED, HEARING_RECORDED = "dossier.party_added", "dossier.hearing_recorded"


@dataclass(frozen=True)
class NewParty:
    role: str
    name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    description: str = ""
    #: The melding through which a reporter came in (their contact details stay with it as well).
    melding: Melding | None = None
    #: For a partner: the organisation.
    organisation: Organisation | None = None
    #: The day a reporter or witness agreed to be named in a court file.
    named_in_court_on: date | None = None


def _check(new: NewParty, dossier: Dossier) -> None:
    if new.role not in PartyRole.values:
        raise DossierError(f"rol '{new.role}' bestaat niet; kies uit {', '.join(PartyRole.values)}")
    if new.role == PartyRole.PARTNER and new.organisation is None:
        raise DossierError("een netwerkpartner is een organisatie; kies de organisatie")
    if new.role != PartyRole.PARTNER and not (
        new.name.strip() or new.melding is not None or new.description.strip()
    ):
        raise DossierError("geef een naam, een omschrijving (een huishouden) of de melding van deze melder")
    if new.email.strip():
        try:
            validate_email(new.email.strip())
        except ValidationError:
            raise DossierError(f"'{new.email.strip()}' is geen e-mailadres") from None
    if new.phone.strip() and not 9 <= len(phone_key(new.phone)) <= 15:
        raise DossierError(f"'{new.phone.strip()}' is geen telefoonnummer")
    if new.melding is not None and not dossier.links.filter(melding=new.melding).exists():
        raise DossierError(f"melding {new.melding.reference} zit niet in dit dossier")
    if new.named_in_court_on is not None and new.role not in (PartyRole.REPORTER, PartyRole.WITNESS):
        raise DossierError(
            "alleen een melder of getuige geeft toestemming om bij de rechter genoemd te worden"
        )


@transaction.atomic
def add_party(dossier: Dossier, new: NewParty, *, actor: Any, at: datetime | None = None) -> Party:
    """Add a party in a role; reporters and witnesses are numbered so they can be named without a name."""
    current = lock(dossier)
    require_edit(actor, current)
    require_open(current)
    _check(new, current)
    when = moment(at, not_before=current.opened_at, what="het toevoegen")
    number = (
        Party.objects.filter(dossier=current, role=new.role).aggregate(top=Max("number"))["top"] or 0
    ) + 1
    name = new.name.strip() or (new.organisation.name if new.organisation is not None else "")
    party = Party.objects.create(
        dossier=current,
        role=new.role,
        number=number,
        name=name[:200],
        address=new.address.strip()[:300],
        phone=new.phone.strip()[:40],
        email=new.email.strip(),
        description=new.description.strip(),
        melding=new.melding,
        organisation=new.organisation,
        named_in_court_on=new.named_in_court_on,
        added_at=when,
        added_by=user_of(actor),
    )
    audit(PARTY_ADDED, current, actor, party=party.pk, role=new.role)
    events.publish(PARTY_ADDED, {"dossier": current.pk, "party": party.pk, "role": new.role})
    return party


@transaction.atomic
def record_hearing(
    party: Party,
    *,
    held_at: datetime,
    form: str,
    statement: str = "",
    responded: bool = True,
    actor: Any,
) -> Hearing:
    """Record hoor en wederhoor of one party: their account, or that they were asked and did not respond."""
    current = lock(party.dossier)
    require_edit(actor, current)
    require_open(current)
    if form not in HearingForm.values:
        raise DossierError(f"vorm '{form}' bestaat niet; kies uit {', '.join(HearingForm.values)}")
    if responded and not statement.strip():
        raise DossierError("leg vast wat de betrokkene vertelde, of dat er geen reactie kwam")
    when = moment(held_at, not_before=current.opened_at, what="het horen")
    hearing = Hearing.objects.create(
        dossier=current,
        party=party,
        held_at=when,
        form=form,
        responded=responded,
        statement=statement.strip(),
        recorded_at=moment(None),
        recorded_by=user_of(actor),
    )
    audit(HEARING_RECORDED, current, actor, party=party.pk, role=party.role, responded=responded)
    events.publish(HEARING_RECORDED, {"dossier": current.pk, "hearing": hearing.pk})
    return hearing
