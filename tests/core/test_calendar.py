# SPDX-License-Identifier: EUPL-1.2
"""Working days over real Dutch calendars, and deadlines of "within n working days"."""

from datetime import UTC, date, datetime, timedelta

import pytest
from dateutil.easter import easter as dateutil_easter
from hypothesis import given, settings
from hypothesis import strategies as st

from veerkracht.core.calendar import (
    AMSTERDAM,
    FIRST_YEAR,
    LAST_YEAR,
    CalendarError,
    WorkingDayCalendar,
    statutory_holidays,
)

DEFAULT = WorkingDayCalendar()  # Goede Vrijdag a working day, Bevrijdingsdag off in lustrum years
LAW = WorkingDayCalendar(good_friday=True, liberation_day="always")  # what the Algemene termijnenwet counts


def d(text: str) -> date:
    return date.fromisoformat(text)


def at(text: str) -> datetime:
    """A moment in Amsterdam from '2026-01-09 16:30'."""
    return datetime.fromisoformat(text).replace(tzinfo=AMSTERDAM)


def computus(year: int) -> date:
    """Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher), independent of dateutil."""
    a, b, c = year % 19, year // 100, year % 100
    d_, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d_ - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


# Every holiday that falls on a weekday, per year, for the default calendar and for the law's calendar.
# Dates checked against the published calendars (rijksoverheid.nl "officiële feestdagen").
WEEKDAY_HOLIDAYS = {
    2024: {
        "2024-01-01": "Nieuwjaarsdag",
        "2024-04-01": "Tweede paasdag",
        "2024-05-09": "Hemelvaartsdag",
        "2024-05-20": "Tweede pinksterdag",
        "2024-12-25": "Eerste kerstdag",
        "2024-12-26": "Tweede kerstdag",
    },
    2025: {
        "2025-01-01": "Nieuwjaarsdag",
        "2025-04-21": "Tweede paasdag",
        "2025-05-05": "Bevrijdingsdag",  # lustrum year, on a Monday
        "2025-05-29": "Hemelvaartsdag",
        "2025-06-09": "Tweede pinksterdag",
        "2025-12-25": "Eerste kerstdag",
        "2025-12-26": "Tweede kerstdag",
    },
    2026: {
        "2026-01-01": "Nieuwjaarsdag",
        "2026-04-06": "Tweede paasdag",
        "2026-04-27": "Koningsdag",
        "2026-05-14": "Hemelvaartsdag",
        "2026-05-25": "Tweede pinksterdag",
        "2026-12-25": "Eerste kerstdag",
    },
    2027: {
        "2027-01-01": "Nieuwjaarsdag",
        "2027-03-29": "Tweede paasdag",
        "2027-04-27": "Koningsdag",
        "2027-05-06": "Hemelvaartsdag",
        "2027-05-17": "Tweede pinksterdag",
    },
    2028: {
        "2028-04-17": "Tweede paasdag",
        "2028-04-27": "Koningsdag",
        "2028-05-25": "Hemelvaartsdag",
        "2028-06-05": "Tweede pinksterdag",
        "2028-12-25": "Eerste kerstdag",
        "2028-12-26": "Tweede kerstdag",
    },
}
# What the law adds on weekdays: Goede Vrijdag every year, Bevrijdingsdag outside lustrum years.
LAW_EXTRA = {
    2024: {"2024-03-29": "Goede Vrijdag"},  # 5 May 2024 is a Sunday
    2025: {"2025-04-18": "Goede Vrijdag"},
    2026: {"2026-04-03": "Goede Vrijdag", "2026-05-05": "Bevrijdingsdag"},
    2027: {"2027-03-26": "Goede Vrijdag", "2027-05-05": "Bevrijdingsdag"},
    2028: {"2028-04-14": "Goede Vrijdag", "2028-05-05": "Bevrijdingsdag"},
}


def _weekday_days_off(calendar: WorkingDayCalendar, year: int) -> dict[str, str]:
    return {day.isoformat(): name for day, name in calendar.days_off(year).items() if day.weekday() < 5}


