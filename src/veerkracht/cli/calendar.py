# SPDX-License-Identifier: EUPL-1.2
"""Commands for the working-day calendar: check the days off and deadlines, set an organisation's choices."""

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import click

from veerkracht.cli.main import cli

if TYPE_CHECKING:
    from veerkracht.core.calendar import WorkingDayCalendar
    from veerkracht.core.models import Organisation

# The command speaks Dutch; the stored values are the calendar's own.
LIBERATION_DAY_OPTIONS = {"elk-jaar": "always", "lustrum": "lustrum", "nooit": "never"}
ORGANISATION_HELP = "Naam of korte naam (slug) van de organisatie; zonder deze optie: de standaardkalender."


def _dutch_date(day: date) -> str:
    from django.utils import translation
    from django.utils.dateformat import format as format_date

    with translation.override("nl"):
        return format_date(day, "D j F Y")


def _organisation(name: str | None) -> "Organisation | None":
    from veerkracht.core.queries import UnknownOrganisation, find_organisation

    if not name:
        return None
    try:
        return find_organisation(name)
    except UnknownOrganisation as error:
        raise click.ClickException(str(error)) from error


def _required_organisation(name: str) -> "Organisation":
    organisation = _organisation(name)
    if organisation is None:
        raise click.BadParameter("geef de naam van een organisatie", param_hint="--organisation")
    return organisation


def _calendar(organisation: "Organisation | None") -> "WorkingDayCalendar":
    from veerkracht.core.queries import calendar_for

    return calendar_for(organisation)


