# SPDX-License-Identifier: EUPL-1.2
"""Comparing two years of a profile on the Maastricht demo: the class of each year's analysis, the key
figures as the runs published them, the meldingen as the person may read them and the agreements and
interventions; each checked against a computation of its own from the run results and the records."""

import re
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from django.test import Client
from django.urls import reverse

from veerkracht.analysis.models import AnalysisRun
from veerkracht.analysis.results import read_result
from veerkracht.cases.models import Melding
from veerkracht.core.models import User
from veerkracht.programme.models import Agreement, Intervention

pytestmark = [pytest.mark.realdata, pytest.mark.slow, pytest.mark.django_db]

POTTENBERG = "BU09350203"
#: Another class in the run ending in 2022 than in the one ending in 2021.
CHANGED = "BU09350100"
#: Its share with a low income is published for 2014 and withheld for 2021.
WITHHELD = "BU09350104"
#: Fewer vulnerable residents in 2021 than in 2014.
FELL = "BU09350000"


def _page(username: str, code: str, first: int, second: int) -> str:
    client = Client()
    client.force_login(User.objects.get(username=username))
    response = client.get(f"/profiel/{code}/vergelijk/?van={first}&tot={second}")
    assert response.status_code == 200
    return response.content.decode()


def _text(html: str) -> str:
    import html as entities

    text = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", entities.unescape(re.sub(r"<[^>]+>", " ", text))).replace("\xa0", " ").strip()


def _element(html: str, pattern: str) -> str:
    found = re.search(pattern + r"(.*?)</(tr|p|ul|li)>", html, flags=re.S)
    assert found is not None, f"nothing matches {pattern}"
    return _text(found.group(1))


def _dutch(value: float, decimals: int = 1) -> str:
    """A number as a Dutch page writes it: decimals only when there are any, a point between thousands."""
    rounded = round(value, decimals)
    whole = rounded == int(rounded)
    text = f"{int(rounded):,}" if whole else f"{rounded:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _run_ending(year: int) -> AnalysisRun:
    runs = AnalysisRun.objects.filter(status=AnalysisRun.Status.SUCCEEDED, period_end=year)
    found = runs.order_by("-finished_at").first()
    assert found is not None
    return found


def _class_label(run: AnalysisRun, code: str) -> str:
    classes = read_result(run.pk, "classes")
    return str(
        classes[(classes["level"] == "buurt") & (classes["area_code"] == code)].iloc[0]["class_label_nl"]
    )


def _published(code: str, indicator: str, year: int) -> pd.Series:
    """The figure of the newest run that has the year, read straight from its stored values."""
    runs = AnalysisRun.objects.filter(status=AnalysisRun.Status.SUCCEEDED).order_by("-finished_at")
    run = next(r for r in runs if year in r.periods)
    values = read_result(run.pk, "values")
    rows = values[
        (values["area_code"] == code) & (values["indicator"] == indicator) & (values["period"] == year)
    ]
    assert len(rows) == 1
    return rows.iloc[0]


def test_the_class_of_each_years_analysis_and_whether_it_changed(demo: Path) -> None:
    run_2021, run_2022 = _run_ending(2021), _run_ending(2022)
    before, after = _class_label(run_2021, CHANGED), _class_label(run_2022, CHANGED)
    assert before != after, "the demo has a buurt whose class differs between the two runs"
    html = _page("analist", CHANGED, 2021, 2022)
    assert _element(html, r'<p id="class-change">') == f"De klasse veranderde van {before} naar {after}."
    assert _element(html, r'<li data-year="2021">').startswith(f"2021: {before}")
    assert _element(html, r'<li data-year="2022">').startswith(f"2022: {after}")
    # The two runs follow other presets: the page says so.
    assert 'id="class-method"' in html
    # The other side: Pottenberg kept its class.
    kept = _class_label(run_2021, POTTENBERG)
    assert kept == _class_label(run_2022, POTTENBERG)
    pottenberg = _page("analist", POTTENBERG, 2021, 2022)
    assert _element(pottenberg, r'<p id="class-change">') == f"De klasse bleef {kept}."