@pytest.mark.parametrize("year", sorted(WEEKDAY_HOLIDAYS))
def test_the_weekday_holidays_of_a_year_are_exactly_the_published_ones(year: int) -> None:
    assert _weekday_days_off(DEFAULT, year) == WEEKDAY_HOLIDAYS[year]
    assert _weekday_days_off(LAW, year) == WEEKDAY_HOLIDAYS[year] | LAW_EXTRA[year]


@pytest.mark.parametrize("year", sorted(WEEKDAY_HOLIDAYS))
def test_a_year_has_its_weekdays_less_its_weekday_holidays_as_working_days(year: int) -> None:
    first = date(year, 1, 1)
    days = [first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days)]
    weekdays = sum(day.weekday() < 5 for day in days)
    working = sum(DEFAULT.is_working_day(day) for day in days)
    assert working == weekdays - len(WEEKDAY_HOLIDAYS[year])
    last_of_previous_year = at(f"{year - 1}-12-31 12:00")
    assert DEFAULT.working_days_between(last_of_previous_year, at(f"{year}-12-31 12:00")) == working


@pytest.mark.parametrize("year", range(FIRST_YEAR, LAST_YEAR + 1))
def test_easter_based_days_follow_an_independent_computation_of_easter(year: int) -> None:
    easter = computus(year)
    assert easter == dateutil_easter(year)
    holidays = statutory_holidays(year)
    assert holidays[easter + timedelta(days=1)] == "Tweede paasdag"
    assert holidays[easter + timedelta(days=39)].endswith("Hemelvaartsdag")  # may share 5 May (2016)
    assert holidays[easter + timedelta(days=50)] == "Tweede pinksterdag"
    good_friday = easter - timedelta(days=2)
    assert good_friday not in holidays
    assert DEFAULT.is_working_day(good_friday)
    assert not LAW.is_working_day(good_friday)
    assert LAW.days_off(year)[good_friday] == "Goede Vrijdag"


@pytest.mark.parametrize("year", range(2014, LAST_YEAR + 1))
def test_koningsdag_is_27_april_or_the_saturday_before_when_that_is_a_sunday(year: int) -> None:
    april_27 = date(year, 4, 27)
    expected = april_27 - timedelta(days=1) if april_27.weekday() == 6 else april_27
    koningsdag = [day for day, name in statutory_holidays(year).items() if name == "Koningsdag"]
    assert koningsdag == [expected]


def test_koningsdag_2025_falls_on_saturday_26_april_and_costs_no_working_day() -> None:
    days = DEFAULT.days_off(2025)
    assert days[d("2025-04-26")] == "Koningsdag"
    assert d("2025-04-27") not in days  # the Sunday itself is not Koningsdag
    assert DEFAULT.is_working_day(d("2025-04-25"))
    assert DEFAULT.is_working_day(d("2025-04-28"))
    assert DEFAULT.add_working_days(at("2025-04-25 10:00"), 1) == DEFAULT.add_working_days(
        at("2025-04-25 10:00"), 0
    ) + timedelta(days=3)


@pytest.mark.parametrize(
    ("year", "choice", "working"),
    [
        (2025, "always", False),
        (2025, "lustrum", False),
        (2025, "never", True),
        (2026, "always", False),
        (2026, "lustrum", True),
        (2026, "never", True),
        (2027, "lustrum", True),
        # 5 May 2030 is a Sunday: a lustrum year, but no working day is lost under any choice.
        (2030, "always", False),
        (2030, "lustrum", False),
        (2030, "never", False),
    ],
)
def test_bevrijdingsdag_is_a_day_off_as_the_organisation_chose(year: int, choice: str, working: bool) -> None:
    calendar = WorkingDayCalendar(liberation_day=choice)  # type: ignore[arg-type]
    assert calendar.is_working_day(date(year, 5, 5)) is working


@pytest.mark.parametrize(("choice", "listed"), [("always", True), ("lustrum", True), ("never", False)])
def test_bevrijdingsdag_2030_is_listed_as_a_day_off_unless_never(choice: str, listed: bool) -> None:
    calendar = WorkingDayCalendar(liberation_day=choice)  # type: ignore[arg-type]
    assert (date(2030, 5, 5) in calendar.days_off(2030)) is listed


