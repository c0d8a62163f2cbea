# SPDX-License-Identifier: EUPL-1.2
"""Resident teams per buurt and corporation, their phase and its append-only history."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from veerkracht.core.models import User
from veerkracht.programme.models import HistoryIsAppendOnly, ResidentTeam, ResidentTeamPhaseChange
from veerkracht.programme.services.teams import TeamChangeRefused, change_phase

pytestmark = pytest.mark.django_db


def test_the_teams_of_seed_003_are_there_with_their_corporation(maastricht_content: str) -> None:
    assert ResidentTeam.objects.count() == 20
    pottenberg = ResidentTeam.objects.filter(buurt__name="Pottenberg").order_by("corporation__name")
    assert [(t.corporation.name, t.phase) for t in pottenberg] == [("Servatius", "I"), ("Woonpunt", "I")]
    caberg = {t.corporation.name: t.phase for t in ResidentTeam.objects.filter(buurt__name="Caberg")}
    assert caberg == {"Woonpunt": "0", "Servatius": "I"}
    assert all(t.phase_changes.get().changed_on == date(2021, 12, 31) for t in pottenberg)


def test_a_phase_change_is_added_to_the_history_and_shown(
    maastricht_content: str,
    person: Callable[..., User],
    client_of: Callable[[User], Client],
    read: Callable[[Client, str], str],
) -> None:
    team = ResidentTeam.objects.get(buurt__name="Pottenberg", corporation__name="Servatius")
    editor = client_of(person("cor", "coordinator"))
    url = f"/programma/bewonerskrachten/{team.slug}/"
    assert client_of(person("bea", "bestuurder")).post(f"{url}fase/", {"phase": "II"}).status_code == 403
    response = editor.post(
        f"{url}fase/", {"phase": "II", "since": "2024-03-01", "note": "Spreken bewoners aan."}
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.phase == "II"
    text = read(editor, url)
    assert "Fase I: signaleren sinds 31 december 2021" in text
    assert "Fase II: activeren sinds 1 maart 2024" in text and "Spreken bewoners aan." in text
    listing = read(editor, "/programma/bewonerskrachten/?fase=II")
    assert "BKT Servatius Pottenberg" in listing and "BKT Woonpunt Pottenberg" not in listing


def test_the_history_cannot_be_rewritten(maastricht_content: str, person: Callable[..., User]) -> None:
    team = ResidentTeam.objects.get(buurt__name="Amby")
    first = team.phase_changes.get()
    first.note = "anders"
    with pytest.raises(HistoryIsAppendOnly):
        first.save()
    with pytest.raises(HistoryIsAppendOnly):
        first.delete()
    editor = person("cor", "coordinator")
    with pytest.raises(TeamChangeRefused, match="kan niet eerder zijn"):
        change_phase(team, "II", since=date(2021, 1, 1), actor=editor)
    with pytest.raises(TeamChangeRefused, match="al in fase i"):
        change_phase(team, "I", since=date(2023, 1, 1), actor=editor)
    with pytest.raises(TeamChangeRefused, match="toekomst"):
        change_phase(team, "II", since=timezone.localdate() + timedelta(days=1), actor=editor)
    # A step back is a change like any other, and kept.
    change_phase(team, "0", since=date(2023, 1, 1), actor=editor, note="Team valt terug; opnieuw opstarten.")
    assert list(ResidentTeamPhaseChange.objects.filter(team=team).values_list("phase", flat=True)) == [
        "I",
        "0",
    ]
