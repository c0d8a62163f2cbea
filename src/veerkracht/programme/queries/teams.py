# SPDX-License-Identifier: EUPL-1.2
"""Reads of the resident teams: per buurt and corporation, by phase, with their history."""

from collections import Counter

from django.db.models import QuerySet

from veerkracht.programme import vocabulary
from veerkracht.programme.models import ResidentTeam, ResidentTeamPhaseChange


def teams(
    gemeente_code: str | None = None, *, phase: str | None = None, buurt_code: str | None = None
) -> QuerySet[ResidentTeam]:
    """Active teams, by buurt and corporation."""
    found = ResidentTeam.objects.filter(active=True).select_related("buurt", "corporation")
    if gemeente_code:
        found = found.filter(gemeente_code=gemeente_code)
    if phase:
        found = found.filter(phase=phase)
    if buurt_code:
        found = found.filter(buurt__code=buurt_code)
    return found.order_by("buurt__name", "corporation__name")


def phase_counts(found: QuerySet[ResidentTeam]) -> list[tuple[str, str, int]]:
    """(phase, label, number of teams) for every phase, in order."""
    counts = Counter(found.values_list("phase", flat=True))
    return [
        (phase, vocabulary.TEAM_PHASE_LABELS[phase], counts.get(phase, 0)) for phase in vocabulary.TEAM_PHASES
    ]


def history(team: ResidentTeam) -> list[ResidentTeamPhaseChange]:
    """The team's phases, oldest first."""
    return list(team.phase_changes.select_related("recorded_by").order_by("changed_on", "id"))