def test_ascension_and_the_bevrijdingsdag_choice_can_share_5_may() -> None:
    never = WorkingDayCalendar(liberation_day="never")
    assert never.days_off(2016)[d("2016-05-05")] == "Hemelvaartsdag"
    assert not never.is_working_day(d("2016-05-05"))
    assert LAW.days_off(2016)[d("2016-05-05")] == "Hemelvaartsdag; Bevrijdingsdag"


def test_christmas_and_new_year() -> None:
    for year in range(2024, 2031):
        for day in (date(year, 1, 1), date(year, 12, 25), date(year, 12, 26)):
            assert not DEFAULT.is_working_day(day)
        assert DEFAULT.is_working_day(date(year, 12, 24)) is (date(year, 12, 24).weekday() < 5)
        assert DEFAULT.is_working_day(date(year, 12, 31)) is (date(year, 12, 31).weekday() < 5)


CHRISTMAS_CLOSURE = (d("2026-12-28"), d("2026-12-29"), d("2026-12-30"), d("2026-12-31"))
CLOSED = WorkingDayCalendar(closing_days=dict.fromkeys(CHRISTMAS_CLOSURE, "Kerstsluiting"))


def test_an_organisations_closing_days_are_not_working_days_and_carry_their_reason() -> None:
    assert not CLOSED.is_working_day(d("2026-12-29"))
    assert DEFAULT.is_working_day(d("2026-12-29"))
    assert CLOSED.days_off(2026)[d("2026-12-29")] == "Kerstsluiting"
    assert d("2026-12-29") not in CLOSED.days_off(2027)


def test_a_closing_day_on_a_holiday_keeps_both_reasons() -> None:
    calendar = WorkingDayCalendar(closing_days={d("2026-12-25"): "Kerstsluiting"})
    assert calendar.days_off(2026)[d("2026-12-25")] == "Eerste kerstdag; Kerstsluiting"


@pytest.mark.parametrize(
    ("calendar", "received", "n", "due"),
    [
        (DEFAULT, "2026-01-09 16:30", 1, "2026-01-12"),  # Friday: due end of Monday
        (DEFAULT, "2026-01-10 09:00", 1, "2026-01-12"),  # Saturday: due end of Monday
        (DEFAULT, "2026-01-11 23:59", 1, "2026-01-12"),  # Sunday late: due end of Monday
        (DEFAULT, "2026-01-12 00:00", 1, "2026-01-13"),  # Monday: the day of receipt does not count
        (DEFAULT, "2026-01-12 09:00", 0, "2026-01-12"),  # zero days: end of the day of receipt
        (DEFAULT, "2026-01-10 09:00", 0, "2026-01-10"),
        (DEFAULT, "2026-01-12 09:00", 5, "2026-01-19"),
        (DEFAULT, "2026-01-12 09:00", 10, "2026-01-26"),
        (DEFAULT, "2026-12-24 11:00", 2, "2026-12-29"),  # Christmas and the weekend skipped
        (CLOSED, "2026-12-24 11:00", 2, "2027-01-05"),  # closing days and New Year skipped too
        (DEFAULT, "2026-04-02 10:00", 1, "2026-04-03"),  # Goede Vrijdag a working day
        (LAW, "2026-04-02 10:00", 1, "2026-04-07"),  # ... or not, and Tweede paasdag follows
        (DEFAULT, "2026-05-13 10:00", 1, "2026-05-15"),  # Hemelvaartsdag skipped
        (DEFAULT, "2026-05-22 10:00", 1, "2026-05-26"),  # Tweede pinksterdag skipped
        (DEFAULT, "2026-04-24 10:00", 1, "2026-04-28"),  # Koningsdag on Monday 27 April skipped
        (DEFAULT, "2025-05-02 10:00", 1, "2025-05-06"),  # Bevrijdingsdag 2025 (lustrum) skipped
        (DEFAULT, "2026-05-04 10:00", 1, "2026-05-05"),  # ... 2026 is not a lustrum year
        (LAW, "2026-05-04 10:00", 1, "2026-05-06"),
        (DEFAULT, "2027-12-31 10:00", 1, "2028-01-03"),  # across the year; 1 January 2028 a Saturday
    ],
)
def test_deadlines_of_within_n_working_days(
    calendar: WorkingDayCalendar, received: str, n: int, due: str
) -> None:
    deadline = calendar.add_working_days(at(received), n)
    assert deadline == datetime.fromisoformat(f"{due}T23:59:59.999999").replace(tzinfo=AMSTERDAM)
    assert deadline.tzinfo == AMSTERDAM


