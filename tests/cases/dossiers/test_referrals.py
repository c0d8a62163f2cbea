# SPDX-License-Identifier: EUPL-1.2
"""Referrals within the AVG: legal basis, a frozen minimal snapshot, what the partner sees, and the end."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from veerkracht.cases.dossier_access import get_shared_referral
from veerkracht.cases.models import Dossier, Referral
from veerkracht.cases.queries.referrals import read_shared, shared_with
from veerkracht.cases.services.covenants import NewCovenant, create_covenant, end_covenant
from veerkracht.cases.services.dossier_common import DossierError
from veerkracht.cases.services.dossier_status import close_dossier
from veerkracht.cases.services.errors import NotAllowed
from veerkracht.cases.services.parties import NewParty, add_party
from veerkracht.cases.services.referrals import (
    NewReferral,
    close_partner_part,
    end_expired_referrals,
    end_referral,
    refer,
    reply,
)
from veerkracht.core.models import AuditEvent

from .conftest import Network, ago, parties_of

pytestmark = pytest.mark.django_db
FIELDS = ["adres", "betrokkene_naam", "meldingen_overzicht"]


def to_debt_help(network: Network, **changes: Any) -> NewReferral:
    values: dict[str, Any] = {
        "partner": network.kredietbank,
        "partner_kind": "debt_help",
        "purpose": "Schuldhulp aanbieden naast de aanpak van de overlast",
        "fields": FIELDS,
        "covenant": network.covenant,
    }
    values.update(changes)
    return NewReferral(**values)


@pytest.fixture
def referral(network: Network, nuisance: Dossier) -> Referral:
    return refer(nuisance, to_debt_help(network), actor=network["wijkbeheerder"])


def test_a_referral_shares_exactly_the_chosen_fields_frozen_at_the_moment_of_sharing(
    network: Network, nuisance: Dossier, referral: Referral
) -> None:
    fields = referral.snapshot["velden"]
    assert list(fields) == FIELDS
    assert fields["adres"]["waarde"]["adres"] == "Maasstraat 12"
    assert fields["betrokkene_naam"]["waarde"] == ["Kees Veroorzaker"]
    assert [m["categorie"] for m in fields["meldingen_overzicht"]["waarde"]] == [
        "Geluidsoverlast",
        "Geluidsoverlast",
        "Intimidatie of bedreiging",
    ]
    # Later changes of the dossier never reach the partner.
    add_party(nuisance, NewParty(role="subject", name="Nieuwe Bewoner"), actor=network["wijkbeheerder"])
    shown = read_shared(network["schuldhulp"], referral.pk, where="partner-referral")
    assert shown.fields["betrokkene_naam"]["waarde"] == ["Kees Veroorzaker"]


def test_no_snapshot_carries_who_reported_or_the_subject_contact_unless_chosen(
    network: Network, referral: Referral
) -> None:
    text = str(referral.snapshot)
    for secret in ("Greet", "greet@example.nl", "0612345678", "Henk", "0611111111", "Harde muziek"):
        assert secret not in text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"fields": ["adres", "meldingen_omschrijving"]},
            "staat het delen van \\['meldingen_omschrijving'\\] niet toe",
        ),
        ({"partner_kind": "police"}, "staat delen met politie niet toe"),
        ({"fields": []}, "kies de gegevens"),
        ({"fields": ["melder_naam"]}, "onbekende gegevens"),
        ({"purpose": " "}, "doel"),
        ({"covenant": None}, "kies een convenant óf leg de toestemming"),
    ],
)
def test_a_referral_beyond_its_covenant_is_refused(
    network: Network, nuisance: Dossier, changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(DossierError, match=message):
        refer(nuisance, to_debt_help(network, **changes), actor=network["wijkbeheerder"])
    assert not Referral.objects.exists()


def test_a_covenant_that_does_not_bind_the_partner_or_is_not_valid_that_day_is_no_basis(
    network: Network, nuisance: Dossier
) -> None:
    city = network.city
    with pytest.raises(DossierError, match="niet allebei partij"):
        refer(nuisance, to_debt_help(network, partner=network.politie), actor=city["wijkbeheerder"])
    future = create_covenant(
        NewCovenant(
            name="Toekomstig convenant",
            purpose="Later",
            legal_basis="AVG artikel 6 lid 1 onder e",
            organisations=[city.corporation, network.kredietbank],
            partner_kinds=["debt_help"],
            fields=FIELDS,
            valid_from=timezone.localdate() + timedelta(days=10),
        ),
        actor=city["coordinator"],
    )
    with pytest.raises(DossierError, match="geldt niet op"):
        refer(nuisance, to_debt_help(network, covenant=future), actor=city["wijkbeheerder"])


def test_consent_is_a_basis_when_the_subject_gave_it_with_date_and_scope(
    network: Network, nuisance: Dossier
) -> None:
    subject = parties_of(nuisance, "subject")[0]
    reporter = parties_of(nuisance, "reporter")[0]
    consent = {
        "covenant": None,
        "partner": network.politie,
        "partner_kind": "police",
        "fields": ["adres", "ladder"],
    }
    with pytest.raises(DossierError, match="reikwijdte"):
        refer(
            nuisance,
            to_debt_help(network, consent_on=date.today(), consent_party=subject, **consent),
            actor=None,
        )
    with pytest.raises(DossierError, match="de betrokkene zelf"):
        refer(
            nuisance,
            to_debt_help(
                network, consent_on=date.today(), consent_scope="wijkagent", consent_party=reporter, **consent
            ),
            actor=None,
        )
    made = refer(
        nuisance,
        to_debt_help(
            network,
            consent_on=date.today(),
            consent_scope="Delen met de wijkagent voor een gesprek over de overlast",
            consent_party=subject,
            **consent,
        ),
        actor=network["wijkbeheerder"],
    )
    assert made.legal_basis == "consent" and made.consent_party == subject


def test_referring_needs_the_refer_permission(network: Network, nuisance: Dossier) -> None:
    with pytest.raises(NotAllowed):
        refer(nuisance, to_debt_help(network), actor=network["ondersteuner"])


def test_the_partner_sees_only_its_referrals_and_every_read_is_audited(
    network: Network, referral: Referral
) -> None:
    partner = network["schuldhulp"]
    assert [r.pk for r in shared_with(partner)] == [referral.pk]
    for outsider in ("agent", "wijk_b", "bewoner", "analist", "wijkbeheerder"):
        assert shared_with(network[outsider]) == []
        with pytest.raises(Referral.DoesNotExist):
            read_shared(network[outsider], referral.pk, where="partner-referral")
    before = AuditEvent.objects.filter(action="referral.read").count()
    shown = read_shared(partner, referral.pk, where="partner-referral")
    shown = read_shared(partner, referral.pk, where="api:referral")
    reads = AuditEvent.objects.filter(action="referral.read").order_by("id")
    assert reads.count() == before + 2
    assert [e.detail["where"] for e in reads] == ["partner-referral", "api:referral"]
    assert reads.last().organisation == network.kredietbank  # type: ignore[union-attr]
    assert shown.purpose.startswith("Schuldhulp") and shown.covenant == "Convenant vroegsignalering schulden"
    shared = AuditEvent.objects.get(action="referral.shared", object_id=str(referral.pk))
    assert shared.detail["fields"] == FIELDS and shared.detail["basis"] == "covenant"


def test_the_partner_answers_and_closes_its_part(network: Network, referral: Referral) -> None:
    partner = network["schuldhulp"]
    reply(referral, "Huurder is aangemeld bij de schuldhulp.", actor=partner)
    reply(referral, "Dank, wij houden contact.", actor=network["wijkbeheerder"])
    with pytest.raises(Referral.DoesNotExist):
        reply(referral, "Ik lees mee", actor=network["agent"])
    close_partner_part(referral, outcome="Betalingsregeling getroffen", actor=partner)
    with pytest.raises(NotAllowed):
        close_partner_part(referral, outcome="x", actor=network["wijkbeheerder"])
    shown = read_shared(partner, referral.pk, where="partner-referral")
    assert [(r.from_partner, r.text) for r in shown.replies] == [
        (True, "Huurder is aangemeld bij de schuldhulp."),
        (False, "Dank, wij houden contact."),
    ]
    assert shown.partner_outcome == "Betalingsregeling getroffen"


def _nothing_for_the_partner(network: Network, referral: Referral, **kwargs: Any) -> None:
    partner = network["schuldhulp"]
    assert shared_with(partner, **kwargs) == []
    with pytest.raises(Referral.DoesNotExist):
        get_shared_referral(partner, referral.pk, **kwargs)
    with pytest.raises(Referral.DoesNotExist):
        read_shared(partner, referral.pk, where="partner-referral", **kwargs)
    if not kwargs:  # answering happens now, not at another moment
        with pytest.raises(Referral.DoesNotExist):
            reply(referral, "nog iets", actor=partner)


def test_nothing_is_readable_after_the_referral_is_ended(network: Network, referral: Referral) -> None:
    read_shared(network["schuldhulp"], referral.pk, where="partner-referral")
    end_referral(referral, reason="Schuldhulp loopt, verder zonder ons", actor=network["wijkbeheerder"])
    _nothing_for_the_partner(network, referral)
    assert AuditEvent.objects.filter(action="referral.ended", object_id=str(referral.pk)).exists()


def test_nothing_is_readable_after_the_access_period(network: Network, nuisance: Dossier) -> None:
    made = refer(
        nuisance,
        to_debt_help(network, ends_at=timezone.now() + timedelta(days=7)),
        actor=network["wijkbeheerder"],
    )
    just_before = made.ends_at - timedelta(seconds=1)
    assert get_shared_referral(network["schuldhulp"], made.pk, now=just_before) == made
    later = made.ends_at
    _nothing_for_the_partner(network, made, now=later)
    assert end_expired_referrals(now=later) == 1
    made.refresh_from_db()
    assert made.ended_at == made.ends_at
    _nothing_for_the_partner(network, made)


def test_closing_the_dossier_or_ending_the_covenant_ends_access(
    network: Network, nuisance: Dossier, referral: Referral
) -> None:
    end_covenant(network.covenant, last_day=timezone.localdate(), actor=network["coordinator"])
    referral.refresh_from_db()
    _nothing_for_the_partner(network, referral, now=referral.ends_at)
    close_dossier(nuisance, outcome="doorverwezen", reason="Overgedragen", actor=None)
    _nothing_for_the_partner(network, referral)
    with pytest.raises(DossierError, match="gesloten"):
        refer(nuisance, to_debt_help(network), actor=None)


def test_a_referral_lasts_at_most_a_year(network: Network, nuisance: Dossier) -> None:
    with pytest.raises(DossierError, match="binnen een jaar"):
        refer(nuisance, to_debt_help(network, ends_at=ago(-400)), actor=None)
