# SPDX-License-Identifier: EUPL-1.2
"""The profile PDF of Pottenberg (Maastricht demo): asked for on the page, made in the background, the same
figures as the page for the same person, A4 with a table of contents, page numbers and drawn maps, and
only for the person who asked."""

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from support import unavailable
from veerkracht.core.models import User
from veerkracht.core.services import grant_role
from veerkracht.profiles.models import PdfStatus, ProfilePdf
from veerkracht.programme.models import FundBudget, ResidentTeam
from veerkracht.programme.queries.fund import budget_state
from veerkracht.programme.queries.interventions import for_area

from .test_profile_page import POTTENBERG, URL, _euro, _text

pytestmark = [pytest.mark.realdata, pytest.mark.slow, pytest.mark.django_db]

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
A4_POINTS = "595.276 x 841.89"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        unavailable(f"{name} is missing (make test installs Debian's poppler-utils)")
    return str(found)


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _made_pdf(client: Client, capture: Any, year: int | None = None) -> tuple[bytes, str]:
    """Ask for the PDF on the page (the task runs at once) and download it; with its file name."""
    with capture(execute=True):
        response = client.post(f"{URL}pdf/", {"jaar": str(year or "")})
    assert response.status_code == 302 and response["Location"].endswith("#pdf")
    page = client.get(response["Location"]).content.decode()
    link = re.search(r'id="pdf-download" href="([^"]+)"', page)
    assert link is not None, _text(page)[:2000]
    download = client.get(link.group(1))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    return download.content, download["Content-Disposition"]


