# SPDX-License-Identifier: EUPL-1.2
"""A historic melding ends up exactly as one handled step by step through the services would have."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from veerkracht.cases.importers.history import Moments
from veerkracht.cases.importers.store import HistoricMelding, HistoricStore
from veerkracht.cases.models import Clock, ClockPause, Melding, StatusChange
from veerkracht.cases.services.intake import receive
from veerkracht.cases.services.transitions import transition

from ..conftest import City, moment, new_melding

FEEDBACK = "Wij hebben de aannemer gestuurd."
REASON = "Afgehandeld in het vorige systeem"

# (why, received, [(step, moment)] through the services, the moments a file would give)
CASES: list[tuple[str, datetime, list[tuple[str, datetime]], dict[str, Any]]] = [
    (
        "acknowledged, feedback and closed over Easter",
        moment(2025, 4, 17, 16),
        [
            ("acknowledge", moment(2025, 4, 22, 9)),
            ("give_feedback", moment(2025, 4, 29, 11)),
            ("close", moment(2025, 5, 6, 10)),
        ],
        {
            "acknowledged_at": moment(2025, 4, 22, 9),
            "feedback_at": moment(2025, 4, 29, 11),
            "closed_at": moment(2025, 5, 6, 10),
            "feedback": FEEDBACK,
        },
    ),
    (
        "waiting for a partner since a day before Christmas",
        moment(2024, 12, 19, 10),
        [("acknowledge", moment(2024, 12, 20, 9)), ("wait_for_partner", moment(2024, 12, 23, 14))],
        {
            "acknowledged_at": moment(2024, 12, 20, 9),
            "status": "wacht_op_partner",
            "status_at": moment(2024, 12, 23, 14),
        },
    ),
    (
        "closed late, straight from received, on a Saturday",
        moment(2025, 1, 3, 22),
        [("close", moment(2025, 1, 25, 11))],
        {"closed_at": moment(2025, 1, 25, 11)},
    ),
    (
        "reopened after closing: a second feedback clock",
        moment(2025, 6, 2, 9),
        [("close", moment(2025, 6, 3, 9)), ("reopen", moment(2025, 6, 10, 9))],
        {"closed_at": moment(2025, 6, 3, 9), "status": "heropend", "status_at": moment(2025, 6, 10, 9)},
    ),
    ("never handled", moment(2025, 9, 1, 9), [], {}),
]


def _through_services(city: City, received: datetime, steps: list[tuple[str, datetime]]) -> Melding:
    melding = receive(
        new_melding(received_at=received), organisation=city.corporation, actor=city["wijkbeheerder"]
    ).melding
    for name, at in steps:
        fields = {"feedback": FEEDBACK} if name == "give_feedback" else None
        reason = {"close": REASON, "reopen": "Heropend in het vorige systeem"}.get(name, "")
        transition(melding, name, actor=city["wijkbeheerder"], at=at, reason=reason, fields=fields)
    return Melding.objects.get(pk=melding.pk)


def _through_the_store(city: City, received: datetime, moments: dict[str, Any]) -> Melding:
    store = HistoricStore(city.corporation)
    record = HistoricMelding(new_melding(received_at=received), Moments(received_at=received, **moments))
    prepared, problems = store.prepare([record])
    assert problems == {}
    [pk] = store.write(prepared)
    return Melding.objects.get(pk=pk)


def _state(melding: Melding) -> dict[str, Any]:
    clocks = [
        (
            c.kind,
            c.sequence,
            c.started_at,
            c.budget_days,
            c.paused_days,
            c.deadline,
            c.target_deadline,
            c.frozen_at,
        )
        for c in Clock.objects.filter(melding=melding).order_by("kind", "sequence")
    ]
    pauses = [
        (p.clock.kind, p.paused_at, p.resumed_at, p.working_days, p.source)
        for p in ClockPause.objects.filter(clock__melding=melding).order_by("paused_at")
    ]
    changes = [
        (c.transition, c.from_status, c.to_status, c.at, c.reason, c.fields)
        for c in StatusChange.objects.filter(melding=melding).order_by("at", "id")
    ]
    return {
        "status": (melding.status, melding.is_open, melding.status_changed_at, melding.next_deadline),
        "routing": (melding.organisation_id, melding.responsible_role, melding.routing_rule_id),
        "clocks": clocks,
        "pauses": pauses,
        "history": changes,
    }


@pytest.mark.parametrize(("why", "received", "steps", "moments"), CASES, ids=[case[0] for case in CASES])
def test_a_replayed_history_equals_the_one_the_services_write(
    city: City, why: str, received: datetime, steps: list[tuple[str, datetime]], moments: dict[str, Any]
) -> None:
    handled = _state(_through_services(city, received, steps))
    replayed = _state(_through_the_store(city, received, moments))
    assert replayed == handled, why
