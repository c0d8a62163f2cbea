# SPDX-License-Identifier: EUPL-1.2
"""The Pottenberg profile of the Maastricht demo: every part shows the figures of the data, each person
sees only the parts their role allows, and the stories behind the numbers are reviewed before partners
read them."""

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from veerkracht.analysis.models import AnalysisRun
from veerkracht.analysis.results import read_result
from veerkracht.cases.models import Melding
from veerkracht.core.models import Organisation, User
from veerkracht.profiles.models import ProfileNote
from veerkracht.profiles.services import NoteRefused, review_note, write_note
from veerkracht.programme.models import FundBudget, ResidentTeam
from veerkracht.programme.queries.fund import budget_state
from veerkracht.programme.queries.interventions import for_area

pytestmark = [pytest.mark.realdata, pytest.mark.slow, pytest.mark.django_db]

POTTENBERG = "BU09350203"
URL = f"/profiel/{POTTENBERG}/"


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _text(html: str) -> str:
    import html as entities

    text = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", entities.unescape(re.sub(r"<[^>]+>", " ", text))).replace("\xa0", " ").strip()


def _section(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"(.*?)</(table|ul|ol|section)>', html, flags=re.S)
    assert found is not None, f"no #{element_id} on the page"
    return _text(found.group(1))


def _euro(amount: Any) -> str:
    whole, cents = f"{amount:.2f}".split(".")
    return f"€ {int(whole):,}".replace(",", ".") + f",{cents}"


def test_the_pottenberg_profile_shows_the_figures_of_the_data(demo: Path) -> None:
    html = _client("coordinator").get(URL).content.decode()
    text = _text(html)
    assert "Wijkprofiel Pottenberg" in text
    # The fund budget, as the fund's own reads compute it.
    state = budget_state(FundBudget.objects.get(slug="pottenberg"))
    budgets = _section(html, "fund-budgets")
    assert f"Pottenberg {_euro(state.amount)}" in budgets and _euro(state.available) in budgets
    # Interventions: planned new building, demolition and renovation, and their total.
    tally = for_area(POTTENBERG).tally
    interventions = _section(html, "interventions")
    for kind in ("nieuwbouw", "sloop", "renovatie"):
        assert f"{kind.capitalize()} {tally.planned[kind]}" in interventions
    assert f"Totaal {tally.total}" in interventions and tally.total == 362
    # Resident teams, with their corporation.
    teams = _section(html, "resident-teams")
    for team in ResidentTeam.objects.filter(buurt__code=POTTENBERG, active=True):
        assert team.name in teams and team.corporation.name in teams
    assert teams.count("BKT") == 2
    # The theme-6 agreement about Pottenberg with its leads.
    agreements = _section(html, "agreements")
    assert "Thema 6, 6a: Pottenberg" in agreements
    assert "Trekker: Gemeente Maastricht , Servatius , Woonpunt" in agreements
    # BAT figures per class.
    accessibility = _section(html, "accessibility")
    assert re.search(r"Pottenberg( \d[\d.]*| —){4} -?\d+", accessibility), accessibility
    # The veerkracht class and its explanation, from the newest run's classes.
    run = AnalysisRun.objects.filter(status=AnalysisRun.Status.SUCCEEDED).order_by("-finished_at").first()
    assert run is not None
    classes = read_result(run.pk, "classes").set_index("area_code")
    assert classes.loc[POTTENBERG, "class_label_nl"] in _section(html, "class-label")
    assert classes.loc[POTTENBERG, "explanation_nl"][:80] in text
    # Key figures: the corporation share now, beside the gemeente.
    assert "Aandeel corporatiewoningen" in _section(html, "key-figures")


def test_a_corporation_employee_sees_the_meldingen_they_may_read_counted(demo: Path) -> None:
    user = User.objects.get(username="wijkbeheerder")
    years = sorted(
        {m.received_at.year for m in Melding.objects.visible_to(user).filter(buurt_code=POTTENBERG)}
    )
    assert years, "the demo has meldingen in Pottenberg"
    year = years[-1]
    counted = Melding.objects.visible_to(user).filter(buurt_code=POTTENBERG, received_at__year=year).count()
    html = _client("wijkbeheerder").get(f"{URL}?jaar={year}").content.decode()
    cell = re.search(r'data-kpi="meldingen_leefbaarheid"[^>]*>([^<]*)<', html)
    assert cell is not None
    expected = "afgeschermd" if 0 < counted < 5 else f"{counted:,}".replace(",", ".")
    assert cell.group(1).strip() == expected
    assert counted >= 5, "Pottenberg has enough meldingen in the demo to show a number"
    assert 'id="dossier-steps"' in html or "Geen open dossiers die u mag inzien." in html


def test_each_role_sees_only_its_parts_left_out_not_greyed(demo: Path) -> None:
    partner = _client("schuldhulp").get(URL).content.decode()
    assert 'id="meldingen"' not in partner and 'id="dossiers"' not in partner
    assert 'id="veerkracht"' in partner and 'id="agreements"' in partner
    assert 'id="fund-applications"' not in partner
    resident = _client("bewoner").get(URL).content.decode()
    assert 'id="veerkracht"' not in resident and 'id="meldingen"' not in resident
    assert 'id="interventions"' in resident
    assert _client("privacy").get(URL).status_code == 403


def test_an_agreement_links_to_its_area_and_the_profile_back(demo: Path) -> None:
    client = _client("coordinator")
    profile = client.get(URL).content.decode()
    link = re.search(r'<li data-theme="6" data-code="6a"><a href="([^"]+)"', profile)
    assert link is not None
    agreement = client.get(link.group(1)).content.decode()
    assert f'href="{URL}" class="profile-link"' in agreement
    assert "Wijkprofiel van dit gebied" in client.get("/monitor/").content.decode(), "the panel's link text"


def test_a_story_is_read_by_partners_only_after_another_person_approved_it(demo: Path) -> None:
    author = User.objects.get(username="analist")
    organisation = Organisation.objects.get(memberships__user=author, memberships__role="analist")
    note = write_note(
        POTTENBERG,
        actor=author,
        organisation=organisation,
        text="Bewoners zeggen dat het plein na de sloop leeg en donker is.",
        source="Gesprek met het bewonersteam",
        observed_on=date(2025, 3, 4),
    )
    story = "het plein na de sloop leeg en donker"
    assert story not in _client("schuldhulp").get(URL).content.decode()
    assert story in _client("analist").get(URL).content.decode(), "its author sees it, waiting for review"
    with pytest.raises(NoteRefused, match="eigen verhaal"):
        review_note(note, actor=author, approve=True)
    with pytest.raises(NoteRefused, match="waarom"):
        review_note(note, actor=User.objects.get(username="coordinator"), approve=False)
    response = _client("coordinator").post(
        f"/profiel/verhalen/{note.pk}/beoordelen/", {"decision": "approve", "comment": ""}
    )
    assert response.status_code == 302
    assert ProfileNote.objects.get(pk=note.pk).status == "approved"
    partner = _client("schuldhulp").get(URL).content.decode()
    assert story in partner and "Gesprek met het bewonersteam" in partner
