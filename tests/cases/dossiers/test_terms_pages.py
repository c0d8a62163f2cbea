# SPDX-License-Identifier: EUPL-1.2
"""The forms that change a dossier's terms (suspend, resume, extend, reopen) and opening one from an address.

Through the test client as a user would: what the dossier page offers, what posting does to the dossier
and its history and audit log, and the refusals in plain Dutch on both sides of each rule of the type.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from veerkracht.cases.models import Dossier, DossierStatus, HistoryKind
from veerkracht.cases.services.dossier_status import close_dossier, extend
from veerkracht.cases.services.dossiers import NewDossier, open_dossier
from veerkracht.cases.services.location import Location
from veerkracht.core.models import AuditEvent

from ..conftest import BUURT_1, COMPLEX, IN_BUURT_2
from .conftest import Network, ago

pytestmark = pytest.mark.django_db


def client(user: Any) -> Client:
    made = Client()
    made.force_login(user)
    return made


def url(dossier: Dossier, tail: str = "") -> str:
    return f"/dossiers/{dossier.reference}/{tail}"


def _arrears(network: Network) -> Dossier:
    """A rent-arrears dossier: its type may be extended by 56 days but never suspended."""
    return open_dossier(
        NewDossier("huurachterstand", "household", "Achterstand", location=Location(complex_code=COMPLEX)),
        organisation=network.city.corporation,
        actor=None,
    )


def _audited(dossier: Dossier, action: str) -> int:
    return AuditEvent.objects.filter(action=action, object_id=str(dossier.pk)).count()


def test_the_dossier_page_says_what_its_type_allows_and_offers_those_forms(
    network: Network, nuisance: Dossier
) -> None:
    page = client(network["wijkbeheerder"]).get(url(nuisance)).content.decode()
    assert "Mag, ten hoogste 90 dagen in totaal" in page
    assert "Mag één keer, met ten hoogste 91 dagen" in page
    assert url(nuisance, "opschorten/") in page and url(nuisance, "verlengen/") in page
    assert url(nuisance, "hervatten/") not in page and url(nuisance, "heropenen/") not in page
    arrears = _arrears(network)
    # A care-level type: read by the sociaal beheerder (cases.view_care).
    page = client(network["sociaal"]).get(url(arrears)).content.decode()
    assert "Een dossier van dit type kan niet worden opgeschort." in page
    assert url(arrears, "opschorten/") not in page
    assert "Mag één keer, met ten hoogste 56 dagen" in page
    # Who may read but not handle the dossier sees the terms, not the forms.
    reader = client(network["ondersteuner"]).get(url(nuisance)).content.decode()
    assert "Mag, ten hoogste 90 dagen in totaal" in reader and url(nuisance, "opschorten/") not in reader


def test_suspending_and_resuming_through_the_page_stops_and_moves_the_deadline_with_a_reason(
    network: Network, nuisance: Dossier
) -> None:
    staff = client(network["wijkbeheerder"])
    refused = staff.post(url(nuisance, "opschorten/"), {"opschorten-reason": ""})
    assert refused.status_code == 400 and not Dossier.objects.get(pk=nuisance.pk).suspended_at
    done = staff.post(url(nuisance, "opschorten/"), {"opschorten-reason": "Wacht op de kantonrechter"})
    assert done.status_code == 302
    nuisance.refresh_from_db()
    assert nuisance.status == DossierStatus.SUSPENDED and nuisance.deadline is None
    page = staff.get(url(nuisance)).content.decode()
    assert "Wacht op de kantonrechter" in page and url(nuisance, "hervatten/") in page
    assert url(nuisance, "opschorten/") not in page
    assert _audited(nuisance, "dossier.suspended") == 1
    again = staff.post(url(nuisance, "opschorten/"), {"opschorten-reason": "nog eens"})
    assert again.status_code == 400 and "is al opgeschort" in again.content.decode()
    assert staff.post(url(nuisance, "hervatten/"), {"hervatten-reason": ""}).status_code == 302
    nuisance.refresh_from_db()
    assert nuisance.status == DossierStatus.OPEN and nuisance.deadline is not None
    assert nuisance.history.filter(kind=HistoryKind.RESUMED).count() == 1
    assert _audited(nuisance, "dossier.resumed") == 1


def test_a_type_that_may_not_be_suspended_refuses_on_the_page_in_plain_dutch(network: Network) -> None:
    arrears = _arrears(network)
    answer = client(network["sociaal"]).post(
        url(arrears, "opschorten/"), {"opschorten-reason": "Wacht op de schuldhulp"}
    )
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "Een dossier van dit type kan niet worden opgeschort" in text
    arrears.refresh_from_db()
    assert arrears.status == DossierStatus.OPEN and _audited(arrears, "dossier.suspended") == 0


def test_extending_takes_up_to_the_types_maximum_and_refuses_one_day_more(network: Network) -> None:
    arrears = _arrears(network)
    before = arrears.deadline
    staff = client(network["sociaal"])
    beyond = staff.post(url(arrears, "verlengen/"), {"verlengen-days": "57", "verlengen-reason": "Regeling"})
    assert beyond.status_code == 400
    assert (
        "Verlengen kan met ten hoogste 56 dagen voor dit type dossier, niet met 57" in beyond.content.decode()
    )
    arrears.refresh_from_db()
    assert arrears.extended_days == 0 and arrears.deadline == before
    done = staff.post(url(arrears, "verlengen/"), {"verlengen-days": "56", "verlengen-reason": "Regeling"})
    assert done.status_code == 302
    arrears.refresh_from_db()
    assert arrears.extended_days == 56 and arrears.deadline == before + timedelta(days=56)
    assert _audited(arrears, "dossier.extended") == 1
    page = staff.get(url(arrears)).content.decode()
    assert "Verlengd met 56 dagen" in page and url(arrears, "verlengen/") not in page
    twice = staff.post(url(arrears, "verlengen/"), {"verlengen-days": "1", "verlengen-reason": "Nog eens"})
    assert twice.status_code == 400 and "één keer verlengd" in twice.content.decode()


def test_the_service_extends_by_fewer_days_than_the_maximum_but_not_by_none(
    network: Network, nuisance: Dossier
) -> None:
    from veerkracht.cases.services.dossier_common import DossierError

    with pytest.raises(DossierError, match="1 of meer"):
        extend(nuisance, reason="x", days=0, actor=network["wijkbeheerder"])
    before = nuisance.deadline
    extend(nuisance, reason="Mediation loopt", days=30, actor=network["wijkbeheerder"])
    assert nuisance.extended_days == 30 and nuisance.deadline == before + timedelta(days=30)


def test_reopening_a_closed_dossier_through_the_page_needs_a_reason_and_is_audited(
    network: Network, nuisance: Dossier
) -> None:
    close_dossier(nuisance, outcome="opgelost", reason="Rust", actor=network["wijkbeheerder"], at=ago(1))
    staff = client(network["wijkbeheerder"])
    page = staff.get(url(nuisance)).content.decode()
    assert url(nuisance, "heropenen/") in page and url(nuisance, "opschorten/") not in page
    assert staff.post(url(nuisance, "heropenen/"), {"heropenen-reason": " "}).status_code == 400
    assert staff.post(url(nuisance, "heropenen/"), {"heropenen-reason": "Overlast terug"}).status_code == 302
    nuisance.refresh_from_db()
    assert nuisance.is_open and nuisance.outcome == "" and nuisance.retention_due is None
    assert _audited(nuisance, "dossier.reopened") == 1
    again = staff.post(url(nuisance, "heropenen/"), {"heropenen-reason": "Nog eens"})
    assert again.status_code == 400 and "is niet gesloten" in again.content.decode()


def test_who_may_read_but_not_handle_gets_403_and_another_corporation_404_like_a_missing_dossier(
    network: Network, nuisance: Dossier
) -> None:
    for tail, field in (
        ("opschorten/", "opschorten-reason"),
        ("verlengen/", "verlengen-reason"),
        ("hervatten/", "hervatten-reason"),
        ("heropenen/", "heropenen-reason"),
    ):
        assert client(network["ondersteuner"]).post(url(nuisance, tail), {field: "x"}).status_code == 403
        other = client(network["wijk_b"])
        assert other.post(url(nuisance, tail), {field: "x"}).status_code == 404
        assert other.post(f"/dossiers/D-2099-987654/{tail}", {field: "x"}).status_code == 404
    nuisance.refresh_from_db()
    assert nuisance.status == DossierStatus.OPEN and not nuisance.extended_days


def _address_form(organisation: Any, **fields: str) -> dict[str, str]:
    return {
        "organisation": str(organisation.pk),
        "dossier_type": "overlast",
        "subject_kind": "address",
        "title": "Zorgen over Rivierweg 8",
        **fields,
    }


def test_a_dossier_is_opened_from_an_address_and_a_buurt_without_a_melding(network: Network) -> None:
    staff = client(network["wijkbeheerder"])
    assert staff.get("/dossiers/nieuw/adres/").status_code == 200
    done = staff.post(
        "/dossiers/nieuw/adres/",
        _address_form(network.city.corporation, address="Rivierweg 8", buurt=BUURT_1),
    )
    assert done.status_code == 302
    dossier = Dossier.objects.get(title="Zorgen over Rivierweg 8")
    assert done["Location"] == url(dossier)
    assert dossier.buurt_code == BUURT_1 and dossier.address == "Rivierweg 8" and not dossier.links.exists()
    assert AuditEvent.objects.filter(action="dossier.opened", object_id=str(dossier.pk)).count() == 1


def test_an_address_seen_before_finds_its_place_and_an_unknown_one_asks_for_a_buurt(
    network: Network, take_in: Any
) -> None:
    take_in("overlast", "geluid", address="Havenkade 4", point=IN_BUURT_2)
    staff = client(network["wijkbeheerder"])
    found = staff.post(
        "/dossiers/nieuw/adres/", _address_form(network.city.corporation, address="havenkade 4")
    )
    assert found.status_code == 302
    dossier = Dossier.objects.get(title="Zorgen over Rivierweg 8")
    assert dossier.buurt_code != "" and (dossier.x, dossier.y) == IN_BUURT_2
    unknown = staff.post(
        "/dossiers/nieuw/adres/", _address_form(network.city.corporation, address="Onbekendelaan 1")
    )
    assert unknown.status_code == 400
    assert "Dit adres is nog niet bekend uit een melding of dossier" in unknown.content.decode()


def test_an_address_of_another_corporation_is_not_looked_up_and_its_organisation_cannot_be_chosen(
    network: Network, take_in: Any
) -> None:
    take_in("overlast", "geluid", address="Havenkade 4", point=IN_BUURT_2)
    other = client(network["wijk_b"])
    unknown = other.post("/dossiers/nieuw/adres/", _address_form(network.city.other, address="Havenkade 4"))
    assert unknown.status_code == 400 and "nog niet bekend" in unknown.content.decode()
    foreign = other.post(
        "/dossiers/nieuw/adres/",
        _address_form(network.city.corporation, address="Rivierweg 8", buurt=BUURT_1),
    )
    assert foreign.status_code == 400 and not Dossier.objects.filter(title="Zorgen over Rivierweg 8").exists()
    assert client(network["ondersteuner"]).get("/dossiers/nieuw/adres/").status_code == 403
    assert client(network["bewoner"]).get("/dossiers/nieuw/adres/").status_code == 403
