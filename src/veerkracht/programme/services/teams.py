# SPDX-License-Identifier: EUPL-1.2
"""Write API of the resident teams: create a team, record that it entered a phase (history is append-only)."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from veerkracht.areas.models import Area
from veerkracht.core import events
from veerkracht.core.models import Organisation, User
from veerkracht.core.services import record_audit
from veerkracht.programme import vocabulary
from veerkracht.programme.content.community_files import TeamsFile
from veerkracht.programme.models import ResidentTeam, ResidentTeamPhaseChange

#: Published after a team entered a phase; payload {"team": id, "phase": code}.
TEAM_PHASE_CHANGED = "programme.resident_team_phase_changed"


class TeamChangeRefused(ValueError):
    """A change of a resident team that cannot be made (the message is in Dutch)."""


def _slug(buurt: Area, corporation: Organisation) -> str:
    base = slugify(f"bkt {corporation.name} {buurt.name}")[:90]
    slug, n = base, 2
    while ResidentTeam.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_team(
    buurt: Area,
    corporation: Organisation,
    phase: str,
    *,
    since: date,
    note: str = "",
    source: str = "",
    actor: User | None = None,
    synthetic: bool = False,
    recorded_at: datetime | None = None,
) -> ResidentTeam:
    """Start recording a team in a buurt, supported by a corporation, in its phase since a date."""
    if phase not in vocabulary.TEAM_PHASES:
        raise TeamChangeRefused(f"Onbekende fase {phase!r}; kies uit {', '.join(vocabulary.TEAM_PHASES)}.")
    if buurt.level != "buurt":
        raise TeamChangeRefused(f"{buurt.name} is geen buurt.")
    team = ResidentTeam.objects.create(
        slug=_slug(buurt, corporation),
        name=f"BKT {corporation.name} {buurt.name}",
        gemeente_code=buurt.gemeente_code,
        buurt=buurt,
        corporation=corporation,
        phase=phase,
        source=source,
        synthetic=synthetic,
    )
    ResidentTeamPhaseChange.objects.create(
        team=team,
        phase=phase,
        changed_on=since,
        note=note,
        recorded_at=recorded_at or timezone.now(),
        recorded_by=actor,
    )
    return team


def store_teams(
    spec: TeamsFile, areas: dict[str, Area], corporations: dict[str, Organisation], *, synthetic: bool
) -> list[ResidentTeam]:
    """Create the teams of a content file, each with its phase since the file's date."""
    return [
        create_team(
            areas[item.buurt],
            corporations[item.corporation],
            item.phase,
            since=item.since or spec.as_of,
            note=item.note or spec.note,
            source=spec.document,
            synthetic=synthetic,
        )
        for item in spec.teams
    ]


@transaction.atomic
def change_phase(
    team: ResidentTeam, phase: str, *, since: date, actor: User, note: str = "", at: datetime | None = None
) -> ResidentTeamPhaseChange:
    """Record that a team entered a phase on a date (also a step back; the history keeps every step)."""
    if phase not in vocabulary.TEAM_PHASES:
        raise TeamChangeRefused(f"Onbekende fase {phase!r}; kies uit {', '.join(vocabulary.TEAM_PHASES)}.")
    locked = ResidentTeam.objects.select_for_update().get(pk=team.pk)
    last = locked.phase_changes.order_by("-changed_on", "-id").first()
    if last is not None and since < last.changed_on:
        raise TeamChangeRefused(
            f"De laatste fasewisseling was op {last.changed_on:%d-%m-%Y}; een nieuwe kan niet eerder zijn."
        )
    if last is not None and last.phase == phase:
        raise TeamChangeRefused(f"Het team is al in {vocabulary.TEAM_PHASE_LABELS[phase].lower()}.")
    if since > timezone.localdate():
        raise TeamChangeRefused("Een fasewisseling in de toekomst kan nog niet worden vastgelegd.")
    change = ResidentTeamPhaseChange.objects.create(
        team=locked,
        phase=phase,
        changed_on=since,
        note=note.strip(),
        recorded_at=at or timezone.now(),
        recorded_by=actor,
    )
    locked.phase = phase
    locked.save(update_fields=["phase"])
    record_audit(
        "programme.resident_team_phase_changed",
        actor=actor,
        organisation=locked.corporation,
        object_type="resident_team",
        object_id=locked.pk,
        detail={"phase": phase, "since": since.isoformat(), "before": last.phase if last else None},
    )
    events.publish(TEAM_PHASE_CHANGED, {"team": locked.pk, "phase": phase})
    return change
