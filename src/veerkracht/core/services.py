# SPDX-License-Identifier: EUPL-1.2
"""The one write API of the shared kernel: organisations, people, memberships, calendars and audit events."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from veerkracht.core import audit_chain, events
from veerkracht.core.models import (
    AuditEvent,
    ClosingDay,
    LiberationDayChoice,
    Membership,
    Organisation,
    OrganisationCalendar,
    OrganisationKind,
    Team,
    TeamKind,
    User,
)
from veerkracht.core.roles import catalogue

# Published after an organisation's working-day calendar changed; payload {"organisation": id}.
CALENDAR_CHANGED = "calendar.changed"


class UnknownRole(ValueError):
    """The role is not in the role catalogue."""


class CalendarSettingsError(ValueError):
    """A working-day calendar setting that cannot be stored (the message is in Dutch)."""


class TeamError(ValueError):
    """A team that cannot be created or joined (the message is in Dutch)."""


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
def get_or_create_organisation(name: str, kind: str, *, actor: User | None = None) -> Organisation:
    """The organisation with this name, created (audited) when it does not exist yet.

    Loaders of content that name organisations (the programme's Maastricht files, the demo) use this, so that
    they can run in any order and each organisation exists once. An existing organisation keeps its kind.
    """
    found = Organisation.objects.filter(name=name).first()
    if found is not None:
        return found
    slug = slugify(name)[:80]
    if Organisation.objects.filter(slug=slug).exists():
        # Another name gave the same slug ("Woonpunt" and "woonpunt"): keep slugs unique with a suffix.
        slug = f"{slug[:70]}-{Organisation.objects.count() + 1}"
    return create_organisation(name, kind, slug=slug, actor=actor)


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
def grant_role(
    user: User,
    organisation: Organisation,
    role: str,
    *,
    team: Team | None = None,
    actor: User | None = None,
) -> Membership:
    """Give a person a role in an organisation, optionally in one of its teams; the role must exist."""
    if role not in catalogue().roles:
        raise UnknownRole(f"unknown role {role!r}; expected one of {sorted(catalogue().roles)}")
    if team is not None and team.organisation_id != organisation.pk:
        raise TeamError(f"team '{team.name}' hoort niet bij {organisation.name}")
    defaults: dict[str, Any] = {"active": True}
    if team is not None:
        defaults["team"] = team
    membership, _created = Membership.objects.update_or_create(
        user=user, organisation=organisation, role=role, defaults=defaults
    )
    detail: dict[str, Any] = {"role": role}
    if team is not None:
        detail["team"] = team.slug
    record_audit(
        "membership.granted",
        actor=actor,
        organisation=organisation,
        object_type="person",
        object_id=user.pk,
        detail=detail,
    )
    return membership


@transaction.atomic
def create_team(
    organisation: Organisation,
    name: str,
    *,
    kind: str = TeamKind.STAFF,
    slug: str | None = None,
    actor: User | None = None,
) -> Team:
    """Create a team of an organisation (a staff team such as "Wijkbeheer Noord", or a resident team)."""
    name = name.strip()
    if not name:
        raise TeamError("team: geef een naam, bijvoorbeeld 'Wijkbeheer Noord'")
    if kind not in TeamKind.values:
        raise TeamError(f"team: soort '{kind}' bestaat niet; verwacht een van {', '.join(TeamKind.values)}")
    slug = slug or slugify(name)[:80]
    if Team.objects.filter(organisation=organisation, slug=slug).exists():
        raise TeamError(f"team: {organisation.name} heeft al een team '{slug}'")
    team = Team.objects.create(organisation=organisation, name=name, slug=slug, kind=kind)
    record_audit(
        "team.created",
        actor=actor,
        organisation=organisation,
        object_type="team",
        object_id=team.pk,
        detail={"name": name, "slug": slug, "kind": kind},
    )
    return team


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


@transaction.atomic
def set_calendar_choices(
    organisation: Organisation,
    *,
    good_friday: bool | None = None,
    liberation_day: str | None = None,
    actor: User | None = None,
) -> OrganisationCalendar:
    """Set whether Goede Vrijdag and Bevrijdingsdag are days off for an organisation (None: unchanged)."""
    if liberation_day is not None and liberation_day not in LiberationDayChoice.values:
        raise CalendarSettingsError(
            f"Bevrijdingsdag: '{liberation_day}' is geen keuze; verwacht een van "
            f"{', '.join(LiberationDayChoice.values)}"
        )
    choices, _created = OrganisationCalendar.objects.select_for_update().get_or_create(
        organisation=organisation
    )
    before = {"good_friday": choices.good_friday, "liberation_day": choices.liberation_day}
    if good_friday is not None:
        choices.good_friday = good_friday
    if liberation_day is not None:
        choices.liberation_day = liberation_day
    choices.save()
    after = {"good_friday": choices.good_friday, "liberation_day": choices.liberation_day}
    record_audit(
        "calendar.choices_set",
        actor=actor,
        organisation=organisation,
        object_type="organisation",
        object_id=organisation.pk,
        detail={"before": before, "after": after},
    )
    events.publish(CALENDAR_CHANGED, {"organisation": organisation.pk})
    return choices


@transaction.atomic
def add_closing_days(
    organisation: Organisation, days: Iterable[date], reason: str, *, actor: User | None = None
) -> list[ClosingDay]:
    """Close an organisation on the given days for a reason (a day already closed gets the new reason)."""
    reason = reason.strip()
    if not reason:
        raise CalendarSettingsError("sluitingsdag: geef een reden, bijvoorbeeld 'Kerstsluiting'")
    if len(reason) > ClosingDay._meta.get_field("reason").max_length:  # type: ignore[operator]
        raise CalendarSettingsError("sluitingsdag: de reden is langer dan 200 tekens")
    chosen = sorted(set(days))
    if not chosen:
        raise CalendarSettingsError("sluitingsdag: geen datum gegeven")
    closed = [
        ClosingDay.objects.update_or_create(organisation=organisation, day=day, defaults={"reason": reason})[
            0
        ]
        for day in chosen
    ]
    record_audit(
        "calendar.closing_days_added",
        actor=actor,
        organisation=organisation,
        object_type="organisation",
        object_id=organisation.pk,
        detail={"days": [day.isoformat() for day in chosen], "reason": reason},
    )
    events.publish(CALENDAR_CHANGED, {"organisation": organisation.pk})
    return closed


@transaction.atomic
def remove_closing_days(
    organisation: Organisation, days: Iterable[date], *, actor: User | None = None
) -> list[date]:
    """Open an organisation again on the given days; returns the days that were closing days."""
    found = ClosingDay.objects.select_for_update().filter(organisation=organisation, day__in=set(days))
    removed = sorted(found.values_list("day", flat=True))
    if not removed:
        return []
    found.delete()
    record_audit(
        "calendar.closing_days_removed",
        actor=actor,
        organisation=organisation,
        object_type="organisation",
        object_id=organisation.pk,
        detail={"days": [day.isoformat() for day in removed]},
    )
    events.publish(CALENDAR_CHANGED, {"organisation": organisation.pk})
    return removed