def test_a_year_without_an_analysis_says_so_and_compares_no_class(demo: Path) -> None:
    assert not AnalysisRun.objects.filter(period_end=2025).exists()
    html = _page("analist", POTTENBERG, 2021, 2025)
    assert "2025: geen analyse die in dit jaar eindigt, dus geen veerkrachtklasse." in _text(html)
    assert _element(html, r'<p id="class-change">').startswith("Niet te vergelijken")


def test_key_figures_rose_fell_or_stayed_in_words_that_agree_with_the_numbers(demo: Path) -> None:
    html = _page("analist", POTTENBERG, 2014, 2021)
    share = [_published(POTTENBERG, "aandeel_kwetsbaar", y)["value"] for y in (2014, 2021)]
    a, b = round(share[0], 1), round(share[1], 1)
    assert b > a
    row = _element(html, r'<tr data-indicator="aandeel_kwetsbaar">')
    assert f"{_dutch(a)} {_dutch(b)} steeg van {_dutch(a)} naar {_dutch(b)} procent (+{_dutch(b - a)})" in row
    residents = [_published(POTTENBERG, "inwoners", y)["value"] for y in (2014, 2021)]
    row = _element(html, r'<tr data-indicator="inwoners">')
    difference = int(residents[1] - residents[0])
    assert f"steeg van {_dutch(residents[0])} naar {_dutch(residents[1])} personen (+{difference})" in row
    corporation = [_published(POTTENBERG, "aandeel_corporatie", y)["value"] for y in (2014, 2021)]
    assert round(corporation[0], 1) == round(corporation[1], 1)
    assert f"bleef {_dutch(corporation[0])} procent" in _element(
        html, r'<tr data-indicator="aandeel_corporatie">'
    )
    # The other direction, elsewhere.
    fell = [_published(FELL, "aandeel_kwetsbaar", y)["value"] for y in (2014, 2021)]
    a, b = round(fell[0], 1), round(fell[1], 1)
    assert b < a
    row = _element(_page("analist", FELL, 2014, 2021), r'<tr data-indicator="aandeel_kwetsbaar">')
    assert f"daalde van {_dutch(a)} naar {_dutch(b)} procent (-{_dutch(a - b)})" in row


def test_a_withheld_figure_is_neither_named_nor_compared(demo: Path) -> None:
    shown, withheld = (_published(WITHHELD, "aandeel_laag_inkomen", y) for y in (2014, 2021))
    assert not shown["suppressed"] and withheld["suppressed"]
    html = _page("analist", WITHHELD, 2014, 2021)
    row = _element(html, r'<tr data-indicator="aandeel_laag_inkomen">')
    assert row.endswith(f"{_dutch(shown['value'])} afgeschermd niet te vergelijken: afgeschermd"), row
    assert "steeg" not in row and "daalde" not in row and "bleef" not in row
    # The other side: a figure published in both years is compared.
    assert "steeg" in _element(html, r'<tr data-indicator="aandeel_kwetsbaar">') or "daalde" in _element(
        html, r'<tr data-indicator="aandeel_kwetsbaar">'
    )


def test_meldingen_of_both_years_counted_as_the_person_may_read_them(demo: Path) -> None:
    user = User.objects.get(username="wijkbeheerder")
    counts = [
        Melding.objects.visible_to(user).filter(buurt_code=POTTENBERG, received_at__year=year).count()
        for year in (2025, 2026)
    ]
    assert all(n >= 5 for n in counts), "Pottenberg has enough meldingen in both years to show them"
    html = _page("wijkbeheerder", POTTENBERG, 2025, 2026)
    row = _element(html, r'<tr data-kpi="meldingen_leefbaarheid">')
    a, b = counts
    words = "steeg van" if b > a else "daalde van" if b < a else "bleef"
    assert row.startswith(f"Meldingen over leefbaarheid {_dutch(a)} {_dutch(b)} {words}"), row
    if a != b:
        assert f"({'+' if b > a else '-'}{abs(b - a)})" in row


