# SPDX-License-Identifier: EUPL-1.2
"""Replaying a historic melding's steps: its status history and clocks as the services would have made them.

A historic file gives, per melding, some of these moments: received, acknowledged, feedback given, closed,
and the current status with the moment it began. :func:`replay` turns them into the steps of the workflow
(``acknowledge``, ``give_feedback``, ``close``, and the shortest way on to the current status) and runs the
clocks through them exactly as :func:`veerkracht.cases.services.transitions.transition` does, in the same
order: pauses the old status started end, the clocks whose step is done freeze, the step's new clocks start,
and the new status pauses its clocks. So a historic melding's clocks say what they would have said had it
been handled in Veerkracht: the KPIs over five years of history count the same way as over today's work.

Pure (no Django): the workflow, the service levels and the calendar come in as arguments.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from veerkracht.cases.rules.service_levels import ServiceLevel
from veerkracht.cases.rules.workflow import MeldingType, Transition
from veerkracht.core.calendar import AMSTERDAM, WorkingDayCalendar, local_day

#: The steps the moments of a historic file stand for, in the order they happen.
MOMENT_STEPS = (("acknowledged_at", "acknowledge"), ("feedback_at", "give_feedback"), ("closed_at", "close"))
#: Steps never taken to reach a status: linking needs the other melding, which a file does not name.
NOT_REPLAYED = frozenset({"link"})
#: The moments in words, for a problem with their order.
MOMENT_WORDS = {
    "received_at": "ontvangst",
    "acknowledged_at": "ontvangstbevestiging",
    "feedback_at": "terugkoppeling",
    "closed_at": "afhandeling",
    "status_at": "laatste statuswijziging",
}
DEFAULT_REASONS = {
    "close": "Afgehandeld in het vorige systeem",
    "reopen": "Heropend in het vorige systeem",
}
DEFAULT_FIELD = "Niet overgenomen uit het vorige systeem"
#: A clock slightly ahead on the sender's side is not an error; a step from tomorrow is.
FUTURE_TOLERANCE = timedelta(minutes=5)


@dataclass(frozen=True)
class Moments:
    """What a historic file says about a melding's handling (None: the file does not say)."""

    received_at: datetime
    acknowledged_at: datetime | None = None
    feedback_at: datetime | None = None
    closed_at: datetime | None = None
    #: The current status (a code of the workflow); None: what the moments lead to.
    status: str | None = None
    #: When the current status began, for a status that no moment above stands for.
    status_at: datetime | None = None
    feedback: str = ""
    close_reason: str = ""
    #: The network partner a signal was referred to.
    partner: str = ""


class HistoryProblem(ValueError):
    """A melding whose moments and status do not fit the workflow; ``field`` names the moment or status."""

    def __init__(self, field: str, text: str) -> None:
        super().__init__(text)
        self.field = field
        self.text = text


@dataclass(frozen=True)
class Step:
    """One row of the status history."""

    transition: str
    from_status: str
    to_status: str
    at: datetime
    reason: str = ""
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class Pause:
    """One pause of a replayed clock; ``resumed_at`` is None while it lasts."""

    paused_at: datetime
    reason: str
    source: str
    resumed_at: datetime | None = None
    working_days: int | None = None
    resume_reason: str = ""


@dataclass
class ReplayedClock:
    """A clock as the services would have left it."""

    kind: str
    sequence: int
    started_at: datetime
    level: ServiceLevel
    paused_days: int = 0
    deadline: datetime | None = None
    target_deadline: datetime | None = None
    frozen_at: datetime | None = None
    pauses: list[Pause] = field(default_factory=list)

    @property
    def is_paused(self) -> bool:
        return self.frozen_at is None and self.deadline is None

    @property
    def is_running(self) -> bool:
        return self.frozen_at is None and self.deadline is not None


@dataclass(frozen=True)
class Replayed:
    """A melding's history: the steps after its receipt, where they led, and its clocks."""

    steps: list[Step]
    status: str
    is_open: bool
    status_changed_at: datetime
    clocks: list[ReplayedClock]

    @property
    def next_deadline(self) -> datetime | None:
        """The earliest deadline of a running clock (what the work list sorts on)."""
        return min((c.deadline for c in self.clocks if c.is_running and c.deadline), default=None)


