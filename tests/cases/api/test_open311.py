# SPDX-License-Identifier: EUPL-1.2
"""Open311 GeoReport v2: what a public app sees (never too much) and how it submits, in JSON and XML."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

import pytest
from django.test import Client

from veerkracht.cases.models import Clock, Melding, MeldingLink, ReporterContact
from veerkracht.cases.services.api_keys import NewKey, create_api_key
from veerkracht.cases.services.intake import Reporter
from veerkracht.cases.services.transitions import transition
from veerkracht.geo.crs import rd_to_wgs84

from ..conftest import BUURT_1, IN_BUURT_1, City, moment

BASE = "/open311/v2"
# In buurt 1, away from its middle: a public list must not show this point.
NEAR_THE_EDGE = (100_150.0, 400_850.0)


def xml(response: Any) -> ElementTree.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ElementTree.fromstring(response.content)


def test_discovery_names_the_endpoint_and_both_formats(db: Any) -> None:
    found = Client().get(f"{BASE}/discovery.json").json()
    endpoint = found["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2" and endpoint["type"] == "production"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert "api-key create" in found["key_service"]
    root = xml(Client().get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == [
        "text/xml",
        "application/json",
    ]


def test_services_offer_only_public_categories_never_a_confidential_one(db: Any) -> None:
    services = {s["service_code"]: s for s in Client().get(f"{BASE}/services.json").json()}
    assert services["vervuiling-zwerfafval"] == {
        "service_code": "vervuiling-zwerfafval",
        "service_name": "Zwerfafval",
        "description": "Vervuiling en afval: Zwerfafval",
        "metadata": False,
        "type": "realtime",
        "keywords": "Vervuiling en afval, Fysieke woonomgeving",
        "group": "Vervuiling en afval",
    }
    assert "samen_wonen-buurtactiviteit" in services
    # A care signal inside a physical category, care and crime categories, social meldingen: never.
    for code in ("vervuiling-vervuilde_woning", "zorgsignaal-vereenzaming", "woonfraude-onderverhuur"):
        assert code not in services
    assert not [code for code in services if code.startswith(("overlast", "burenruzie", "criminaliteit"))]
    root = xml(Client().get(f"{BASE}/services.xml"))
    assert {s.findtext("service_code") for s in root.findall("service")} == set(services)
    assert root.find("service/metadata").text == "false"  # type: ignore[union-attr]


def test_a_service_definition_and_an_unknown_or_confidential_one(db: Any) -> None:
    found = Client().get(f"{BASE}/services/tuin-groenonderhoud.json").json()
    assert found == {"service_code": "tuin-groenonderhoud", "attributes": []}
    root = xml(Client().get(f"{BASE}/services/tuin-groenonderhoud.xml"))
    assert root.tag == "service_definition" and root.findtext("service_code") == "tuin-groenonderhoud"
    for code in ("bestaat-niet", "zorgsignaal-vereenzaming"):
        missing = Client().get(f"{BASE}/services/{code}.json")
        assert missing.status_code == 404
        assert missing.json() == [{"code": 404, "description": f"service_code: '{code}' bestaat niet"}]
    error = xml(Client().get(f"{BASE}/services/bestaat-niet.xml"))
    assert error.tag == "errors" and error.findtext("error/code") == "404"


@pytest.fixture
def public_city(city: City, take_in: Any) -> dict[str, Melding]:
    """Meldingen of every kind: physical (public), care (confidential), nuisance (social), initiative."""
    return {
        "litter": take_in(
            description="Afval bij de container; bel me op 06-12345678 of mail jan@example.nl",
            received_at=moment(2026, 11, 2, 9),
            point=NEAR_THE_EDGE,
        ),
        "care": take_in("zorgsignaal", "vereenzaming", description="Mevrouw op nr 3 is eenzaam."),
        "neglected": take_in("vervuiling", "vervuilde_woning", description="Woning op nr 5 stinkt."),
        "noise": take_in("overlast", "geluid", description="Buurman op nr 7 is luid."),
        "initiative": take_in("samen_wonen", "buurtactiviteit", description="Straatfeest, vraag naar Els."),
    }


def test_the_public_list_shows_only_what_may_be_public(public_city: dict[str, Melding]) -> None:
    found = {r["service_request_id"]: r for r in Client().get(f"{BASE}/requests.json").json()}
    litter, initiative = public_city["litter"], public_city["initiative"]
    assert set(found) == {litter.reference, initiative.reference}
    row = found[litter.reference]
    feedback = Clock.objects.get(melding=litter, kind="feedback")
    assert (
        row["expected_datetime"]
        == feedback.deadline.astimezone(moment(2026, 1, 1).tzinfo).replace(microsecond=0).isoformat()
    )
    assert row["requested_datetime"] == "2026-11-02T09:00:00+01:00"
    assert row["status"] == "open" and row["status_notes"] == "Gemeld"
    assert row["service_code"] == "vervuiling-zwerfafval" and row["service_name"] == "Zwerfafval"
    assert row["description"] == "Afval bij de container; bel me op [weggelaten] of mail [weggelaten]"
    assert row["address"] == "Westbuurt, Teststad" and row["address_id"] == BUURT_1
    assert row["agency_responsible"] == "Woonstichting Test"
    # Where: one point inside the buurt, not where the reporter stood.
    longitude, latitude = rd_to_wgs84().transform(*NEAR_THE_EDGE)
    assert abs(row["lat"] - latitude) > 0.001 and abs(row["long"] - longitude) > 0.001
    other = Client().get(f"{BASE}/requests.json").json()
    assert {(r["lat"], r["long"]) for r in other} == {(row["lat"], row["long"])}
    # An initiative is listed, but its description (about people) is not.
    assert found[initiative.reference]["description"] is None
    text = str(found)
    for secret in ("Jan Jansen", "jan@example.nl", "Maasstraat", "06-12345678", "Els"):
        assert secret not in text


def test_a_confidential_or_social_melding_is_not_found_by_id_exactly_as_a_missing_one(
    public_city: dict[str, Melding],
) -> None:
    answers = {
        name: Client().get(f"{BASE}/requests/{public_city[name].reference}.json")
        for name in ("care", "neglected", "noise")
    }
    missing = Client().get(f"{BASE}/requests/M-2026-999999.json")
    assert missing.status_code == 404
    for name, response in answers.items():
        assert response.status_code == 404, name
        assert response.json()[0]["description"].startswith("service_request_id: 'M-2026-")
    shown = Client().get(f"{BASE}/requests/{public_city['litter'].reference}.json").json()
    assert [r["service_request_id"] for r in shown] == [public_city["litter"].reference]


def test_the_list_filters_as_the_spec_says(city: City, public_city: dict[str, Melding]) -> None:
    litter, initiative = public_city["litter"], public_city["initiative"]
    transition(initiative, "close", actor=None, reason="Gehouden.")

    def ids(**query: Any) -> set[str]:
        response = Client().get(f"{BASE}/requests.json", query)
        assert response.status_code == 200, response.content
        return {r["service_request_id"] for r in response.json()}

    assert ids(status="closed") == {initiative.reference}
    assert ids(status="open") == {litter.reference}
    assert ids(status="open,closed") == {litter.reference, initiative.reference}
    assert ids(service_code="vervuiling-zwerfafval") == {litter.reference}
    assert ids(start_date="2026-11-01T00:00:00+01:00", end_date="2026-11-03T00:00:00Z") == {litter.reference}
    ask = f"{litter.reference},{public_city['care'].reference}"
    assert ids(service_request_id=ask, status="closed") == {litter.reference}
    assert ids(jurisdiction_id="woonstichting-test") == {litter.reference, initiative.reference}
    assert ids(jurisdiction_id="woonstichting-anders") == set()
    closed = next(r for r in Client().get(f"{BASE}/requests.json").json() if r["status"] == "closed")
    assert closed["status_notes"] == "Afgehandeld"


@pytest.mark.parametrize(
    ("query", "message", "status"),
    [
        ({"status": "fixed"}, "status: 'fixed' bestaat niet; kies open of closed", 400),
        (
            {"service_code": "zorgsignaal-vereenzaming"},
            "service_code: 'zorgsignaal-vereenzaming' bestaat",
            400,
        ),
        ({"start_date": "gisteren"}, "start_date: 'gisteren' is geen tijdstip", 400),
        ({"start_date": "2026-01-01T00:00:00"}, "start_date: geef de tijdzone mee", 400),
        (
            {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
            "end_date: de periode is ten hoogste 90 dagen",
            400,
        ),
        ({"jurisdiction_id": "nergens.nl"}, "jurisdiction_id: 'nergens.nl' bestaat niet", 404),
    ],
)
def test_wrong_filters_are_named_in_both_formats(
    db: Any, query: dict[str, str], message: str, status: int
) -> None:
    response = Client().get(f"{BASE}/requests.json", query)
    assert response.status_code == status
    assert response.json()[0]["code"] == status and response.json()[0]["description"].startswith(message)
    root = xml(Client().get(f"{BASE}/requests.xml", query))
    assert root.findtext("error/description", "").startswith(message)


def test_requests_in_xml_have_the_spec_shape(public_city: dict[str, Melding]) -> None:
    root = xml(Client().get(f"{BASE}/requests.xml"))
    assert root.tag == "service_requests"
    request = root.find(f"request[service_request_id='{public_city['initiative'].reference}']")
    assert request is not None
    assert request.findtext("status") == "open" and request.findtext("description") == ""
    assert request.find("zipcode") is not None and request.findtext("media_url") == ""
    by_id = xml(Client().get(f"{BASE}/requests/{public_city['litter'].reference}.xml"))
    assert by_id.findtext("request/service_code") == "vervuiling-zwerfafval"


@pytest.fixture
def app_key(city: City) -> NewKey:
    return create_api_key(city.corporation, "Buitenbeter-koppeling", role="partner")


def submit(data: dict[str, str], file_format: str = "json") -> Any:
    return Client().post(f"{BASE}/requests.{file_format}", data)


def test_an_app_submits_with_its_key_and_the_reporter_is_stored_as_contact(
    city: City, app_key: NewKey
) -> None:
    longitude, latitude = rd_to_wgs84().transform(*IN_BUURT_1)
    response = submit(
        {
            "api_key": app_key.secret,
            "jurisdiction_id": "woonstichting-test",
            "service_code": "vervuiling-grofvuil",
            "lat": str(latitude),
            "long": str(longitude),
            "address_string": "Maasstraat 1, Westbuurt, Teststad",
            "email": "els@example.nl",
            "first_name": "Els",
            "last_name": "de Bruin",
            "phone": "0612345678",
            "description": "Een bank op de stoep.",
            "media_url": "https://app.example.nl/foto/123.jpg",
            "device_id": "abc",
            "attribute[kleur]": "bruin",
        }
    )
    assert response.status_code == 201, response.content
    answer = response.json()
    melding = Melding.objects.get()
    assert answer[0]["service_request_id"] == melding.reference and answer[0]["account_id"] is None
    assert answer[0]["service_notice"].startswith("Wij bevestigen de ontvangst uiterlijk")
    assert (melding.category, melding.subcategory, melding.channel) == ("vervuiling", "grofvuil", "api")
    assert melding.buurt_code == BUURT_1 and melding.address == "Maasstraat 1, Westbuurt, Teststad"
    assert melding.submitted_by == app_key.key.user and melding.reporter_kind == "neighbour"
    contact = ReporterContact.objects.get(melding=melding)
    assert (contact.name, contact.email, contact.phone) == ("Els de Bruin", "els@example.nl", "0612345678")
    assert MeldingLink.objects.get(melding=melding).url == "https://app.example.nl/foto/123.jpg"
    followed = Client().get(f"{BASE}/requests/{melding.reference}.json").json()[0]
    assert followed["status"] == "open" and "Els" not in str(followed)


def test_an_address_with_the_buurt_name_is_enough_and_xml_answers_in_xml(city: City, app_key: NewKey) -> None:
    response = submit(
        {
            "api_key": app_key.secret,
            "service_code": "veiligheid-verlichting",
            "address_string": "Hoek Maasstraat, Oostbuurt, Teststad",
            "description": "Lantaarnpaal kapot.",
        },
        "xml",
    )
    assert response.status_code == 201
    root = xml(response)
    melding = Melding.objects.get()
    assert root.findtext("request/service_request_id") == melding.reference
    assert melding.buurt_code == "BU99900102" and melding.reporter_kind == "anonymous"
    assert not ReporterContact.objects.filter(melding=melding).exists()


@pytest.mark.parametrize(
    ("changes", "status", "message"),
    [
        ({"api_key": ""}, 403, "api_key: ontbreekt, is onjuist of is ingetrokken"),
        ({"api_key": "vk_0000_fout"}, 403, "api_key: ontbreekt, is onjuist of is ingetrokken"),
        (
            {"service_code": "zorgsignaal-vereenzaming"},
            404,
            "service_code: 'zorgsignaal-vereenzaming' bestaat niet",
        ),
        ({"service_code": ""}, 400, "service_code: ontbreekt"),
        ({"lat": "50.85", "long": ""}, 400, "long: geef zowel lat als long"),
        ({"lat": "noord", "long": "5.7"}, 400, "lat: 'noord' is geen getal"),
        ({"lat": "", "long": "", "address_string": "Ergens"}, 400, "address_string: noem de buurt of wijk"),
        ({"description": ""}, 400, "description: beschrijf wat er aan de hand is"),
        ({"email": "els"}, 400, "email: 'els' is geen e-mailadres"),
        ({"media_url": "javascript:alert(1)"}, 400, "media_url: geef een link"),
        ({"jurisdiction_id": "nergens"}, 404, "jurisdiction_id: 'nergens' bestaat niet"),
    ],
)
def test_a_submission_that_cannot_be_taken_in_names_the_parameter(
    city: City, app_key: NewKey, changes: dict[str, str], status: int, message: str
) -> None:
    longitude, latitude = rd_to_wgs84().transform(*IN_BUURT_1)
    data = {
        "api_key": app_key.secret,
        "service_code": "vervuiling-grofvuil",
        "lat": str(latitude),
        "long": str(longitude),
        "description": "Een bank op de stoep.",
        "email": "els@example.nl",
        **changes,
    }
    response = submit(data)
    assert response.status_code == status, response.content
    assert response.json()[0]["description"].startswith(message)
    assert not Melding.objects.exists()


def test_a_key_that_may_not_report_cannot_submit(city: City) -> None:
    viewer = create_api_key(city.corporation, "Alleen lezen", role="analist")
    response = submit(
        {
            "api_key": viewer.secret,
            "service_code": "tuin-groenonderhoud",
            "address_id": BUURT_1,
            "description": "x",
        }
    )
    assert response.status_code == 403 and "u mag geen meldingen doen" in response.json()[0]["description"]


def test_a_person_logged_in_is_no_key(city: City) -> None:
    client = Client()
    client.force_login(city["wijkbeheerder"])
    response = client.post(
        f"{BASE}/requests.json",
        {"service_code": "tuin-groenonderhoud", "address_id": BUURT_1, "description": "x"},
    )
    assert response.status_code == 403


def test_a_reporter_id_is_never_a_way_to_read_a_melding_of_another_kind(take_in: Any) -> None:
    noise = take_in("overlast", "geluid", reporter=Reporter(kind="neighbour", name="Piet"))
    response = Client().get(f"{BASE}/requests.json", {"service_request_id": noise.reference})
    assert response.status_code == 200 and response.json() == []