def test_the_deadline_is_the_last_moment_of_the_day_with_the_summer_or_winter_offset() -> None:
    assert (
        DEFAULT.add_working_days(at("2026-03-27 10:00"), 1).isoformat() == "2026-03-30T23:59:59.999999+02:00"
    )
    assert (
        DEFAULT.add_working_days(at("2026-10-23 10:00"), 1).isoformat() == "2026-10-26T23:59:59.999999+01:00"
    )


def test_the_day_of_receipt_is_the_day_in_amsterdam_not_in_utc() -> None:
    friday_night_utc = datetime(2026, 1, 9, 23, 30, tzinfo=UTC)  # Saturday 00:30 in Amsterdam
    assert DEFAULT.add_working_days(friday_night_utc, 0).date() == d("2026-01-10")
    assert DEFAULT.working_days_between(at("2026-01-09 12:00"), friday_night_utc) == 0


def test_working_days_between_counts_after_the_first_day_up_to_and_including_the_last() -> None:
    assert DEFAULT.working_days_between(at("2026-01-09 16:00"), at("2026-01-12 09:00")) == 1
    assert DEFAULT.working_days_between(at("2026-01-12 09:00"), at("2026-01-12 17:00")) == 0
    assert DEFAULT.working_days_between(at("2026-01-12 09:00"), at("2026-01-09 16:00")) == -1
    assert DEFAULT.working_days_between(at("2026-12-24 09:00"), at("2026-12-28 09:00")) == 1
    assert CLOSED.working_days_between(at("2026-12-24 09:00"), at("2027-01-04 09:00")) == 1


def test_a_moment_counts_as_its_day_in_amsterdam_when_asking_whether_it_is_a_working_day() -> None:
    friday_night_utc = datetime(2026, 1, 9, 23, 30, tzinfo=UTC)  # Saturday 00:30 in Amsterdam
    assert not DEFAULT.is_working_day(friday_night_utc)
    assert DEFAULT.is_working_day(datetime(2026, 1, 9, 22, 30, tzinfo=UTC))  # Friday 23:30 in Amsterdam
    christmas_eve_night_utc = datetime(2026, 12, 24, 23, 30, tzinfo=UTC)  # Eerste kerstdag in Amsterdam
    assert not DEFAULT.is_working_day(christmas_eve_night_utc)


def test_a_deadline_after_a_closure_of_more_than_a_year_still_skips_the_holidays_after_it() -> None:
    # Closed from June 2025 to the end of 2026 (a long renovation): the first working days are in 2027,
    # and Nieuwjaarsdag, Friday 1 January 2027, is not one of them.
    start, end = d("2025-06-02"), d("2026-12-31")
    closure = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    calendar = WorkingDayCalendar(closing_days=dict.fromkeys(closure, "Verbouwing"))
    received = at("2025-05-30 10:00")  # a Friday
    assert calendar.add_working_days(received, 1).date() == d("2027-01-04")
    assert calendar.add_working_days(received, 2).date() == d("2027-01-05")
    assert calendar.working_days_between(received, at("2027-01-04 09:00")) == 1


