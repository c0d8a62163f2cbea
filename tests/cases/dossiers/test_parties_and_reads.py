# SPDX-License-Identifier: EUPL-1.2
"""Parties, hoor en wederhoor, reporter identity behind its permission, reads audited, who has seen it."""

from __future__ import annotations

from typing import Any

import pytest

from veerkracht.cases.dossier_access import get_visible_dossier
from veerkracht.cases.models import Dossier, Hearing
from veerkracht.cases.queries.dossiers import dossier_detail
from veerkracht.cases.queries.readers import dossier_for_privacy_officer, who_has_seen
from veerkracht.cases.queries.referrals import read_shared
from veerkracht.cases.services.dossier_common import DossierError
from veerkracht.cases.services.parties import NewParty, add_party, record_hearing
from veerkracht.cases.services.reads import record_dossier_read
from veerkracht.cases.services.referrals import NewReferral, refer
from veerkracht.core.models import AuditEvent

from .conftest import Network, ago, parties_of

pytestmark = pytest.mark.django_db


def test_reporters_and_witnesses_are_numbered_and_shown_by_pseudonym_without_the_contact_permission(
    network: Network, nuisance: Dossier
) -> None:
    add_party(nuisance, NewParty(role="witness", name="Wil Getuige", phone="0622222222"), actor=None)
    add_party(nuisance, NewParty(role="reporter", name="Henk Anoniem"), actor=None)
    with_permission = dossier_detail(network["wijkbeheerder"], nuisance)
    without = dossier_detail(network["ondersteuner"], nuisance)
    assert with_permission.identity_shown and not without.identity_shown
    assert {p.label for p in with_permission.parties} == {
        "Kees Veroorzaker",
        "Greet Geheim",
        "Henk Anoniem",
        "Wil Getuige",
    }
    assert {p.label for p in without.parties} == {"Kees Veroorzaker", "Melder 1", "Melder 2", "Getuige 1"}
    shown = str([vars(p) for p in without.parties])
    for secret in ("Greet", "Henk", "Wil Getuige", "0622222222"):
        assert secret not in shown
    # The subject is the one the dossier is about: whoever reads it sees who.
    assert [p.phone for p in without.parties if p.role == "subject"] == ["0611111111"]
    # Each melding's reporter: the party's pseudonym, or the name only for who may know it.
    first, second, third = (m.pk for m in without.meldingen)
    assert without.reporter_labels == {first: "Melder 1", second: "melder", third: "melder"}
    assert with_permission.reporter_labels == {
        first: "Greet Geheim",
        second: "Greet Geheim",
        third: "Henk Anoniem",
    }


def test_the_detail_counts_reporters_but_names_none_and_hides_meldingen_the_person_may_not_read(
    network: Network, nuisance: Dossier, take_in: Any
) -> None:
    from veerkracht.cases.services.dossiers import add_meldingen

    detail = dossier_detail(network["wijkbeheerder"], nuisance)
    assert (len(detail.meldingen), detail.hidden_meldingen, detail.reporters) == (3, 0, 2)
    care = take_in("zorgsignaal", "zelfverwaarlozing", address="Maasstraat 12", actor=None)
    add_meldingen(nuisance, [care], actor=network["coordinator"])
    nuisance.refresh_from_db()
    detail = dossier_detail(network["sociaal"], nuisance)
    assert (len(detail.meldingen), detail.hidden_meldingen) == (4, 0)


def test_hoor_en_wederhoor_records_each_partys_account_or_that_they_did_not_respond(
    network: Network, nuisance: Dossier
) -> None:
    subject = parties_of(nuisance, "subject")[0]
    reporter = parties_of(nuisance, "reporter")[0]
    with pytest.raises(DossierError, match="leg vast wat de betrokkene vertelde"):
        record_hearing(subject, held_at=ago(5), form="conversation", actor=None)
    with pytest.raises(DossierError, match="vorm"):
        record_hearing(subject, held_at=ago(5), form="duiven", statement="x", actor=None)
    record_hearing(subject, held_at=ago(5), form="writing", responded=False, actor=network["wijkbeheerder"])
    record_hearing(reporter, held_at=ago(4), form="phone", statement="Het gaat elke nacht door.", actor=None)
    hearings = list(Hearing.objects.filter(dossier=nuisance).order_by("held_at"))
    assert [(h.party.role, h.responded) for h in hearings] == [("subject", False), ("reporter", True)]
    detail = dossier_detail(network["ondersteuner"], nuisance)
    assert [h.party.label for h in detail.hearings] == ["Kees Veroorzaker", "Melder 1"]
    audit = AuditEvent.objects.filter(action="dossier.hearing_recorded").latest("id")
    assert "elke nacht" not in str(audit.detail)


