# SPDX-License-Identifier: EUPL-1.2
"""Who may read which dossier, what a partner sees, and whose identity shows: the one rule for dossiers.

Every page, API, search, export, PDF and KPI drill-down of dossiers reads through here (ADR 0021).

1. **Staff** read a dossier when they have ``cases.view`` in the dossier's organisation and, for a
   confidential dossier, the permission its level names (``categories.yaml``) in that same organisation
   (the rule of :mod:`veerkracht.cases.access`, without "submitted it": a dossier has no submitter). A
   bewonerskracht (``cases.report`` only) reads no dossier. Inside a dossier a person sees the meldingen
   they may read by the melding rule, so a care signal in a nuisance dossier stays with those who read
   care signals.
2. **Partners** never read a dossier. Their people (``cases.receive_referrals`` in the partner
   organisation) read the frozen snapshot of a referral to their organisation, from the moment it was
   shared until it ends (``ends_at``, or ended earlier); after that, nothing.
3. **Reporter identity.** The name and contact details of a reporter or witness party, and of a melding's
   reporter, show only with ``cases.view_reporter_contact`` in the dossier's organisation; everyone else
   sees a pseudonym ("Melder 2"). A subject never learns who reported: no field of the subject's own
   view, a referral snapshot or a court file carries it (court files name a reporter or witness only
   when they agreed, ADR 0021).

``get_visible_dossier`` and ``get_shared_referral`` raise the same ``DoesNotExist`` for "absent" and
"not allowed", so a refusal looks like a dossier that does not exist.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone

from veerkracht.cases.access import grants_of
from veerkracht.core.roles import catalogue

if TYPE_CHECKING:
    from veerkracht.cases.models import Dossier, Party, Referral
    from veerkracht.core.models import Organisation

REFER = "cases.refer"
RECEIVE_REFERRALS = "cases.receive_referrals"
MANAGE_COVENANTS = "cases.manage_covenants"
VIEW_AUDIT = "core.view_audit"


def organisations_with(user: Any, permission: str) -> frozenset[int]:
    """The organisations (ids) where a person has a permission through an active membership."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    roles = catalogue()
    return frozenset(
        organisation_id
        for organisation_id, role in user.memberships.filter(active=True).values_list(
            "organisation_id", "role"
        )
        if permission in roles.permissions_of({role})
    )


def has_role(user: Any, organisation_id: int, role: str) -> bool:
    """Whether a person holds this role (an active membership) in this organisation."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.memberships.filter(active=True, organisation_id=organisation_id, role=role).exists()


def dossier_filter(user: Any) -> Q:
    """The staff rule as a filter on dossiers (see the module's documentation)."""
    grants = grants_of(user)
    by_orgs: dict[frozenset[int], list[str]] = defaultdict(list)
    for level, orgs in grants.levels.items():
        if orgs:
            by_orgs[orgs].append(level)
    condition = Q(pk__in=[])
    for orgs, levels in by_orgs.items():
        condition |= Q(organisation_id__in=sorted(orgs), confidentiality__in=sorted(levels))
    return condition


def can_view_dossier(user: Any, dossier: Dossier) -> bool:
    return grants_of(user).may_view(dossier.organisation_id, dossier.confidentiality)


def can_edit_dossier(user: Any, dossier: Dossier) -> bool:
    grants = grants_of(user)
    return grants.may_view(dossier.organisation_id, dossier.confidentiality) and (
        dossier.organisation_id in grants.edit
    )


def can_refer(user: Any, dossier: Dossier) -> bool:
    return can_edit_dossier(user, dossier) and dossier.organisation_id in organisations_with(user, REFER)


def sees_reporter_identity(user: Any, dossier: Dossier) -> bool:
    """Whether a person may know who reported and who witnessed in this dossier."""
    grants = grants_of(user)
    return grants.may_view(dossier.organisation_id, dossier.confidentiality) and (
        dossier.organisation_id in grants.contact
    )


def may_see_readers(user: Any, organisation: Organisation | int) -> bool:
    """Whether a person may see who read the dossiers of an organisation (the privacy officer)."""
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    return organisation_id in organisations_with(user, VIEW_AUDIT)


def get_visible_dossier(user: Any, *, pk: int | None = None, reference: str | None = None) -> Dossier:
    """Return a dossier the person may read, by id or reference, or raise ``Dossier.DoesNotExist``."""
    from veerkracht.cases.models import Dossier

    found = Dossier.objects.visible_to(user)
    if reference is not None:
        found = found.by_reference(reference)
    elif pk is not None:
        found = found.filter(pk=pk)
    else:
        raise ValueError("give pk or reference")
    return found.select_related("organisation").get()


def partner_filter(user: Any, *, now: datetime | None = None) -> Q:
    """The partner rule as a filter on referrals: shared with the person's organisation and not ended."""
    orgs = organisations_with(user, RECEIVE_REFERRALS)
    if not orgs:
        return Q(pk__in=[])
    moment = now or timezone.now()
    return Q(partner_id__in=sorted(orgs), shared_at__lte=moment, ended_at__isnull=True, ends_at__gt=moment)


def get_shared_referral(user: Any, pk: int, *, now: datetime | None = None) -> Referral:
    """Return a referral the partner's person may read now, or raise ``Referral.DoesNotExist``."""
    from veerkracht.cases.models import Referral

    return Referral.objects.filter(partner_filter(user, now=now)).select_related("partner").get(pk=pk)


@dataclass(frozen=True)
class PartyView:
    """A party as one person may see it: protected identities replaced by their pseudonym."""

    pk: int
    role: str
    role_label: str
    label: str
    name: str
    address: str
    phone: str
    email: str
    description: str
    identity_shown: bool


def party_view(user: Any, dossier: Dossier, party: Party, *, identity: bool | None = None) -> PartyView:
    """How this person sees a party; ``identity`` is :func:`sees_reporter_identity` (computed once)."""
    from veerkracht.cases.models import PROTECTED_ROLES, PartyRole

    show = identity if identity is not None else sees_reporter_identity(user, dossier)
    shown = show or party.role not in PROTECTED_ROLES
    role_label = str(PartyRole(party.role).label)
    if not shown:
        return PartyView(party.pk, party.role, role_label, party.pseudonym, "", "", "", "", "", False)
    return PartyView(
        party.pk,
        party.role,
        role_label,
        party.name or party.pseudonym,
        party.name,
        party.address,
        party.phone,
        party.email,
        party.description,
        True,
    )
