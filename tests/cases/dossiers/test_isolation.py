# SPDX-License-Identifier: EUPL-1.2
"""Isolation at the query level: who reaches which dossier, and a refusal that looks like absence.

Acceptance of issue 10: as a wijkbeheerder of corporation A no dossier of corporation B is reachable
through any query or service, and the refusal is the same as for a dossier that does not exist; a partner
reads no dossier; a bewonerskracht sees no dossier; confidential dossiers need their own permission.
"""

from __future__ import annotations

from typing import Any

import pytest

from veerkracht.cases.dossier_access import can_view_dossier, get_visible_dossier
from veerkracht.cases.models import Dossier
from veerkracht.cases.queries.dossiers import DossierFilter, dossier_list, open_dossiers_at
from veerkracht.cases.queries.kpis import kpi_values
from veerkracht.cases.queries.ladder import position
from veerkracht.cases.services.dossier_status import close_dossier, suspend
from veerkracht.cases.services.dossiers import NewDossier, add_meldingen, open_dossier
from veerkracht.cases.services.location import Location
from veerkracht.cases.services.parties import NewParty, add_party
from veerkracht.cases.services.reads import record_dossier_read

from .conftest import Network, ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossiers(network: Network, take_in: Any) -> dict[str, Dossier]:
    city = network.city

    def make(name: str, organisation: Any, kind: tuple[str, str], dossier_type: str, actor: Any) -> Dossier:
        melding = take_in(
            *kind, address=f"{name}straat 1", organisation=organisation, actor=None, received_at=ago(5)
        )
        return open_dossier(
            NewDossier(dossier_type, "address", f"Dossier {name}", meldingen=[melding], opened_at=ago(4)),
            organisation=melding.organisation,
            actor=actor,
        )

    return {
        "a_gewoon": make("A", city.corporation, ("overlast", "geluid"), "overlast", city["wijkbeheerder"]),
        "a_zorg": make("Zorg", city.corporation, ("zorgsignaal", "vereenzaming"), "zorg", city["sociaal"]),
        "a_misdaad": make(
            "Misdaad",
            city.corporation,
            ("criminaliteit", "drugshandel"),
            "ondermijning",
            city["leefbaarheid"],
        ),
        "b_gewoon": make("B", city.other, ("overlast", "geluid"), "overlast", city["anders"]),
    }


SEES = {
    "wijkbeheerder": {"a_gewoon"},
    "ondersteuner": {"a_gewoon"},
    "sociaal": {"a_gewoon", "a_zorg"},
    "leefbaarheid": {"a_gewoon", "a_misdaad"},
    "coordinator": {"a_gewoon", "a_zorg", "a_misdaad"},
    "anders": {"b_gewoon"},
    "wijk_b": {"b_gewoon"},
    "bewoner": set(),
    "buurman": set(),
    "beheerder": set(),
    "analist": set(),
    "balie": set(),
    "schuldhulp": set(),
    "agent": set(),
    "fg": set(),
}


@pytest.mark.parametrize("username", sorted(SEES))
def test_each_person_reaches_exactly_the_dossiers_their_roles_allow(
    network: Network, dossiers: dict[str, Dossier], username: str
) -> None:
    person = network[username]
    listed = {d.pk for d in dossier_list(person, DossierFilter(status=""))}
    expected = {dossiers[name].pk for name in SEES[username]}
    assert listed == expected
    for name, dossier in dossiers.items():
        assert can_view_dossier(person, dossier) == (name in SEES[username]), name
        if name in SEES[username]:
            assert get_visible_dossier(person, pk=dossier.pk) == dossier
            assert get_visible_dossier(person, reference=dossier.reference) == dossier


def _refusal(call: Any) -> tuple[type[BaseException], str]:
    with pytest.raises(Exception) as caught:
        call()
    return caught.type, str(caught.value)


