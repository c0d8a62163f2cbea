# SPDX-License-Identifier: EUPL-1.2
"""``veerkracht calendar``: administrators check their days off and deadlines and set their choices."""

from datetime import date

import pytest
from click.testing import CliRunner, Result

from veerkracht.cli.main import cli
from veerkracht.core.models import AuditEvent, Organisation
from veerkracht.core.queries import calendar_for
from veerkracht.core.services import create_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def corporation() -> Organisation:
    return create_organisation("Woonstichting Test", "woningcorporatie")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["calendar", *args])


def test_days_lists_the_weekday_holidays_with_their_reason_and_counts_the_rest() -> None:
    result = run("days", "2026")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  do 1 januari 2026      Nieuwjaarsdag" in lines
    assert "  ma 27 april 2026       Koningsdag" in lines
    assert not any("Goede Vrijdag" in line and "april" in line for line in lines)  # a working day by default
    assert not any("di 5 mei 2026" in line for line in lines)  # not a lustrum year
    assert "2026 is geen lustrumjaar" in result.output
    assert "Tweede kerstdag (za 26 december 2026)" in result.output  # in the weekend: named, not counted
    assert lines[-1] == "6 vrije dagen op een doordeweekse dag, 104 zaterdagen en zondagen; 255 werkdagen."


def test_days_in_2025_shows_koningsdag_on_saturday_and_bevrijdingsdag_in_the_lustrum_year() -> None:
    result = run("days", "2025")
    assert result.exit_code == 0, result.output
    assert "  ma 5 mei 2025          Bevrijdingsdag" in result.output.splitlines()
    assert "Koningsdag (za 26 april 2025)" in result.output
    assert "2025 is een lustrumjaar" in result.output


def test_days_explains_that_both_ambiguous_days_depend_on_the_organisation() -> None:
    result = run("days", "2026")
    assert (
        "Goede Vrijdag: werkdag. De Algemene termijnenwet stelt hem gelijk aan een feestdag" in result.output
    )
    assert "alleen vrij in lustrumjaren (2025, 2030, ...)" in result.output


def test_deadline_prints_iso_8601_in_amsterdam_and_a_dutch_sentence() -> None:
    result = run("deadline", "2026-12-24T16:30", "2")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "2026-12-29T23:59:59.999999+01:00"
    assert lines[1] == "uiterlijk di 29 december 2026 einde van de dag"
    assert "niet meegeteld: vr 25 december 2026 (Eerste kerstdag)" in result.output


def test_deadline_of_a_melding_received_on_saturday_is_the_end_of_monday() -> None:
    result = run("deadline", "2026-01-10", "1")
    assert result.output.splitlines()[:2] == [
        "2026-01-12T23:59:59.999999+01:00",
        "uiterlijk ma 12 januari 2026 einde van de dag",
    ]


def test_deadline_takes_a_moment_with_an_offset_as_the_day_in_amsterdam() -> None:
    # 23:30 UTC on Friday is already Saturday in Amsterdam: still due at the end of Monday.
    result = run("deadline", "2026-01-09T23:30:00+00:00", "0")
    assert result.output.splitlines()[0] == "2026-01-10T23:59:59.999999+01:00"


def test_set_and_closing_days_change_the_organisations_deadlines(corporation: Organisation) -> None:
    assert (
        run(
            "set", "--organisation", "Woonstichting Test", "--goede-vrijdag", "--bevrijdingsdag", "elk-jaar"
        ).exit_code
        == 0
    )
    added = run(
        "closing-day", "add", "2026-12-28", "--until", "2027-01-03", "--reason", "Kerstsluiting",
        "--organisation", "woonstichting-test",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "5 sluitingsdag(en) vastgelegd voor Woonstichting Test." in added.output  # weekend days left out
    assert sorted(calendar_for(corporation).closing_days) == [
        date(2026, 12, 28), date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31), date(2027, 1, 1),
    ]  # fmt: skip
    result = run("deadline", "2026-12-24T16:30", "2", "--organisation", "Woonstichting Test")
    assert result.output.splitlines()[1] == "uiterlijk di 5 januari 2027 einde van de dag"
    days = run("days", "2026", "--organisation", "Woonstichting Test")
    assert "  di 29 december 2026    Kerstsluiting" in days.output.splitlines()
    assert "  vr 3 april 2026        Goede Vrijdag" in days.output.splitlines()
    assert "  di 5 mei 2026          Bevrijdingsdag" in days.output.splitlines()
    removed = run(
        "closing-day", "remove", "2026-12-28", "--until", "2026-12-30", "--organisation", "Woonstichting Test"
    )
    assert "3 sluitingsdag(en) verwijderd" in removed.output
    listed = run("closing-day", "list", "--organisation", "Woonstichting Test")
    assert listed.output.splitlines() == [
        "  do 31 december 2026    Kerstsluiting",
        "  vr 1 januari 2027      Kerstsluiting",
    ]
    assert AuditEvent.objects.filter(action__startswith="calendar.").count() == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["deadline", "gisteren", "2"], "'gisteren' is geen datum of tijdstip"),
        (["deadline", "--", "2026-12-24", "-1"], "-1 ligt niet in het bereik x>=0"),
        (["deadline", "2026-12-24", "2", "--organisation", "Niemand"], "organisatie 'Niemand' bestaat niet"),
        (["days", "1950"], "de kalender kent de jaren 1966 tot en met 2100"),
        (
            ["set", "--organisation", "Woonstichting Test"],
            "geef --goede-vrijdag, --geen-goede-vrijdag of --bevrijdingsdag",
        ),
        (
            ["set", "--organisation", "Woonstichting Test", "--bevrijdingsdag", "soms"],
            "'soms' is niet een van",
        ),
        (
            ["closing-day", "add", "28-12-2026", "--reason", "x", "--organisation", "Woonstichting Test"],
            "geen datum",
        ),
        (
            ["closing-day", "add", "2026-12-26", "--reason", "x", "--organisation", "Woonstichting Test"],
            "weekend",
        ),
        (
            ["closing-day", "add", "2026-12-28", "--reason", " ", "--organisation", "Woonstichting Test"],
            "geef een reden",
        ),
        (
            ["closing-day", "remove", "2026-12-28", "--organisation", "Woonstichting Test"],
            "geen sluitingsdag",
        ),
    ],
)
def test_mistakes_get_a_clear_message_and_change_nothing(
    corporation: Organisation, args: list[str], message: str
) -> None:
    result = run(*args)
    assert result.exit_code != 0
    assert message in result.output
    assert not AuditEvent.objects.filter(action__startswith="calendar.").exists()
