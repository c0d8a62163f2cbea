# SPDX-License-Identifier: EUPL-1.2
"""The agreement pages show seed 003's content from the data, and only leads write status updates."""

import re
from datetime import date

import pytest
from django.test import Client

from veerkracht.core.models import Organisation
from veerkracht.core.services import create_organisation
from veerkracht.programme.models import Agreement, AgreementSet, StatusUpdate, WorkgroupAction
from veerkracht.programme.services.agreements import compute_stagnation_signals

pytestmark = pytest.mark.django_db

POTTENBERG = "BU09350203"


def _text(html: bytes) -> str:
    """The visible text of a page, whitespace collapsed, to assert what a reader sees."""
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split()).replace(" ,", ",")


@pytest.fixture
def reader(client: Client, maastricht: AgreementSet, person_in: object) -> Client:
    client.force_login(person_in("bestuurder", "Gemeente Maastricht", "bestuurder"))  # type: ignore[operator]
    return client


def test_the_theme_6_agreements_that_touch_pottenberg_are_shown_with_their_leads(reader: Client) -> None:
    page = reader.get("/programma/afspraken/", {"thema": "6", "gebied": POTTENBERG})
    assert page.status_code == 200
    html = page.content.decode()
    cards = re.findall(
        r'<li class="pa-card" data-code="([^"]+)">(.*?)</li>\s*(?=<li class="pa-card"|</ul>)', html, re.S
    )
    assert [code for code, _ in cards] == ["6a"]
    card = _text(cards[0][1].encode())
    assert "6a Pottenberg" in card
    assert "Tweedeling in de wijk voorkomen door concentraties kwetsbare bewoners te voorkomen" in card
    for lead in ("Woonpunt", "Servatius", "Gemeente Maastricht"):
        assert lead in card
    assert "1 afspraak" in _text(page.content)


def test_all_agreements_that_touch_pottenberg_include_the_voorzieningenwijzer(reader: Client) -> None:
    html = reader.get("/programma/afspraken/", {"gebied": POTTENBERG}).content.decode()
    assert re.findall(r'data-code="([^"]+)"', html) == ["1a", "6a"]


def test_a_wijk_or_rayon_filter_includes_the_buurten_inside(reader: Client) -> None:
    rayon = reader.get("/programma/afspraken/", {"gebied": "RA093502", "thema": "6"}).content.decode()
    assert set(re.findall(r'data-code="([^"]+)"', rayon)) >= {"6a", "6d", "6e", "6f", "6h"}
    assert "6b" not in re.findall(r'data-code="([^"]+)"', rayon), "Nazareth lies in Noord-Oost"


def test_filters_on_lead_and_status(reader: Client) -> None:
    trajekt = reader.get("/programma/afspraken/", {"trekker": "trajekt"}).content.decode()
    assert re.findall(r'data-code="([^"]+)"', trajekt) == ["2b", "2f"]
    group = reader.get("/programma/afspraken/", {"trekker": "werkgroep:betaalbaarheid"}).content.decode()
    assert re.findall(r'data-code="([^"]+)"', group) == ["1a", "1b", "1c", "1d"]
    none_done = reader.get("/programma/afspraken/", {"status": "gereed"})
    assert "Geen afspraken voldoen aan deze filters." in _text(none_done.content)


def test_the_agreement_page_shows_text_goal_start_leads_areas_and_milestones(reader: Client) -> None:
    text = _text(reader.get("/programma/afspraken/maastricht-2022-2026/6a/").content)
    assert "84% sociale huur" in text
    assert "Doel Tweedeling in de wijk voorkomen" in text
    assert (
        "We starten met 1. In 2022 uitvoering sloop en vervolgens start nieuwbouw van het Poortgebouw" in text
    )
    assert "Trekker Gemeente Maastricht, Servatius, Woonpunt" in text
    assert "Pottenberg (buurt, BU09350203)" in text
    assert "Sloop en start nieuwbouw Poortgebouw 31 december 2022 („in 2022”)" in text
    assert "Nog geen statusupdates." in text