class DayCounter:
    """The calendar's two counts, remembered per day: a history of years asks the same ones again and again.

    Both counts depend only on the days of their moments (ADR 0008), so keeping them per day is exact.
    """

    def __init__(self, calendar: WorkingDayCalendar) -> None:
        self.calendar = calendar
        self._added: dict[tuple[date, int], datetime] = {}
        self._between: dict[tuple[date, date], int] = {}

    def add_working_days(self, moment: datetime, n: int) -> datetime:
        key = (_day(moment), n)
        found = self._added.get(key)
        if found is None:
            found = self._added[key] = self.calendar.add_working_days(moment, n)
        return found

    def working_days_between(self, start: datetime, end: datetime) -> int:
        key = (_day(start), _day(end))
        found = self._between.get(key)
        if found is None:
            found = self._between[key] = self.calendar.working_days_between(start, end)
        return found


def _day(moment: datetime) -> date:
    # Moments read from a file are in Amsterdam already; the general conversion (and its checks) is for
    # the others.
    return moment.date() if moment.tzinfo is AMSTERDAM else local_day(moment)


def replay(
    kind: MeldingType,
    moments: Moments,
    *,
    level_of: Callable[[str], ServiceLevel],
    days: DayCounter,
    clock_kinds: tuple[str, ...],
    now: datetime,
) -> Replayed:
    """Replay a melding's history from its moments; raise :class:`HistoryProblem` when they do not fit.

    ``level_of(kind)`` gives the service level of a clock kind for this melding (organisation, category).
    A step whose moment falls earlier on the same day as the step before it is moved to that moment (a
    source that stores only a date for one step and a time for another); a day earlier is a problem.
    """
    history = _History(kind, level_of, days)
    for clock_kind in clock_kinds:
        history.start(clock_kind, moments.received_at)
    last, last_field = moments.received_at, "received_at"
    for name, code in MOMENT_STEPS:
        moment = getattr(moments, name)
        if moment is None:
            continue
        moment = _in_order(moment, name, last, last_field, now)
        spec = kind.transitions.get(code)
        if spec is None or history.status not in spec.from_:
            raise HistoryProblem(name, _cannot(kind, history.status, code))
        history.take(spec, moment, moments)
        last, last_field = moment, name
    wanted = moments.status
    if wanted is not None and wanted != history.status:
        if wanted not in kind.statuses:
            raise HistoryProblem("status", f"status '{wanted}' bestaat niet voor een {kind.label.nl.lower()}")
        path = _path(kind, history.status, wanted)
        if path is None:
            raise HistoryProblem(
                "status",
                f"status '{kind.statuses[wanted].label.nl}' kan niet volgen op "
                f"'{kind.statuses[history.status].label.nl}', waar de datums van de melding op uitkomen",
            )
        if moments.status_at is None:
            raise HistoryProblem(
                "status_at",
                f"status '{kind.statuses[wanted].label.nl}' vraagt de datum waarop de melding die status "
                "kreeg; noem in de mapping de kolom met die datum (status_at)",
            )
        moment = _in_order(moments.status_at, "status_at", last, last_field, now)
        for spec in path:
            history.take(spec, moment, moments)
    return Replayed(
        history.steps,
        history.status,
        kind.is_open(history.status),
        history.changed_at or moments.received_at,
        history.clocks,
    )


def _in_order(moment: datetime, name: str, last: datetime, last_field: str, now: datetime) -> datetime:
    if moment > now + FUTURE_TOLERANCE:
        raise HistoryProblem(name, f"{moment:%d-%m-%Y %H:%M} ligt in de toekomst")
    if moment >= last:
        return moment
    if local_day(moment) == local_day(last):
        return last
    raise HistoryProblem(
        name, f"{moment:%d-%m-%Y %H:%M} ligt vóór de {MOMENT_WORDS[last_field]} ({last:%d-%m-%Y %H:%M})"
    )


