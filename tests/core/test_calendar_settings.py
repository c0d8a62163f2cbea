# SPDX-License-Identifier: EUPL-1.2
"""An organisation's calendar choices and closing days: stored through the service, read as a calendar."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from veerkracht.core import events
from veerkracht.core.calendar import AMSTERDAM, WorkingDayCalendar
from veerkracht.core.models import AuditEvent, ClosingDay, Organisation, OrganisationCalendar
from veerkracht.core.queries import UnknownOrganisation, calendar_for, find_organisation
from veerkracht.core.services import (
    CALENDAR_CHANGED,
    CalendarSettingsError,
    add_closing_days,
    create_organisation,
    create_person,
    remove_closing_days,
    set_calendar_choices,
)

pytestmark = pytest.mark.django_db

CHRISTMAS_WEEK = [date(2026, 12, 28), date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)]


@pytest.fixture
def corporation() -> Organisation:
    return create_organisation("Woonstichting Test", "woningcorporatie")


def test_an_organisation_without_choices_gets_the_default_calendar(corporation: Organisation) -> None:
    assert calendar_for(corporation) == WorkingDayCalendar()
    assert calendar_for(None) == WorkingDayCalendar()
    # The model's defaults and the pure calendar's defaults are the same choices.
    stored = OrganisationCalendar(organisation=corporation)
    assert (stored.good_friday, stored.liberation_day) == (False, "lustrum")


def test_the_organisations_choices_and_closing_days_make_its_calendar(corporation: Organisation) -> None:
    set_calendar_choices(corporation, good_friday=True, liberation_day="always")
    add_closing_days(corporation, CHRISTMAS_WEEK, "Kerstsluiting")
    calendar = calendar_for(corporation)
    assert calendar.good_friday is True
    assert calendar.liberation_day == "always"
    assert not calendar.is_working_day(date(2026, 4, 3))  # Goede Vrijdag
    assert not calendar.is_working_day(date(2026, 5, 5))  # Bevrijdingsdag outside a lustrum year
    assert calendar.days_off(2026)[date(2026, 12, 29)] == "Kerstsluiting"
    received = datetime(2026, 12, 24, 16, 30, tzinfo=AMSTERDAM)
    assert calendar.add_working_days(received, 2).date() == date(2027, 1, 5)
    other = create_organisation("Gemeente Test", "gemeente")
    assert calendar_for(other).add_working_days(received, 2).date() == date(2026, 12, 29)


def test_closing_days_without_choices_keep_the_default_choices_and_are_read_in_one_statement(
    corporation: Organisation,
) -> None:
    add_closing_days(corporation, CHRISTMAS_WEEK, "Kerstsluiting")
    with CaptureQueriesContext(connection) as queries:
        calendar = calendar_for(corporation)
    assert len(queries) == 1  # intake builds a calendar per request
    assert (calendar.good_friday, calendar.liberation_day) == (False, "lustrum")
    assert sorted(calendar.closing_days) == CHRISTMAS_WEEK
    assert calendar == WorkingDayCalendar(closing_days=dict.fromkeys(CHRISTMAS_WEEK, "Kerstsluiting"))


def test_setting_one_choice_leaves_the_other_alone(corporation: Organisation) -> None:
    set_calendar_choices(corporation, liberation_day="never")
    set_calendar_choices(corporation, good_friday=True)
    calendar = calendar_for(corporation)
    assert (calendar.good_friday, calendar.liberation_day) == (True, "never")
    assert OrganisationCalendar.objects.filter(organisation=corporation).count() == 1


def test_every_change_is_audited_with_who_and_what(corporation: Organisation) -> None:
    admin = create_person("beheerder", None)
    set_calendar_choices(corporation, good_friday=True, actor=admin)
    add_closing_days(corporation, CHRISTMAS_WEEK[:2], "Kerstsluiting", actor=admin)
    remove_closing_days(corporation, [CHRISTMAS_WEEK[0]], actor=admin)
    logged = list(
        AuditEvent.objects.filter(action__startswith="calendar.")
        .order_by("id")
        .values("action", "actor_label", "detail")
    )
    assert logged == [
        {
            "action": "calendar.choices_set",
            "actor_label": "beheerder",
            "detail": {
                "before": {"good_friday": False, "liberation_day": "lustrum"},
                "after": {"good_friday": True, "liberation_day": "lustrum"},
            },
        },
        {
            "action": "calendar.closing_days_added",
            "actor_label": "beheerder",
            "detail": {"days": ["2026-12-28", "2026-12-29"], "reason": "Kerstsluiting"},
        },
        {
            "action": "calendar.closing_days_removed",
            "actor_label": "beheerder",
            "detail": {"days": ["2026-12-28"]},
        },
    ]


def test_adding_a_closing_day_twice_keeps_one_with_the_newest_reason(corporation: Organisation) -> None:
    add_closing_days(corporation, [date(2026, 12, 28)], "Kerstsluiting")
    add_closing_days(corporation, [date(2026, 12, 28)], "Inventarisatie")
    assert list(ClosingDay.objects.values_list("day", "reason")) == [(date(2026, 12, 28), "Inventarisatie")]


def test_removing_a_day_that_is_not_closed_changes_and_logs_nothing(corporation: Organisation) -> None:
    assert remove_closing_days(corporation, [date(2026, 12, 28)]) == []
    assert not AuditEvent.objects.filter(action="calendar.closing_days_removed").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda org: set_calendar_choices(org, liberation_day="soms"), "geen keuze"),
        (lambda org: add_closing_days(org, CHRISTMAS_WEEK, "  "), "geef een reden"),
        (lambda org: add_closing_days(org, [], "Kerstsluiting"), "geen datum"),
        (lambda org: add_closing_days(org, CHRISTMAS_WEEK, "x" * 201), "langer dan 200"),
    ],
)
def test_bad_settings_are_refused_in_dutch_and_nothing_is_stored(
    corporation: Organisation, change: Callable[[Organisation], Any], message: str
) -> None:
    with pytest.raises(CalendarSettingsError, match=message):
        change(corporation)
    assert not ClosingDay.objects.exists()
    assert not OrganisationCalendar.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="calendar.").exists()


def test_a_change_announces_calendar_changed_after_commit(
    corporation: Organisation,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    monkeypatch.setattr(events, "registry", events.Registry())
    heard: list[dict[str, Any]] = []
    events.subscribe(CALENDAR_CHANGED, lambda event: heard.append(event.payload))
    with django_capture_on_commit_callbacks(execute=True):
        add_closing_days(corporation, CHRISTMAS_WEEK, "Kerstsluiting")
    assert heard == [{"organisation": corporation.pk}]


def test_an_organisation_is_found_by_name_or_slug_in_any_case(corporation: Organisation) -> None:
    assert find_organisation("Woonstichting Test") == corporation
    assert find_organisation("woonstichting test") == corporation
    assert find_organisation("woonstichting-test") == corporation
    with pytest.raises(UnknownOrganisation, match="bekende organisaties: Woonstichting Test"):
        find_organisation("Woonstichting Elders")
