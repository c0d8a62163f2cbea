# SPDX-License-Identifier: EUPL-1.2
"""The annual evaluation: a page and a PDF with the same numbers, the expected sections and no blank page."""

import re
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from PIL import Image, ImageStat

from support import unavailable
from veerkracht.core.pdf import headings, with_table_of_contents
from veerkracht.programme.models import Agreement, AgreementSet
from veerkracht.programme.services.agreements import record_status_update, save_theme_evaluation

pytestmark = pytest.mark.django_db

URL = "/programma/evaluatie/maastricht-2022-2026/2022/thema-6/"
FIGURES = (
    "afspraken",
    "status-1",
    "status-2",
    "status-3",
    "status-4",
    "status-5",
    "mijlpalen",
    "bereikt",
    "gemist",
    "updates",
)
LABELS = {
    "afspraken": "Afspraken",
    "status-1": "Nog niet gestart (eind 2022)",
    "status-2": "Loopt volgens planning (eind 2022)",
    "status-3": "Loopt achter (eind 2022)",
    "status-4": "Afgerond (eind 2022)",
    "status-5": "Gestopt (eind 2022)",
    "mijlpalen": "Mijlpalen met een datum in 2022",
    "bereikt": "Mijlpalen bereikt",
    "gemist": "Mijlpalen verstreken zonder voortgang",
    "updates": "Statusupdates in 2022",
}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        unavailable(f"{name} is missing (make test installs Debian's poppler-utils)")
    return str(path)


@pytest.fixture
def year_2022(client: Client, maastricht: AgreementSet, person_in: object) -> Client:
    """Theme 6 in 2022: two milestones reached, one delayed, an evaluation written."""
    woonpunt = person_in("wim", "Woonpunt", "wijkbeheerder")  # type: ignore[operator]
    coordinator = person_in("cor", "Gemeente Maastricht", "coordinator")  # type: ignore[operator]
    pottenberg, heeg = Agreement.objects.get(code="6a"), Agreement.objects.get(code="6c")
    with time_machine.travel(timezone.make_aware(datetime(2022, 11, 15, 10)), tick=False):
        record_status_update(
            pottenberg,
            author=woonpunt,
            status="op_schema",
            note="Sloop Poortgebouw klaar.",
            milestone=pottenberg.milestones.get(title="Sloop en start nieuwbouw Poortgebouw"),
            milestone_reached=True,
        )
        record_status_update(
            heeg,
            author=coordinator,
            status="vertraagd",
            note="Overeenkomst getekend, studie loopt.",
            milestone=heeg.milestones.get(title__startswith="Samenwerkingsovereenkomst"),
            milestone_reached=True,
        )
    save_theme_evaluation(
        pottenberg.theme,
        2022,
        author=coordinator,
        agreed="Tien gebiedsafspraken.",
        happened="Het Poortgebouw is gesloopt.",
        next_year="Meer aandacht voor De Heeg.",
    )
    client.force_login(coordinator)
    return client


def _page_figures(html: str) -> dict[str, int]:
    return {key: int(value) for key, value in re.findall(r'data-figure="([^"]+)">(\d+)<', html)}


def _pdf_figures(text: str) -> dict[str, int]:
    found = {}
    for key, label in LABELS.items():
        match = re.search(rf"^\s*{re.escape(label)}\s+(\d+)\s*$", text, re.M)
        assert match, f"{label!r} not in the PDF text"
        found[key] = int(match.group(1))
    return found