def test_deadlines_in_the_last_year_the_calendar_knows_are_given() -> None:
    calendar = WorkingDayCalendar()  # nothing remembered from other tests
    friday = at("2100-12-17 10:00")
    assert calendar.add_working_days(friday, 5).date() == d("2100-12-24")
    # Christmas 2100 falls on the weekend: Monday 27 December is a working day.
    assert calendar.add_working_days(friday, 6).date() == d("2100-12-27")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: DEFAULT.add_working_days(datetime(2026, 1, 9, 12), 1), "geen tijdzone"),
        (lambda: DEFAULT.add_working_days(at("2026-01-09 12:00"), -1), "0 of meer"),
        (lambda: DEFAULT.add_working_days(at("2026-01-09 12:00"), 1.5), "geheel getal"),
        (lambda: DEFAULT.add_working_days(date(2026, 1, 9), 1), "tijdstip"),  # type: ignore[arg-type]
        (lambda: DEFAULT.is_working_day(date(1950, 1, 2)), "1966 tot en met 2100"),
        (lambda: DEFAULT.add_working_days(at("2100-12-30 12:00"), 5), "laatste jaar"),
        (lambda: WorkingDayCalendar(liberation_day="soms"), "Bevrijdingsdag"),  # type: ignore[arg-type]
        (lambda: WorkingDayCalendar(closing_days=["2026-12-28"]), "sluitingsdag"),  # type: ignore[list-item]
    ],
)
def test_bad_input_gets_a_clear_dutch_error(call: object, message: str) -> None:
    with pytest.raises(CalendarError, match=message):
        call()  # type: ignore[operator]


def test_a_calendar_is_immutable_and_compares_by_its_settings() -> None:
    calendar = WorkingDayCalendar(closing_days=[d("2026-12-28")])
    with pytest.raises(AttributeError):
        calendar.good_friday = True  # type: ignore[misc]
    with pytest.raises(TypeError):
        calendar.closing_days[d("2026-12-29")] = "x"  # type: ignore[index]
    assert calendar == WorkingDayCalendar(closing_days={d("2026-12-28"): "Sluitingsdag"})
    assert calendar != DEFAULT
    assert len({calendar, WorkingDayCalendar(closing_days=[d("2026-12-28")])}) == 1


# --- Properties, checked against a plain day-by-day reference -------------------------------------------

calendars = st.builds(
    WorkingDayCalendar,
    good_friday=st.booleans(),
    liberation_day=st.sampled_from(["always", "lustrum", "never"]),
    closing_days=st.frozensets(
        st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)), max_size=40
    ),
)
moments = st.datetimes(
    min_value=datetime(2024, 1, 1),
    max_value=datetime(2028, 12, 31),
    timezones=st.sampled_from([AMSTERDAM, UTC]),
)
counts = st.integers(min_value=0, max_value=300)


def reference_deadline(calendar: WorkingDayCalendar, moment: datetime, n: int) -> date:
    day = moment.astimezone(AMSTERDAM).date()
    while n:
        day += timedelta(days=1)
        n -= calendar.is_working_day(day)
    return day


@settings(max_examples=200, deadline=None)
@given(calendar=calendars, moment=moments, n=counts)
def test_adding_n_working_days_matches_counting_day_by_day(
    calendar: WorkingDayCalendar, moment: datetime, n: int
) -> None:
    deadline = calendar.add_working_days(moment, n)
    assert deadline.date() == reference_deadline(calendar, moment, n)
    assert (deadline + timedelta(microseconds=1)).time() == datetime.min.time()
    if n:
        assert calendar.is_working_day(deadline.date())


@settings(max_examples=200, deadline=None)
@given(calendar=calendars, moment=moments, n=counts)
def test_the_working_days_between_a_moment_and_its_deadline_are_n(
    calendar: WorkingDayCalendar, moment: datetime, n: int
) -> None:
    assert calendar.working_days_between(moment, calendar.add_working_days(moment, n)) == n


@settings(max_examples=200, deadline=None)
@given(calendar=calendars, first=moments, second=moments, n=counts)
def test_adding_working_days_is_monotone(
    calendar: WorkingDayCalendar, first: datetime, second: datetime, n: int
) -> None:
    earlier, later = sorted([first, second])
    assert calendar.add_working_days(earlier, n) <= calendar.add_working_days(later, n)
    assert calendar.add_working_days(earlier, n) < calendar.add_working_days(earlier, n + 1)


@settings(max_examples=200, deadline=None)
@given(calendar=calendars, a=moments, b=moments, c=moments)
def test_working_days_between_adds_up_and_reverses_sign(
    calendar: WorkingDayCalendar, a: datetime, b: datetime, c: datetime
) -> None:
    assert calendar.working_days_between(a, b) + calendar.working_days_between(b, c) == (
        calendar.working_days_between(a, c)
    )
    assert calendar.working_days_between(a, b) == -calendar.working_days_between(b, a)
