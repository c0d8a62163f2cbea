# SPDX-License-Identifier: EUPL-1.2
"""People log in and out with their own account; failures are told plainly and logged without the password."""

import pytest
from django.test import Client
from django.urls import reverse

from veerkracht.core.models import AuditEvent
from veerkracht.core.permissions import has_permission, permissions_of
from veerkracht.demo.people import DEMO_PASSWORD, create_demo_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_people() -> None:
    create_demo_people()


def test_a_demo_login_works_and_shows_who_is_logged_in(client: Client, demo_people: None) -> None:
    response = client.post(reverse("login"), {"username": "analist", "password": DEMO_PASSWORD}, follow=True)
    assert response.status_code == 200
    assert "Ingelogd als Anouk de Vries" in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.login", actor__username="analist").exists()


def test_a_wrong_password_is_refused_with_a_clear_message(client: Client, demo_people: None) -> None:
    response = client.post(reverse("login"), {"username": "analist", "password": "fout-wachtwoord"})
    assert response.status_code == 200
    assert "Gebruikersnaam of wachtwoord klopt niet" in response.content.decode()
    failure = AuditEvent.objects.get(action="auth.login_failed")
    assert failure.detail == {"username": "analist"}
    assert "fout-wachtwoord" not in str(failure.detail)


def test_logging_out_ends_the_session(client: Client, demo_people: None) -> None:
    client.post(reverse("login"), {"username": "wijkbeheerder", "password": DEMO_PASSWORD})
    client.post(reverse("logout"))
    response = client.get(reverse("home"))
    assert "Inloggen" in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.logout", actor__username="wijkbeheerder").exists()


def test_permissions_follow_the_roles_of_a_person(demo_people: None) -> None:
    from veerkracht.core.models import User

    analist = User.objects.get(username="analist")
    wijkbeheerder = User.objects.get(username="wijkbeheerder")
    assert has_permission(analist, "monitor.analyse")
    assert not has_permission(wijkbeheerder, "monitor.analyse")
    assert "cases.view_care" in permissions_of(User.objects.get(username="sociaalbeheerder"))
    assert "cases.view_care" not in permissions_of(wijkbeheerder)


def test_the_demo_people_can_be_created_twice_without_duplicates(demo_people: None) -> None:
    from veerkracht.core.models import Membership

    before = Membership.objects.count()
    create_demo_people()
    assert Membership.objects.count() == before
