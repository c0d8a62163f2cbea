# SPDX-License-Identifier: EUPL-1.2
"""Stagnation signals: a milestone past its date or an agreement without news shows up; progress clears it."""

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from veerkracht.programme.models import Agreement, AgreementSet, SignalKind, StagnationSignal
from veerkracht.programme.rules.stagnation import (
    RULES_FILE,
    StagnationRulesError,
    load_stagnation_rules,
    read_stagnation_rules,
)
from veerkracht.programme.services.agreements import compute_stagnation_signals, record_status_update

pytestmark = pytest.mark.django_db

NO_UPDATE_DAYS = load_stagnation_rules().no_update_days


def _open(code: str, kind: str) -> list[StagnationSignal]:
    return list(StagnationSignal.objects.filter(agreement__code=code, kind=kind, resolved_on__isnull=True))


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=12)))


def test_a_milestone_signals_the_day_after_its_date_not_on_it(maastricht: AgreementSet) -> None:
    # 2c "Coördinatiepunt Zorg en Wonen": "2022/Q1: opleveren projectplan" (due 2022-03-31).
    compute_stagnation_signals(date(2022, 3, 31))
    overdue = [s.milestone.title for s in _open("2c", SignalKind.MILESTONE_OVERDUE)]
    assert "Opleveren projectplan" not in overdue
    compute_stagnation_signals(date(2022, 4, 1))
    overdue = [s.milestone.title for s in _open("2c", SignalKind.MILESTONE_OVERDUE)]
    assert "Opleveren projectplan" in overdue


def test_the_milestone_signal_disappears_when_the_lead_records_progress(
    maastricht: AgreementSet, person_in: object
) -> None:
    lead = person_in("maasvallei", "Maasvallei", "wijkbeheerder")  # type: ignore[operator]
    agreement = Agreement.objects.get(code="2c")
    plan = agreement.milestones.get(title="Opleveren projectplan")
    compute_stagnation_signals(date(2022, 4, 15))
    assert any(s.milestone == plan for s in _open("2c", SignalKind.MILESTONE_OVERDUE))
    with time_machine.travel(_moment(date(2022, 4, 20)), tick=False):
        record_status_update(
            agreement,
            author=lead,
            status="op_schema",
            note="Projectplan opgeleverd.",
            milestone=plan,
            milestone_reached=True,
        )
    assert not any(s.milestone == plan for s in _open("2c", SignalKind.MILESTONE_OVERDUE))
    compute_stagnation_signals(date(2022, 4, 21))
    assert not any(s.milestone == plan for s in _open("2c", SignalKind.MILESTONE_OVERDUE))
    resolved = StagnationSignal.objects.get(milestone=plan)
    assert resolved.resolved_on == date(2022, 4, 20) and resolved.stuck_since == date(2022, 3, 31)


def test_a_new_expected_date_clears_the_signal_until_that_date_passes(
    maastricht: AgreementSet, person_in: object
) -> None:
    lead = person_in("gemeente", "Gemeente Maastricht", "coordinator")  # type: ignore[operator]
    agreement = Agreement.objects.get(code="5f")  # Grondbeleid, Q1 2022
    step = agreement.milestones.get()
    compute_stagnation_signals(date(2022, 4, 10))
    assert _open("5f", SignalKind.MILESTONE_OVERDUE)
    with time_machine.travel(_moment(date(2022, 4, 11)), tick=False):
        record_status_update(
            agreement,
            author=lead,
            status="vertraagd",
            note="Raad beslist in juni.",
            milestone=step,
            milestone_expected_on=date(2022, 6, 30),
        )
    compute_stagnation_signals(date(2022, 6, 30))
    assert not _open("5f", SignalKind.MILESTONE_OVERDUE)
    compute_stagnation_signals(date(2022, 7, 1))
    [signal] = _open("5f", SignalKind.MILESTONE_OVERDUE)
    assert signal.stuck_since == date(2022, 6, 30)


