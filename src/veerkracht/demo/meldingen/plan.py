# SPDX-License-Identifier: EUPL-1.2
"""A year of synthetic meldingen for a city's corporations, as a plan (pure: numpy, no Django).

Deterministic for a seed and a moment ``now``: the year is the 365 days before it. Per corporation about
one melding a year for every seven of its homes, each of a kind from the mix (its share, its season, more
rubbish around the holidays, fewer phone calls at weekends), in a square drawn by that kind's weight. Some
reporters come back again and again about the same neighbours; a resident team walks a round every other
Saturday. Handling follows the promises of seed 004 in working days: most acknowledgements within two,
most feedback within ten (the target is five), repressive and social matters slower than physical ones;
what would lie after ``now`` has not happened yet, and a few meldingen got stuck (those are overdue).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np
import numpy.typing as npt
import shapely

from veerkracht.cases.importers.history import DayCounter
from veerkracht.core.calendar import AMSTERDAM, WorkingDayCalendar
from veerkracht.demo.meldingen import mix
from veerkracht.demo.meldingen.places import Places

#: Meldingen per corporation home per year.
RATE = 0.14
REPEAT_REPORTERS = 20
ROUND_EVERY_DAYS = 14
#: Extra working days after acknowledgement until feedback, per kind of weight (mean of a gamma).
FEEDBACK_MEAN = {mix.PHYSICAL: 2.0, mix.SOCIAL: 4.0, mix.REPRESSIVE: 6.0, mix.TOGETHER: 4.5}
STUCK = 0.02


@dataclass(frozen=True)
class Reporter:
    kind: str
    name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""


@dataclass
class Handling:
    """What became of a melding so far (None: not yet, or never)."""

    acknowledged_at: datetime | None = None
    feedback_at: datetime | None = None
    closed_at: datetime | None = None
    status: str | None = None
    status_at: datetime | None = None
    feedback: str = ""
    close_reason: str = ""
    partner: str = ""


@dataclass(frozen=True)
class PlannedMelding:
    """One synthetic melding and its handling so far."""

    owner: int
    category: str
    subcategory: str
    weight: str
    received_at: datetime
    x: float
    y: float
    address: str
    complex_id: str
    description: str
    channel: str
    reporter: Reporter
    handling: Handling
    #: Index into the plan's rounds for a resident team's finding.
    round: int | None = None
    #: Whether a person of the handling team has taken it on.
    assigned: bool = False


@dataclass(frozen=True)
class PlannedRound:
    walked_on: date
    route: str
    submitted_at: datetime
    buurt: str


@dataclass(frozen=True)
class YearPlan:
    meldingen: list[PlannedMelding]
    rounds: list[PlannedRound]


def plan_year(
    places: Places,
    *,
    seed: int,
    now: datetime,
    calendar: WorkingDayCalendar,
    workflows: dict[str, str],
    corporations: int = 2,
    rate: float = RATE,
) -> YearPlan:
    """Plan a year of meldingen; ``workflows`` names the workflow type of each category."""
    planner = _Planner(places, seed, now, calendar, workflows)
    for owner in range(corporations):
        count = round(places.dwellings_of(owner) * rate)
        planner.ordinary(owner, count)
        planner.repeat_reporters(owner, REPEAT_REPORTERS)
    planner.rounds(owner=0)
    ordered = sorted(planner.meldingen, key=lambda planned: (planned.received_at, planned.owner, planned.x))
    return YearPlan(ordered, planner.planned_rounds)


def day_weights(kind: mix.Kind, days: list[date]) -> npt.NDArray[np.float64]:
    """How likely each day is for a kind: its season, the holidays, and fewer meldingen at weekends.

    >>> kind = mix.Kind("vervuiling", "zwerfafval", 0.1, holidays=True)
    >>> [round(float(w), 2) for w in day_weights(kind, [date(2025, 12, 30), date(2025, 11, 4)])]
    [2.0, 1.0]
    """
    weights = np.array([kind.season[day.month - 1] for day in days], dtype=np.float64)
    if kind.holidays:
        weights *= np.array([_holiday_factor(day) for day in days])
    weights *= np.array([0.6 if day.weekday() >= 5 else 1.0 for day in days])
    return weights


def _holiday_factor(day: date) -> float:
    if (day.month == 12 and day.day >= 24) or (day.month == 1 and day.day <= 7):
        return 2.0
    if (day.month == 4 and day.day >= 27) or (day.month == 5 and day.day <= 3):
        return 1.5
    if (day.month == 7 and day.day >= 15) or day.month == 8:
        return 1.3
    return 1.0


class _Planner:
    def __init__(
        self,
        places: Places,
        seed: int,
        now: datetime,
        calendar: WorkingDayCalendar,
        workflows: dict[str, str],
    ) -> None:
        self.places = places
        self.rng = np.random.default_rng(np.random.SeedSequence([seed, 90]))
        self.now = now.astimezone(AMSTERDAM)
        self.calendar = calendar
        self.counter = DayCounter(calendar)
        self.workflows = workflows
        first = self.now.date() - timedelta(days=365)
        self.days = [first + timedelta(days=i) for i in range(365)]
        self.meldingen: list[PlannedMelding] = []
        self.planned_rounds: list[PlannedRound] = []
        shares = np.array([kind.share for kind in mix.MIX])
        self.shares = shares / shares.sum()
        self.day_weights = [day_weights(kind, self.days) for kind in mix.MIX]

    # -- what, where, who -------------------------------------------------------------------------------

    def ordinary(self, owner: int, count: int) -> None:
        kinds = self.rng.choice(len(mix.MIX), size=count, p=self.shares)
        for index in range(len(mix.MIX)):
            many = int((kinds == index).sum())
            if many == 0:
                continue
            kind = mix.MIX[index]
            weights = self.day_weights[index]
            days = self.rng.choice(len(self.days), size=many, p=weights / weights.sum())
            squares = self._squares(owner, kind.weight, many)
            for day, square in zip(days.tolist(), squares.tolist(), strict=True):
                channel, reporter = self._reporter(kind)
                received = self._received(self.days[day], channel)
                if received is not None:
                    self._add(
                        owner,
                        kind.category,
                        kind.subcategory,
                        kind.weight,
                        received,
                        square,
                        channel,
                        reporter,
                    )

    def repeat_reporters(self, owner: int, count: int) -> None:
        probabilities = np.array([share for _c, _s, share in mix.REPEAT_KINDS])
        for _ in range(count):
            square = self._square(owner, mix.SOCIAL)
            first, last = self._name()
            street = self._street(square)
            number = int(self.rng.integers(2, 120))
            reporter = Reporter(
                "tenant",
                f"{first} {last}",
                f"{first}.{last}".lower().replace(" ", "") + "@example.org",
                f"06-{int(self.rng.integers(10_000_000, 99_999_999))}",
                f"{street} {number}",
            )
            # A conflict with the neighbours runs for months; the reporter calls every few weeks.
            start = int(self.rng.integers(0, 300))
            span = int(self.rng.integers(60, 200))
            reports = 3 + int(self.rng.poisson(4))
            for offset in sorted(self.rng.integers(0, span, size=reports).tolist()):
                if start + offset >= len(self.days):
                    break
                category, subcategory, _share = mix.REPEAT_KINDS[
                    int(self.rng.choice(len(mix.REPEAT_KINDS), p=probabilities))
                ]
                channel = "phone" if self.rng.random() < 0.6 else "web"
                received = self._received(self.days[start + offset], channel)
                if received is not None:
                    address = f"{street} {number + 1 if self.rng.random() < 0.7 else number - 1}"
                    self._add(
                        owner,
                        category,
                        subcategory,
                        mix.SOCIAL,
                        received,
                        square,
                        channel,
                        reporter,
                        address=address,
                    )

    def rounds(self, owner: int) -> None:
        """A resident team walks the corporation's physically most pressed buurt, every other Saturday."""
        mine = np.flatnonzero(self.places.owner == owner)
        if mine.size == 0:
            return
        per_buurt: dict[str, float] = {}
        for square in mine.tolist():
            code = str(self.places.buurt[square])
            per_buurt[code] = per_buurt.get(code, 0.0) + float(self.places.weights[mix.PHYSICAL][square])
        buurt = max(sorted(per_buurt), key=lambda code: per_buurt[code])
        squares = mine[self.places.buurt[mine] == buurt]
        name = str(self.places.buurt_name[squares[0]])
        probabilities = np.array([share for _c, _s, share in mix.ROUND_KINDS])
        saturdays = [day for day in self.days if day.weekday() == 5][1::2]
        for walked_on in saturdays:
            submitted = datetime.combine(walked_on, time(12, 30), tzinfo=AMSTERDAM)
            if submitted > self.now:
                break
            streets = sorted({self._street(int(square)) for square in self.rng.choice(squares, size=3)})
            index = len(self.planned_rounds)
            self.planned_rounds.append(
                PlannedRound(walked_on, f"{name}: {', '.join(streets)}", submitted, buurt)
            )
            for _ in range(int(self.rng.integers(2, 7))):
                category, subcategory, _share = mix.ROUND_KINDS[
                    int(self.rng.choice(len(mix.ROUND_KINDS), p=probabilities))
                ]
                square = int(self.rng.choice(squares))
                self._add(
                    owner,
                    category,
                    subcategory,
                    mix.PHYSICAL,
                    submitted,
                    square,
                    "round",
                    Reporter("resident_team"),
                    round_index=index,
                )

    def _square(self, owner: int, weight: str) -> int:
        return int(self._squares(owner, weight, 1)[0])

    def _squares(self, owner: int, weight: str, count: int) -> npt.NDArray[np.int64]:
        mine = np.flatnonzero(self.places.owner == owner)
        chances = self.places.weights[weight][mine]
        return mine[self.rng.choice(mine.size, size=count, p=chances / chances.sum())]

    def _reporter(self, kind: mix.Kind) -> tuple[str, Reporter]:
        draw = self.rng.random()
        if draw < 0.12:
            return ("web" if self.rng.random() < 0.7 else "phone"), Reporter("anonymous")
        if draw < 0.20:
            return "phone", Reporter("staff")
        if draw < 0.25 or (kind.weight == mix.REPRESSIVE and draw < 0.4):
            first, last = self._name()
            return "api", Reporter("partner", f"{first} {last}", f"{first.lower()}@partner.example.org")
        if draw < 0.27:
            return "phone", Reporter("contractor", "Aannemer Groen & Schoon", phone="043-1234567")
        first, last = self._name()
        kind_of = "tenant" if self.rng.random() < 0.8 else "neighbour"
        channel = "phone" if self.rng.random() < 0.5 else "web"
        email = f"{first}.{last}".lower().replace(" ", "") + f"{int(self.rng.integers(1, 99))}@example.org"
        phone = f"06-{int(self.rng.integers(10_000_000, 99_999_999))}" if self.rng.random() < 0.7 else ""
        return channel, Reporter(kind_of, f"{first} {last}", email, phone)

    def _name(self) -> tuple[str, str]:
        return (
            str(mix.FIRST_NAMES[int(self.rng.integers(len(mix.FIRST_NAMES)))]),
            str(mix.LAST_NAMES[int(self.rng.integers(len(mix.LAST_NAMES)))]),
        )

    def _street(self, square: int) -> str:
        name = str(self.places.buurt_name[square]).strip(" -0123456789")
        suffix = mix.STREET_SUFFIXES[int(self.places.x[square] / 100 + self.places.y[square] / 100) % 6]
        return f"{name}{'straat' if name.endswith(suffix) else suffix}"

    def _point(self, square: int) -> tuple[float, float]:
        x0, y0 = float(self.places.x[square]), float(self.places.y[square])
        for _ in range(4):
            x, y = x0 + float(self.rng.uniform(5, 95)), y0 + float(self.rng.uniform(5, 95))
            if shapely.contains_xy(self.places.outline, x, y):
                return x, y
        return x0 + 50.0, y0 + 50.0

    # -- when -----------------------------------------------------------------------------------------

    def _received(self, day: date, channel: str) -> datetime | None:
        if channel == "phone" and not self.calendar.is_working_day(day):
            channel = "web"
        if channel == "web":
            minutes = int(np.clip(self.rng.normal(19 * 60, 180), 6 * 60, 23 * 60 + 50))
        else:
            minutes = int(self.rng.integers(8 * 60 + 30, 17 * 60))
        moment = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=AMSTERDAM)
        return moment if moment < self.now else None

    def _step(self, after: datetime, working_days: int) -> datetime:
        """A moment during office hours, ``working_days`` after ``after`` (0: later that same day)."""
        if working_days == 0 and (not self.calendar.is_working_day(after.date()) or after.hour >= 16):
            working_days = 1
        day = after.date() if working_days == 0 else self.counter.add_working_days(after, working_days).date()
        minutes = int(self.rng.integers(8 * 60 + 30, 16 * 60 + 45))
        moment = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=AMSTERDAM)
        return moment if moment > after else after + timedelta(minutes=int(self.rng.integers(10, 120)))

    def _add(
        self,
        owner: int,
        category: str,
        subcategory: str,
        weight: str,
        received: datetime,
        square: int,
        channel: str,
        reporter: Reporter,
        *,
        address: str = "",
        round_index: int | None = None,
    ) -> None:
        x, y = self._point(square)
        complex_id = str(self.places.complex_id[square])
        texts = mix.DESCRIPTIONS[subcategory]
        signal = self.workflows.get(category) == "signaal"
        handling = self._handling(received, weight, signal)
        self.meldingen.append(
            PlannedMelding(
                owner=owner,
                category=category,
                subcategory=subcategory,
                weight=weight,
                received_at=received,
                x=x,
                y=y,
                address=address or f"{self._street(square)} {int(self.rng.integers(1, 150))}",
                complex_id=complex_id,
                description=str(texts[int(self.rng.integers(len(texts)))]),
                channel=channel,
                reporter=reporter,
                round=round_index,
                assigned=bool(self.rng.random() < 0.7),
                handling=handling,
            )
        )

    def _handling(self, received: datetime, weight: str, signal: bool) -> Handling:
        rng = self.rng
        handling = Handling()
        stuck = rng.random() < STUCK
        acknowledge = int(rng.choice(6, p=[0.3, 0.35, 0.2, 0.08, 0.04, 0.03]))
        acknowledged = self._step(received, acknowledge)
        if acknowledged > self.now or (stuck and rng.random() < 0.5):
            return handling
        handling.acknowledged_at = acknowledged
        if stuck:
            # Stuck: often waiting for a partner (paused, so not late), otherwise simply overdue.
            return self._waiting(handling, acknowledged, signal)
        feedback = self._step(acknowledged, round(rng.gamma(2.0, FEEDBACK_MEAN[weight] / 2.0)))
        if feedback > self.now:
            return self._waiting(handling, acknowledged, signal)
        if rng.random() >= 0.1:  # one in ten is closed at once, without a separate feedback step
            handling.feedback_at = feedback
            handling.feedback = _pick(rng, mix.FEEDBACK[weight])
        closed = self._step(feedback, round(rng.gamma(1.5, 2.5 if weight == mix.PHYSICAL else 4.0)))
        if closed > self.now or rng.random() < 0.04:
            return handling
        handling.closed_at = closed
        handling.close_reason = _pick(rng, mix.CLOSING[weight])
        return handling

    def _waiting(self, handling: Handling, acknowledged: datetime, signal: bool) -> Handling:
        """An acknowledged melding without feedback yet: sometimes waiting for a partner, or referred."""
        if self.rng.random() < (0.4 if signal else 0.25):
            since = self._step(acknowledged, int(self.rng.integers(0, 3)))
            if since < self.now:
                handling.status = "doorverwezen" if signal else "wacht_op_partner"
                handling.status_at = since
                handling.partner = _pick(self.rng, mix.PARTNERS)
        return handling


def _pick(rng: np.random.Generator, texts: tuple[str, ...]) -> str:
    return str(texts[int(rng.integers(len(texts)))])
