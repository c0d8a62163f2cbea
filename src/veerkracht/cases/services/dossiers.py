# SPDX-License-Identifier: EUPL-1.2
"""Opening a dossier and collecting meldingen in it; every change in a transaction, audited, with an event."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction

from veerkracht.cases.access import grants_of
from veerkracht.cases.dossier_rulebook import dossier_rules
from veerkracht.cases.models import (
    Dossier,
    DossierMelding,
    DossierSource,
    DossierStatus,
    HistoryKind,
    Melding,
    SubjectKind,
)
from veerkracht.cases.rulebook import rulebook
from veerkracht.cases.rules.dossier_types import DossierTypeError
from veerkracht.cases.services.dossier_common import (
    DossierError,
    audit,
    day_end,
    history,
    lock,
    moment,
    require_edit,
    require_open,
    user_of,
)
from veerkracht.cases.services.errors import NotAllowed
from veerkracht.cases.services.location import Location, Place, resolve
from veerkracht.core import events
from veerkracht.core.models import Organisation, Team

OPENED = "dossier.opened"
MELDING_ADDED = "dossier.melding_added"
MAX_TITLE = 200


@dataclass(frozen=True)
class NewDossier:
    """What opening a dossier needs; the place comes from ``location`` or else from the first melding."""

    dossier_type: str
    subject_kind: str
    title: str
    summary: str = ""
    location: Location | None = None
    meldingen: Sequence[Melding] = field(default_factory=tuple)
    source: str = DossierSource.STAFF
    team: Team | None = None
    assigned_to: Any = None
    opened_at: datetime | None = None


def _place(new: NewDossier) -> Place:
    if new.location is not None:
        resolved = resolve([new.location])[0]
        if not isinstance(resolved, Place):
            raise DossierError("; ".join(f"{key}: {text}" for key, text in resolved.items()))
        return resolved
    if not new.meldingen:
        raise DossierError("geef een adres, punt of complex, of een melding waar het dossier over gaat")
    first = new.meldingen[0]
    return Place(
        first.address,
        first.address_key,
        first.x,
        first.y,
        first.complex_code,
        first.buurt_code,
        first.wijk_code,
        first.gemeente_code,
        first.square_id,
    )


def _check(new: NewDossier) -> None:
    rules = dossier_rules()
    try:
        spec = rules.types.type(new.dossier_type)
    except DossierTypeError as error:
        raise DossierError(str(error)) from None
    if new.subject_kind not in SubjectKind.values:
        raise DossierError(
            f"'{new.subject_kind}' is geen onderwerp; kies uit {', '.join(SubjectKind.values)}"
        )
    if new.subject_kind not in spec.subjects:
        raise DossierError(
            f"een dossier '{spec.label.nl}' gaat niet over een {SubjectKind(new.subject_kind).label.lower()}"
        )
    if not new.title.strip():
        raise DossierError("geef het dossier een titel, bijvoorbeeld 'Geluidsoverlast Maasstraat 12'")
    if len(new.title.strip()) > MAX_TITLE:
        raise DossierError(f"de titel is langer dan {MAX_TITLE} tekens")
    if new.source not in DossierSource.values:
        raise DossierError(f"bron '{new.source}' bestaat niet")


@transaction.atomic
def open_dossier(new: NewDossier, *, organisation: Organisation, actor: Any) -> Dossier:
    """Open a dossier for an organisation, with its first meldingen; deadlines from the dossier type.

    A person needs ``cases.edit`` in the organisation and may open only a dossier they can read.
    """
    _check(new)
    rules = dossier_rules()
    spec = rules.types.type(new.dossier_type)
    if actor is not None:
        grants = grants_of(actor)
        if organisation.pk not in grants.edit or not grants.may_view(organisation.pk, spec.access_level):
            raise NotAllowed(f"u mag geen dossiers openen voor {organisation.name}")
    if new.team is not None and new.team.organisation_id != organisation.pk:
        raise DossierError(f"team '{new.team.name}' hoort niet bij {organisation.name}")
    place = _place(new)
    opened_at = moment(new.opened_at, what="het openen")
    zaaktype = spec.zaaktype
    dossier = Dossier.objects.create(
        organisation=organisation,
        dossier_type=new.dossier_type,
        type_version=rules.types.version,
        subject_kind=new.subject_kind,
        title=new.title.strip(),
        summary=new.summary.strip(),
        address=place.address,
        address_key=place.address_key,
        complex_code=place.complex_code,
        x=place.x,
        y=place.y,
        buurt_code=place.buurt_code,
        wijk_code=place.wijk_code,
        gemeente_code=place.gemeente_code,
        square_id=place.square_id,
        confidentiality=spec.access_level,
        status=DossierStatus.OPEN,
        is_open=True,
        source=new.source,
        opened_at=opened_at,
        opened_by=user_of(actor),
        deadline=day_end(opened_at, zaaktype.doorlooptijd_days),
        planned_end=day_end(opened_at, zaaktype.servicenorm_days),
        responsible_team=new.team,
        assigned_to=new.assigned_to,
    )
    history(dossier, HistoryKind.OPENED, at=opened_at, actor=actor, detail={"type": new.dossier_type})
    added = _add(dossier, list(new.meldingen), actor=actor, at=opened_at) if new.meldingen else []
    audit(OPENED, dossier, actor, type=new.dossier_type, source=new.source, meldingen=[m.pk for m in added])
    events.publish(OPENED, {"dossier": dossier.pk, "organisation": organisation.pk})
    return dossier


@transaction.atomic
def add_meldingen(
    dossier: Dossier, meldingen: Sequence[Melding], *, actor: Any, at: datetime | None = None
) -> list[Melding]:
    """Collect meldingen in a dossier (those already in it are skipped); returns the ones added."""
    current = lock(dossier)
    require_edit(actor, current)
    require_open(current)
    added = _add(current, list(meldingen), actor=actor, at=moment(at, not_before=current.opened_at))
    if added:
        audit(MELDING_ADDED, current, actor, meldingen=[m.pk for m in added])
    dossier.confidentiality = current.confidentiality
    return added


def _add(dossier: Dossier, meldingen: list[Melding], *, actor: Any, at: datetime) -> list[Melding]:
    """Link meldingen; raise the dossier's level when a confidential melding joins an ordinary dossier."""
    for melding in meldingen:
        if melding.organisation_id != dossier.organisation_id:
            raise DossierError(
                f"melding {melding.reference} hoort bij een andere organisatie dan dossier "
                f"{dossier.reference}"
            )
    if actor is not None:
        readable = set(
            Melding.objects.visible_to(actor, own_submissions=False)
            .filter(pk__in=[m.pk for m in meldingen])
            .values_list("pk", flat=True)
        )
        if any(m.pk not in readable for m in meldingen):
            raise Melding.DoesNotExist("Melding matching query does not exist.")
    present = set(DossierMelding.objects.filter(dossier=dossier).values_list("melding_id", flat=True))
    new = [m for m in dict.fromkeys(meldingen) if m.pk not in present]
    DossierMelding.objects.bulk_create(
        [DossierMelding(dossier=dossier, melding=m, added_at=at, added_by=user_of(actor)) for m in new]
    )
    for melding in new:
        history(dossier, HistoryKind.MELDING_ADDED, at=at, actor=actor, detail={"melding": melding.pk})
        events.publish(MELDING_ADDED, {"dossier": dossier.pk, "melding": melding.pk})
    _raise_level(dossier, new, actor=actor, at=at)
    return new


def _raise_level(dossier: Dossier, meldingen: list[Melding], *, actor: Any, at: datetime) -> None:
    levels = rulebook().categories.levels()
    if levels.get(dossier.confidentiality) is not None:
        return  # already confidential: the melding rule keeps other confidential meldingen apart inside it
    stricter = [m.confidentiality for m in meldingen if levels.get(m.confidentiality) is not None]
    if not stricter:
        return
    level = stricter[0]
    Dossier.objects.filter(pk=dossier.pk).update(confidentiality=level)
    history(
        dossier,
        HistoryKind.LEVEL_RAISED,
        at=at,
        actor=actor,
        detail={"from": dossier.confidentiality, "to": level},
    )
    dossier.confidentiality = level
