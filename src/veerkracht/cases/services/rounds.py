# SPDX-License-Identifier: EUPL-1.2
"""A resident team's round: the walk and its findings, submitted as one batch, all or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from veerkracht.cases.access import grants_of
from veerkracht.cases.models import Channel, Melding, ReporterKind, ResidentTeamRound
from veerkracht.cases.services.errors import IntakeError, NotAllowed
from veerkracht.cases.services.intake import NewMelding, receive_many
from veerkracht.core import events
from veerkracht.core.models import Organisation, Team, TeamKind
from veerkracht.core.services import record_audit

SUBMITTED = "round.submitted"


@transaction.atomic
def submit_round(
    team: Team,
    *,
    walked_on: date,
    route: str,
    findings: Sequence[NewMelding],
    actor: Any,
    organisation: Organisation | None = None,
    notes: str = "",
) -> tuple[ResidentTeamRound, list[Melding]]:
    """Store a round and take in each finding as a melding (channel ``round``); nothing when one is wrong.

    The findings go to ``organisation`` (the corporation or gemeente the team reports to; by default the
    team's own organisation), are routed by its rules and get its clocks. A member of the team submits;
    so may staff who handle meldingen of the team's organisation. Problems are named ``findings[i].field``.
    """
    if actor is not None:
        grants = grants_of(actor)
        if team.pk not in grants.teams and team.organisation_id not in grants.edit:
            raise NotAllowed(f"u hoort niet bij {team.name}")
        if not grants.report:
            raise NotAllowed("u mag geen meldingen doen")
    problems: dict[str, str] = {}
    if team.kind != TeamKind.RESIDENT:
        problems["team"] = f"{team.name} is geen bewonersteam"
    if walked_on > timezone.localdate():
        problems["walked_on"] = f"{walked_on:%d-%m-%Y} ligt in de toekomst"
    if not route.strip():
        problems["route"] = "beschrijf de route, bijvoorbeeld de straten die het team liep"
    if problems:
        raise IntakeError(problems)
    user = actor if getattr(actor, "is_authenticated", False) else None
    round = ResidentTeamRound.objects.create(
        team=team,
        organisation=organisation or team.organisation,
        walked_on=walked_on,
        route=route.strip(),
        notes=notes.strip(),
        submitted_by=user,
        submitted_at=timezone.now(),
    )
    as_round = [
        replace(
            finding,
            channel=Channel.ROUND,
            reporter=finding.reporter
            if finding.reporter.kind != ReporterKind.ANONYMOUS
            else replace(finding.reporter, kind=ReporterKind.RESIDENT_TEAM),
        )
        for finding in findings
    ]
    meldingen = receive_many(
        as_round, organisation=round.organisation, actor=actor, round=round, prefix="findings"
    )
    record_audit(
        SUBMITTED,
        actor=actor,
        organisation=round.organisation,
        object_type="round",
        object_id=round.pk,
        detail={"team": team.pk, "walked_on": walked_on.isoformat(), "findings": [m.pk for m in meldingen]},
    )
    events.publish(
        SUBMITTED,
        {
            "round": round.pk,
            "team": team.pk,
            "organisation": round.organisation_id,
            "findings": len(meldingen),
        },
    )
    return round, meldingen