def test_a_party_needs_something_to_know_them_by(network: Network, nuisance: Dossier) -> None:
    with pytest.raises(DossierError, match="geef een naam"):
        add_party(nuisance, NewParty(role="witness"), actor=None)
    with pytest.raises(DossierError, match="organisatie"):
        add_party(nuisance, NewParty(role="partner"), actor=None)
    with pytest.raises(DossierError, match="geen e-mailadres"):
        add_party(nuisance, NewParty(role="witness", name="W", email="geen"), actor=None)
    with pytest.raises(DossierError, match="alleen een melder of getuige"):
        add_party(nuisance, NewParty(role="subject", name="S", named_in_court_on=ago(1).date()), actor=None)


def test_every_read_of_a_dossier_is_audited_with_who_when_and_where(
    network: Network, nuisance: Dossier
) -> None:
    person = network["wijkbeheerder"]
    record_dossier_read(person, nuisance, "dossier-detail")
    record_dossier_read(person, nuisance, "api:dossier")
    reads = AuditEvent.objects.filter(action="dossier.read", object_id=str(nuisance.pk)).order_by("id")
    assert [(e.actor, e.detail["where"]) for e in reads] == [
        (person, "dossier-detail"),
        (person, "api:dossier"),
    ]
    with pytest.raises(ValueError, match="short page code"):
        record_dossier_read(person, nuisance, "/dossiers/?q=Kees Veroorzaker")
    with pytest.raises(Dossier.DoesNotExist):
        record_dossier_read(network["anders"], nuisance, "dossier-detail")


def test_the_privacy_officer_sees_who_read_the_dossier_and_what_partners_read_without_reading_it(
    network: Network, nuisance: Dossier
) -> None:
    record_dossier_read(network["wijkbeheerder"], nuisance, "dossier-detail")
    referral = refer(
        nuisance,
        NewReferral(network.kredietbank, "debt_help", "Schuldhulp", ["adres"], covenant=network.covenant),
        actor=None,
    )
    read_shared(network["schuldhulp"], referral.pk, where="partner-referral")
    officer = network["fg"]
    with pytest.raises(Dossier.DoesNotExist):
        get_visible_dossier(officer, pk=nuisance.pk)
    found = dossier_for_privacy_officer(officer, reference=nuisance.reference)
    seen = who_has_seen(found)
    assert [(e.who, e.organisation, e.action, e.where) for e in seen] == [
        ("schuldhulp", "Kredietbank Test", "referral.read", "partner-referral"),
        ("wijkbeheerder", "Woonstichting Test", "dossier.read", "dossier-detail"),
    ]
    for outsider in ("wijkbeheerder", "anders", "schuldhulp"):
        with pytest.raises(Dossier.DoesNotExist):
            dossier_for_privacy_officer(network[outsider], pk=nuisance.pk)


def test_the_subjects_copy_shows_what_happened_but_never_who_reported_or_witnessed(
    network: Network, nuisance: Dossier
) -> None:
    from veerkracht.cases.queries.subject import subject_copy

    add_party(nuisance, NewParty(role="witness", name="Wil Getuige", phone="0622222222"), actor=None)
    subject = parties_of(nuisance, "subject")[0]
    record_hearing(
        subject, held_at=ago(5), form="conversation", statement="Ik ben het er niet mee eens.", actor=None
    )
    refer(
        nuisance,
        NewReferral(network.kredietbank, "debt_help", "Schuldhulp", ["adres"], covenant=network.covenant),
        actor=None,
    )
    copy = subject_copy(nuisance, subject)
    assert copy.subject == "Kees Veroorzaker" and copy.reporters == 2
    assert [what for _when, what in copy.meldingen] == [
        "Geluidsoverlast",
        "Geluidsoverlast",
        "Intimidatie of bedreiging",
    ]
    assert [text for _when, text in copy.statements] == ["Ik ben het er niet mee eens."]
    assert copy.referrals[0][1:] == (
        "Kredietbank Test",
        "Schuldhulp",
        "convenant 'Convenant vroegsignalering schulden'",
        "adres, complex en buurt van het dossier",
    )
    text = str(copy)
    for secret in (
        "Greet",
        "greet@",
        "Henk",
        "0687654321",
        "Wil Getuige",
        "Melder",
        "Getuige",
        "Harde muziek",
        "schold",
    ):
        assert secret not in text, secret
    with pytest.raises(ValueError, match="veroorzaker"):
        subject_copy(nuisance, parties_of(nuisance, "reporter")[0])
