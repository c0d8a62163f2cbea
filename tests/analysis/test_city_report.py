# SPDX-License-Identifier: EUPL-1.2
"""The city report of the demo city as a council member gets it: the PDF opens, has one page per layer with
a drawn map, the veerkrachtkaart, the buurten that changed class and the annex; its paragraphs say what an
independent computation from the run's results says; every page says the figures are synthetic."""

import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from django.test import Client
from django.utils import translation

from support import unavailable
from veerkracht.analysis import city_report, services
from veerkracht.analysis.city_report import report_context
from veerkracht.analysis.models import AnalysisRun, CityReport
from veerkracht.analysis.results import load_result, read_result, write_results
from veerkracht.areas.queries import valid_in
from veerkracht.cli.main import cli
from veerkracht.core.models import AuditEvent, User
from veerkracht.indicators.models import Indicator
from veerkracht.monitor.run import RESULT_FRAMES

pytestmark = pytest.mark.slow

# The buurten whose class the "previous run" had different: the report must list exactly these.
CHANGED = 2


@dataclass(frozen=True)
class Rendered:
    pdf: Path
    pages: list[str]
    layers: list[str]
    changed: list[str]
    run_id: int


_CACHE: dict[str, Rendered] = {}


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        unavailable(f"{name} (poppler-utils) is not installed")
    return str(found)


def _previous_run(run: AnalysisRun) -> list[str]:
    """A run of the same city a year earlier whose classes differ in two buurten; their names."""
    previous = AnalysisRun.objects.get(pk=run.pk)
    previous.pk = None
    previous.name = "Vorig jaar"
    previous.started_at = run.started_at - timedelta(days=365)
    previous.save()
    result = load_result(run.pk, run.manifest)
    classes = result.classes.copy()
    buurten = classes.index[classes["level"] == "buurt"]
    keys = classes.loc[buurten, "class_key"].astype(str)
    picked = [i for i in buurten if keys[i] != "resilient"][:CHANGED]
    classes.loc[picked, "class_key"] = "resilient"
    classes.loc[picked, "class_label_nl"] = "Veerkrachtig"
    frames = {name: getattr(result, name) for name in RESULT_FRAMES} | {"classes": classes}
    write_results(previous.pk, frames)
    codes = classes.loc[picked, "area_code"].astype(str).tolist()
    return sorted(valid_in(run.indeling_year).filter(code__in=codes).values_list("name", flat=True))


