# SPDX-License-Identifier: EUPL-1.2
"""Working days in the Netherlands, and what "within n working days" means (pure: no Django).

Which days are not working days
-------------------------------
Saturdays and Sundays; the Dutch public holidays (from the ``holidays`` package: Nieuwjaarsdag,
Eerste en Tweede paasdag, Koningsdag, Hemelvaartsdag, Eerste en Tweede pinksterdag, Eerste en Tweede
kerstdag), which are the days article 3 of the Algemene termijnenwet lists; and two days that the law
counts every year but many organisations do not give off, so each organisation chooses:

- Goede Vrijdag (the law equates it with the holidays; most collective agreements treat it as a
  working day): ``good_friday=True`` or ``False``;
- Bevrijdingsdag, 5 May (in the law's list every year; in many collective agreements a day off only
  in lustrum years, 2025, 2030, ...): ``liberation_day="always"``, ``"lustrum"`` or ``"never"``.

Koningsdag is 27 April, or Saturday 26 April when the 27th is a Sunday (2025): then it falls in the
weekend and costs no working day. Each organisation adds its own closing days (between Christmas and
New Year, for instance). The bridging days that a royal decree equates with holidays for legal terms
(art. 3(3) of the law) are not included: an organisation that closes on them enters them as closing
days.

The rule for "within n working days"
------------------------------------
The day of receipt does not count, whatever the hour. Counting starts with the first working day
after it, and the deadline is the end of the n-th working day counted: 23:59:59.999999 in
Europe/Amsterdam, the last moment that is still on time (something done at or before the deadline is
on time, and ``deadline.date()`` is the day a person would name). With n = 0 the deadline is the end
of the day of receipt itself. Moments must be timezone-aware; days are taken in Europe/Amsterdam.

>>> calendar = WorkingDayCalendar()
>>> friday = datetime(2026, 1, 9, 16, 30, tzinfo=AMSTERDAM)
>>> calendar.add_working_days(friday, 1).isoformat()  # received on a Friday: due Monday
'2026-01-12T23:59:59.999999+01:00'
>>> saturday = datetime(2026, 1, 10, 9, 0, tzinfo=AMSTERDAM)
>>> calendar.add_working_days(saturday, 1).isoformat()  # received on a Saturday: due Monday too
'2026-01-12T23:59:59.999999+01:00'
>>> christmas_eve = datetime(2026, 12, 24, 11, 0, tzinfo=AMSTERDAM)
>>> calendar.add_working_days(christmas_eve, 2).date()  # Christmas and the weekend do not count
datetime.date(2026, 12, 29)

``working_days_between(start, end)`` counts the working days after the day of ``start`` up to and
including the day of ``end`` (negative when ``end`` is earlier), so that
``working_days_between(start, add_working_days(start, n)) == n``:

>>> calendar.working_days_between(christmas_eve, datetime(2026, 12, 29, 8, 0, tzinfo=AMSTERDAM))
2

Judge lateness by the deadline, not by the count: something received on a Thursday with one working
day and handled on the Saturday after counts one working day, yet it is late (the deadline was the end
of Friday).
"""

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from functools import cache
from types import MappingProxyType
from typing import Literal, cast, get_args
from zoneinfo import ZoneInfo

import holidays
import numpy as np
from dateutil.easter import easter

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
LiberationDay = Literal["always", "lustrum", "never"]
LIBERATION_DAY_CHOICES: tuple[str, ...] = get_args(LiberationDay)
FIRST_YEAR: int = holidays.NL.start_year
LAST_YEAR: int = holidays.NL.end_year
GOOD_FRIDAY = "Goede Vrijdag"
LIBERATION_DAY = "Bevrijdingsdag"
_WEEKMASK = "1111100"
# The names of the two days the organisation chooses, as the ``holidays`` package spells them in Dutch.
_CHOSEN_NAMES = ("Goede vrijdag", "Bevrijdingsdag")


class CalendarError(ValueError):
    """A moment, year or number the calendar cannot work with (the message is in Dutch)."""


@cache
def statutory_holidays(year: int) -> Mapping[date, str]:
    """Return the public holidays of a year that every calendar counts, with their Dutch names.

    Goede Vrijdag and Bevrijdingsdag are left out: each organisation chooses those.

    >>> sorted(statutory_holidays(2026).items())[:2]
    [(datetime.date(2026, 1, 1), 'Nieuwjaarsdag'), (datetime.date(2026, 4, 5), 'Eerste paasdag')]
    """
    _check_year(year)
    days = holidays.NL(years=year, language="nl")
    for name in _CHOSEN_NAMES:
        # Versions of ``holidays`` differ in whether and when they list these two; we decide ourselves.
        if days.get_named(name, lookup="iexact"):
            days.pop_named(name, lookup="iexact")
    return MappingProxyType(dict(sorted(days.items())))


def good_friday(year: int) -> date:
    """Return Goede Vrijdag of a year, two days before Easter Sunday.

    >>> good_friday(2026)
    datetime.date(2026, 4, 3)
    """
    return easter(year) - timedelta(days=2)


