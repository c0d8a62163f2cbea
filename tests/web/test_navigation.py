# SPDX-License-Identifier: EUPL-1.2
"""The main menu is built from what each app registers, and shows each person only what their role allows."""

import pytest
from django.test import Client

from veerkracht.core.services import create_organisation, create_person, grant_role
from veerkracht.web.navigation import Entry, register, registered

pytestmark = pytest.mark.django_db


def _menu_links(client: Client) -> list[str]:
    page = client.get("/").content.decode()
    menu = page[page.index('class="main-nav"') : page.index("</nav>")]
    return [part.split('"')[0] for part in menu.split('href="')[1:]]


def test_apps_register_their_own_pages() -> None:
    owners = {entry.url_name: entry for entry in registered()}
    assert owners["monitor"].permission == "monitor.view"
    assert owners["home"].permission is None


def test_an_anonymous_visitor_sees_the_map_but_not_the_monitor(client: Client) -> None:
    assert _menu_links(client) == ["/"]


def test_a_person_with_the_monitor_permission_sees_the_monitor(client: Client) -> None:
    organisation = create_organisation("Gemeente Veerstad", "gemeente")
    person = create_person("ana", "een-lang-wachtwoord")
    grant_role(person, organisation, "analist")
    client.force_login(person)
    links = _menu_links(client)
    # The analyst also reads the programme (programme.view) and with it the neighbourhood profiles; those
    # entries belong to their apps' own tests. Of the meldingen they see the KPI dashboard only (counts,
    # suppressed), not the work list.
    assert [link for link in links if not link.startswith(("/programma/", "/profiel/"))] == [
        "/",
        "/monitor/",
        "/monitor/analyses/",
        "/meldingen/kengetallen/",
    ]
    page = client.get("/monitor/").content.decode()
    assert 'href="/monitor/" aria-current="page"' in page
    assert 'href="/monitor/analyses/" aria-current' not in page


def test_a_resident_team_member_does_not_see_the_monitor(client: Client) -> None:
    organisation = create_organisation("Woonstichting Veerstad", "woningcorporatie")
    person = create_person("bewoner", "een-lang-wachtwoord")
    grant_role(person, organisation, "bewonerskracht")
    client.force_login(person)
    assert "/monitor/" not in _menu_links(client)
    assert client.get("/monitor/").status_code == 403


def test_sections_without_pages_are_announced_not_linked(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every section has pages by now; take one section's pages away to see how an empty one shows.
    from veerkracht.web import navigation

    kept = [entry for entry in navigation.registered() if entry.section != "cases"]
    monkeypatch.setattr(navigation._registry, "entries", kept)
    page = client.get("/").content.decode()
    assert "Meldingen en dossiers" in page and "in ontwikkeling" in page


def test_the_meldingen_pages_show_to_who_may_use_them(client: Client) -> None:
    organisation = create_organisation("Woonstichting Veerstad", "woningcorporatie")
    person = create_person("wim", "een-lang-wachtwoord")
    grant_role(person, organisation, "wijkbeheerder")
    client.force_login(person)
    links = _menu_links(client)
    assert "/meldingen/" in links and "/meldingen/nieuw/" in links and "/meldingen/rondes/" in links
    assert "/meldingen/beheer/routering/" not in links and "/meldingen/beheer/kalender/" not in links


def test_an_entry_in_an_unknown_section_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown menu section"):
        register(Entry("elders", "Iets", "home"))