def test_a_lead_writes_a_status_update_that_joins_the_history(
    client: Client, maastricht: AgreementSet, person_in: object
) -> None:
    client.force_login(person_in("wim", "Woonpunt", "wijkbeheerder"))  # type: ignore[operator]
    url = "/programma/afspraken/maastricht-2022-2026/6a/"
    assert "U schrijft namens Woonpunt." in _text(client.get(url).content)
    milestone = Agreement.objects.get(code="6a").milestones.get(title="Sloop en start nieuwbouw Poortgebouw")
    response = client.post(
        url,
        {
            "status": "op_schema",
            "note": "Sloop Poortgebouw afgerond.",
            "milestone": milestone.pk,
            "progress": "reached",
        },
        follow=True,
    )
    text = _text(response.content)
    assert "De statusupdate is vastgelegd." in text
    assert (
        "Sloop Poortgebouw afgerond." in text
        and "Mijlpaal „Sloop en start nieuwbouw Poortgebouw” bereikt" in text
    )
    update = StatusUpdate.objects.get()
    assert update.organisation.name == "Woonpunt" and update.author_label == "wim"


def test_a_status_update_without_a_note_is_refused_with_a_message(
    client: Client, maastricht: AgreementSet, person_in: object
) -> None:
    client.force_login(person_in("wim", "Woonpunt", "wijkbeheerder"))  # type: ignore[operator]
    response = client.post(
        "/programma/afspraken/maastricht-2022-2026/6a/", {"status": "op_schema", "note": " "}
    )
    assert response.status_code == 200 and "Dit veld is vereist." in _text(response.content)
    assert not StatusUpdate.objects.exists()


def test_staff_of_a_partner_that_is_no_lead_may_read_but_not_write(
    client: Client, maastricht: AgreementSet, person_in: object
) -> None:
    client.force_login(person_in("sanne", "Maasvallei", "sociaal_beheerder"))  # type: ignore[operator]
    url = "/programma/afspraken/maastricht-2022-2026/6a/"  # leads: Woonpunt, Servatius, gemeente
    page = client.get(url)
    assert page.status_code == 200 and "U schrijft namens" not in _text(page.content)
    assert client.post(url, {"status": "op_schema", "note": "Poging"}).status_code == 403
    assert not StatusUpdate.objects.exists()


def test_members_of_a_lead_workgroup_write_for_its_agreements(
    client: Client, maastricht: AgreementSet, person_in: object
) -> None:
    # 1c is pulled by Werkgroep Betaalbaarheid, of which Maasvallei is a member.
    client.force_login(person_in("sanne", "Maasvallei", "sociaal_beheerder"))  # type: ignore[operator]
    response = client.post(
        "/programma/afspraken/maastricht-2022-2026/1c/", {"status": "op_schema", "note": "81% in 2022."}
    )
    assert response.status_code == 302
    assert StatusUpdate.objects.get().organisation.name == "Maasvallei"


def test_programme_edit_may_write_for_any_agreement(
    client: Client, maastricht: AgreementSet, person_in: object
) -> None:
    other = create_organisation("Gemeente Veerstad", "gemeente")
    client.force_login(person_in("cor", other.name, "coordinator"))  # type: ignore[operator]
    response = client.post(
        "/programma/afspraken/maastricht-2022-2026/6a/", {"status": "vertraagd", "note": "Vergunning loopt."}
    )
    assert response.status_code == 302
    assert StatusUpdate.objects.get().organisation == other


def test_without_programme_view_the_pages_are_closed(client: Client, maastricht: AgreementSet) -> None:
    assert client.get("/programma/afspraken/").status_code == 302  # to the login page
    assert client.get("/programma/bestuurlijk-overleg/").status_code == 302


