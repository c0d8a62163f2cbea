# SPDX-License-Identifier: EUPL-1.2
"""Historic import: old meldingen come in with their own moments, history and clocks, or not at all."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection

from veerkracht.cases.importers.historic import import_historic
from veerkracht.cases.importers.store import AUDIT_ACTION
from veerkracht.cases.models import Clock, Melding, ReporterContact, StatusChange
from veerkracht.cases.queries.worklist import overdue
from veerkracht.core.models import AuditEvent
from veerkracht.importing import ImportProblem

from ..conftest import BUURT_1, BUURT_2, COMPLEX, City, moment

DATA = Path(__file__).with_name("data")
EXAMPLE = DATA / "meldingen_voorbeeld.csv"
HEADER = (
    "Meldingnummer;Datum melding;Soort;Omschrijving;Adres;X;Y;Complex;Buurtcode;Kanaal;Melder;Naam melder;"
    "E-mail melder;Telefoon melder;Status;Datum status;Datum ontvangstbevestiging;Datum terugkoppeling;"
    "Datum afgehandeld;Terugkoppeling;Reden afhandeling"
)


def write(folder: Path, *rows: str, name: str = "meldingen.csv") -> Path:
    path = folder / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def row(reference: str = "R-1", **cells: str) -> str:
    """One row in the example's shape: a closed AFVAL melding in buurt 1 unless cells say otherwise."""
    values = {
        "Meldingnummer": reference,
        "Datum melding": "04-03-2025 09:00",
        "Soort": "AFVAL",
        "Omschrijving": "Afval bij de container",
        "Adres": "Maasstraat 1",
        "X": "100500",
        "Y": "400500",
        "Kanaal": "Telefoon",
        "Melder": "Huurder",
        "Naam melder": "Jan Jansen",
        "Status": "Afgehandeld",
        "Datum ontvangstbevestiging": "05-03-2025 10:00",
        "Datum afgehandeld": "07-03-2025 15:00",
        **cells,
    }
    return ";".join(values.get(column, "") for column in HEADER.split(";"))


def by_reference(reference: str) -> Melding:
    return Melding.objects.get(external_reference=reference)


def history(melding: Melding) -> list[tuple[str, str, str]]:
    return [
        (
            change.transition,
            change.to_status,
            change.at.astimezone(moment(2025, 1, 1).tzinfo).strftime("%d-%m %H:%M"),
        )
        for change in StatusChange.objects.filter(melding=melding).order_by("at", "id")
    ]


def clock(melding: Melding, kind: str) -> Clock:
    return Clock.objects.get(melding=melding, kind=kind)


def test_the_example_file_comes_in_with_its_moments_history_and_frozen_clocks(city: City) -> None:
    result = import_historic(EXAMPLE, "voorbeeld", organisation=city.corporation)
    assert (result.count, result.open) == (6, 4)
    closed = by_reference("OUD-0001")
    assert closed.received_at == moment(2024, 1, 4, 9, 15)
    assert (closed.status, closed.is_open, closed.next_deadline) == ("afgehandeld", False, None)
    assert (closed.category, closed.subcategory, closed.buurt_code) == ("vervuiling", "zwerfafval", BUURT_1)
    assert (closed.channel, closed.reporter_kind, closed.synthetic) == ("phone", "tenant", False)
    assert closed.reference == f"M-2024-{closed.pk:06d}"
    assert history(closed) == [
        ("receive", "gemeld", "04-01 09:15"),
        ("acknowledge", "in_behandeling", "05-01 10:00"),
        ("give_feedback", "teruggekoppeld", "08-01 12:00"),  # a date without time: noon
        ("close", "afgehandeld", "12-01 16:00"),
    ]
    feedback = StatusChange.objects.get(melding=closed, transition="give_feedback")
    assert feedback.fields == {"feedback": "We hebben het afval laten ophalen."}
    assert StatusChange.objects.get(melding=closed, transition="close").reason == "Opgeruimd door de aannemer"
    acknowledgement = clock(closed, "acknowledgement")
    # Received Thursday 4 January 2024: two working days end on Monday 8 January; done on Friday 5.
    assert acknowledgement.deadline.date() == date(2024, 1, 8)
    assert acknowledgement.frozen_at == moment(2024, 1, 5, 10)
    assert clock(closed, "feedback").frozen_at == moment(2024, 1, 8, 12)
    contact = ReporterContact.objects.get(melding=closed)
    assert (contact.name, contact.email, contact.phone_key) == ("Jan Jansen", "jan@example.nl", "0612345678")


