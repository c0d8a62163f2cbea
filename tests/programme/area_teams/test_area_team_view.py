# SPDX-License-Identifier: EUPL-1.2
"""The area-team view per rayon: what changed since the last meeting, in sections apps contribute; actions."""

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pandas as pd
import pytest
from django.test import Client
from django.utils import timezone

from veerkracht.analysis.models import AnalysisRun
from veerkracht.areas.models import Area
from veerkracht.core.models import User
from veerkracht.programme import area_team_sections
from veerkracht.programme.area_team_sections import Change, Section, Window, register_section
from veerkracht.programme.models import AreaTeamAction, Fund, Programme, ResidentTeam
from veerkracht.programme.services import area_teams
from veerkracht.programme.services import fund as steps
from veerkracht.programme.services.programmes import record_spending
from veerkracht.programme.services.teams import change_phase

pytestmark = pytest.mark.django_db
NOORD_WEST = "/programma/gebiedsteams/RA093502/"


def _apply(buurt: str, title: str, at: object) -> None:
    steps.submit_application(
        Fund.objects.get(),
        steps.ApplicationInput(
            buurt=Area.objects.get(code=buurt),
            title=title,
            description="Voor de buurt.",
            requested_amount=Decimal("400"),
            applicant_name="Geheim Bewoner",
            email="geheim@example.org",
        ),
        at=at,  # type: ignore[arg-type]
    )


@pytest.fixture
def meeting_ten_days_ago(maastricht_content: str, person: Callable[..., User]) -> User:
    coordinator = person("cor", "coordinator")
    rayon = Area.objects.get(code="RA093502")
    area_teams.record_meeting(rayon, actor=coordinator, held_on=timezone.localdate() - timedelta(days=10))
    return coordinator


def test_what_changed_in_the_rayon_since_the_last_meeting_and_nothing_from_before_or_elsewhere(
    meeting_ten_days_ago: User, client_of: Callable[[User], Client], read: Callable[[Client, str], str]
) -> None:
    now = timezone.now()
    _apply("BU09350207", "Malberg na het overleg", now - timedelta(days=2))
    _apply("BU09350207", "Malberg voor het overleg", now - timedelta(days=20))
    _apply("BU09350406", "Amby, ander rayon", now - timedelta(days=2))
    team = ResidentTeam.objects.get(buurt__name="Mariaberg")
    change_phase(team, "II", since=timezone.localdate() - timedelta(days=3), actor=meeting_ten_days_ago)
    record_spending(
        Programme.objects.get(),
        actor=meeting_ten_days_ago,
        amount=Decimal("25000"),
        description="Buurtgesprekken",
        spent_on=timezone.localdate(),
        area=Area.objects.get(code="BU09350203"),
    )
    text = read(client_of(meeting_ten_days_ago), NOORD_WEST)
    assert "Leefbaarheidsfonds: aanvragen en besluiten (1)" in text
    assert "Malberg na het overleg" in text and "€ 400,00 gevraagd" in text
    assert "Malberg voor het overleg" not in text and "Amby, ander rayon" not in text
    assert "Geheim" not in text, "the view never names applicants"
    assert "BKT Servatius Mariaberg: fase ii: activeren sinds" in text
    assert "Veerkrachtige wijkenbenadering Nazareth en Pottenberg: € 25.000,00 voor Buurtgesprekken" in text


def test_sections_of_other_apps_appear_by_their_permission(
    meeting_ten_days_ago: User,
    person: Callable[..., User],
    client_of: Callable[[User], Client],
    read: Callable[[Client, str], str],
) -> None:
    seen: list[Window] = []

    def overdue(window: Window) -> list[Change]:
        seen.append(window)
        return [Change("Melding 2026-0042 over tijd", timezone.now(), "Malberg")]

    register_section(
        Section("test.overdue", "Meldingen over tijd", overdue, permission="cases.view", order=10)
    )
    try:
        assert "Meldingen over tijd (1)" in read(client_of(meeting_ten_days_ago), NOORD_WEST)
        assert "BU09350207" in seen[0].buurt_codes and "BU09350406" not in seen[0].buurt_codes
        assert seen[0].since.date() == timezone.localdate() - timedelta(days=10)
        assert "Meldingen over tijd" not in read(client_of(person("bea", "bestuurder")), NOORD_WEST)
    finally:
        area_team_sections._sections.pop("test.overdue")


