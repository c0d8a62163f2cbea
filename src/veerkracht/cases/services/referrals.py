# SPDX-License-Identifier: EUPL-1.2
"""Referrals within the AVG: share a minimal, frozen set of fields with a partner on a recorded legal basis.

A referral names the partner, the purpose, the legal basis (a covenant valid that day that both
organisations signed and that allows these fields for this kind of partner, or the subject's consent with
its date and scope) and the fields. What is shared is copied at that moment (``sharing.build_snapshot``)
and never changes. The partner's people answer and close their part; the referring organisation ends the
referral, or it ends by itself at ``ends_at`` or when the dossier closes. After the end, nothing is
readable. Every share, answer, closing and end is audited; every read by the partner is audited by
``queries.referrals``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from veerkracht.cases.dossier_access import can_edit_dossier, can_refer, get_shared_referral
from veerkracht.cases.models import (
    Covenant,
    Dossier,
    LegalBasis,
    PartnerKind,
    Party,
    PartyRole,
    Referral,
    ReferralReply,
)
from veerkracht.cases.services.dossier_common import (
    DossierError,
    label_of,
    lock,
    moment,
    require_edit,
    require_open,
    user_of,
)
from veerkracht.cases.services.errors import NotAllowed
from veerkracht.cases.sharing import build_snapshot, unknown_fields
from veerkracht.core import events
from veerkracht.core.calendar import local_day
from veerkracht.core.models import Organisation
from veerkracht.core.services import record_audit

SHARED, REPLIED, PARTNER_CLOSED, ENDED = (
    "referral.shared",
    "referral.replied",
    "referral.partner_closed",
    "referral.ended",
)
DEFAULT_ACCESS = timedelta(days=90)
MAX_ACCESS = timedelta(days=365)


@dataclass(frozen=True)
class NewReferral:
    partner: Organisation
    partner_kind: str
    purpose: str
    fields: Sequence[str]
    covenant: Covenant | None = None
    consent_on: date | None = None
    consent_scope: str = ""
    consent_party: Party | None = None
    #: Until when the partner may read what was shared; 90 days after sharing when left out.
    ends_at: datetime | None = None


def _basis(new: NewReferral, dossier: Dossier, day: date) -> str:
    if (new.covenant is None) == (new.consent_on is None):
        raise DossierError("grondslag: kies een convenant óf leg de toestemming van de betrokkene vast")
    if new.covenant is not None:
        covenant = new.covenant
        if not covenant.is_valid_on(day):
            raise DossierError(f"convenant '{covenant.name}' geldt niet op {day:%d-%m-%Y}")
        parties = set(covenant.organisations.values_list("pk", flat=True))
        if not {dossier.organisation_id, new.partner.pk} <= parties:
            raise DossierError(
                f"{new.partner.name} en {dossier.organisation.name} zijn niet allebei partij bij "
                f"'{covenant.name}'"
            )
        if new.partner_kind not in covenant.partner_kinds:
            raise DossierError(
                f"convenant '{covenant.name}' staat delen met "
                f"{PartnerKind(new.partner_kind).label.lower()} niet toe"
            )
        beyond = [code for code in new.fields if code not in covenant.fields]
        if beyond:
            raise DossierError(f"convenant '{covenant.name}' staat het delen van {beyond} niet toe")
        return LegalBasis.COVENANT
    assert new.consent_on is not None
    if new.consent_on > day:
        raise DossierError("de datum van de toestemming ligt in de toekomst")
    if not new.consent_scope.strip():
        raise DossierError("leg vast waarvoor de betrokkene toestemming gaf (de reikwijdte)")
    party = new.consent_party
    if party is None or party.dossier_id != dossier.pk or party.role != PartyRole.SUBJECT:
        raise DossierError(
            "toestemming geeft de betrokkene zelf: kies de veroorzaker of het huishouden in dit dossier"
        )
    return LegalBasis.CONSENT


@transaction.atomic
def refer(dossier: Dossier, new: NewReferral, *, actor: Any, at: datetime | None = None) -> Referral:
    """Refer a dossier to a partner, sharing exactly the named fields as they are now."""
    current = lock(dossier)
    require_edit(actor, current)
    if actor is not None and not can_refer(actor, current):
        raise NotAllowed("u mag dit dossier niet doorverwijzen")
    require_open(current)
    if not new.purpose.strip():
        raise DossierError("doel: schrijf waarvoor de partner de gegevens krijgt")
    if new.partner.pk == current.organisation_id:
        raise DossierError("een organisatie verwijst niet naar zichzelf door")
    if new.partner_kind not in PartnerKind.values:
        raise DossierError(
            f"soort partner '{new.partner_kind}' bestaat niet; kies uit {', '.join(PartnerKind.values)}"
        )
    fields = list(dict.fromkeys(new.fields))
    if not fields:
        raise DossierError("kies de gegevens die gedeeld worden (zo weinig als nodig)")
    if unknown_fields(fields):
        raise DossierError(f"onbekende gegevens {unknown_fields(fields)}")
    when = moment(at, not_before=current.opened_at, what="het doorverwijzen")
    basis = _basis(new, current, local_day(when))
    ends_at = new.ends_at or when + DEFAULT_ACCESS
    if not when < ends_at <= when + MAX_ACCESS:
        raise DossierError("de toegang van de partner eindigt na het delen en binnen een jaar")
    referral = Referral.objects.create(
        dossier=current,
        organisation=current.organisation,
        partner=new.partner,
        partner_kind=new.partner_kind,
        purpose=new.purpose.strip(),
        legal_basis=basis,
        covenant=new.covenant,
        consent_on=new.consent_on,
        consent_scope=new.consent_scope.strip(),
        consent_party=new.consent_party,
        fields=fields,
        snapshot=build_snapshot(current, fields, actor, at=when),
        shared_at=when,
        shared_by=user_of(actor),
        ends_at=ends_at,
    )
    _audit(
        SHARED,
        referral,
        actor,
        current.organisation,
        partner=new.partner.pk,
        fields=fields,
        basis=basis,
        covenant=new.covenant.pk if new.covenant else None,
        dossier=current.pk,
    )
    events.publish(SHARED, {"referral": referral.pk, "dossier": current.pk, "partner": new.partner.pk})
    return referral


def _audit(action: str, referral: Referral, actor: Any, organisation: Organisation, **detail: Any) -> None:
    record_audit(
        action,
        actor=user_of(actor),
        organisation=organisation,
        object_type="referral",
        object_id=referral.pk,
        detail=detail,
    )


def _side(referral: Referral, actor: Any) -> bool:
    """True when the actor answers for the partner, False for the referring organisation; else refused."""
    try:
        get_shared_referral(actor, referral.pk)
        return True
    except Referral.DoesNotExist:
        pass
    if can_edit_dossier(actor, referral.dossier) and referral.ended_at is None:
        return False
    raise Referral.DoesNotExist("Referral matching query does not exist.")


@transaction.atomic
def reply(referral: Referral, text: str, *, actor: Any) -> ReferralReply:
    """Answer in a referral: the partner (while it may read it) or the referring organisation."""
    current = Referral.objects.select_for_update().select_related("dossier").get(pk=referral.pk)
    from_partner = _side(current, actor)
    if not text.strip():
        raise DossierError("schrijf een antwoord")
    answer = ReferralReply.objects.create(
        referral=current,
        at=timezone.now(),
        author=user_of(actor),
        author_label=label_of(actor),
        from_partner=from_partner,
        text=text.strip(),
    )
    organisation = current.partner if from_partner else current.organisation
    _audit(REPLIED, current, actor, organisation, reply=answer.pk, from_partner=from_partner)
    events.publish(REPLIED, {"referral": current.pk, "reply": answer.pk})
    return answer


@transaction.atomic
def close_partner_part(referral: Referral, *, outcome: str, actor: Any) -> Referral:
    """The partner closes its part with an outcome; it still reads the referral until the referral ends."""
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if not _side(current, actor):
        raise NotAllowed("alleen de partner sluit zijn deel af")
    if current.partner_closed_at is not None:
        raise DossierError("de partner heeft zijn deel al afgesloten")
    if not outcome.strip():
        raise DossierError("schrijf de uitkomst bij de partner")
    current.partner_closed_at, current.partner_outcome = timezone.now(), outcome.strip()
    current.partner_closed_by = user_of(actor)
    current.save(update_fields=["partner_closed_at", "partner_outcome", "partner_closed_by"])
    _audit(PARTNER_CLOSED, current, actor, current.partner)
    events.publish(PARTNER_CLOSED, {"referral": current.pk})
    referral.partner_closed_at = current.partner_closed_at
    return current


@transaction.atomic
def end_referral(referral: Referral, *, reason: str, actor: Any, at: datetime | None = None) -> Referral:
    """The referring organisation ends a referral: from then on the partner reads nothing of it."""
    current = Referral.objects.select_for_update().select_related("dossier__organisation").get(pk=referral.pk)
    require_edit(actor, current.dossier)
    if current.ended_at is not None:
        raise DossierError("deze doorverwijzing is al beëindigd")
    if not reason.strip():
        raise DossierError("geef een reden om de doorverwijzing te beëindigen")
    current.ended_at = moment(at, not_before=current.shared_at, what="het beëindigen")
    current.end_reason = reason.strip()
    current.save(update_fields=["ended_at", "end_reason"])
    _audit(ENDED, current, actor, current.organisation)
    events.publish(ENDED, {"referral": current.pk})
    referral.ended_at = current.ended_at
    return current


def end_expired_referrals(*, now: datetime | None = None) -> int:
    """Mark referrals past their ``ends_at`` as ended (access already stopped then); returns how many."""
    moment_now = now or timezone.now()
    expired = list(
        Referral.objects.filter(ended_at__isnull=True, ends_at__lte=moment_now).select_related("organisation")
    )
    for referral in expired:
        with transaction.atomic():
            if Referral.objects.filter(pk=referral.pk, ended_at__isnull=True).update(
                ended_at=referral.ends_at, end_reason="termijn verstreken"
            ):
                _audit(ENDED, referral, None, referral.organisation, expired=True)
    return len(expired)