def test_a_status_update_cannot_be_changed_or_removed(maastricht: AgreementSet, person_in: object) -> None:
    from veerkracht.programme.models import StatusHistoryIsAppendOnly
    from veerkracht.programme.services.agreements import record_status_update

    lead = person_in("wim", "Woonpunt", "wijkbeheerder")  # type: ignore[operator]
    update = record_status_update(
        Agreement.objects.get(code="6a"), author=lead, status="op_schema", note="Start."
    )
    update.note = "Anders"
    with pytest.raises(StatusHistoryIsAppendOnly):
        update.save()
    with pytest.raises(StatusHistoryIsAppendOnly):
        update.delete()


def test_the_workgroup_keeps_its_action_list(
    client: Client, maastricht: AgreementSet, person_in: object
) -> None:
    client.force_login(person_in("wim", "Woonpunt", "wijkbeheerder"))  # type: ignore[operator]
    url = "/programma/werkgroepen/maastricht-2022-2026/betaalbaarheid/"
    page = _text(client.get(url).content)
    assert "Leden Gemeente Maastricht (gemeente)" in page and "1c 80 procent van de DAEB-huurwoningen" in page
    response = client.post(
        url,
        {
            "description": "Percentage 2022 uitrekenen",
            "who": "Woonpunt",
            "due_on": "2023-03-01",
            "agreement": Agreement.objects.get(code="1c").pk,
        },
        follow=True,
    )
    assert "Percentage 2022 uitrekenen" in _text(response.content)
    action = WorkgroupAction.objects.get()
    client.post(f"{url}acties/{action.pk}/", {"done": "1"})
    action.refresh_from_db()
    assert action.done_on is not None
    assert "gedaan op" in _text(client.get(url).content)


def test_a_non_member_cannot_add_to_the_action_list(
    client: Client, maastricht: AgreementSet, person_in: object
) -> None:
    create_organisation("Politie Limburg", "politie")
    client.force_login(person_in("piet", "Politie Limburg", "partner"))  # type: ignore[operator]
    url = "/programma/werkgroepen/maastricht-2022-2026/betaalbaarheid/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"description": "x", "who": "y"}).status_code == 403
    assert not WorkgroupAction.objects.exists()


def test_the_stagnation_page_lists_what_is_stuck_with_leads(reader: Client) -> None:
    compute_stagnation_signals(date(2022, 4, 1))
    text = _text(reader.get("/programma/bestuurlijk-overleg/").content)
    assert (
        "2c Coördinatiepunt Zorg en Wonen Mijlpaal „Planvorming en evaluatie pilot Housing” verstreken op "
        "31 december 2021 Geen update sinds 1 januari 2022 Mijlpaal „Opleveren projectplan” verstreken op "
        "31 maart 2022 "
        "Gemeente Maastricht, Maasvallei" in text
    )


def test_the_menu_has_the_programme_pages(reader: Client) -> None:
    html = reader.get("/programma/afspraken/").content.decode()
    menu = html[html.index('class="main-nav"') : html.index("</nav>")]
    for link in (
        "/programma/afspraken/",
        "/programma/bestuurlijk-overleg/",
        "/programma/werkgroepen/",
        "/programma/evaluatie/",
    ):
        assert f'href="{link}"' in menu


def test_organisations_are_shared_not_duplicated(maastricht: AgreementSet) -> None:
    assert Organisation.objects.filter(name="Servatius").count() == 1


def test_a_person_without_programme_view_is_refused(client: Client, maastricht: AgreementSet) -> None:
    from veerkracht.core.services import create_person

    client.force_login(create_person("zonder-rol", "een-wachtwoord"))
    for url in (
        "/programma/afspraken/",
        "/programma/afspraken/maastricht-2022-2026/6a/",
        "/programma/werkgroepen/maastricht-2022-2026/betaalbaarheid/",
        "/programma/bestuurlijk-overleg/",
        "/programma/evaluatie/maastricht-2022-2026/2022/thema-6/pdf/",
    ):
        assert client.get(url).status_code == 403, url
