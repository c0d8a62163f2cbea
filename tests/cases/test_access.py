# SPDX-License-Identifier: EUPL-1.2
"""Who reads which melding: organisation isolation, confidential categories, own submissions, contact details.

Both sides of every rule: each person is checked against every melding, for what they may and may not
see, through the one queryset rule and the per-melding checks alike.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from veerkracht.cases.access import can_edit, can_view, can_view_reporter_contact, get_visible
from veerkracht.cases.models import Melding
from veerkracht.cases.services.intake import Reporter
from veerkracht.core.models import Membership
from veerkracht.core.services import create_person, grant_role

from .conftest import City

KINDS = {
    "gewoon": ("vervuiling", "zwerfafval"),
    "zorg": ("zorgsignaal", "verward_gedrag"),
    "misdaad": ("criminaliteit", "drugshandel"),
    "drugsoverlast": ("overlast", "drugs"),
    "vervuilde_woning": ("vervuiling", "vervuilde_woning"),
}


@pytest.fixture
def meldingen(city: City, take_in: Any) -> dict[str, Melding]:
    # Taken in by the system (an import, say), so that nobody sees them for having submitted them.
    made = {name: take_in(*kind, actor=None) for name, kind in KINDS.items()}
    made["anders"] = take_in(organisation=city.other, actor=city["anders"])
    made["van_bewoner"] = take_in(actor=city["bewoner"], reporter=Reporter(kind="resident_team"))
    made["zorg_van_bewoner"] = take_in("zorgsignaal", "vereenzaming", actor=city["bewoner"])
    return made


SEES = {
    "wijkbeheerder": {"gewoon", "van_bewoner"},
    "ondersteuner": {"gewoon", "van_bewoner"},
    "sociaal": {"gewoon", "van_bewoner", "zorg", "zorg_van_bewoner", "vervuilde_woning"},
    "leefbaarheid": {"gewoon", "van_bewoner", "misdaad", "drugsoverlast"},
    "coordinator": {
        "gewoon",
        "van_bewoner",
        "zorg",
        "zorg_van_bewoner",
        "vervuilde_woning",
        "misdaad",
        "drugsoverlast",
    },
    "beheerder": set(),
    "bewoner": {"van_bewoner", "zorg_van_bewoner"},
    "buurman": set(),
    "anders": {"anders"},
    "analist": set(),
    "balie": set(),
}


@pytest.mark.parametrize("username", sorted(SEES))
def test_each_person_sees_exactly_what_their_roles_allow(
    city: City, meldingen: dict[str, Melding], username: str
) -> None:
    person = city[username]
    visible = set(Melding.objects.visible_to(person).values_list("pk", flat=True))
    expected = {meldingen[name].pk for name in SEES[username]}
    assert visible == expected, {name for name, m in meldingen.items() if m.pk in visible ^ expected}
    for name, melding in meldingen.items():
        assert can_view(person, melding) == (name in SEES[username]), name


def test_the_central_desk_follows_what_it_submitted_for_another_organisation(
    city: City, take_in: Any
) -> None:
    submitted = take_in("zorgsignaal", "vereenzaming", actor=city["balie"])
    assert submitted.organisation == city.corporation
    assert set(Melding.objects.visible_to(city["balie"])) == {submitted}
    assert not Melding.objects.visible_to(city["balie"], own_submissions=False).exists()
    assert not can_edit(city["balie"], submitted) and not can_view_reporter_contact(city["balie"], submitted)


def test_nobody_logged_out_sees_anything(meldingen: dict[str, Melding]) -> None:
    assert not Melding.objects.visible_to(AnonymousUser()).exists()
    assert not Melding.objects.visible_to(None).exists()
    assert not any(can_view(AnonymousUser(), m) for m in meldingen.values())


def test_a_refusal_and_a_melding_that_does_not_exist_look_the_same(
    city: City, meldingen: dict[str, Melding]
) -> None:
    secret = meldingen["zorg"]
    errors = []
    for kwargs in (
        {"pk": secret.pk},
        {"reference": secret.reference},
        {"pk": 999_999},
        {"reference": "M-2026-999999"},
    ):
        with pytest.raises(Melding.DoesNotExist) as refused:
            get_visible(city["wijkbeheerder"], **kwargs)  # type: ignore[arg-type]
        errors.append(str(refused.value))
    assert len(set(errors)) == 1
    assert get_visible(city["sociaal"], reference=secret.reference) == secret


def test_a_confidential_permission_counts_only_in_its_own_organisation(
    city: City, meldingen: dict[str, Melding], take_in: Any
) -> None:
    # Care permission at the other corporation, ordinary view at this one: this one's care stays hidden.
    person = create_person("tweeledig", None)
    grant_role(person, city.corporation, "wijkbeheerder")
    grant_role(person, city.other, "sociaal_beheerder")
    care_elsewhere = take_in("zorgsignaal", "vereenzaming", organisation=city.other, actor=city["anders"])
    visible = set(Melding.objects.visible_to(person))
    assert meldingen["gewoon"] in visible and care_elsewhere in visible
    assert meldingen["zorg"] not in visible
    assert not can_view(person, meldingen["zorg"]) and can_view(person, care_elsewhere)


def test_an_ended_membership_ends_access(city: City, meldingen: dict[str, Melding]) -> None:
    person = city["sociaal"]
    Membership.objects.filter(user=person).update(active=False)
    person = type(person).objects.get(pk=person.pk)  # a new request: grants are worked out again
    assert not Melding.objects.visible_to(person).exists()


def test_handling_needs_edit_in_the_organisation_and_reading_the_melding(
    city: City, meldingen: dict[str, Melding]
) -> None:
    assert can_edit(city["wijkbeheerder"], meldingen["gewoon"])
    assert not can_edit(city["wijkbeheerder"], meldingen["zorg"])  # may not even read it
    assert not can_edit(city["ondersteuner"], meldingen["gewoon"])  # reads, does not handle
    assert not can_edit(city["bewoner"], meldingen["van_bewoner"])  # submitted it, does not handle it
    assert not can_edit(city["anders"], meldingen["gewoon"])
    assert can_edit(city["sociaal"], meldingen["zorg"])


def test_reporter_contact_details_need_their_own_permission(
    city: City, meldingen: dict[str, Melding]
) -> None:
    assert can_view_reporter_contact(city["wijkbeheerder"], meldingen["gewoon"])
    assert not can_view_reporter_contact(city["ondersteuner"], meldingen["gewoon"])
    assert not can_view_reporter_contact(city["wijkbeheerder"], meldingen["zorg"])
    assert not can_view_reporter_contact(city["bewoner"], meldingen["van_bewoner"])
    assert not can_view_reporter_contact(city["anders"], meldingen["gewoon"])
    assert can_view_reporter_contact(city["sociaal"], meldingen["zorg"])


def test_leaving_out_own_submissions_leaves_only_what_the_organisation_lets_one_read(
    city: City, meldingen: dict[str, Melding]
) -> None:
    assert not Melding.objects.visible_to(city["bewoner"], own_submissions=False).exists()
    assert set(Melding.objects.visible_to(city["wijkbeheerder"], own_submissions=False)) == {
        meldingen["gewoon"],
        meldingen["van_bewoner"],
    }


def test_a_melding_moved_to_another_organisation_moves_out_of_sight(
    city: City, meldingen: dict[str, Melding]
) -> None:
    from veerkracht.cases.services.assignment import reassign

    melding = meldingen["gewoon"]
    reassign(melding, actor=city["coordinator"], organisation=city.other, reason="Complex van Anders")
    assert not can_view(city["wijkbeheerder"], Melding.objects.get(pk=melding.pk))
    assert Melding.objects.visible_to(city["anders"]).filter(pk=melding.pk).exists()