def _parse_day(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter(
            f"'{value}' is geen datum; verwacht bijvoorbeeld 2026-12-28", param_hint=what
        ) from error


def _explain_choices(calendar: "WorkingDayCalendar", year: int | None = None) -> list[str]:
    """Say in plain Dutch what the two ambiguous days mean for this calendar."""
    if calendar.good_friday:
        good_friday = "Goede Vrijdag: vrij (zoals de Algemene termijnenwet telt)."
    else:
        good_friday = (
            "Goede Vrijdag: werkdag. De Algemene termijnenwet stelt hem gelijk aan een feestdag, maar in de "
            "meeste collectieve arbeidsovereenkomsten is het een gewone werkdag."
        )
    liberation = {
        "always": "Bevrijdingsdag (5 mei): elk jaar vrij, zoals de Algemene termijnenwet telt.",
        "lustrum": (
            "Bevrijdingsdag (5 mei): alleen vrij in lustrumjaren (2025, 2030, ...), zoals in veel "
            "collectieve arbeidsovereenkomsten; de Algemene termijnenwet telt 5 mei elk jaar."
        ),
        "never": "Bevrijdingsdag (5 mei): nooit vrij; de Algemene termijnenwet telt 5 mei wel elk jaar.",
    }[calendar.liberation_day]
    if year is not None and calendar.liberation_day == "lustrum":
        liberation += f" {year} is {'een' if year % 5 == 0 else 'geen'} lustrumjaar."
    return [good_friday, liberation]


def _check_year(year: int) -> None:
    from veerkracht.core.calendar import FIRST_YEAR, LAST_YEAR

    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise click.BadParameter(
            f"de kalender kent de jaren {FIRST_YEAR} tot en met {LAST_YEAR}", param_hint="JAAR"
        )


@cli.group("calendar")
def calendar_group() -> None:
    """Werkdagenkalender: vrije dagen, sluitingsdagen en termijnen in werkdagen."""


@calendar_group.command("days")
@click.argument("year", metavar="JAAR", type=int)
@click.option("--organisation", "organisation_name", help=ORGANISATION_HELP)
def days(year: int, organisation_name: str | None) -> None:
    """Toon de niet-werkdagen van een jaar (feestdagen en sluitingsdagen) met hun reden."""
    _check_year(year)
    organisation = _organisation(organisation_name)
    calendar = _calendar(organisation)
    owner = organisation.name if organisation else "de standaardkalender"
    click.echo(f"Niet-werkdagen in {year} voor {owner}")
    for line in _explain_choices(calendar, year):
        click.echo(f"  {line}")
    click.echo("")
    days_off = calendar.days_off(year)
    weekday_off = [(day, reason) for day, reason in days_off.items() if day.weekday() < 5]
    for day, reason in weekday_off:
        click.echo(f"  {_dutch_date(day):<22} {reason}")
    in_weekend = [f"{reason} ({_dutch_date(day)})" for day, reason in days_off.items() if day.weekday() >= 5]
    if in_weekend:
        click.echo(f"  In het weekend, dus zonder gevolg voor de termijnen: {', '.join(in_weekend)}")
    first, last = date(year, 1, 1), date(year, 12, 31)
    all_days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    weekend = sum(day.weekday() >= 5 for day in all_days)
    working = sum(calendar.is_working_day(day) for day in all_days)
    click.echo("")
    click.echo(
        f"{len(weekday_off)} vrije dagen op een doordeweekse dag, {weekend} zaterdagen en zondagen; "
        f"{working} werkdagen."
    )


@calendar_group.command("deadline")
@click.argument("start", metavar="START")
@click.argument("n", metavar="N", type=click.IntRange(min=0))
@click.option("--organisation", "organisation_name", help=ORGANISATION_HELP)
def deadline(start: str, n: int, organisation_name: str | None) -> None:
    """Toon de uiterste termijn van N werkdagen na ontvangst op START (datum of tijdstip, ISO 8601).

    De dag van ontvangst telt niet mee; de termijn eindigt aan het einde van de N-de werkdag daarna
    (Europe/Amsterdam). Zonder tijdzone geldt START als Nederlandse tijd.
    """
    from veerkracht.core.calendar import AMSTERDAM, CalendarError, local_day

    try:
        moment = datetime.fromisoformat(start)
    except ValueError as error:
        raise click.BadParameter(
            f"'{start}' is geen datum of tijdstip; verwacht bijvoorbeeld 2026-12-24 of 2026-12-24T16:30",
            param_hint="START",
        ) from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=AMSTERDAM)
    calendar = _calendar(_organisation(organisation_name))
    try:
        due = calendar.add_working_days(moment, n)
    except CalendarError as error:
        raise click.ClickException(str(error)) from error
    received = local_day(moment)
    click.echo(due.isoformat())
    click.echo(f"uiterlijk {_dutch_date(due.date())} einde van de dag")
    skipped = [
        f"{_dutch_date(day)} ({reason})"
        for year in range(received.year, due.year + 1)
        for day, reason in calendar.days_off(year).items()
        if received < day <= due.date() and day.weekday() < 5
    ]
    click.echo(f"ontvangen {_dutch_date(received)}; die dag telt niet mee")
    if skipped:
        click.echo(f"niet meegeteld: {', '.join(skipped)}")


@calendar_group.command("set")
@click.option(
    "--organisation", "organisation_name", required=True, help="Naam of korte naam van de organisatie."
)
@click.option(
    "--goede-vrijdag/--geen-goede-vrijdag",
    "good_friday",
    default=None,
    help="Is Goede Vrijdag vrij? (De wet telt hem als feestdag; bij de meeste organisaties een werkdag.)",
)
@click.option(
    "--bevrijdingsdag",
    "liberation_day",
    type=click.Choice(sorted(LIBERATION_DAY_OPTIONS)),
    help="Is 5 mei vrij: elk jaar, alleen in lustrumjaren (2025, 2030, ...) of nooit?",
)
def set_choices(organisation_name: str, good_friday: bool | None, liberation_day: str | None) -> None:
    """Leg vast of Goede Vrijdag en Bevrijdingsdag vrije dagen zijn voor een organisatie."""
    from veerkracht.core.services import set_calendar_choices

    if good_friday is None and liberation_day is None:
        raise click.UsageError("geef --goede-vrijdag, --geen-goede-vrijdag of --bevrijdingsdag")
    organisation = _required_organisation(organisation_name)
    set_calendar_choices(
        organisation,
        good_friday=good_friday,
        liberation_day=LIBERATION_DAY_OPTIONS[liberation_day] if liberation_day else None,
    )
    click.echo(f"Werkdagenkalender van {organisation.name} bijgewerkt.")
    for line in _explain_choices(_calendar(organisation)):
        click.echo(f"  {line}")