def test_agreements_and_interventions_running_in_either_year_or_between(demo: Path) -> None:
    first, second = 2021, 2025
    html = _page("coordinator", POTTENBERG, first, second)
    items = re.findall(r'<li data-kind="(\w+)" data-span="(\w+)">(.*?)</li>', html, flags=re.S)
    spans = {(kind, _text(body).split(" — ")[0]): span for kind, span, body in items}
    expected = 0
    for intervention in Intervention.objects.filter(area__code=POTTENBERG):
        start, end = intervention.from_year, intervention.year
        if end < first or start > second:
            continue
        expected += 1
        span = "both" if start <= first and end >= second else "started" if start > first else "ended"
        if start > first and end < second:
            span = "between"
        key = next(
            k for k in spans if k[0] == "intervention" and f": {intervention.planned} woningen" in k[1]
        )
        assert spans[key] == span
    agreement = Agreement.objects.get(code="6a", areas__code=POTTENBERG)
    assert agreement.starts_on.year <= second
    title = f"Thema 6, 6a: {agreement.title}"
    assert ("agreement", title) in spans
    assert len([k for k in spans if k[0] == "intervention"]) == expected


def test_each_role_sees_only_its_parts_of_the_comparison(demo: Path) -> None:
    partner = _page("schuldhulp", POTTENBERG, 2021, 2025)
    assert 'id="meldingen"' not in partner and 'data-kpi="dossiers_geopend"' not in partner
    assert 'id="klasse"' in partner and 'id="programma"' in partner
    resident = _page("bewoner", POTTENBERG, 2021, 2025)
    assert 'id="klasse"' not in resident and 'id="meldingen"' not in resident
    assert 'id="key-figures"' not in resident
    assert 'id="programma"' in resident
    # A resident reads no meldingen, so their years are those of the agreements only.
    assert 'value="2014"' not in resident
    client = Client()
    client.force_login(User.objects.get(username="privacy"))
    assert client.get(f"/profiel/{POTTENBERG}/vergelijk/").status_code == 403


def test_the_profile_links_to_the_comparison_and_the_comparison_back(demo: Path) -> None:
    client = Client()
    client.force_login(User.objects.get(username="coordinator"))
    profile = client.get(f"/profiel/{POTTENBERG}/").content.decode()
    link = re.search(r'<a href="([^"]+)" id="compare-link">', profile)
    assert link is not None and link.group(1) == f"/profiel/{POTTENBERG}/vergelijk/"
    page = client.get(link.group(1)).content.decode()
    assert f'<a href="/profiel/{POTTENBERG}/" id="back-to-profile">' in page
    # Without a choice it compares the newest year with data to one some years before it.
    years = [int(y) for y in re.findall(r'<option value="(\d+)" selected>', page)]
    assert len(years) == 2 and years[0] < years[1]
    same = client.get(f"/profiel/{POTTENBERG}/vergelijk/?van=2021&tot=2021").content.decode()
    assert 'id="same-year"' in same and 'id="klasse"' not in same


def _links_to_profile(html: str, code: str) -> bool:
    return re.search(rf'href="/profiel/{code}/"[^>]*>', html) is not None


