# SPDX-License-Identifier: EUPL-1.2
"""A real Open311 client (``georeport`` from PyPI) against a live server on 127.0.0.1.

The client reads services, a service definition, the requests and one request, in JSON and in XML; it
cannot submit (POST is tested in ``test_open311.py``) and has no discovery call, which ``requests``, the
HTTP library it is built on, reads instead.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests
import xmltodict
from georeport import GeoReport

from veerkracht.cases.models import Clock, Melding

from ..conftest import City, moment

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def meldingen(city: City, take_in: Any) -> dict[str, Melding]:
    return {
        "litter": take_in(received_at=moment(2026, 11, 2, 9)),
        "garden": take_in("tuin", "verwaarloosde_tuin", description="Tuin vol brandnetels."),
        "care": take_in("zorgsignaal", "vereenzaming", description="Meneer komt niet meer buiten."),
    }


@pytest.mark.parametrize("output_format", ["json", "xml"])
def test_an_open311_client_reads_services_definitions_and_requests(
    live_server: Any, meldingen: dict[str, Melding], output_format: str
) -> None:
    assert live_server.url.startswith("http://127.0.0.1:")
    client = GeoReport(
        f"{live_server.url}/open311/v2", jurisdiction="woonstichting-test", output_format=output_format
    )
    services = client.get_service_list()
    codes = [service["service_code"] for service in services]
    assert "vervuiling-zwerfafval" in codes and not [c for c in codes if c.startswith("zorgsignaal")]

    definition = client.get_service_definition("vervuiling-zwerfafval")
    assert definition["service_code"] == "vervuiling-zwerfafval"

    listed = client.get_service_requests(status="open")
    # xmltodict gives one request as a dict, several as a list.
    rows = listed if isinstance(listed, list) else [listed]
    ids = {row["service_request_id"] for row in rows}
    assert ids == {meldingen["litter"].reference, meldingen["garden"].reference}

    litter = meldingen["litter"]
    one = client.get_service_request(litter.reference)
    if output_format == "xml":
        one = one if isinstance(one, dict) and "service_request_id" in one else one[0]
    assert one["service_request_id"] == litter.reference
    assert one["status"] == "open" and one["service_code"] == "vervuiling-zwerfafval"
    feedback = Clock.objects.get(melding=litter, kind="feedback")
    assert one["expected_datetime"].startswith(f"{feedback.deadline.astimezone().date().isoformat()}T")

    only_garden = client.get_service_requests(service_code="tuin-verwaarloosde_tuin")
    only = only_garden if isinstance(only_garden, list) else [only_garden]
    assert [row["service_request_id"] for row in only] == [meldingen["garden"].reference]

    with pytest.raises(requests.HTTPError) as refused:
        client.get_service_request(meldingen["care"].reference)
    assert refused.value.response.status_code == 404


def test_discovery_through_the_clients_http_library(live_server: Any, db: Any) -> None:
    as_json = requests.get(f"{live_server.url}/open311/v2/discovery.json", timeout=10)
    assert as_json.headers["Content-Type"] == "application/json; charset=utf-8"
    assert as_json.json()["endpoints"][0]["url"] == f"{live_server.url}/open311/v2"
    as_xml = xmltodict.parse(requests.get(f"{live_server.url}/open311/v2/discovery.xml", timeout=10).content)
    assert (
        as_xml["discovery"]["endpoints"]["endpoint"]["specification"]
        == "http://wiki.open311.org/GeoReport_v2"
    )