@calendar_group.group("closing-day")
def closing_day() -> None:
    """Sluitingsdagen van een organisatie (bijvoorbeeld tussen Kerst en Nieuwjaar)."""


def _day_range(first: str, until: str | None) -> list[date]:
    start = _parse_day(first, "DATUM")
    end = _parse_day(until, "--until") if until else start
    if end < start:
        raise click.BadParameter(f"{end} ligt vóór {start}", param_hint="--until")
    if (end - start).days > 366:
        raise click.BadParameter(
            "een reeks sluitingsdagen kan hooguit een jaar beslaan", param_hint="--until"
        )
    return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]


@closing_day.command("add")
@click.argument("first", metavar="DATUM")
@click.option(
    "--until", help="Laatste dag van een reeks (ISO 8601, bv. 2026-12-31); weekenddagen tellen niet."
)
@click.option("--reason", required=True, help="Reden, bijvoorbeeld 'Kerstsluiting'.")
@click.option(
    "--organisation", "organisation_name", required=True, help="Naam of korte naam van de organisatie."
)
def add_closing_day(first: str, until: str | None, reason: str, organisation_name: str) -> None:
    """Voeg een sluitingsdag (of een reeks) toe."""
    from veerkracht.core.services import CalendarSettingsError, add_closing_days

    organisation = _required_organisation(organisation_name)
    # Weekend days are never working days; storing them would only clutter the list.
    chosen = [day for day in _day_range(first, until) if day.weekday() < 5]
    if not chosen:
        raise click.ClickException("die dagen vallen allemaal in het weekend; er is niets vastgelegd")
    try:
        added = add_closing_days(organisation, chosen, reason)
    except CalendarSettingsError as error:
        raise click.ClickException(str(error)) from error
    for closed in added:
        click.echo(f"  gesloten: {_dutch_date(closed.day)} ({closed.reason})")
    click.echo(f"{len(added)} sluitingsdag(en) vastgelegd voor {organisation.name}.")


@closing_day.command("remove")
@click.argument("first", metavar="DATUM")
@click.option("--until", help="Laatste dag van een reeks (ISO 8601).")
@click.option(
    "--organisation", "organisation_name", required=True, help="Naam of korte naam van de organisatie."
)
def remove_closing_day(first: str, until: str | None, organisation_name: str) -> None:
    """Verwijder een sluitingsdag (of een reeks)."""
    from veerkracht.core.services import remove_closing_days

    organisation = _required_organisation(organisation_name)
    removed = remove_closing_days(organisation, _day_range(first, until))
    if not removed:
        raise click.ClickException(f"{organisation.name} heeft op die dag(en) geen sluitingsdag")
    for day in removed:
        click.echo(f"  weer open: {_dutch_date(day)}")
    click.echo(f"{len(removed)} sluitingsdag(en) verwijderd voor {organisation.name}.")


@closing_day.command("list")
@click.option(
    "--organisation", "organisation_name", required=True, help="Naam of korte naam van de organisatie."
)
def list_closing_days(organisation_name: str) -> None:
    """Toon de sluitingsdagen van een organisatie."""
    organisation = _required_organisation(organisation_name)
    closing_days = _calendar(organisation).closing_days
    if not closing_days:
        click.echo(f"{organisation.name} heeft geen sluitingsdagen.")
    for day, reason in closing_days.items():
        click.echo(f"  {_dutch_date(day):<22} {reason}")
