# SPDX-License-Identifier: EUPL-1.2
"""In a real browser, on the Maastricht demo served by the real server with its worker: the Pottenberg
profile at desktop and phone width, from an agreement to its area's profile and back, and the profile PDF
asked for, made in the background and downloaded; no sideways scrolling, no console errors, no axe
findings."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from demo_site import PASSWORD, _run, password_hash_of_the_site, served
from maastricht_city import KEY
from support import unavailable

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.realdata]

POTTENBERG = "BU09350203"
PROFILE = f"/profiel/{POTTENBERG}/"
WIDTHS = {"desktop": (1280, 900), "telefoon": (390, 844)}


def _copy_of_the_built_demo(demo_snapshot: dict[str, Any], data_dir: Path) -> bool:
    """Put the Maastricht demo an earlier module of this run built (tests/maastricht_city.py) in ``data_dir``
    as the site's SQLite database and data folder; False when there is none (then the site builds its own)."""
    snapshot = demo_snapshot.get(KEY)
    if snapshot is None or snapshot.sqlite is None:
        return False
    shutil.copytree(snapshot.data_dir, data_dir, dirs_exist_ok=True)
    target = sqlite3.connect(data_dir / "veerkracht.sqlite3")
    try:
        snapshot.sqlite.backup(target)
        target.execute("UPDATE core_user SET password = ?", [password_hash_of_the_site()])
        target.commit()
    finally:
        target.close()
    return True


@pytest.fixture(scope="module")
def maastricht_site(
    open_data: Path, demo_snapshot: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The Maastricht demo in its own process (SQLite in a temporary folder, a worker beside the server),
    listening on 127.0.0.1 only; stopped after the module."""
    data_dir = tmp_path_factory.mktemp("maastricht-site")
    env = {**os.environ, "VEERKRACHT_DATA_DIR": str(data_dir), "VEERKRACHT_DEBUG": "false"}
    env.pop("VEERKRACHT_DATABASE_URL", None)
    env.pop("VEERKRACHT_TASKS_BACKEND", None)
    if not _copy_of_the_built_demo(demo_snapshot, data_dir):
        _run(env, "migrate")
        _run(env, "demo", "maastricht", "--open-data", str(open_data))
    with served(env, "the Maastricht demo server") as url:
        yield url


def _context(browser: Any, width_name: str) -> tuple[Any, Any, list[str]]:
    width, height = WIDTHS[width_name]
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="nl-NL", accept_downloads=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return context, page, errors


def _log_in(page: Any, site: str, next_path: str) -> None:
    page.goto(f"{site}/inloggen/?next={next_path}")
    page.get_by_label("Gebruikersnaam").fill("coordinator")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"**{next_path}")


def _reads_well(page: Any, axe: Axe, what: str, errors: list[str]) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{what} scrolls sideways by {overflow}px"
    results = axe.run(page)
    assert results.violations_count == 0, f"{what}:\n{results.generate_report()}"
    assert errors == [], f"{what}: {errors}"


def _pdf_text(path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        unavailable("pdftotext is missing (make test installs Debian's poppler-utils)")
    return subprocess.run([str(tool), str(path), "-"], check=True, capture_output=True, text=True).stdout


def test_a_profile_links_to_its_agreement_and_back_and_its_pdf_is_made_and_downloaded(
    maastricht_site: str, browser: Any, tmp_path: Path
) -> None:
    axe = Axe()
    context, page, errors = _context(browser, "desktop")
    _log_in(page, maastricht_site, PROFILE)
    assert page.get_by_role("heading", level=1).inner_text() == "Wijkprofiel Pottenberg"
    _reads_well(page, axe, "the profile at desktop width", errors)

    # From the profile to the theme-6 agreement, and from the agreement back to its area's profile.
    page.locator('li[data-theme="6"][data-code="6a"] a').first.click()
    page.wait_for_url("**/programma/afspraken/**/6a/")
    _reads_well(page, axe, "the agreement", errors)
    page.locator(f'a.profile-link[href="{PROFILE}"]').click()
    page.wait_for_url(f"**{PROFILE}")

    # Ask for the PDF: the page says it is being made, then offers it when the worker is done.
    page.get_by_role("button", name="Maak een PDF van dit profiel").click()
    page.wait_for_url(f"**{PROFILE}#pdf")
    assert page.locator("#pdf-progress").count() == 1
    _reads_well(page, axe, "the profile while its PDF is made", errors)
    link = page.get_by_role("link", name="Download de PDF van Pottenberg")
    link.wait_for(timeout=180_000)
    _reads_well(page, axe, "the profile with its PDF ready", errors)
    with page.expect_download() as waiting:
        link.click()
    download = waiting.value
    assert re.fullmatch(r"wijkprofiel-pottenberg-\d{4}\.pdf", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    text = _pdf_text(saved)
    assert "Wijkprofiel Pottenberg" in text and "Veerkrachtkaart" in text
    assert errors == []
    context.close()

    # On a phone: the profile and its PDF's download without sideways scrolling.
    context, page, errors = _context(browser, "telefoon")
    _log_in(page, maastricht_site, PROFILE)
    assert page.get_by_role("link", name="Download de PDF van Pottenberg").count() == 1
    _reads_well(page, axe, "the profile at 390 px", errors)
    page.locator('li[data-theme="6"][data-code="6a"] a').first.click()
    page.wait_for_url("**/programma/afspraken/**/6a/")
    _reads_well(page, axe, "the agreement at 390 px", errors)
    assert errors == []
    context.close()
