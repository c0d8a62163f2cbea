# SPDX-License-Identifier: EUPL-1.2
"""Who may read and handle which meldingen: the one rule, used by every page, API, search, export and KPI.

A person reads a melding when one of these holds:

1. they have ``cases.view`` in the melding's organisation (the organisation responsible for it), and, for
   a confidential category, the permission its level names in that same organisation
   (``cases.view_care`` for zorgsignalen, ``cases.view_crime`` for criminaliteit, ondermijning and
   woonfraude); a level the categories file no longer knows is readable by nobody this way;
2. they submitted it themselves (a bewonerskracht with only ``cases.report`` sees their own findings).

Nothing else counts: not a superuser flag, not a role in another organisation. Reading the reporter's
contact details needs ``cases.view_reporter_contact`` in the melding's organisation as well; handling it
needs ``cases.edit`` there (and reading it). Pages answer 404 both for a melding that does not exist and
for one the person may not read, so a refusal does not reveal existence: use :func:`get_visible`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from veerkracht.cases.rulebook import rulebook
from veerkracht.core.roles import catalogue

if TYPE_CHECKING:
    from veerkracht.cases.models import Melding

VIEW = "cases.view"
EDIT = "cases.edit"
REPORT = "cases.report"
CONTACT = "cases.view_reporter_contact"
_CACHE_ATTRIBUTE = "_cases_grants"
#: Where a user object keeps its grants (for a cache of accounts that hands out copies).
GRANTS_ATTRIBUTE = _CACHE_ATTRIBUTE


@dataclass(frozen=True)
class Grants:
    """What one person may do with meldingen, per organisation (ids)."""

    user_id: int | None
    #: Organisations where the person has ``cases.view``.
    view: frozenset[int]
    #: Per confidentiality level, the organisations where the person may read meldingen of that level.
    levels: dict[str, frozenset[int]]
    edit: frozenset[int]
    contact: frozenset[int]
    report: frozenset[int]
    #: The teams the person belongs to (through an active membership).
    teams: frozenset[int]

    def may_view(self, organisation_id: int, confidentiality: str) -> bool:
        return organisation_id in self.levels.get(confidentiality, frozenset())


NOBODY = Grants(None, frozenset(), {}, frozenset(), frozenset(), frozenset(), frozenset())


def grants_of(user: Any) -> Grants:
    """Work out a person's grants from their active memberships (kept on the user object per request)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return NOBODY
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if isinstance(cached, Grants):
        return cached
    roles = catalogue()
    per_org: dict[int, set[str]] = defaultdict(set)
    teams: set[int] = set()
    for organisation_id, role, team_id in user.memberships.filter(active=True).values_list(
        "organisation_id", "role", "team_id"
    ):
        per_org[organisation_id] |= roles.permissions_of({role})
        if team_id is not None:
            teams.add(team_id)

    def having(permission: str) -> frozenset[int]:
        return frozenset(org for org, permissions in per_org.items() if permission in permissions)

    view = having(VIEW)
    levels = {
        level: frozenset(org for org in view if needed is None or needed in per_org[org])
        for level, needed in rulebook().categories.levels().items()
    }
    grants = Grants(
        user_id=user.pk,
        view=view,
        levels=levels,
        edit=having(EDIT) & view,
        contact=having(CONTACT) & view,
        report=having(REPORT),
        teams=frozenset(teams),
    )
    setattr(user, _CACHE_ATTRIBUTE, grants)
    return grants


def forget_grants(user: Any) -> None:
    """Drop the grants kept on a user object (after their memberships changed within one request)."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def melding_filter(user: Any, *, own_submissions: bool = True) -> Q:
    """The visibility rule as a filter on meldingen (see the module's documentation)."""
    grants = grants_of(user)
    # Group the levels by the organisations that may read them: one person in one organisation gives one
    # clause, "organisation = X AND confidentiality IN (...)", which the work-list index serves.
    by_orgs: dict[frozenset[int], list[str]] = defaultdict(list)
    for level, orgs in grants.levels.items():
        if orgs:
            by_orgs[orgs].append(level)
    condition = Q(pk__in=[])
    for orgs, levels in by_orgs.items():
        condition |= Q(organisation_id__in=sorted(orgs), confidentiality__in=sorted(levels))
    if own_submissions and grants.user_id is not None:
        condition |= Q(submitted_by_id=grants.user_id)
    return condition


def can_view(user: Any, melding: Melding) -> bool:
    """Whether a person may read this melding (the same rule as :func:`melding_filter`)."""
    grants = grants_of(user)
    if grants.user_id is None:
        return False
    return grants.may_view(melding.organisation_id, melding.confidentiality) or (
        melding.submitted_by_id == grants.user_id
    )


def can_edit(user: Any, melding: Melding) -> bool:
    """Whether a person may handle this melding: read it through their organisation, and ``cases.edit``."""
    grants = grants_of(user)
    return (
        grants.may_view(melding.organisation_id, melding.confidentiality)
        and melding.organisation_id in grants.edit
    )


def can_view_reporter_contact(user: Any, melding: Melding) -> bool:
    """Whether a person may read who reported this melding and how to reach them."""
    grants = grants_of(user)
    return (
        grants.may_view(melding.organisation_id, melding.confidentiality)
        and melding.organisation_id in grants.contact
    )


def get_visible(user: Any, *, pk: int | None = None, reference: str | None = None) -> Melding:
    """Return a melding the person may read, by id or reference, or raise ``Melding.DoesNotExist``.

    The same exception for "does not exist" and "may not read": a page turns both into the same 404.
    """
    from veerkracht.cases.models import Melding

    found = Melding.objects.visible_to(user)
    if reference is not None:
        found = found.by_reference(reference)
    elif pk is not None:
        found = found.filter(pk=pk)
    else:
        raise ValueError("give pk or reference")
    return found.get()
