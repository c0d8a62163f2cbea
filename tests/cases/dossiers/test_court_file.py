# SPDX-License-Identifier: EUPL-1.2
"""The court file: everything in order, reporters and witnesses unnamed unless they agreed, as an A4 PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from support import unavailable
from veerkracht.cases.models import Dossier
from veerkracht.cases.queries.chronology import COURT_FILE_TEMPLATE, chronology, court_file_context
from veerkracht.cases.services.ladder import Evidence, take_step
from veerkracht.cases.services.parties import NewParty, add_party, record_hearing
from veerkracht.cases.services.referrals import NewReferral, refer
from veerkracht.core.models import AuditEvent
from veerkracht.core.pdf import render_pdf

from .conftest import Network, ago, parties_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(network: Network, nuisance: Dossier) -> Dossier:
    person = network["wijkbeheerder"]
    add_party(
        nuisance, NewParty(role="witness", name="Wil Getuige", named_in_court_on=ago(20).date()), actor=person
    )
    add_party(nuisance, NewParty(role="witness", name="Zwijgende Buur"), actor=person)
    subject = parties_of(nuisance, "subject")[0]
    record_hearing(
        subject,
        held_at=ago(26),
        form="home_visit",
        statement="Ik draai nooit muziek na tien uur.",
        actor=person,
    )
    take_step(
        nuisance,
        "hoor_en_wederhoor",
        outcome="beide_gehoord",
        evidence=[Evidence("gespreksverslag", "Verslag huisbezoek")],
        actor=person,
        taken_at=ago(25),
    )
    take_step(
        nuisance,
        "brief",
        outcome="niet_opgelost",
        evidence=[Evidence("brief", "Waarschuwingsbrief")],
        actor=person,
        taken_at=ago(20),
    )
    refer(
        nuisance,
        NewReferral(
            network.kredietbank, "debt_help", "Schuldhulp aanbieden", ["adres"], covenant=network.covenant
        ),
        actor=person,
        at=ago(18),
    )
    return nuisance


def test_the_chronology_lists_everything_in_order_with_pseudonyms_for_who_did_not_agree(
    network: Network, history: Dossier
) -> None:
    file = chronology(network["wijkbeheerder"], history)
    moments = [entry.at for entry in file.entries]
    assert moments == sorted(moments)
    titles = [entry.title for entry in file.entries]
    assert titles[0].startswith("Melding M-") and "Overlast, geluidsoverlast" in titles[0]
    assert any(t == "Hoor en wederhoor: Kees Veroorzaker (huisbezoek)" for t in titles)
    assert any(t == "Stap op de ladder: Brief (waarschuwing of sommatie)" for t in titles)
    assert any(t == "Doorverwezen naar Kredietbank Test (schuldhulpverlening)" for t in titles)
    text = str(file.entries) + str(file.parties)
    # Greet reported and never agreed to be named; Henk is no party; the silent witness did not agree.
    assert "Greet" not in text and "Henk" not in text and "Zwijgende" not in text and "greet@" not in text
    assert "Gemeld door: Melder 1 (telefonisch, ingevoerd door een medewerker)" in str(file.entries)
    assert ("Wil Getuige", "Getuige") in file.parties and ("Getuige 2", "Getuige") in file.parties
    assert file.anonymised_parties == 2


def test_who_may_not_know_the_reporters_sees_no_witness_name_even_with_consent(
    network: Network, history: Dossier
) -> None:
    file = chronology(network["ondersteuner"], history)
    assert ("Getuige 1", "Getuige") in file.parties and file.anonymised_parties == 3


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        unavailable(f"{name} is missing (make test installs Debian's poppler-utils)")
    return str(path)


def test_the_court_file_is_an_a4_pdf_with_contents_and_page_numbers_and_its_making_is_a_read(
    network: Network, history: Dossier, tmp_path: Path
) -> None:
    person = network["wijkbeheerder"]
    content = render_pdf(COURT_FILE_TEMPLATE, court_file_context(person, history), language="nl")
    assert content.startswith(b"%PDF-")
    pdf = tmp_path / "dossier.pdf"
    pdf.write_bytes(content)
    info = subprocess.run([_tool("pdfinfo"), str(pdf)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info
    text = subprocess.run(
        [_tool("pdftotext"), "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    for expected in (
        "Inhoud",
        "Betrokkenen",
        "Verloop",
        "Verantwoording",
        "Kees Veroorzaker",
        "Melder 1",
        "Waarschuwingsbrief",
    ):
        assert expected in text, expected
    assert "Greet" not in text and "0612345678" not in text
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert re.search(rf"\b1\s*/\s*{pages}\b", text)
    read = AuditEvent.objects.filter(action="dossier.read", object_id=str(history.pk)).latest("id")
    assert read.detail == {"where": "court-file"} and read.actor == person


def test_a_person_who_may_not_read_the_dossier_gets_no_court_file(network: Network, history: Dossier) -> None:
    with pytest.raises(Dossier.DoesNotExist):
        court_file_context(network["anders"], history)
