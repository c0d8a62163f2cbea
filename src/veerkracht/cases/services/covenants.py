# SPDX-License-Identifier: EUPL-1.2
"""Covenants as records: the organisations, purpose, kinds of partner and fields that may flow, and when."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from veerkracht.cases.dossier_access import MANAGE_COVENANTS, organisations_with
from veerkracht.cases.models import Covenant, PartnerKind, Referral
from veerkracht.cases.services.dossier_common import DossierError, user_of
from veerkracht.cases.services.errors import NotAllowed
from veerkracht.cases.sharing import FIELDS, unknown_fields
from veerkracht.core.calendar import end_of_day
from veerkracht.core.models import Organisation
from veerkracht.core.services import record_audit

CREATED, ENDED = "covenant.created", "covenant.ended"


@dataclass(frozen=True)
class NewCovenant:
    name: str
    purpose: str
    legal_basis: str
    organisations: Sequence[Organisation]
    partner_kinds: Sequence[str]
    fields: Sequence[str]
    valid_from: date
    valid_until: date | None = None
    document_reference: str = ""


def _check(new: NewCovenant) -> None:
    for name, value in (("naam", new.name), ("doel", new.purpose), ("grondslag", new.legal_basis)):
        if not value.strip():
            raise DossierError(f"convenant: {name} ontbreekt")
    if len({o.pk for o in new.organisations}) < 2:
        raise DossierError("convenant: een convenant heeft ten minste twee partijen")
    bad_kinds = [kind for kind in new.partner_kinds if kind not in PartnerKind.values]
    if bad_kinds or not new.partner_kinds:
        raise DossierError(
            f"convenant: soort partner {bad_kinds or '(geen)'}; kies uit {', '.join(PartnerKind.values)}"
        )
    bad_fields = unknown_fields(tuple(new.fields))
    if bad_fields or not new.fields:
        raise DossierError(f"convenant: gegevens {bad_fields or '(geen)'}; kies uit {', '.join(FIELDS)}")
    if new.valid_until is not None and new.valid_until < new.valid_from:
        raise DossierError("convenant: de einddatum ligt voor de begindatum")
    if Covenant.objects.filter(name=new.name.strip()).exists():
        raise DossierError(f"convenant: er is al een convenant '{new.name.strip()}'")


@transaction.atomic
def create_covenant(new: NewCovenant, *, actor: Any) -> Covenant:
    """Record a covenant; a person needs ``cases.manage_covenants`` in one of its parties."""
    if actor is not None and not organisations_with(actor, MANAGE_COVENANTS) & {
        o.pk for o in new.organisations
    }:
        raise NotAllowed("u mag geen convenanten vastleggen voor deze organisaties")
    _check(new)
    covenant = Covenant.objects.create(
        name=new.name.strip(),
        purpose=new.purpose.strip(),
        legal_basis=new.legal_basis.strip(),
        partner_kinds=list(dict.fromkeys(new.partner_kinds)),
        fields=list(dict.fromkeys(new.fields)),
        valid_from=new.valid_from,
        valid_until=new.valid_until,
        document_reference=new.document_reference.strip(),
        created_by=user_of(actor),
    )
    covenant.organisations.set(new.organisations)
    record_audit(
        CREATED,
        actor=user_of(actor),
        object_type="covenant",
        object_id=covenant.pk,
        detail={
            "organisations": sorted(o.pk for o in new.organisations),
            "fields": covenant.fields,
            "partner_kinds": covenant.partner_kinds,
            "valid_from": new.valid_from.isoformat(),
        },
    )
    return covenant


@transaction.atomic
def end_covenant(covenant: Covenant, *, last_day: date, actor: Any) -> Covenant:
    """End a covenant on a day; what was shared under it is not readable after that day."""
    orgs = set(covenant.organisations.values_list("pk", flat=True))
    if actor is not None and not organisations_with(actor, MANAGE_COVENANTS) & orgs:
        raise NotAllowed("u mag dit convenant niet beëindigen")
    if last_day < covenant.valid_from:
        raise DossierError("convenant: de einddatum ligt voor de begindatum")
    Covenant.objects.filter(pk=covenant.pk).update(valid_until=last_day)
    covenant.valid_until = last_day
    # What was shared under it is no longer readable after its last day.
    cutoff = end_of_day(last_day)
    shortened = Referral.objects.filter(covenant=covenant, ended_at__isnull=True, ends_at__gt=cutoff).update(
        ends_at=cutoff
    )
    record_audit(
        ENDED,
        actor=user_of(actor),
        object_type="covenant",
        object_id=covenant.pk,
        detail={"valid_until": last_day.isoformat(), "referrals_shortened": shortened},
    )
    return covenant
