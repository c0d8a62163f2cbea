# SPDX-License-Identifier: EUPL-1.2
"""A melding's page: who reads it, one 404 for hidden and missing, the steps as forms with Dutch errors."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from veerkracht.cases.models import Clock, Melding
from veerkracht.cases.services.intake import Reporter
from veerkracht.cases.services.transitions import transition
from veerkracht.core.models import AuditEvent

from ..conftest import City
from .conftest import comparable


def url(melding: Melding, tail: str = "") -> str:
    return f"/meldingen/{melding.reference}/{tail}"


def text(response: Any) -> str:
    return response.content.decode()


def test_a_handler_reads_the_melding_with_its_clocks_status_and_place(
    city: City, take_in: Any, client_of: Any
) -> None:
    melding = take_in(address="Maasstraat 1")
    page = text(client_of("wijkbeheerder").get(url(melding)))
    assert melding.reference in page
    assert "Vervuiling en afval: Zwerfafval" in page
    assert "Status: <strong>Gemeld</strong>" in page
    assert "ontvangstbevestiging uiterlijk" in page
    assert "terugkoppeling uiterlijk" in page
    assert "Westbuurt" in page and "Maasstraat 1" in page
    assert "Ontvangst bevestigen" in page  # the next steps, as forms


def test_a_melding_someone_may_not_read_answers_exactly_like_one_that_does_not_exist(
    city: City, take_in: Any, client_of: Any
) -> None:
    melding = take_in()
    hidden = client_of("anders").get(url(melding))
    missing = client_of("anders").get(f"/meldingen/M-{melding.reference_year}-999999/")
    assert hidden.status_code == missing.status_code == 404
    assert comparable(hidden) == comparable(missing)
    # A wrong year is no melding either, though the number exists.
    assert client_of("wijkbeheerder").get(f"/meldingen/M-1999-{melding.pk:06d}/").status_code == 404


def test_a_confidential_melding_is_hidden_from_a_colleague_without_the_care_permission(
    city: City, take_in: Any, client_of: Any
) -> None:
    signal = take_in("zorgsignaal", "vereenzaming", actor=city["sociaal"])
    assert client_of("sociaal").get(url(signal)).status_code == 200
    hidden = client_of("wijkbeheerder").get(url(signal))
    missing = client_of("wijkbeheerder").get(f"/meldingen/M-{signal.reference_year}-999999/")
    assert hidden.status_code == 404 and comparable(hidden) == comparable(missing)


def test_an_anonymous_visitor_is_sent_to_the_login_page(city: City, take_in: Any) -> None:
    response = Client().get(url(take_in()))
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


def test_reporter_contact_details_show_only_with_their_permission_and_each_read_is_audited(
    city: City, take_in: Any, client_of: Any
) -> None:
    melding = take_in(reporter=Reporter(kind="tenant", name="Jan Jansen", phone="06-12345678"))
    before = AuditEvent.objects.filter(action="melding.reporter_contact_read").count()
    assert "Jan Jansen" in text(client_of("wijkbeheerder").get(url(melding)))
    assert AuditEvent.objects.filter(action="melding.reporter_contact_read").count() == before + 1
    # The ondersteuner reads meldingen but not who reported them.
    page = text(client_of("ondersteuner").get(url(melding)))
    assert melding.reference in page and "Jan Jansen" not in page and "06-12345678" not in page


def test_a_resident_reads_what_they_submitted_but_cannot_take_steps(
    city: City, take_in: Any, client_of: Any
) -> None:
    own = take_in(actor=city["bewoner"])
    transition(own, "acknowledge", actor=city["wijkbeheerder"], reason="Intern: buurman al bekend")
    page = text(client_of("bewoner").get(url(own)))
    assert own.reference in page and "Volgende stappen" not in page
    # What a reporter may know, not who handles it nor the internal reasons of its steps.
    assert "Ontvangst bevestigen: In behandeling" in page
    assert "buurman al bekend" not in page and "Behandeling" not in page and "wijkbeheerder" not in page
    refused = client_of("bewoner").post(url(own, "stap/"), {"step": "close", "stap-close-reason": "klaar"})
    assert refused.status_code == 403
    assert Melding.objects.get(pk=own.pk).status == "in_behandeling"


def test_acknowledge_then_feedback_needs_its_text_then_closing_needs_a_reason(
    city: City, take_in: Any, client_of: Any
) -> None:
    melding = take_in()
    client = client_of("wijkbeheerder")
    done = client.post(url(melding, "stap/"), {"step": "acknowledge"})
    assert done.status_code == 302
    assert Melding.objects.get(pk=melding.pk).status == "in_behandeling"

    empty = client.post(
        url(melding, "stap/"), {"step": "give_feedback", "stap-give_feedback-veld_feedback": ""}
    )
    page = text(empty)
    assert empty.status_code == 200
    assert "Dit veld is vereist." in page
    assert 'aria-describedby="id_stap-give_feedback-veld_feedback_error"' in page
    assert 'id="id_stap-give_feedback-veld_feedback_error"' in page
    assert Melding.objects.get(pk=melding.pk).status == "in_behandeling"

    client.post(
        url(melding, "stap/"),
        {"step": "give_feedback", "stap-give_feedback-veld_feedback": "De container is geleegd."},
    )
    assert Melding.objects.get(pk=melding.pk).status == "teruggekoppeld"
    no_reason = text(client.post(url(melding, "stap/"), {"step": "close", "stap-close-reason": " "}))
    assert "Reden: Dit veld is vereist." in no_reason
    client.post(url(melding, "stap/"), {"step": "close", "stap-close-reason": "Opgelost."})
    closed = Melding.objects.get(pk=melding.pk)
    assert (closed.status, closed.is_open) == ("afgehandeld", False)
    timeline = text(client.get(url(melding)))
    assert "De container is geleegd." in timeline and "Opgelost." in timeline
    assert "Heropenen" in timeline  # from a closed melding, reopening is the step left


def test_a_step_that_is_no_longer_allowed_says_so_and_changes_nothing(
    city: City, take_in: Any, client_of: Any
) -> None:
    melding = take_in()
    page = text(client_of("wijkbeheerder").post(url(melding, "stap/"), {"step": "reopen"}))
    assert "Deze stap kan nu niet" in page
    assert Melding.objects.get(pk=melding.pk).status == "gemeld"


def test_a_clock_pauses_with_a_reason_and_resumes(city: City, take_in: Any, client_of: Any) -> None:
    melding = take_in()
    feedback = Clock.objects.get(melding=melding, kind="feedback")
    client = client_of("wijkbeheerder")
    refused = text(
        client.post(url(melding, "termijn/"), {"klok": feedback.pk, f"klok-{feedback.pk}-reason": ""})
    )
    assert "Reden van de pauze: Dit veld is vereist." in refused
    client.post(
        url(melding, "termijn/"), {"klok": feedback.pk, f"klok-{feedback.pk}-reason": "Wacht op de melder"}
    )
    feedback.refresh_from_db()
    assert feedback.is_paused
    assert "terugkoppeling gepauzeerd sinds" in text(client.get(url(melding)))
    client.post(url(melding, "termijn/"), {"klok": feedback.pk, f"klok-{feedback.pk}-reason": ""})
    feedback.refresh_from_db()
    assert feedback.is_running


def test_a_clock_of_another_melding_is_not_touched(city: City, take_in: Any, client_of: Any) -> None:
    first, second = take_in(), take_in()
    other = Clock.objects.get(melding=second, kind="feedback")
    page = text(client_of("wijkbeheerder").post(url(first, "termijn/"), {"klok": other.pk}))
    assert "Deze termijn hoort niet bij deze melding." in page
    other.refresh_from_db()
    assert other.is_running


def test_reassigning_to_a_person_a_team_and_to_oneself(city: City, take_in: Any, client_of: Any) -> None:
    melding = take_in()
    client = client_of("coordinator")
    client.post(url(melding, "toewijzen/"), {"mij": "1"})
    assert Melding.objects.get(pk=melding.pk).assigned_to == city["coordinator"]
    client.post(
        url(melding, "toewijzen/"),
        {
            "toewijzen-team": city.noord.pk,
            "toewijzen-role": "wijkbeheerder",
            "toewijzen-assignee": city["wijkbeheerder"].pk,
            "toewijzen-organisation": city.corporation.pk,
        },
    )
    moved = Melding.objects.get(pk=melding.pk)
    assert (moved.responsible_team, moved.assigned_to, moved.responsible_role) == (
        city.noord,
        city["wijkbeheerder"],
        "wijkbeheerder",
    )


def test_handing_over_to_another_organisation_needs_a_reason(
    city: City, take_in: Any, client_of: Any
) -> None:
    melding = take_in()
    client = client_of("coordinator")
    fields = {"toewijzen-role": "coordinator", "toewijzen-organisation": city.other.pk, "toewijzen-team": ""}
    page = text(client.post(url(melding, "toewijzen/"), fields))
    assert "Geef een reden om de melding aan een andere organisatie over te dragen." in page
    assert Melding.objects.get(pk=melding.pk).organisation == city.corporation
    done = client.post(url(melding, "toewijzen/"), {**fields, "toewijzen-reason": "Hun complex"})
    assert done.status_code == 302 and done["Location"] == "/meldingen/"
    assert Melding.objects.get(pk=melding.pk).organisation == city.other
    assert client.get(url(melding)).status_code == 404


@pytest.mark.parametrize("username", ["ondersteuner", "analist"])
def test_who_cannot_handle_a_melding_cannot_post_a_step(
    city: City, take_in: Any, client_of: Any, username: str
) -> None:
    melding = take_in()
    response = client_of(username).post(url(melding, "stap/"), {"step": "acknowledge"})
    # The ondersteuner reads it (so it exists for them): 403; the analist does not: 404.
    assert response.status_code == (403 if username == "ondersteuner" else 404)
    assert Melding.objects.get(pk=melding.pk).status == "gemeld"


def test_related_meldingen_at_the_same_address_and_linked_ones(
    city: City, take_in: Any, client_of: Any
) -> None:
    first = take_in(address="Maasstraat 1")
    second = take_in(address="maasstraat 1")
    elsewhere = take_in(address="Kade 9")
    client = client_of("wijkbeheerder")
    page = text(client.get(url(first)))
    assert second.reference in page and elsewhere.reference not in page
    client.post(
        url(second, "stap/"),
        {"step": "link", "stap-link-parent": first.reference, "stap-link-reason": "Zelfde afval"},
    )
    assert Melding.objects.get(pk=second.pk).duplicate_of == first
    assert "Hieraan gekoppeld" in text(client.get(url(first)))
    assert f'Gekoppeld aan <a href="/meldingen/{first.reference}/">' in text(client.get(url(second)))


def test_linking_to_a_melding_one_may_not_read_is_refused_like_a_missing_one(
    city: City, take_in: Any, client_of: Any
) -> None:
    melding = take_in()
    foreign = take_in(actor=city["anders"], organisation=city.other)
    page = text(
        client_of("wijkbeheerder").post(
            url(melding, "stap/"),
            {"step": "link", "stap-link-parent": foreign.reference, "stap-link-reason": "dubbel"},
        )
    )
    assert "Er is geen melding met dit kenmerk die u mag inzien." in page
    assert Melding.objects.get(pk=melding.pk).duplicate_of is None