def _cannot(kind: MeldingType, status: str, code: str) -> str:
    spec = kind.transitions.get(code)
    if spec is None:
        return f"een {kind.label.nl.lower()} kent de stap '{code}' niet"
    return f"'{spec.label.nl}' kan niet vanuit status '{kind.statuses[status].label.nl}'"


def _path(kind: MeldingType, start: str, goal: str) -> list[Transition] | None:
    """The shortest way from one status to another (first in file order when several are as short).

    The way does not pass through a status that pauses a clock, nor links (see ``NOT_REPLAYED``).
    """
    seen = {start}
    queue: deque[tuple[str, list[Transition]]] = deque([(start, [])])
    while queue:
        status, taken = queue.popleft()
        for spec in kind.allowed_from(status):
            if spec.code in NOT_REPLAYED or spec.to in seen:
                continue
            if spec.to == goal:
                return [*taken, spec]
            seen.add(spec.to)
            if kind.statuses[spec.to].pauses:
                # Waiting on the way would be a pause the file never mentioned, of no length at all.
                continue
            queue.append((spec.to, [*taken, spec]))
    return None


class _History:
    """The status and clocks of one melding while its steps are replayed."""

    def __init__(self, kind: MeldingType, level_of: Callable[[str], ServiceLevel], days: DayCounter) -> None:
        self.kind = kind
        self.level_of = level_of
        self.days = days
        self.status = kind.initial
        self.changed_at: datetime | None = None
        self.steps: list[Step] = []
        self.clocks: list[ReplayedClock] = []
        self.latest: dict[str, ReplayedClock] = {}

    def start(self, clock_kind: str, at: datetime) -> None:
        previous = self.latest.get(clock_kind)
        clock = ReplayedClock(
            clock_kind, previous.sequence + 1 if previous else 1, at, self.level_of(clock_kind)
        )
        self._recompute(clock)
        self.clocks.append(clock)
        self.latest[clock_kind] = clock

    def take(self, spec: Transition, at: datetime, moments: Moments) -> None:
        code = spec.code  # a private attribute of the model: slow to read, so read once
        leaving, entering = self.kind.statuses[self.status], self.kind.statuses[spec.to]
        reason = ""
        if spec.reason_required:
            reason = (moments.close_reason if code == "close" else "") or DEFAULT_REASONS.get(
                code, f"{spec.label.nl} in het vorige systeem"
            )
        given = {"feedback": moments.feedback, "partner": moments.partner}
        fields = {name: given.get(name, "") or DEFAULT_FIELD for name in spec.requires}
        source = f"status:{self.status}"
        for clock_kind in leaving.pauses:
            clock = self.latest.get(clock_kind)
            if clock is not None and clock.is_paused and clock.pauses and clock.pauses[-1].source == source:
                self._resume(clock, at, spec.label.nl)
        for clock_kind in spec.freezes:
            clock = self.latest.get(clock_kind)
            if clock is not None and clock.frozen_at is None:
                if clock.deadline is None:
                    self._resume(clock, at, "stap afgerond")
                clock.frozen_at = at
        for clock_kind in spec.starts:
            self.start(clock_kind, at)
        for clock_kind in entering.pauses:
            clock = self.latest.get(clock_kind)
            if clock is not None and clock.is_running:
                why = entering.label.nl + (f": {reason}" if reason else "")
                clock.pauses.append(Pause(at, why[:500], f"status:{spec.to}"))
                clock.deadline = clock.target_deadline = None
        self.steps.append(Step(code, self.status, spec.to, at, reason, fields))
        self.status, self.changed_at = spec.to, at

    def _resume(self, clock: ReplayedClock, at: datetime, reason: str) -> None:
        pause = clock.pauses[-1]
        pause.working_days = self.days.working_days_between(pause.paused_at, at)
        pause.resumed_at, pause.resume_reason = at, reason[:500]
        clock.paused_days += pause.working_days
        self._recompute(clock)

    def _recompute(self, clock: ReplayedClock) -> None:
        budget, target = clock.level.working_days, clock.level.target_working_days
        clock.deadline = self.days.add_working_days(clock.started_at, budget + clock.paused_days)
        clock.target_deadline = (
            None
            if target is None
            else self.days.add_working_days(clock.started_at, target + clock.paused_days)
        )