def _pdf_text(content: bytes, tmp_path: Path, *, layout: bool = True) -> str:
    path = tmp_path / "profiel.pdf"
    path.write_bytes(content)
    arguments = [_tool("pdftotext"), *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(arguments, check=True, capture_output=True, text=True).stdout


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def _pdfinfo(content: bytes, tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "info.pdf"
    path.write_bytes(content)
    out = subprocess.run([_tool("pdfinfo"), str(path)], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def _cells(html: str, pattern: str) -> list[str]:
    return [_flat(_text(cell)) for cell in re.findall(pattern, html, flags=re.S)]


@pytest.fixture
def tasks(demo: Path, settings: Any) -> Path:
    settings.TASKS = IMMEDIATE
    return demo


def test_the_pottenberg_pdf_shows_the_figures_the_page_shows(
    tasks: Path, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    client = _client("coordinator")
    page = client.get(URL).content.decode()
    content, disposition = _made_pdf(client, django_capture_on_commit_callbacks)
    assert content.startswith(b"%PDF-") and 'filename="wijkprofiel-pottenberg-' in disposition
    text = _flat(_pdf_text(content, tmp_path))
    assert "Wijkprofiel Pottenberg" in text
    # The fund budget, as the fund's own reads compute it and as the page shows it.
    state = budget_state(FundBudget.objects.get(slug="pottenberg"))
    assert f"Pottenberg {_euro(state.amount)}" in text and _euro(state.available) in text
    assert _euro(state.amount) in _text(page)
    # Interventions per kind and in total, as on the page.
    tally = for_area(POTTENBERG).tally
    for kind in ("nieuwbouw", "sloop", "renovatie"):
        assert f"{kind.capitalize()} {tally.planned[kind]}" in text
    assert f"Totaal {tally.total}" in text and tally.total == 362
    # Resident teams with their corporation.
    teams = list(
        ResidentTeam.objects.filter(buurt__code=POTTENBERG, active=True).select_related("corporation")
    )
    assert len(teams) == 2
    for team in teams:
        assert team.name in text and team.corporation.name in text
    # The theme-6 agreement with its leads.
    assert "Thema 6, 6a: Pottenberg" in text
    assert "Trekker: Gemeente Maastricht, Servatius, Woonpunt" in text
    # BAT: the page's row of Pottenberg, number for number.
    bat = re.search(r'<tr data-area="BU09350203">(.*?)</tr>', page.split('id="accessibility"')[1], flags=re.S)
    assert bat is not None
    assert _flat(_text(bat.group(1))) in text
    # The veerkracht class and its explanation, as on the page.
    label = _flat(_text(re.search(r'id="class-label"><strong>(.*?)</strong>', page).group(1)))  # type: ignore[union-attr]
    explanation = _flat(_text(re.search(r'id="class-explanation">(.*?)</p>', page, flags=re.S).group(1)))  # type: ignore[union-attr]
    assert label and label in text
    assert explanation[:120] in text
    # The maps and the sources with the synthetic flags.
    assert "Veerkrachtkaart" in text and "Bronnen en synthetische gegevens" in text
    assert "Synthetisch:" in text, "the demo's run is partly synthetic, and the PDF says so up front"


def test_the_meldingen_kpis_of_the_pdf_are_those_of_the_page(
    tasks: Path, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    from veerkracht.cases.models import Melding

    user = User.objects.get(username="wijkbeheerder")
    years = sorted(
        {m.received_at.year for m in Melding.objects.visible_to(user).filter(buurt_code=POTTENBERG)}
    )
    year = years[-1]
    client = _client("wijkbeheerder")
    page = client.get(f"{URL}?jaar={year}").content.decode()
    shown = dict(re.findall(r'data-kpi="([a-z_]+)"[^>]*>([^<]*)<', page))
    assert len(shown) == 7 and shown["meldingen_leefbaarheid"].strip() not in ("", "afgeschermd")
    content, _disposition = _made_pdf(client, django_capture_on_commit_callbacks, year)
    text = _flat(_pdf_text(content, tmp_path))
    assert f"Meldingen in {year}" in text
    from veerkracht.profiles.labels import kpi_labels

    for code, label in kpi_labels():
        assert f"{label} {shown[code].strip()}" in text, (label, shown[code])


def test_the_pdf_is_a4_with_a_table_of_contents_page_numbers_and_drawn_maps(
    tasks: Path, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    content, _disposition = _made_pdf(_client("coordinator"), django_capture_on_commit_callbacks)
    info = _pdfinfo(content, tmp_path)
    pages = int(info["Pages"])
    assert A4_POINTS in info["Page size"]
    assert info["Title"] == "Wijkprofiel Pottenberg"
    # The table of contents: every section with the page it starts on, in order, within the document.
    text = _pdf_text(content, tmp_path)
    sheets = text.split("\f")
    toc = re.findall(r"^\s*(\S[^\n]*?)\s*\.{3,}\s*(\d+)\s*$", sheets[0], flags=re.M)
    titles = [title for title, _page in toc]
    for section in (
        "Veerkrachtklasse",
        "Kerncijfers",
        "Kaarten",
        "Veerkrachtkaart",
        "Meldingen in",
        "Prestatieafspraken over dit gebied",
        "Leefbaarheidsfonds",
        "Bewonerskrachtenteams",
        "Het verhaal achter de cijfers",
        "Bronnen en synthetische gegevens",
    ):
        assert any(title.startswith(section) for title in titles), (section, titles)
    numbers = [int(number) for _title, number in toc]
    assert numbers == sorted(numbers) and numbers[0] >= 2 and numbers[-1] <= pages
    # Each entry's page really has its heading, and every page its number in the footer.
    for title, number in toc:
        assert _flat(title)[:30] in _flat(sheets[int(number) - 1]), (title, number)
    for index, sheet in enumerate(sheets[:pages], start=1):
        assert re.search(rf"\b{index} ?/ ?{pages}\s*$", sheet.rstrip()), f"page {index} has no page number"
    # Title and contents (1), class and key figures (1), three maps of a page each (3), meldingen (1), the
    # programme (1), stories and sources (1).
    assert pages == 8
    assert [
        n for t, n in toc if t.startswith(("Kaarten", "Meldingen in", "Prestatieafspraken", "Het verhaal"))
    ] == [
        "3",
        "6",
        "7",
        "8",
    ]
    # Rendered: no page is blank, and the map pages carry several colours of the map's palette.
    path = tmp_path / "render.pdf"
    path.write_bytes(content)
    subprocess.run([_tool("pdftoppm"), "-r", "40", "-png", str(path), str(tmp_path / "p")], check=True)
    from PIL import Image

    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == pages
    for image_path in images:
        with Image.open(image_path) as image:
            pixels = list(image.convert("L").get_flattened_data())
        ink = sum(1 for p in pixels if p < 200) / len(pixels)
        assert ink > 0.005, f"{image_path.name} is blank"
    map_page = int(dict(toc)["Veerkrachtkaart"])
    with Image.open(images[map_page - 1]) as image:
        colours = {
            (r // 16, g // 16, b // 16)
            for r, g, b in image.convert("RGB").get_flattened_data()
            if max(r, g, b) - min(r, g, b) > 40  # coloured, not grey, black or white
        }
    assert len(colours) >= 4, f"the veerkrachtkaart shows {len(colours)} colours"


def test_a_partner_pdf_has_no_dossiers_and_a_resident_pdf_no_confidential_category(
    tasks: Path, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    capture = django_capture_on_commit_callbacks
    partner = _flat(_pdf_text(_made_pdf(_client("schuldhulp"), capture)[0], tmp_path))
    assert "Veerkrachtklasse" in partner and "Thema 6, 6a: Pottenberg" in partner
    assert "Open dossiers per stap" not in partner and "Meldingen in" not in partner
    assert not re.search(r"\bD-\d{4}-\d{6}\b", partner), "no dossier reference"
    resident = _flat(_pdf_text(_made_pdf(_client("bewoner"), capture)[0], tmp_path))
    assert "Fysieke ingrepen" in resident and "Veerkrachtklasse" not in resident
    for confidential in ("Vertrouwelijk", "Drugsoverlast", "Vervuilde woning", "Meldingen in", "dossiers"):
        assert confidential not in resident, confidential


def test_a_pdf_is_downloaded_only_by_the_person_it_was_made_for(
    tasks: Path, django_capture_on_commit_callbacks: Any
) -> None:
    coordinator = _client("coordinator")
    _made_pdf(coordinator, django_capture_on_commit_callbacks)
    pdf = ProfilePdf.objects.get(owner__username="coordinator")
    download = f"/profiel/pdf/{pdf.pk}/download/"
    assert _client("schuldhulp").get(download).status_code == 404, "a partner sees less: not theirs"
    assert _client("analist").get(f"/profiel/pdf/{pdf.pk}/status/").status_code == 404
    assert 'id="pdf-download"' not in _client("schuldhulp").get(URL).content.decode()
    assert coordinator.get(download).status_code == 200
    # The owner's roles change (they still see profiles): the PDF was made for other roles, so it is gone.
    owner = User.objects.get(username="coordinator")
    grant_role(owner, owner.memberships.get(role="coordinator").organisation, "bewonerskracht")
    assert coordinator.get(download).status_code == 404
    assert 'id="pdf-download"' not in coordinator.get(URL).content.decode()


def test_the_page_shows_the_pdf_being_made_until_the_worker_has_made_it(
    demo: Path,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.TASKS = DUMMY
    client = _client("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{URL}pdf/", {"jaar": ""})
    pdf = ProfilePdf.objects.get(owner__username="coordinator")
    assert pdf.status == PdfStatus.QUEUED and pdf.task_id
    page = _text(client.get(URL).content.decode())
    assert "Status: Staat in de wachtrij" in page and "Download de PDF" not in page
    state = client.get(f"/profiel/pdf/{pdf.pk}/status/").json()
    assert state["finished"] is False and state["download_url"] == ""
    from veerkracht.profiles.pdf_services import make_profile_pdf

    assert make_profile_pdf(pdf.pk) == PdfStatus.DONE
    assert make_profile_pdf(pdf.pk) == "gone", "a second worker run makes nothing twice"
    state = client.get(f"/profiel/pdf/{pdf.pk}/status/").json()
    assert state["finished"] is True and state["status_label"] == "Klaar" and state["download_url"]
    assert "Download de PDF van Pottenberg" in _text(client.get(URL).content.decode())