def test_each_source_status_ends_where_the_file_says(city: City) -> None:
    import_historic(EXAMPLE, "voorbeeld", organisation=city.corporation)
    statuses = {m.external_reference: (m.status, m.is_open) for m in Melding.objects.all()}
    assert statuses == {
        "OUD-0001": ("afgehandeld", False),
        "OUD-0002": ("teruggekoppeld", True),
        "OUD-0003": ("in_behandeling", True),
        "OUD-0004": ("wacht_op_partner", True),
        "OUD-0005": ("gemeld", True),
        "OUD-0006": ("afgehandeld", False),
    }
    # A care signal follows its own workflow; a complex or a buurt is enough as a place.
    assert by_reference("OUD-0003").workflow_type == "signaal"
    assert (by_reference("OUD-0004").complex_code, by_reference("OUD-0004").buurt_code) == (COMPLEX, BUURT_1)
    assert by_reference("OUD-0005").buurt_code == BUURT_2
    # Closed without any earlier step: one step from received to closed, on the day the file gives.
    assert history(by_reference("OUD-0006")) == [
        ("receive", "gemeld", "02-06 08:30"),
        ("close", "afgehandeld", "06-06 12:00"),
    ]


def test_a_melding_waiting_for_a_partner_has_its_feedback_clock_paused(city: City) -> None:
    import_historic(EXAMPLE, "voorbeeld", organisation=city.corporation)
    waiting = by_reference("OUD-0004")
    feedback = clock(waiting, "feedback")
    assert feedback.deadline is None and feedback.frozen_at is None
    pause = feedback.pauses.get()
    assert (pause.paused_at, pause.resumed_at, pause.source) == (
        moment(2025, 2, 10, 9, 30),
        None,
        "status:wacht_op_partner",
    )
    assert waiting.next_deadline is None


def test_an_open_historic_melding_past_its_promise_is_overdue_on_the_work_list(city: City) -> None:
    import_historic(EXAMPLE, "voorbeeld", organisation=city.corporation)
    late = {m.external_reference for m in overdue(city["coordinator"])}
    # Open with a running clock whose promise passed long ago; feedback given (0002) leaves nothing running.
    assert late == {"OUD-0003", "OUD-0005"}
    assert "OUD-0004" not in late  # paused: never overdue
    assert not {m.external_reference for m in overdue(city["anders"])}  # another corporation sees none


def test_historic_meldingen_send_no_messages_to_their_reporters(city: City, settings: object) -> None:
    import_historic(EXAMPLE, "voorbeeld", organisation=city.corporation)
    assert mail.outbox == []


def test_the_import_is_audited_once_and_the_same_file_is_refused_the_second_time(city: City) -> None:
    import_historic(EXAMPLE, "voorbeeld", organisation=city.corporation)
    line = AuditEvent.objects.get(action=AUDIT_ACTION)
    assert line.organisation == city.corporation
    assert line.detail["count"] == 6 and line.detail["file"] == EXAMPLE.name
    assert line.detail["mapping"] == "voorbeeld" and len(line.detail["sha256"]) == 64
    with pytest.raises(ImportProblem, match="is al geïmporteerd voor Woonstichting Test"):
        import_historic(EXAMPLE, "voorbeeld", organisation=city.corporation)
    assert Melding.objects.count() == 6


def test_a_row_whose_reference_came_in_before_is_named_with_the_melding_it_became(
    city: City, tmp_path: Path
) -> None:
    import_historic(
        write(tmp_path, row("R-1"), name="eerste.csv"), "voorbeeld", organisation=city.corporation
    )
    first = by_reference("R-1")
    second = write(tmp_path, row("R-2"), row("R-1"), row("R-3"), row("R-3"), name="tweede.csv")
    with pytest.raises(ImportProblem) as refused:
        import_historic(second, "voorbeeld", organisation=city.corporation)
    text = str(refused.value)
    assert f"rij 3, kolom Meldingnummer: kenmerk 'R-1' is al geïmporteerd (melding {first.reference})" in text
    assert "rij 5, kolom Meldingnummer: kenmerk 'R-3' staat ook in rij 4" in text
    assert Melding.objects.count() == 1


def test_every_problem_of_a_file_is_named_by_row_and_column_and_nothing_is_stored(
    city: City, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        row("R-1"),
        row("R-2", **{"Datum melding": "31-02-2025 10:00"}),
        row("R-3", Soort="ONBEKEND"),
        row("R-4", X="5000", Y="10"),
        row("R-5", Status="Wacht op partner"),
        row("R-6", Status="Bestaat niet"),
        row("R-7", **{"Datum afgehandeld": "01-03-2025 10:00"}),
        row("R-8", **{"Datum afgehandeld": "01-01-2099 10:00"}),
        row("R-9", Melder="Anoniem"),
    )
    with pytest.raises(ImportProblem) as refused:
        import_historic(path, "voorbeeld", organisation=city.corporation)
    text = str(refused.value)
    assert text.startswith(f"{path}: 8 problemen; er is niets geïmporteerd")
    assert "rij 3, kolom Datum melding: '31-02-2025 10:00' is geen datum" in text
    assert "rij 4, kolom Soort: categorie 'ONBEKEND' staat niet in de mapping (onder categories)" in text
    assert "rij 5, kolom X: punt (5000.0, 10.0) ligt niet in Nederland" in text
    assert "rij 6, kolom Datum status: status 'Wacht op een netwerkpartner' vraagt de datum" in text
    assert "rij 7, kolom Status: status 'Bestaat niet' staat niet in de mapping (onder statuses)" in text
    assert "rij 8, kolom Datum afgehandeld: 01-03-2025 10:00 ligt vóór de ontvangstbevestiging (05-03" in text
    assert "rij 9, kolom Datum afgehandeld: 01-01-2099 10:00 ligt in de toekomst" in text
    assert "rij 10, kolom Melder: een anonieme melding heeft geen naam of contactgegevens" in text
    assert Melding.objects.count() == 0 and not AuditEvent.objects.filter(action=AUDIT_ACTION).exists()