def test_a_dossier_of_another_corporation_is_refused_exactly_like_one_that_does_not_exist(
    network: Network, dossiers: dict[str, Dossier]
) -> None:
    person = network["wijkbeheerder"]
    theirs = dossiers["b_gewoon"]
    missing_pk = max(d.pk for d in dossiers.values()) + 1000
    missing_reference = f"D-{theirs.reference.split('-')[1]}-{missing_pk:06d}"
    assert _refusal(lambda: get_visible_dossier(person, pk=theirs.pk)) == _refusal(
        lambda: get_visible_dossier(person, pk=missing_pk)
    )
    assert _refusal(lambda: get_visible_dossier(person, reference=theirs.reference)) == _refusal(
        lambda: get_visible_dossier(person, reference=missing_reference)
    )
    assert _refusal(lambda: get_visible_dossier(person, pk=theirs.pk))[0] is Dossier.DoesNotExist
    # The write API refuses it the same way, and records nothing.
    for call in (
        lambda: record_dossier_read(person, theirs, "dossier-detail"),
        lambda: add_meldingen(theirs, [], actor=person),
        lambda: suspend(theirs, reason="wacht", actor=person),
        lambda: close_dossier(theirs, outcome="opgelost", reason="klaar", actor=person),
        lambda: add_party(theirs, NewParty(role="subject", name="X"), actor=person),
    ):
        assert _refusal(call)[0] is Dossier.DoesNotExist
    theirs.refresh_from_db()
    assert theirs.is_open and theirs.status == "open"


def test_searching_by_reference_or_address_finds_nothing_of_the_other_corporation(
    network: Network, dossiers: dict[str, Dossier]
) -> None:
    person = network["wijkbeheerder"]
    theirs = dossiers["b_gewoon"]
    assert dossier_list(person, DossierFilter(status="", text=theirs.reference)) == []
    assert dossier_list(person, DossierFilter(status="", text="Bstraat")) == []
    assert dossier_list(person, DossierFilter(status="", text="Astraat")) == [dossiers["a_gewoon"]]
    assert open_dossiers_at(person, Location(address="Bstraat 1")) == []
    assert open_dossiers_at(network["anders"], Location(address="Bstraat 1")) == [theirs]


def test_a_kpi_drill_down_counts_only_what_the_person_may_read(
    network: Network, dossiers: dict[str, Dossier], settings: Any
) -> None:
    from veerkracht.cases.models import Melding

    settings.VEERKRACHT_PRIVACY_THRESHOLD = 1
    year = dossiers["a_gewoon"].opened_at.year
    person = network["wijkbeheerder"]
    values = kpi_values(
        Melding.objects.visible_to(person, own_submissions=False), Dossier.objects.visible_to(person), year
    )
    opened = values[(values["indicator"] == "dossiers_geopend") & (values["level"] == "gemeente")]
    assert opened["value"].tolist() == [1.0]  # only A's ordinary dossier, not B's, not the confidential ones


def test_a_confidential_melding_raises_an_ordinary_dossier_out_of_reach_of_those_without_its_permission(
    network: Network, dossiers: dict[str, Dossier], take_in: Any
) -> None:
    city = network.city
    dossier = dossiers["a_gewoon"]
    care = take_in("zorgsignaal", "verward_gedrag", address="Astraat 1", actor=None)
    add_meldingen(dossier, [care], actor=city["coordinator"])
    dossier.refresh_from_db()
    assert dossier.confidentiality == "zorg"
    assert not can_view_dossier(city["wijkbeheerder"], dossier)
    assert can_view_dossier(city["sociaal"], dossier)
    assert dossier.history.filter(kind="level_raised").exists()


def test_a_person_may_not_add_a_melding_they_cannot_read(
    network: Network, dossiers: dict[str, Dossier], take_in: Any
) -> None:
    from veerkracht.cases.models import Melding

    crime = take_in("criminaliteit", "hennepkwekerij", address="Astraat 1", actor=None)
    with pytest.raises(Melding.DoesNotExist):
        add_meldingen(dossiers["a_gewoon"], [crime], actor=network["wijkbeheerder"])
    assert position(dossiers["a_gewoon"]) is not None