def end_of_day(day: date) -> datetime:
    """Return the last moment of a day in Europe/Amsterdam (the moment a deadline falls).

    >>> end_of_day(date(2026, 7, 1)).isoformat()
    '2026-07-01T23:59:59.999999+02:00'
    """
    return datetime.combine(day, time.max, tzinfo=AMSTERDAM)


def local_day(moment: datetime) -> date:
    """Return the day a timezone-aware moment falls on in Europe/Amsterdam.

    >>> from datetime import timezone
    >>> local_day(datetime(2026, 3, 31, 22, 30, tzinfo=timezone.utc))  # already 1 April in Amsterdam
    datetime.date(2026, 4, 1)
    """
    if not isinstance(moment, datetime):
        raise CalendarError(f"een tijdstip (datum en tijd) verwacht, niet {moment!r}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise CalendarError(f"tijdstip {moment.isoformat()} heeft geen tijdzone; geef bv. +01:00 mee")
    return moment.astimezone(AMSTERDAM).date()


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarError(f"de kalender kent de jaren {FIRST_YEAR} tot en met {LAST_YEAR}, niet {year}")


_REMEMBERED_DEADLINES = 4096


class WorkingDayCalendar:
    """An organisation's working days: weekends, holidays, its two choices and its closing days.

    Immutable; holiday sets are built once per year and kept, so one object serves many deadlines.

    Parameters
    ----------
    good_friday : bool
        Whether Goede Vrijdag is a day off.
    liberation_day : {"always", "lustrum", "never"}
        Whether Bevrijdingsdag (5 May) is a day off every year, only in lustrum years (years divisible by
        five) or never.
    closing_days : mapping of date to reason, or iterable of dates
        The organisation's own closing days.

    Examples
    --------
    >>> law = WorkingDayCalendar(good_friday=True, liberation_day="always")
    >>> law.is_working_day(date(2026, 5, 5)), WorkingDayCalendar().is_working_day(date(2026, 5, 5))
    (False, True)
    >>> closed = WorkingDayCalendar(closing_days={date(2026, 12, 28): "Kerstsluiting"})
    >>> closed.days_off(2026)[date(2026, 12, 28)]
    'Kerstsluiting'
    """

    __slots__ = ("_busdays", "_closing_days", "_days_off", "_deadlines", "_good_friday", "_liberation_day")

    def __init__(
        self,
        *,
        good_friday: bool = False,
        liberation_day: LiberationDay = "lustrum",
        closing_days: Mapping[date, str] | Iterable[date] = (),
    ) -> None:
        if liberation_day not in LIBERATION_DAY_CHOICES:
            raise CalendarError(
                f"Bevrijdingsdag: {liberation_day!r} is geen keuze; verwacht een van "
                f"{', '.join(LIBERATION_DAY_CHOICES)}"
            )
        if isinstance(closing_days, Mapping):
            reasons = {day: str(reason) or "Sluitingsdag" for day, reason in closing_days.items()}
        else:
            reasons = dict.fromkeys(closing_days, "Sluitingsdag")
        for day in reasons:
            if isinstance(day, datetime) or not isinstance(day, date):
                raise CalendarError(f"sluitingsdag: een datum verwacht, niet {day!r}")
        self._good_friday = bool(good_friday)
        self._liberation_day: LiberationDay = liberation_day
        self._closing_days: tuple[tuple[date, str], ...] = tuple(sorted(reasons.items()))
        self._days_off: dict[int, Mapping[date, str]] = {}
        # Deadlines asked for before, by (day of receipt, working days): a batch asks the same few.
        self._deadlines: dict[tuple[date, int], datetime] = {}
        # One numpy business-day calendar over a span of years, widened when a question needs more.
        self._busdays: tuple[int, int, np.busdaycalendar] | None = None

    @property
    def good_friday(self) -> bool:
        """Whether Goede Vrijdag is a day off."""
        return self._good_friday

    @property
    def liberation_day(self) -> LiberationDay:
        """When Bevrijdingsdag is a day off: "always", "lustrum" or "never"."""
        return self._liberation_day

    @property
    def closing_days(self) -> Mapping[date, str]:
        """The organisation's own closing days with their reasons."""
        return MappingProxyType(dict(self._closing_days))

    def _key(self) -> tuple[object, ...]:
        return (self._good_friday, self._liberation_day, self._closing_days)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WorkingDayCalendar) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"WorkingDayCalendar(good_friday={self._good_friday!r}, "
            f"liberation_day={self._liberation_day!r}, closing_days={len(self._closing_days)} days)"
        )

    def days_off(self, year: int) -> Mapping[date, str]:
        """Return every holiday and closing day of a year (weekends included) with its reason in Dutch.

        >>> days = WorkingDayCalendar(good_friday=True).days_off(2025)
        >>> days[date(2025, 4, 18)], days[date(2025, 4, 26)], days[date(2025, 5, 5)]
        ('Goede Vrijdag', 'Koningsdag', 'Bevrijdingsdag')
        """
        cached = self._days_off.get(year)
        if cached is not None:
            return cached
        days: dict[date, list[str]] = {day: [name] for day, name in statutory_holidays(year).items()}
        if self._good_friday:
            days.setdefault(good_friday(year), []).append(GOOD_FRIDAY)
        if self._liberation_day == "always" or (self._liberation_day == "lustrum" and year % 5 == 0):
            days.setdefault(date(year, 5, 5), []).append(LIBERATION_DAY)
        for day, reason in self._closing_days:
            if day.year == year:
                days.setdefault(day, []).append(reason)
        result = MappingProxyType({day: "; ".join(days[day]) for day in sorted(days)})
        self._days_off[year] = result
        return result

    def is_working_day(self, day: date) -> bool:
        """Whether a day is a working day (a moment is taken as its day in Europe/Amsterdam).

        >>> calendar = WorkingDayCalendar()
        >>> calendar.is_working_day(date(2026, 12, 24)), calendar.is_working_day(date(2026, 12, 25))
        (True, False)
        """
        if isinstance(day, datetime):
            day = local_day(day)
        return day.weekday() < 5 and day not in self.days_off(day.year)

    def add_working_days(self, moment: datetime, n: int) -> datetime:
        """Return the deadline of "within n working days" for something received at ``moment``.

        See the module's rule: the day of receipt does not count; the deadline is the end of the n-th
        working day after it (23:59:59.999999 Europe/Amsterdam).

        >>> maundy_thursday = datetime(2026, 4, 2, 10, tzinfo=AMSTERDAM)
        >>> WorkingDayCalendar().add_working_days(maundy_thursday, 1).date()
        datetime.date(2026, 4, 3)
        >>> WorkingDayCalendar(good_friday=True).add_working_days(maundy_thursday, 1).date()
        datetime.date(2026, 4, 7)
        """
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise CalendarError(f"aantal werkdagen: een geheel getal van 0 of meer verwacht, niet {n!r}")
        day = local_day(moment)
        known = self._deadlines.get((day, n))
        if known is not None:
            return known
        found = self._add_working_days(day, n)
        if len(self._deadlines) >= _REMEMBERED_DEADLINES:
            self._deadlines.clear()
        self._deadlines[(day, n)] = found
        return found

    def _add_working_days(self, day: date, n: int) -> datetime:
        _check_year(day.year)
        if n == 0:
            return end_of_day(day)
        # A year has at least ~200 working days; a calendar that closes more is widened and retried.
        # Rolling back from a day off may step into the year before, hence ``day.year - 1``.
        last = min(day.year + 1 + n // 200, LAST_YEAR)
        while True:
            busdays = self._busdays_for(day.year - 1, last)
            found = np.busday_offset(np.datetime64(day, "D"), n, roll="backward", busdaycal=busdays)
            deadline = cast(date, found.item())
            if deadline.year <= last:
                return end_of_day(deadline)
            if last == LAST_YEAR:
                raise CalendarError(
                    f"{n} werkdagen na {day} valt na {LAST_YEAR}, het laatste jaar dat de kalender kent"
                )
            last = min(LAST_YEAR, last + 1 + (last - day.year))

    def working_days_between(self, start: datetime, end: datetime) -> int:
        """Count the working days after the day of ``start`` up to and including the day of ``end``.

        Negative when ``end`` falls before ``start``; 0 when both fall on the same day.

        >>> calendar = WorkingDayCalendar()
        >>> monday = datetime(2026, 1, 12, 9, tzinfo=AMSTERDAM)
        >>> calendar.working_days_between(monday, monday + timedelta(days=7))
        5
        """
        first, last = local_day(start), local_day(end)
        _check_year(first.year)
        _check_year(last.year)
        if first == last:
            return 0
        if first > last:
            # numpy's own negative counts take the other half-open interval; keep the sign rule plain.
            return -self.working_days_between(end, start)
        busdays = self._busdays_for(first.year, last.year)
        one = timedelta(days=1)
        counted = np.busday_count(
            np.datetime64(first + one, "D"), np.datetime64(last + one, "D"), busdaycal=busdays
        )
        return int(counted)

    def _busdays_for(self, first_year: int, last_year: int) -> np.busdaycalendar:
        """Return a numpy business-day calendar knowing every day off from ``first_year`` to ``last_year``."""
        first_year = max(first_year, FIRST_YEAR)
        _check_year(last_year)
        current = self._busdays
        if current is not None and current[0] <= first_year and last_year <= current[1]:
            return current[2]
        if current is not None:
            first_year, last_year = min(first_year, current[0]), max(last_year, current[1])
        weekdays_off = [
            day
            for year in range(first_year, last_year + 1)
            for day in self.days_off(year)
            if day.weekday() < 5
        ]
        busdays = np.busdaycalendar(
            weekmask=_WEEKMASK, holidays=np.array(weekdays_off, dtype="datetime64[D]")
        )
        self._busdays = (first_year, last_year, busdays)
        return busdays