def test_an_agreement_without_news_signals_after_the_configured_days(
    maastricht: AgreementSet, person_in: object
) -> None:
    lead = person_in("gemeente", "Gemeente Maastricht", "coordinator")  # type: ignore[operator]
    agreement = Agreement.objects.get(code="0a")  # no milestones: only the no-update rule applies
    last = date(2023, 2, 1)
    with time_machine.travel(_moment(last), tick=False):
        record_status_update(agreement, author=lead, status="op_schema", note="Lobbydocument in de maak.")
    compute_stagnation_signals(last + timedelta(days=NO_UPDATE_DAYS - 1))
    assert not _open("0a", SignalKind.NO_UPDATE)
    compute_stagnation_signals(last + timedelta(days=NO_UPDATE_DAYS))
    [signal] = _open("0a", SignalKind.NO_UPDATE)
    assert signal.stuck_since == last


def test_without_any_update_the_count_starts_when_the_agreements_start(maastricht: AgreementSet) -> None:
    start = date(2022, 1, 1)
    compute_stagnation_signals(start + timedelta(days=NO_UPDATE_DAYS - 1))
    assert not StagnationSignal.objects.filter(kind=SignalKind.NO_UPDATE).exists()
    summary = compute_stagnation_signals(start + timedelta(days=NO_UPDATE_DAYS))
    assert StagnationSignal.objects.filter(kind=SignalKind.NO_UPDATE, resolved_on__isnull=True).count() == 56
    assert summary.open >= 56


def test_a_finished_agreement_raises_no_signals(maastricht: AgreementSet, person_in: object) -> None:
    lead = person_in("gemeente", "Gemeente Maastricht", "coordinator")  # type: ignore[operator]
    with time_machine.travel(_moment(date(2022, 2, 1)), tick=False):
        record_status_update(
            Agreement.objects.get(code="3e"), author=lead, status="gereed", note="Ingevoerd."
        )
    compute_stagnation_signals(date(2024, 1, 1))
    assert not StagnationSignal.objects.filter(agreement__code="3e", resolved_on__isnull=True).exists()


def test_running_the_job_twice_on_a_day_changes_nothing(maastricht: AgreementSet) -> None:
    first = compute_stagnation_signals(date(2023, 1, 1))
    second = compute_stagnation_signals(date(2023, 1, 1))
    assert first.opened > 0 and (second.opened, second.resolved) == (0, 0)
    assert second.open == first.open == StagnationSignal.objects.count()


def test_the_rule_file_is_checked_with_a_dutch_error(tmp_path: Path) -> None:
    assert read_stagnation_rules(RULES_FILE).no_update_days == NO_UPDATE_DAYS
    bad = tmp_path / "stagnation.yaml"
    bad.write_text("version: 1\nno_update_days: nooit\nmilestone_grace_days: 0\n", encoding="utf-8")
    with pytest.raises(
        StagnationRulesError,
        match=r"stagnation\.yaml, regel 2, sleutel 'no_update_days': verwacht een geheel",
    ):
        read_stagnation_rules(bad)
    bad.write_text("version: 1\nno_update_days: 30\nmilestone_grace_days: 0\nclosed_statuses: [klaar]\n")
    with pytest.raises(StagnationRulesError, match=r"sleutel 'closed_statuses\[0\]': verwacht"):
        read_stagnation_rules(bad)


def test_the_rule_file_knows_every_status() -> None:
    from typing import get_args

    from veerkracht.programme.models import AgreementStatus
    from veerkracht.programme.rules.stagnation import Status

    assert set(get_args(Status)) == set(AgreementStatus.values)


def test_tick_keeps_the_signals_up_to_date(maastricht: AgreementSet) -> None:
    from django.test import override_settings

    from veerkracht.core.periodic import periodic_jobs, tick

    assert "programme.stagnation_signals" in {job.name for job in periodic_jobs()}
    immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    StagnationSignal.objects.all().delete()
    with override_settings(TASKS=immediate):
        tick(["programme.stagnation_signals"])
    assert StagnationSignal.objects.filter(resolved_on__isnull=True).exists()