def test_a_melding_a_dossier_and_a_fund_application_link_to_their_buurts_profile_and_back(demo: Path) -> None:
    from veerkracht.areas.models import Area
    from veerkracht.cases.models import Dossier
    from veerkracht.cases.services.dossiers import NewDossier, open_dossier
    from veerkracht.programme.models import Fund
    from veerkracht.programme.services.fund import ApplicationInput, submit_application

    client = Client()
    user = User.objects.get(username="wijkbeheerder")
    client.force_login(user)
    melding = Melding.objects.visible_to(user).filter(buurt_code=POTTENBERG).first()
    assert melding is not None
    assert _links_to_profile(
        client.get(reverse("cases-melding", args=[melding.reference])).content.decode(), POTTENBERG
    )
    dossier = Dossier.objects.visible_to(user).filter(buurt_code=POTTENBERG).first()
    if dossier is None:  # the Maastricht demo opens no dossiers: open one about this melding
        dossier = open_dossier(
            NewDossier("overlast", "address", "Geluidsoverlast in Pottenberg", meldingen=[melding]),
            organisation=melding.organisation,
            actor=user,
        )
    assert dossier.buurt_code == POTTENBERG
    page = client.get(reverse("cases-dossier", args=[dossier.reference])).content.decode()
    assert _links_to_profile(page, dossier.buurt_code)
    # Back: the profile leads to the meldingen of the buurt in the work list.
    profile = client.get(f"/profiel/{POTTENBERG}/").content.decode()
    back = re.search(r'<a href="([^"]+)" id="meldingen-link">', profile)
    assert back is not None and back.group(1) == f"{reverse('cases-worklist')}?gebied={POTTENBERG}"
    coordinator = Client()
    coordinator.force_login(User.objects.get(username="coordinator"))
    # The demo has a fund and no applications yet: a resident applies for Pottenberg.
    application, _new = submit_application(
        Fund.objects.get(gemeente_code="GM0935"),
        ApplicationInput(
            buurt=Area.objects.get(code=POTTENBERG, valid_to__isnull=True),
            title="Buurtfeest op het plein",
            description="Voor iedereen in de buurt.",
            requested_amount=Decimal("750"),
            applicant_name="B. Bewoner",
            email="b@example.org",
        ),
    )
    address = reverse("programme-fund-application", args=[application.reference])
    assert _links_to_profile(coordinator.get(address).content.decode(), POTTENBERG)
    assert f'href="{address}"' in coordinator.get(f"/profiel/{POTTENBERG}/").content.decode()


def test_a_buurt_in_the_monitors_list_and_in_a_comparison_of_runs_links_to_its_profile(demo: Path) -> None:
    client = Client()
    client.force_login(User.objects.get(username="analist"))
    run_2021, run_2022 = _run_ending(2021), _run_ending(2022)
    monitor = client.get(f"/monitor/?run={run_2021.pk}&view=classes&level=buurt").content.decode()
    row = re.search(rf'<tr data-code="{POTTENBERG}"><td>(.*?)</td>', monitor)
    assert row is not None and _links_to_profile(row.group(1), POTTENBERG)
    # Complexes have no profile: their rows stay plain.
    complexes = client.get(f"/monitor/?run={run_2021.pk}&view=classes&level=complex").content.decode()
    assert 'class="profile-link"' not in complexes
    compared = client.get(
        f"/monitor/vergelijken/?a={run_2021.pk}&b={run_2022.pk}&level=buurt&area={CHANGED}"
    ).content.decode()
    focus = re.search(r'id="compare-focus">(.*?)</section>', compared, flags=re.S)
    assert focus is not None and _links_to_profile(focus.group(1), CHANGED)
    # The list of buurten that changed class: each with its profile.
    listed = re.search(rf'<tr><td><a href="[^"]*area={CHANGED}">[^<]*</a>(.*?)</td>', compared)
    assert listed is not None and _links_to_profile(listed.group(1), CHANGED)


@pytest.mark.parametrize(("username", "sees"), [("wijkbeheerder", True), ("schuldhulp", False)])
def test_the_profile_leads_to_the_meldingen_heatmaps_for_whom_may_see_them(
    demo: Path, username: str, sees: bool
) -> None:
    client = Client()
    client.force_login(User.objects.get(username=username))
    profile = client.get(f"/profiel/{POTTENBERG}/").content.decode()
    link = re.search(r'<a href="([^"]+)" id="meldingen-heatmap-link">', profile)
    assert (link is not None) is sees
    if link is not None:
        dashboard = client.get(link.group(1).replace("&amp;", "&"))
        assert dashboard.status_code == 200
        # The buurt heatmap draws Pottenberg with its figure in the title a screen reader reads.
        assert re.search(r"<title>Pottenberg: [^<]+</title>", dashboard.content.decode())