def test_a_column_the_mapping_names_but_the_file_lacks_stops_the_import(city: City, tmp_path: Path) -> None:
    path = tmp_path / "kort.csv"
    path.write_text("Meldingnummer;Datum melding;Soort\nR-1;04-03-2025 09:00;AFVAL\n", encoding="utf-8")
    with pytest.raises(ImportProblem, match=r"kolom 'Omschrijving' uit mapping voorbeeld .* ontbreekt"):
        import_historic(path, "voorbeeld", organisation=city.corporation)


def test_a_step_earlier_the_same_day_without_a_time_counts_from_the_step_before(
    city: City, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        row(
            "R-1",
            **{
                "Datum melding": "04-03-2025 15:00",
                "Datum afgehandeld": "04-03-2025",
                "Datum ontvangstbevestiging": "",
            },
        ),
    )
    import_historic(path, "voorbeeld", organisation=city.corporation)
    closed = by_reference("R-1")
    assert history(closed)[-1] == ("close", "afgehandeld", "04-03 15:00")
    assert clock(closed, "feedback").frozen_at == moment(2025, 3, 4, 15)


def test_a_spreadsheet_with_wgs84_coordinates_imports_too(city: City, tmp_path: Path) -> None:
    import openpyxl

    from veerkracht.geo.crs import rd_to_wgs84

    longitude, latitude = rd_to_wgs84().transform(100_500.0, 400_500.0)
    mapping = tmp_path / "excel.yaml"
    mapping.write_text(
        "version: 1\n"
        "coordinates: wgs84\n"
        "columns: {received_at: Ontvangen, category: Categorie, subcategory: Subcategorie, description: Wat,"
        " x: Lengtegraad, y: Breedtegraad, closed_at: Gesloten}\n",
        encoding="utf-8",
    )
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Ontvangen", "Categorie", "Subcategorie", "Wat", "Lengtegraad", "Breedtegraad", "Gesloten"])
    sheet.append(
        [
            moment(2025, 3, 4, 9).replace(tzinfo=None),
            "overlast",
            "geluid",
            "Lawaai",
            longitude,
            latitude,
            None,
        ]
    )
    sheet.append(
        ["05-03-2025 10:00", "tuin", "groenonderhoud", "Gras", longitude, latitude, "2025-03-07 16:00:00"]
    )
    book.save(tmp_path / "meldingen.xlsx")
    import_historic(tmp_path / "meldingen.xlsx", mapping, organisation=city.corporation)
    noise, garden = Melding.objects.order_by("received_at")
    assert (noise.category, noise.buurt_code, noise.received_at) == (
        "overlast",
        BUURT_1,
        moment(2025, 3, 4, 9),
    )
    assert (noise.channel, noise.reporter_kind, noise.status) == ("import", "anonymous", "gemeld")
    assert garden.status == "afgehandeld" and garden.status_changed_at == moment(2025, 3, 7, 16)


def test_a_person_without_the_right_to_handle_meldingen_may_not_import(city: City) -> None:
    from veerkracht.cases.services.errors import NotAllowed

    with pytest.raises(NotAllowed):
        import_historic(EXAMPLE, "voorbeeld", organisation=city.corporation, actor=city["analist"])
    result = import_historic(EXAMPLE, "voorbeeld", organisation=city.corporation, actor=city["coordinator"])
    assert result.count == 6
    assert AuditEvent.objects.get(action=AUDIT_ACTION).actor == city["coordinator"]


def test_the_bulk_writes_leave_the_id_sequences_ready_for_the_next_melding(
    city: City, take_in: object
) -> None:
    import_historic(EXAMPLE, "voorbeeld", organisation=city.corporation)
    highest = Melding.objects.order_by("-pk").first().pk  # type: ignore[union-attr]
    melding = take_in()  # type: ignore[operator]
    assert melding.pk > highest and connection.vendor in ("sqlite", "postgresql")
    assert StatusChange.objects.filter(melding=melding).count() == 1