def test_the_page_and_the_pdf_show_the_same_numbers_and_sections(year_2022: Client, tmp_path: Path) -> None:
    page = year_2022.get(URL)
    assert page.status_code == 200
    page_figures = _page_figures(page.content.decode())
    assert set(page_figures) == set(FIGURES)
    assert (
        page_figures["afspraken"] == 10
        and page_figures["bereikt"] == 1
        and page_figures["gemist"] == 9
        and page_figures["updates"] == 2
    )
    assert page_figures["status-2"] == 1 and page_figures["status-3"] == 1 and page_figures["status-1"] == 8

    response = year_2022.get(URL + "pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    pdf = tmp_path / "evaluatie.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        [_tool("pdftotext"), "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert _pdf_figures(text) == page_figures
    for section in (
        "Inhoud",
        "Wat we hebben afgesproken",
        "Wat er is gebeurd",
        "Kerncijfers",
        "Wat we volgend jaar anders doen",
        "Het Poortgebouw is gesloopt.",
        "Meer aandacht voor De Heeg.",
    ):
        assert section in text
    assert "Jaarevaluatie 2022: 6. Gebiedsgerichte aanpak" in text


def test_no_pdf_page_is_blank_and_pages_are_numbered(year_2022: Client, tmp_path: Path) -> None:
    pdf = tmp_path / "evaluatie.pdf"
    pdf.write_bytes(year_2022.get(URL + "pdf/").content)
    subprocess.run([_tool("pdftoppm"), "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 2, "a table of contents and the evaluation"
    for png in pages:
        grey = Image.open(png).convert("L")
        darkest, _ = grey.getextrema()
        assert darkest < 128 and ImageStat.Stat(grey).mean[0] < 254.5, f"{png.name} looks blank"
    text = subprocess.run(
        [_tool("pdftotext"), "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    total = len(pages)
    for number in range(1, total + 1):
        assert re.search(rf"\b{number}\s*/\s*{total}\s*$", text, re.M), f"page {number} has no page number"


def test_the_table_of_contents_gives_the_page_of_each_section(year_2022: Client, tmp_path: Path) -> None:
    pdf = tmp_path / "evaluatie.pdf"
    pdf.write_bytes(year_2022.get(URL + "pdf/").content)
    first = subprocess.run(
        [_tool("pdftotext"), "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    entry = re.search(r"Wat we volgend jaar anders doen\s*\.*\s*(\d+)", first)
    assert entry, first
    page = int(entry.group(1))
    on_that_page = subprocess.run(
        [_tool("pdftotext"), "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "Wat we volgend jaar anders doen" in on_that_page


def test_an_evaluation_is_written_on_the_page_by_programme_edit(year_2022: Client) -> None:
    response = year_2022.post(
        URL, {"agreed": "A", "happened": "B gebeurde.", "next_year": "C anders."}, follow=True
    )
    assert "De evaluatie is opgeslagen." in response.content.decode()
    assert "B gebeurde." in response.content.decode()


def test_a_reader_without_programme_edit_cannot_write_the_evaluation(
    client: Client, maastricht: AgreementSet, person_in: object
) -> None:
    client.force_login(person_in("bea", "Gemeente Maastricht", "bestuurder"))  # type: ignore[operator]
    assert "Evaluatie schrijven" not in client.get(URL).content.decode()
    assert client.post(URL, {"agreed": "x"}).status_code == 403


def test_a_year_outside_the_agreements_is_not_found(year_2022: Client) -> None:
    assert year_2022.get("/programma/evaluatie/maastricht-2022-2026/2019/thema-6/").status_code == 404


def test_the_table_of_contents_lists_headings_with_an_id() -> None:
    html = '<!--pdf:toc--><h2 id="a">Eerste &amp; beste</h2><h2>zonder id</h2><h3 id="b">Sub</h3>'
    assert headings(html) == [(2, "a", "Eerste & beste"), (3, "b", "Sub")]
    rendered = with_table_of_contents(html)
    assert '<a href="#a">Eerste &amp; beste</a>' in rendered and "<!--pdf:toc-->" not in rendered


def test_the_renderer_fetches_nothing_from_outside(tmp_path: Path) -> None:
    from veerkracht.core.pdf import _data_only_fetcher

    fetcher = _data_only_fetcher()
    with pytest.raises(ValueError, match="no external resources"):
        fetcher.fetch((tmp_path / "x.png").as_uri())
    with pytest.raises(ValueError, match="no external resources"):
        fetcher.fetch("https://example.org/logo.png")
    assert fetcher.fetch("data:text/plain,hallo").read() == b"hallo"


def test_today_is_not_needed_to_render(maastricht: AgreementSet) -> None:
    from veerkracht.core.pdf import render_pdf
    from veerkracht.programme.models import Theme
    from veerkracht.programme.queries.agreements import theme_year

    figures = theme_year(Theme.objects.get(number=6), 2022, today=date(2026, 1, 1))
    content = render_pdf(
        "programme/agreements/evaluation_pdf.html",
        {"figures": figures, "made_on": date(2026, 1, 1)},
        language="nl",
    )
    assert content.startswith(b"%PDF-")


def test_in_the_current_year_a_milestone_counts_as_missed_only_after_its_date(
    maastricht: AgreementSet,
) -> None:
    from veerkracht.programme.models import Theme
    from veerkracht.programme.queries.agreements import theme_year

    care = Theme.objects.get(number=2)  # four of its milestones fall on 31 March 2022 (2c, 2f twice, 2g)
    assert theme_year(care, 2022, today=date(2022, 3, 31)).milestones_missed == 0
    assert theme_year(care, 2022, today=date(2022, 4, 1)).milestones_missed == 4
