# SPDX-License-Identifier: EUPL-1.2
"""The workflow: allowed steps with reasons and fields, frozen and paused clocks, append-only history."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine

from veerkracht.cases.models import Clock, HistoryIsAppendOnly, Melding, StatusChange
from veerkracht.cases.queries.clock_text import describe
from veerkracht.cases.queries.worklist import overdue
from veerkracht.cases.services.clocks import pause_clock, resume_clock
from veerkracht.cases.services.errors import ClockError, NotAllowed, WorkflowError
from veerkracht.cases.services.transitions import transition
from veerkracht.core import events
from veerkracht.core.models import AuditEvent

from .conftest import City, moment


@pytest.fixture(autouse=True)
def in_january() -> Any:
    """The tests run on 20 January 2027 at noon, after every step they take, unless they travel themselves."""
    with time_machine.travel(moment(2027, 1, 20, 12), tick=False):
        yield


def clock(melding: Melding, kind: str, sequence: int = 1) -> Clock:
    return Clock.objects.get(melding=melding, kind=kind, sequence=sequence)


@pytest.fixture
def melding(city: City, take_in: Any) -> Melding:
    """Received on Thursday 24 December 2026 at 16:30: acknowledgement by Tuesday 29 December."""
    with time_machine.travel(moment(2026, 12, 24, 16, 30), tick=False):
        return take_in(received_at=moment(2026, 12, 24, 16, 30))


def test_acknowledging_freezes_the_acknowledgement_clock_and_the_feedback_clock_runs_on(
    city: City, melding: Melding
) -> None:
    with time_machine.travel(moment(2026, 12, 28, 9), tick=False):
        assert describe(clock(melding, "acknowledgement")) == "ontvangstbevestiging uiterlijk di 29 december"
        transition(melding, "acknowledge", actor=city["wijkbeheerder"])
        ack = clock(melding, "acknowledgement")
        assert ack.frozen_at == moment(2026, 12, 28, 9)
        assert describe(ack) == "ontvangstbevestiging gegeven op ma 28 december (op tijd)"
        assert describe(clock(melding, "feedback")) == (
            "terugkoppeling uiterlijk ma 11 januari 2027, streefdatum ma 4 januari 2027"
        )
    melding.refresh_from_db()
    assert melding.status == "in_behandeling"
    assert melding.next_deadline == clock(melding, "feedback").deadline


def test_a_late_step_is_told_as_late(city: City, melding: Melding) -> None:
    with time_machine.travel(moment(2026, 12, 30, 9), tick=False):
        assert describe(clock(melding, "acknowledgement")) == (
            "ontvangstbevestiging te laat: uiterlijk was di 29 december"
        )
        transition(melding, "acknowledge", actor=city["wijkbeheerder"])
        assert describe(clock(melding, "acknowledgement")) == (
            "ontvangstbevestiging gegeven op wo 30 december (te laat)"
        )


def test_feedback_needs_its_text_and_closing_and_reopening_need_a_reason(
    city: City, melding: Melding
) -> None:
    actor = city["wijkbeheerder"]
    with pytest.raises(WorkflowError, match="vraagt 'Terugkoppeling aan de melder'"):
        transition(melding, "give_feedback", actor=actor, fields={"feedback": "  "})
    with pytest.raises(WorkflowError, match="kent de velden \\['partner'\\] niet"):
        transition(melding, "give_feedback", actor=actor, fields={"feedback": "Opgeruimd.", "partner": "x"})
    transition(melding, "give_feedback", actor=actor, fields={"feedback": "Wij ruimen het morgen op."})
    assert clock(melding, "acknowledgement").frozen_at is not None
    assert clock(melding, "feedback").frozen_at is not None
    with pytest.raises(WorkflowError, match="'Afhandelen' vraagt een reden"):
        transition(melding, "close", actor=actor)
    transition(melding, "close", actor=actor, reason="Opgeruimd door de aannemer")
    melding.refresh_from_db()
    assert (melding.status, melding.is_open, melding.next_deadline) == ("afgehandeld", False, None)
    with pytest.raises(WorkflowError, match="'Heropenen' vraagt een reden"):
        transition(melding, "reopen", actor=actor)
    history = list(
        StatusChange.objects.filter(melding=melding).values_list("transition", "from_status", "to_status")
    )
    assert history == [
        ("receive", "", "gemeld"),
        ("give_feedback", "gemeld", "teruggekoppeld"),
        ("close", "teruggekoppeld", "afgehandeld"),
    ]
    change = StatusChange.objects.get(melding=melding, transition="give_feedback")
    assert change.fields == {"feedback": "Wij ruimen het morgen op."} and change.actor == actor


def test_reopening_promises_feedback_again_with_a_new_clock(city: City, melding: Melding) -> None:
    actor = city["wijkbeheerder"]
    transition(melding, "close", actor=actor, reason="Niet van ons", at=moment(2026, 12, 28, 9))
    transition(melding, "reopen", actor=actor, reason="Melder belt: ligt er nog", at=moment(2027, 1, 4, 9))
    second = clock(melding, "feedback", 2)
    assert second.started_at == moment(2027, 1, 4, 9) and second.frozen_at is None
    assert second.deadline.date() == date(2027, 1, 18)
    melding.refresh_from_db()
    assert melding.is_open and melding.status == "heropend" and melding.next_deadline == second.deadline


def test_a_step_that_is_not_allowed_names_the_steps_that_are(city: City, melding: Melding) -> None:
    with pytest.raises(
        WorkflowError, match="kan niet vanuit status 'Gemeld'; mogelijk: acknowledge, give_feedback"
    ):
        transition(melding, "resume", actor=city["wijkbeheerder"])
    with pytest.raises(WorkflowError, match="bestaat niet"):
        transition(melding, "fly", actor=city["wijkbeheerder"])
    with pytest.raises(WorkflowError, match="niet eerder zijn dan de vorige"):
        transition(melding, "acknowledge", actor=city["wijkbeheerder"], at=moment(2026, 12, 24, 9))
    with pytest.raises(WorkflowError, match="ligt in de toekomst"):
        transition(melding, "acknowledge", actor=city["wijkbeheerder"], at=moment(2027, 1, 21, 9))
    with pytest.raises(ClockError, match="ligt in de toekomst"):
        pause_clock(
            clock(melding, "feedback"), reason="x", actor=city["wijkbeheerder"], at=moment(2027, 1, 21, 9)
        )


def test_waiting_for_the_reporter_pauses_feedback_and_resuming_moves_it_by_the_paused_days(
    city: City, melding: Melding
) -> None:
    actor = city["wijkbeheerder"]
    transition(melding, "acknowledge", actor=actor, at=moment(2026, 12, 28, 9))
    before = clock(melding, "feedback").deadline
    assert before.date() == date(2027, 1, 11)
    transition(melding, "wait_for_reporter", actor=actor, reason="Foto gevraagd", at=moment(2026, 12, 29, 10))
    paused = clock(melding, "feedback")
    assert paused.deadline is None and paused.is_paused
    melding.refresh_from_db()
    assert melding.next_deadline is None  # nothing runs: it sorts last and is never overdue
    with time_machine.travel(moment(2027, 1, 5, 9), tick=False):
        assert describe(paused) == "terugkoppeling gepauzeerd sinds di 29 december 2026"
    # Paused Tuesday 29 December, resumed Monday 4 January: 30 and 31 December and 4 January count.
    transition(melding, "resume", actor=actor, at=moment(2027, 1, 4, 11))
    resumed = clock(melding, "feedback")
    assert resumed.paused_days == 3 and resumed.deadline.date() == date(2027, 1, 14)
    pause = resumed.pauses.get()
    assert (pause.working_days, pause.source) == (3, "status:wacht_op_melder")


def test_feedback_given_while_waiting_ends_the_pause_first(city: City, melding: Melding) -> None:
    actor = city["wijkbeheerder"]
    transition(melding, "acknowledge", actor=actor, at=moment(2026, 12, 28, 9))
    transition(melding, "wait_for_partner", actor=actor, at=moment(2026, 12, 28, 10))
    transition(
        melding,
        "give_feedback",
        actor=actor,
        fields={"feedback": "Politie is op de hoogte."},
        at=moment(2026, 12, 30, 9),
    )
    feedback = clock(melding, "feedback")
    assert feedback.frozen_at == moment(2026, 12, 30, 9)
    assert feedback.pauses.get().resumed_at == moment(2026, 12, 30, 9)
    assert feedback.paused_days == 2 and feedback.deadline.date() == date(2027, 1, 13)


def test_a_clock_can_be_paused_and_resumed_by_hand_with_a_reason(city: City, melding: Melding) -> None:
    actor = city["wijkbeheerder"]
    ack = clock(melding, "acknowledgement")
    with pytest.raises(ClockError, match="vraagt een reden"):
        pause_clock(ack, reason=" ", actor=actor, at=moment(2026, 12, 28, 9))
    pause_clock(ack, reason="Melder op vakantie", actor=actor, at=moment(2026, 12, 28, 9))
    with pytest.raises(ClockError, match="al gepauzeerd"):
        pause_clock(ack, reason="nog eens", actor=actor, at=moment(2026, 12, 28, 10))
    ended = resume_clock(ack, actor=actor, reason="Melder terug", at=moment(2026, 12, 30, 9))
    assert ended.working_days == 2 and ended.resume_reason == "Melder terug"
    assert clock(melding, "acknowledgement").deadline.date() == date(2026, 12, 31)
    with pytest.raises(ClockError, match="niet gepauzeerd"):
        resume_clock(ack, actor=actor)
    assert (
        AuditEvent.objects.filter(action__in=["melding.clock_paused", "melding.clock_resumed"]).count() == 2
    )


def test_only_handlers_of_the_organisation_take_steps(city: City, melding: Melding) -> None:
    for username in ("ondersteuner", "anders", "bewoner", "analist"):
        with pytest.raises(NotAllowed):
            transition(melding, "acknowledge", actor=city[username])
        with pytest.raises(NotAllowed):
            pause_clock(clock(melding, "feedback"), reason="x", actor=city[username])
    transition(melding, "acknowledge", actor=city["coordinator"])


def test_overdue_is_a_running_clock_past_its_deadline(city: City, melding: Melding, take_in: Any) -> None:
    actor = city["wijkbeheerder"]
    with time_machine.travel(moment(2026, 12, 28, 9), tick=False):
        waiting = take_in(received_at=moment(2026, 12, 28, 9))
        done = take_in(received_at=moment(2026, 12, 28, 9))
    transition(waiting, "acknowledge", actor=actor, at=moment(2026, 12, 28, 10))
    transition(waiting, "wait_for_reporter", actor=actor, at=moment(2026, 12, 28, 11))
    transition(done, "give_feedback", actor=actor, fields={"feedback": "Klaar."}, at=moment(2026, 12, 28, 10))
    late = moment(2027, 2, 1)
    assert list(overdue(actor, now=late)) == [melding]
    assert list(overdue(actor, now=moment(2026, 12, 29, 23))) == []
    running = Clock.objects.filter(frozen_at__isnull=True, deadline__lt=late)
    assert set(running.values_list("melding_id", flat=True)) == {melding.pk}


def test_every_step_is_audited_and_announced(
    city: City, melding: Melding, django_capture_on_commit_callbacks: Any
) -> None:
    seen: list[events.Event] = []
    subscription = events.subscribe("melding.status_changed", seen.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            change = transition(melding, "acknowledge", actor=city["wijkbeheerder"])
    finally:
        events.registry._subscriptions["melding.status_changed"].remove(subscription)
    assert seen[0].payload == {
        "melding": melding.pk,
        "organisation": city.corporation.pk,
        "transition": "acknowledge",
        "from": "gemeld",
        "to": "in_behandeling",
        "status_change": change.pk,
    }
    audit = AuditEvent.objects.get(action="melding.status_changed")
    assert audit.detail["transition"] == "acknowledge"


def test_the_history_cannot_be_changed_or_removed(city: City, melding: Melding) -> None:
    change = StatusChange.objects.get(melding=melding)
    change.reason = "anders"
    with pytest.raises(HistoryIsAppendOnly):
        change.save()
    with pytest.raises(HistoryIsAppendOnly):
        change.delete()
    with pytest.raises(HistoryIsAppendOnly):
        StatusChange.objects.filter(melding=melding).update(reason="x")
    with pytest.raises(HistoryIsAppendOnly):
        StatusChange.objects.filter(melding=melding).delete()


def test_the_melding_page_reads_its_status_clocks_steps_and_timeline(city: City, melding: Melding) -> None:
    from veerkracht.cases.queries.melding import allowed_steps, clocks_in_words, status_label, timeline

    actor = city["wijkbeheerder"]
    assert [t.code for t in allowed_steps(actor, melding)] == [
        "acknowledge",
        "give_feedback",
        "close",
        "link",
    ]
    assert allowed_steps(city["ondersteuner"], melding) == []
    transition(melding, "acknowledge", actor=actor, at=moment(2026, 12, 28, 9))
    transition(melding, "wait_for_reporter", actor=actor, reason="Foto gevraagd", at=moment(2026, 12, 28, 10))
    transition(melding, "resume", actor=actor, at=moment(2026, 12, 29, 10))
    melding.refresh_from_db()
    assert status_label(melding) == "In behandeling"
    assert clocks_in_words(melding, now=moment(2026, 12, 29, 11)) == [
        "ontvangstbevestiging gegeven op ma 28 december (op tijd)",
        "terugkoppeling uiterlijk di 12 januari 2027, streefdatum di 5 januari 2027",
    ]
    assert [(e.kind, e.text) for e in timeline(melding)] == [
        ("status", "Ontvangen: Gemeld"),
        ("status", "Ontvangst bevestigen: In behandeling"),
        ("status", "Wachten op de melder: Wacht op reactie van de melder"),
        ("pause", "terugkoppeling gepauzeerd"),
        ("status", "Verder behandelen: In behandeling"),
        ("resume", "terugkoppeling hervat; de termijn schuift 1 werkdag op"),
    ]


def test_clocks_read_in_english_as_the_second_language(melding: Melding) -> None:
    from django.utils import translation

    with translation.override("en"), time_machine.travel(moment(2026, 12, 28, 12), tick=False):
        assert describe(clock(melding, "acknowledgement")) == "acknowledgement by Tue 29 December"
        assert (
            describe(clock(melding, "feedback"))
            == "feedback by Mon 11 January 2027, target Mon 4 January 2027"
        )
