# SPDX-License-Identifier: EUPL-1.2
"""The one write API of the shared kernel: organisations, people, memberships and audit events."""

from typing import Any

from django.db import transaction
from django.utils.text import slugify

from veerkracht.core import audit_chain
from veerkracht.core.models import AuditEvent, Membership, Organisation, OrganisationKind, User
from veerkracht.core.roles import catalogue


class UnknownRole(ValueError):
    """The role is not in the role catalogue."""


def record_audit(
    action: str,
    *,
    actor: User | None = None,
    organisation: Organisation | None = None,
    object_type: str = "",
    object_id: str | int = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the audit log (the only way events are written), chained to the one before.

    Appends are serialised (see ``core/audit_chain.py``): inside a longer transaction, the audit log stays
    locked for other writers until that transaction ends.
    """
    label = ""
    if actor is not None and actor.is_authenticated:
        label = actor.get_username()
    else:
        actor = None
    event = AuditEvent(
        action=action,
        actor=actor,
        actor_label=label,
        organisation=organisation,
        object_type=object_type,
        object_id=str(object_id),
        detail=detail or {},
    )
    return audit_chain.append(event)


@transaction.atomic
def create_organisation(
    name: str, kind: str, *, slug: str | None = None, actor: User | None = None
) -> Organisation:
    """Create an organisation of one of the known kinds."""
    if kind not in OrganisationKind.values:
        raise ValueError(f"unknown organisation kind {kind!r}; expected one of {OrganisationKind.values}")
    organisation = Organisation.objects.create(name=name, kind=kind, slug=slug or slugify(name)[:80])
    record_audit(
        "organisation.created",
        actor=actor,
        organisation=organisation,
        object_type="organisation",
        object_id=organisation.pk,
        detail={"name": name, "kind": kind},
    )
    return organisation


@transaction.atomic
def create_person(
    username: str,
    password: str | None,
    *,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    actor: User | None = None,
) -> User:
    """Create a person who can log in (an unusable password when none is given)."""
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    record_audit(
        "person.created", actor=actor, object_type="person", object_id=user.pk, detail={"username": username}
    )
    return user


@transaction.atomic
def grant_role(user: User, organisation: Organisation, role: str, *, actor: User | None = None) -> Membership:
    """Give a person a role in an organisation; the role must exist in the catalogue."""
    if role not in catalogue().roles:
        raise UnknownRole(f"unknown role {role!r}; expected one of {sorted(catalogue().roles)}")
    membership, _created = Membership.objects.update_or_create(
        user=user, organisation=organisation, role=role, defaults={"active": True}
    )
    record_audit(
        "membership.granted",
        actor=actor,
        organisation=organisation,
        object_type="person",
        object_id=user.pk,
        detail={"role": role},
    )
    return membership


@transaction.atomic
def revoke_role(user: User, organisation: Organisation, role: str, *, actor: User | None = None) -> None:
    """End a person's role in an organisation (kept for the record, inactive)."""
    Membership.objects.filter(user=user, organisation=organisation, role=role).update(active=False)
    record_audit(
        "membership.revoked",
        actor=actor,
        organisation=organisation,
        object_type="person",
        object_id=user.pk,
        detail={"role": role},
    )