@pytest.fixture
def two_runs(maastricht_content: str, monkeypatch: pytest.MonkeyPatch) -> AnalysisRun:
    common = {
        "gemeenten": ["GM0935"],
        "indeling_year": 2017,
        "period_start": 2018,
        "period_end": 2022,
        "preset_name": "veerkracht-2021",
        "preset_version": "2021.1",
        "preset_sha256": "x",
        "code_version": "test",
        "status": AnalysisRun.Status.SUCCEEDED,
        "started_at": timezone.now() - timedelta(days=60),
    }
    old = AnalysisRun.objects.create(name="2021", finished_at=timezone.now() - timedelta(days=60), **common)
    new = AnalysisRun.objects.create(name="2025", finished_at=timezone.now() - timedelta(days=1), **common)

    def compare(a: int, b: int, *, level: str | None = "buurt") -> pd.DataFrame:
        assert (a, b) == (old.pk, new.pk) and level == "buurt"
        return pd.DataFrame(
            {
                "area_code": ["BU09350201", "BU09350203", "BU09350406"],
                "name": ["Mariaberg", "Pottenberg", "Amby"],
                "changed": [True, False, True],
                "label_a": ["Veerkracht onder druk", "Veerkrachtig", "Veerkrachtig"],
                "label_b": ["Veerkracht sterk onder druk", "Veerkrachtig", "Houdt stand"],
            }
        )

    monkeypatch.setattr("veerkracht.analysis.queries.compare_runs", compare)
    return new


def test_veerkracht_classes_that_changed_in_a_new_analysis_show_for_people_with_the_monitor(
    two_runs: AnalysisRun,
    person: Callable[..., User],
    client_of: Callable[[User], Client],
    read: Callable[[Client, str], str],
) -> None:
    text = read(client_of(person("ana", "analist")), NOORD_WEST)
    assert "Veerkrachtklassen die veranderden (1)" in text
    assert f"Mariaberg: Veerkracht onder druk → Veerkracht sterk onder druk (analyse #{two_runs.pk}" in text
    assert "Amby" not in text.split("Veerkrachtklassen")[1].split("Leefbaarheidsfonds")[0]
    no_monitor = read(client_of(person("bert", "bewonerskracht")), NOORD_WEST)
    assert "Veerkrachtklassen" not in no_monitor


def test_actions_are_agreed_with_who_and_when_and_marked_done(
    meeting_ten_days_ago: User,
    person: Callable[..., User],
    client_of: Callable[[User], Client],
    read: Callable[[Client, str], str],
) -> None:
    client = client_of(meeting_ten_days_ago)
    url = f"{NOORD_WEST}acties/"
    assert (
        client.post(
            url, {"description": "Schouw Malberg", "who": "Woonpunt", "due_on": "2030-01-31"}
        ).status_code
        == 302
    )
    text = read(client, NOORD_WEST)
    assert "Schouw Malberg Woonpunt 31 januari 2030" in text
    action = AreaTeamAction.objects.get()
    assert client_of(person("bea", "bestuurder")).post(url, {"done": action.pk}).status_code == 403
    client.post(url, {"done": action.pk})
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()
    assert "Gedaan sinds het vorige overleg Schouw Malberg — Woonpunt" in read(client, NOORD_WEST)
    assert (
        client.post(
            f"{NOORD_WEST}overleg/", {"held_on": date.today().isoformat(), "notes": "Maandoverleg."}
        ).status_code
        == 302
    )
    assert "Wat veranderde sinds het vorige overleg op" in read(client, NOORD_WEST)
    assert client.get("/programma/gebiedsteams/BU09350203/").status_code == 404
