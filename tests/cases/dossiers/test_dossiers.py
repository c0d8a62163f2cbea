# SPDX-License-Identifier: EUPL-1.2
"""Opening a dossier, collecting meldingen, deadlines as a zaaksysteem counts them, closing and reopening."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from veerkracht.cases.models import DossierHistory, HistoryIsAppendOnly
from veerkracht.cases.rules.dossier_types import read_dossier_types
from veerkracht.cases.services.dossier_common import DossierError
from veerkracht.cases.services.dossier_status import close_dossier, extend, reopen_dossier, resume, suspend
from veerkracht.cases.services.dossiers import NewDossier, add_meldingen, open_dossier
from veerkracht.cases.services.errors import NotAllowed
from veerkracht.cases.services.location import Location
from veerkracht.core.calendar import local_day
from veerkracht.core.models import AuditEvent

from ..conftest import COMPLEX, IN_BUURT_1
from .conftest import Network, ago, meldingen_of

pytestmark = pytest.mark.django_db


def _day(moment: datetime | None) -> Any:
    assert moment is not None
    return local_day(moment)


def test_a_dossier_takes_its_place_deadlines_and_access_level_from_its_type_and_first_melding(
    network: Network, take_in: Any
) -> None:
    city = network.city
    melding = take_in("overlast", "geluid", address="Maasstraat 12", actor=None, received_at=ago(3))
    opened_at = ago(2)
    dossier = open_dossier(
        NewDossier(
            "overlast", "address", "Geluidsoverlast Maasstraat 12", meldingen=[melding], opened_at=opened_at
        ),
        organisation=city.corporation,
        actor=city["wijkbeheerder"],
    )
    assert (dossier.buurt_code, dossier.address_key, dossier.square_id) == (
        melding.buurt_code,
        "maasstraat 12",
        melding.square_id,
    )
    assert dossier.reference == f"D-{_day(opened_at).year}-{dossier.pk:06d}"
    assert _day(dossier.deadline) == _day(opened_at) + timedelta(days=182)
    assert _day(dossier.planned_end) == _day(opened_at) + timedelta(days=91)
    assert dossier.confidentiality == "normaal" and dossier.status == "open"
    assert meldingen_of(dossier) == [melding]
    audit = AuditEvent.objects.get(action="dossier.opened", object_id=str(dossier.pk))
    assert audit.detail == {"type": "overlast", "source": "staff", "meldingen": [melding.pk]}
    assert "Maasstraat" not in str(audit.detail)


def test_a_dossier_about_a_complex_without_meldingen_is_placed_by_its_complex(network: Network) -> None:
    dossier = open_dossier(
        NewDossier(
            "woonomgeving", "complex", "Vervuiling rond de flat", location=Location(complex_code=COMPLEX)
        ),
        organisation=network.city.corporation,
        actor=network["coordinator"],
    )
    assert dossier.complex_code == COMPLEX and dossier.buurt_code


@pytest.mark.parametrize(
    ("new", "message"),
    [
        (
            NewDossier("bestaat_niet", "address", "X", location=Location(x=IN_BUURT_1[0], y=IN_BUURT_1[1])),
            "bestaat niet",
        ),
        (
            NewDossier("huurachterstand", "complex", "X", location=Location(complex_code=COMPLEX)),
            "gaat niet over een complex",
        ),
        (NewDossier("overlast", "address", " ", location=Location(complex_code=COMPLEX)), "titel"),
        (NewDossier("overlast", "address", "X"), "geef een adres"),
        (NewDossier("overlast", "address", "X", location=Location(x=1.0, y=2.0)), "niet in Nederland"),
    ],
)
def test_a_dossier_that_cannot_be_opened_says_why(network: Network, new: NewDossier, message: str) -> None:
    with pytest.raises(DossierError, match=message):
        open_dossier(new, organisation=network.city.corporation, actor=network["wijkbeheerder"])


@pytest.mark.parametrize(
    ("username", "dossier_type", "allowed"),
    [
        ("wijkbeheerder", "overlast", True),
        ("wijkbeheerder", "zorg", False),
        ("sociaal", "zorg", True),
        ("ondersteuner", "overlast", False),
        ("bewoner", "overlast", False),
        ("anders", "overlast", False),
    ],
)
def test_opening_needs_edit_rights_and_the_level_of_the_type(
    network: Network, username: str, dossier_type: str, allowed: bool
) -> None:
    new = NewDossier(dossier_type, "address", "Dossier", location=Location(complex_code=COMPLEX))
    if allowed:
        assert open_dossier(new, organisation=network.city.corporation, actor=network[username]).pk
    else:
        with pytest.raises(NotAllowed):
            open_dossier(new, organisation=network.city.corporation, actor=network[username])


def test_meldingen_of_another_organisation_never_join_a_dossier(
    network: Network, take_in: Any, nuisance: Any
) -> None:
    theirs = take_in(organisation=network.city.other, actor=None)
    with pytest.raises(DossierError, match="andere organisatie"):
        add_meldingen(nuisance, [theirs], actor=None)


def test_adding_a_melding_twice_adds_it_once(network: Network, nuisance: Any) -> None:
    melding = meldingen_of(nuisance)[0]
    assert add_meldingen(nuisance, [melding], actor=network["wijkbeheerder"]) == []
    assert len(meldingen_of(nuisance)) == 3


def test_a_suspension_moves_both_deadlines_by_its_calendar_days_and_none_run_while_suspended(
    network: Network, nuisance: Any
) -> None:
    person = network["wijkbeheerder"]
    before = _day(nuisance.deadline), _day(nuisance.planned_end)
    suspend(nuisance, reason="Wacht op de uitspraak van de kantonrechter", actor=person, at=ago(20))
    assert nuisance.status == "suspended" and nuisance.deadline is None and nuisance.planned_end is None
    with pytest.raises(DossierError, match="al opgeschort"):
        suspend(nuisance, reason="nog eens", actor=person)
    resume(nuisance, actor=person, at=ago(10))
    assert nuisance.suspended_days == 10
    assert (_day(nuisance.deadline), _day(nuisance.planned_end)) == (
        before[0] + timedelta(days=10),
        before[1] + timedelta(days=10),
    )


def test_suspended_days_beyond_the_maximum_of_the_type_do_not_move_the_deadline(
    network: Network, take_in: Any
) -> None:
    limit = read_dossier_types().type("overlast").zaaktype.suspension.max_days
    assert limit == 90
    melding = take_in(address="Langstraat 1", actor=None, received_at=ago(200))
    dossier = open_dossier(
        NewDossier("overlast", "address", "Lang", meldingen=[melding], opened_at=ago(199)),
        organisation=network.city.corporation,
        actor=None,
    )
    base = _day(dossier.deadline)
    suspend(dossier, reason="strafzaak", actor=None, at=ago(150))
    resume(dossier, actor=None, at=ago(50))
    assert dossier.suspended_days == 100
    assert _day(dossier.deadline) == base + timedelta(days=90)
    with pytest.raises(DossierError, match="het maximum"):
        suspend(dossier, reason="weer", actor=None)


def test_a_type_that_cannot_be_suspended_refuses_it(network: Network) -> None:
    dossier = open_dossier(
        NewDossier("huurachterstand", "household", "Achterstand", location=Location(complex_code=COMPLEX)),
        organisation=network.city.corporation,
        actor=None,
    )
    with pytest.raises(DossierError, match="niet worden opgeschort"):
        suspend(dossier, reason="x", actor=None)


def test_a_dossier_is_extended_once_by_the_verlengingstermijn(network: Network, nuisance: Any) -> None:
    before = _day(nuisance.deadline)
    extend(nuisance, reason="Mediation loopt nog", actor=network["wijkbeheerder"])
    assert _day(nuisance.deadline) == before + timedelta(days=91)
    with pytest.raises(DossierError, match="één keer"):
        extend(nuisance, reason="nog eens", actor=network["wijkbeheerder"])


def test_closing_needs_an_outcome_and_a_reason_and_sets_when_retention_may_anonymise(
    network: Network, nuisance: Any
) -> None:
    person = network["wijkbeheerder"]
    with pytest.raises(DossierError, match="reden"):
        close_dossier(nuisance, outcome="opgelost", reason=" ", actor=person)
    with pytest.raises(DossierError, match="uitkomst 'weg'"):
        close_dossier(nuisance, outcome="weg", reason="klaar", actor=person)
    closed_at = ago(1)
    close_dossier(nuisance, outcome="opgelost", reason="Overlast is gestopt", actor=person, at=closed_at)
    assert not nuisance.is_open and nuisance.outcome == "opgelost"
    assert nuisance.retention_due == closed_at + relativedelta(months=24)
    assert nuisance.retention_rule == "dossiers.categories.overlast.default (2026.1)"
    with pytest.raises(DossierError, match="gesloten"):
        add_meldingen(nuisance, [], actor=person)
    reopen_dossier(nuisance, reason="Nieuwe meldingen", actor=person)
    assert nuisance.is_open and nuisance.retention_due is None and nuisance.deadline is not None


def test_an_eviction_is_kept_longer_than_a_resolved_nuisance(network: Network, nuisance: Any) -> None:
    close_dossier(nuisance, outcome="huurovereenkomst_beeindigd", reason="Vonnis", actor=None)
    assert nuisance.retention_rule.startswith(
        "dossiers.categories.overlast.outcomes.huurovereenkomst_beeindigd"
    )
    assert nuisance.retention_due is not None and nuisance.closed_at is not None
    assert (nuisance.retention_due - nuisance.closed_at).days > 7 * 365 - 3


def test_a_step_cannot_be_dated_before_the_previous_one_or_in_the_future(
    network: Network, nuisance: Any
) -> None:
    with pytest.raises(DossierError, match="toekomst"):
        suspend(nuisance, reason="x", actor=None, at=timezone.now() + timedelta(days=1))
    suspend(nuisance, reason="x", actor=None, at=ago(5))
    with pytest.raises(DossierError, match="niet eerder"):
        resume(nuisance, actor=None, at=ago(6))


def test_the_history_of_a_dossier_is_append_only(nuisance: Any) -> None:
    row = DossierHistory.objects.filter(dossier=nuisance).first()
    assert row is not None
    with pytest.raises(HistoryIsAppendOnly):
        row.save()
    with pytest.raises(HistoryIsAppendOnly):
        DossierHistory.objects.filter(dossier=nuisance).update(reason="x")
    with pytest.raises(HistoryIsAppendOnly):
        row.delete()