@pytest.fixture
def report(demo: Any, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """The demo run's city report, made once for the module through the service the worker calls."""
    if "nl" not in _CACHE:
        pdftotext = _tool("pdftotext")
        run = AnalysisRun.objects.get(pk=demo.run_id)
        changed = _previous_run(run)
        made = services.make_city_report_now(run, language="nl")
        pdf = tmp_path_factory.mktemp("city-report") / "stadsrapport.pdf"
        shutil.copyfile(services.report_file(made), pdf)
        count = _page_count(pdf)
        pages = [
            subprocess.run(
                [pdftotext, "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            for n in range(1, count + 1)
        ]
        codes = _layer_codes(run)
        names = dict(Indicator.objects.filter(code__in=codes).values_list("code", "name_nl"))
        _CACHE["nl"] = Rendered(pdf, pages, [names[c] for c in codes], changed, run.pk)
    return _CACHE["nl"]


def _page_count(pdf: Path) -> int:
    info = subprocess.run([_tool("pdfinfo"), str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])  # type: ignore[index]


def _layer_codes(run: AnalysisRun) -> list[str]:
    """Independently: the non-count indicators with buurt figures in the first and the last year."""
    values = read_result(run.pk, "values")
    buurten = set(
        valid_in(run.indeling_year)
        .filter(level="buurt", gemeente_code__in=run.gemeenten)
        .values_list("code", flat=True)
    )
    rows = values[
        values["area_code"].isin(buurten) & values["period"].isin([run.period_start, run.period_end])
    ]
    both = rows.groupby("indicator")["period"].nunique()
    codes = set(both[both == 2].index) & set(
        Indicator.objects.exclude(kind=Indicator.Kind.COUNT).values_list("code", flat=True)
    )
    return sorted(codes)


def _first_page(report: Rendered, heading: str) -> int:
    """The page (1-based) where a heading starts a line, after the table of contents."""
    for number, text in enumerate(report.pages, start=1):
        if any(line.strip() == heading for line in text.splitlines()) and "....." not in text:
            return number
    raise AssertionError(f"no page starts the section {heading!r}")


def test_the_report_has_a_page_per_layer_then_the_veerkrachtkaart_the_changes_and_the_annex(
    report: Rendered,
) -> None:
    assert len(report.layers) >= 10, report.layers  # the demo publishes shares, rates and scores
    layer_pages = sorted(_first_page(report, name) for name in report.layers)
    first = layer_pages[0]
    assert layer_pages == list(range(first, first + len(report.layers))), "one page per layer, in a row"
    kaart = _first_page(report, "De veerkrachtkaart")
    changes = _first_page(report, "Buurten die van klasse veranderden")
    annex = _first_page(report, "Bijlage: methode en bronnen")
    assert (kaart, changes, annex) == (first + len(report.layers), kaart + 1, kaart + 2)
    # The annex (method, sources, real and synthetic inputs, the run) fits on a few pages, and ends the PDF.
    assert annex <= len(report.pages) <= annex + 4
    assert _page_count(report.pdf) == len(report.pages)
    for part in ("Methode", "Bronnen", "Echte en synthetische gegevens", "Over deze analyse"):
        assert part in "".join(report.pages[annex - 1 :])


def test_the_table_of_contents_gives_the_page_each_section_is_on(report: Rendered) -> None:
    contents = "".join(report.pages[:3])
    for heading in [*report.layers[:3], "De veerkrachtkaart", "Bijlage: methode en bronnen"]:
        entry = re.search(rf"^{re.escape(heading)}\s*\.+\s*(\d+)\s*$", contents, re.M)
        assert entry, heading
        assert int(entry[1]) == _first_page(report, heading)


def test_the_buurten_that_changed_class_since_the_previous_run_are_listed_and_no_others(
    report: Rendered,
) -> None:
    page = report.pages[_first_page(report, "Buurten die van klasse veranderden") - 1]
    assert "Vergeleken met de vorige analyse" in page and "Vorig jaar" in page
    rows = [line.split()[0] for line in page.splitlines() if "Veerkrachtig" in line]
    assert len(report.changed) == CHANGED
    for name in report.changed:
        assert re.search(rf"^\s*{re.escape(name)}\s+Veerkrachtig\s+\S", page, re.M), name
    assert len(rows) == CHANGED


def test_every_page_says_the_figures_are_synthetic(report: Rendered) -> None:
    assert all("synthetische gegevens" in page for page in report.pages)
    assert "Synthetische gegevens. Dit rapport is gemaakt met (deels) verzonnen cijfers" in report.pages[0]


def _words(text: str) -> str:
    return " ".join(text.split())


NUMBER = r"[−+]?[\d.]+(?:,\d+)?"


def _number(text: str) -> float:
    return float(text.replace(".", "").replace(",", ".").replace("−", "-"))


def test_the_paragraph_of_a_layer_says_what_an_independent_computation_of_the_run_gives(
    report: Rendered,
) -> None:
    run = AnalysisRun.objects.get(pk=report.run_id)
    code = "lbm_onv"  # the layer the demo publishes for the country too
    page = _words(report.pages[_first_page(report, Indicator.objects.get(code=code).name_nl) - 1])
    values = read_result(run.pk, "values", filters=[("indicator", "==", code)])
    first, last = run.period_start, run.period_end

    def value(area: str, period: int) -> float:
        row = values[(values["area_code"] == area) & (values["period"] == period)]
        return float(row["value"].iloc[0])

    decimals = 0
    for place, area in (("Veerstad", run.gemeenten[0]), ("Nederland", "NL00")):
        said = re.search(
            rf"In {place} (steeg|daalde) het cijfer van ({NUMBER}) in {first} naar ({NUMBER}) in {last} "
            rf"\(({NUMBER})\)|In {place} bleef het cijfer gelijk: ({NUMBER}) in {first} "
            rf"en ({NUMBER}) in {last}",
            page,
        )
        assert said, (place, page)
        start_text = said[2] or said[5]
        decimals = len(start_text.split(",")[1]) if "," in start_text else 0
        start, end = round(value(area, first), decimals), round(value(area, last), decimals)
        if said[1]:
            assert (_number(said[2]), _number(said[3])) == (start, end)
            assert _number(said[4]) == pytest.approx(end - start)
            assert said[1] == ("steeg" if end > start else "daalde") and end != start
        else:
            assert _number(said[5]) == _number(said[6]) == start == end
    buurten = set(valid_in(run.indeling_year).filter(level="buurt").values_list("code", flat=True))
    rows = values[values["area_code"].isin(buurten) & values["period"].isin([first, last])]
    hidden = set(rows.loc[rows["suppressed"].astype(bool), "area_code"])
    wide = rows[~rows["area_code"].isin(hidden)].pivot_table(
        index="area_code", columns="period", values="value", aggfunc="first"
    )
    known = wide.dropna()
    delta = np.rint(known[last] * 10**decimals) - np.rint(known[first] * 10**decimals)
    counts = (
        f"Van de {len(known)} buurten met cijfers steeg het in {(delta > 0).sum()}, daalde het in "
        f"{(delta < 0).sum()} en bleef het gelijk in {(delta == 0).sum()}."
    )
    assert counts in page, (counts, page)
    names = valid_in(run.indeling_year).filter(code__in=hidden).values_list("name", flat=True)
    assert not any(f"{name} (" in page for name in names), "a suppressed buurt is named"


def _pixels(ppm: bytes) -> np.ndarray:
    """A binary PPM (P6) as an array of height x width x 3."""
    header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", ppm)
    assert header, "not a PPM"
    width, height = int(header[1]), int(header[2])
    return np.frombuffer(ppm[header.end() :], dtype=np.uint8).reshape(height, width, 3)


def test_no_page_is_blank_and_every_map_page_has_a_drawn_coloured_map(report: Rendered) -> None:
    pdftoppm = _tool("pdftoppm")
    maps = {_first_page(report, name) for name in [*report.layers, "De veerkrachtkaart"]}
    for number in range(1, len(report.pages) + 1):
        ppm = subprocess.run(
            [pdftoppm, "-r", "24", "-f", str(number), "-l", str(number), str(report.pdf)],
            check=True,
            capture_output=True,
        ).stdout
        image = _pixels(ppm).astype(int)
        ink = (image.sum(axis=2) < 600).mean()
        assert ink > 0.005, f"page {number} is blank"
        # A map covers a large part of its page (grey where figures are withheld) and is partly coloured;
        # text is dark grey and the legend's swatches are small.
        painted = (image.sum(axis=2) < 700).mean()
        coloured = (image.max(axis=2) - image.min(axis=2) > 25).mean()
        if number in maps:
            assert painted > 0.22 and coloured > 0.05, (
                f"page {number}: no map ({painted:.3f}, {coloured:.3f})"
            )
        else:
            assert coloured < 0.03, f"page {number} has colour where no map belongs ({coloured:.3f})"


def test_the_english_report_speaks_english(demo: Any) -> None:
    run = AnalysisRun.objects.get(pk=demo.run_id)
    with translation.override("en"):
        context = report_context(run)
    story = context["layers"][0]["story"].text
    assert story.startswith("In Veerstad the figure ") and "steeg" not in story


def test_a_failed_run_gets_no_report(demo: Any) -> None:
    failed = AnalysisRun.objects.get(pk=demo.run_id)
    failed.pk = None
    failed.status = AnalysisRun.Status.FAILED
    failed.save()
    with pytest.raises(services.ReportNotPossible):
        services.make_city_report_now(failed)
    assert not failed.city_reports.exists()


IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _analyst() -> Client:
    client = Client()
    client.force_login(User.objects.get(username="analist"))
    return client


def _fake_pdf(run: AnalysisRun, *, language_code: str = "nl", progress: Any = None) -> bytes:
    """Stands in for the renderer where a test is about the page, not about the PDF."""
    progress("lagen", 1, 5)
    return b"%PDF-1.7\n% stadsrapport " + language_code.encode()


def test_an_analyst_asks_for_the_report_on_the_run_page_and_downloads_it(
    demo: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = IMMEDIATE
    monkeypatch.setattr(city_report, "render_city_report", _fake_pdf)
    client = _analyst()
    page = client.get(f"/monitor/analyses/{demo.run_id}/").content.decode()
    assert "Stadsrapport" in page and "Nog niet gemaakt" in page and 'id="report-make"' in page
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/monitor/analyses/{demo.run_id}/rapport/", HTTP_ACCEPT_LANGUAGE="nl")
    assert answer.status_code == 302 and answer["Location"].endswith("#report-progress")
    state = client.get(f"/monitor/analyses/{demo.run_id}/rapport/voortgang/").json()
    assert (state["status"], state["finished"]) == ("succeeded", True)
    page = client.get(f"/monitor/analyses/{demo.run_id}/").content.decode()
    assert f'href="/monitor/analyses/{demo.run_id}/rapport/stadsrapport.pdf"' in page
    download = client.get(state["download_url"])
    assert download["Content-Type"] == "application/pdf"
    assert f"stadsrapport-analyse-{demo.run_id}-synthetisch.pdf" in download["Content-Disposition"]
    assert download.content.startswith(b"%PDF-1.7\n% stadsrapport nl")
    assert AuditEvent.objects.filter(action="analysis.city_report_requested").count() == 1


def test_a_report_waiting_for_the_worker_shows_its_progress_and_cannot_be_downloaded_yet(
    demo: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = DUMMY
    client = _analyst()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/monitor/analyses/{demo.run_id}/rapport/")
    page = client.get(f"/monitor/analyses/{demo.run_id}/").content.decode()
    assert 'id="report-progress-bar"' in page and "Wacht op de worker." in page
    assert 'id="report-refresh"' in page and 'id="report-download"' not in page
    assert client.get(f"/monitor/analyses/{demo.run_id}/rapport/voortgang/").json()["finished"] is False
    assert client.get(f"/monitor/analyses/{demo.run_id}/rapport/stadsrapport.pdf").status_code == 404


def test_a_report_that_failed_says_so_and_can_be_asked_again(
    demo: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = IMMEDIATE

    def broken(*_args: Any, **_kwargs: Any) -> bytes:
        raise RuntimeError("kapot")

    monkeypatch.setattr(city_report, "render_city_report", broken)
    client = _analyst()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/monitor/analyses/{demo.run_id}/rapport/")
    page = client.get(f"/monitor/analyses/{demo.run_id}/").content.decode()
    assert "Het rapport kon niet gemaakt worden." in page and "Maak het stadsrapport opnieuw" in page
    assert client.get(f"/monitor/analyses/{demo.run_id}/rapport/stadsrapport.pdf").status_code == 404
    assert not list(Path(settings.DATA_DIR, "reports").glob("*.partial"))


def test_who_may_not_run_analyses_may_not_ask_for_the_report(demo: Any) -> None:
    client = Client()
    client.force_login(User.objects.get(username="wijkbeheerder"))
    assert client.post(f"/monitor/analyses/{demo.run_id}/rapport/").status_code == 403
    assert not CityReport.objects.exists()


def test_the_command_line_writes_the_report_of_the_newest_run_where_asked(
    demo: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(city_report, "render_city_report", _fake_pdf)
    out = tmp_path / "raad.pdf"
    result = CliRunner().invoke(cli, ["report", "city", "--out", str(out), "--language", "en"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == b"%PDF-1.7\n% stadsrapport en"
    assert "synthetische gegevens" in result.output
    missing = CliRunner().invoke(cli, ["report", "city", "--run", "987654", "--out", str(out)])
    assert missing.exit_code != 0 and "Analyse #987654 bestaat niet." in missing.output
