# SPDX-License-Identifier: EUPL-1.2
"""In a real browser: an analysis started on the page runs in the worker that ``veerkracht serve`` starts,
the page follows its progress by itself and ends with a link to the result; the worker stops with the
server."""

import re
import signal
import socket
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from veerkracht.demo.people import DEMO_PASSWORD
from worker_site import Site, alive, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.database]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(worker_site: Site, tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[bytes]]]:
    """``veerkracht serve`` with its worker; the analysis pauses four seconds so that its progress shows."""
    port = _free_port()
    log = tmp_path / "serve.log"
    process = worker_site.start(
        "serve", "--port", str(port), log=log, extra_env={"VEERKRACHT_TEST_ANALYSIS_DELAY": "4"}
    )
    url = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            with urllib.request.urlopen(f"{url}/inloggen/", timeout=2) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    try:
        wait_until(answers, 60, "the server")
        yield url, log, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_an_analysis_started_on_the_page_runs_in_the_worker_beside_the_server(
    server: tuple[str, Path, subprocess.Popen[bytes]], page: object
) -> None:
    url, log, process = server
    found = re.search(r"Worker gestart \(proces (\d+)\)", log.read_text())
    assert found, log.read_text()
    worker_pid = int(found.group(1))
    assert alive(worker_pid)

    page.goto(f"{url}/inloggen/?next=/monitor/")  # type: ignore[attr-defined]
    page.get_by_label("Gebruikersnaam").fill("analist")  # type: ignore[attr-defined]
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Inloggen").click()  # type: ignore[attr-defined]
    page.get_by_role("link", name="Analyses", exact=True).click()  # type: ignore[attr-defined]
    page.get_by_role("link", name="Nieuwe analyse starten").click()  # type: ignore[attr-defined]
    page.get_by_label("Veerstad (GM5001)").check()  # type: ignore[attr-defined]
    page.get_by_label("Beginjaar").select_option("2018")  # type: ignore[attr-defined]
    page.get_by_label("Eindjaar").select_option("2022")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Analyse starten").click()  # type: ignore[attr-defined]

    page.wait_for_url(re.compile(r"/monitor/analyses/\d+/$"))  # type: ignore[attr-defined]
    run_id = int(page.url.rstrip("/").rsplit("/", 1)[1])  # type: ignore[attr-defined]
    assert "staat in de wachtrij" in page.locator(".messages").inner_text()  # type: ignore[attr-defined]
    # The page follows the worker without a hand on the refresh link: first the step, then the result.
    # A locator wait, not wait_for_function: evaluating a string in the page is what the CSP forbids.
    page.locator("#run-step", has_text="analyseren").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    assert page.locator("#run-progress").get_attribute("data-live") == "true"  # type: ignore[attr-defined]
    assert page.locator("#run-refresh").is_hidden(), "with JavaScript the page refreshes itself"  # type: ignore[attr-defined]
    result = page.locator("#run-result a")  # type: ignore[attr-defined]
    result.wait_for(timeout=120_000)
    assert page.locator("#run-status-label").inner_text() == "Klaar"  # type: ignore[attr-defined]
    result.click()
    page.wait_for_url(re.compile(rf"/monitor/\?run={run_id}$"))  # type: ignore[attr-defined]
    page.wait_for_selector("#monitor-map[data-state=ready]", timeout=30_000)  # type: ignore[attr-defined]
    assert page.js_errors == []  # type: ignore[attr-defined]

    # The city report of the run: asked on its page, made by the same worker, followed, then downloaded.
    page.goto(f"{url}/monitor/analyses/{run_id}/")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Maak het stadsrapport").click()  # type: ignore[attr-defined]
    assert "Het stadsrapport staat in de wachtrij." in page.locator(".messages").inner_text()  # type: ignore[attr-defined]
    # No hand on the refresh link: the page reloads itself when the report is ready.
    download_link = page.locator("#report-download")  # type: ignore[attr-defined]
    download_link.wait_for(timeout=180_000)
    with page.expect_download() as download:  # type: ignore[attr-defined]
        download_link.click()
    pdf = Path(download.value.path())
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert download.value.suggested_filename == f"stadsrapport-analyse-{run_id}-synthetisch.pdf"
    assert page.js_errors == []  # type: ignore[attr-defined]

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    assert "Worker gestopt." in log.read_text()
    assert not alive(worker_pid), "the worker stops with the server"
