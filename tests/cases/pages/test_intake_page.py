# SPDX-License-Identifier: EUPL-1.2
"""Intake by staff: Dutch errors beside their fields, the duplicate check before saving, link or create."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from veerkracht.cases.models import Attachment, Melding
from veerkracht.cases.queries.places import to_wgs84
from veerkracht.cases.services.intake import Reporter

from ..conftest import BUURT_1, COMPLEX, IN_BUURT_1, IN_BUURT_2, City

FORM = {
    "stap": "controleren",
    "reporter_kind": "tenant",
    "reporter_name": "Els Smeets",
    "reporter_phone": "06-87654321",
    "reporter_email": "",
    "reporter_address": "",
    "wants_updates": "on",
    "kind": "vervuiling/zwerfafval",
    "description": "Afval naast de container bij de ingang.",
    "address": "Maasstraat 1",
    "complex": "",
    "buurt": BUURT_1,
}


def form(city: City, **changes: str) -> dict[str, str]:
    return {**FORM, "organisation": str(city.corporation.pk), **changes}


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_form_without_what_intake_needs_says_so_in_dutch_beside_each_field(
    city: City, client_of: Any
) -> None:
    response = client_of("wijkbeheerder").post(
        "/meldingen/nieuw/", form(city, kind="", description="", buurt="", address="")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kies de soort melding." in page
    assert "Beschrijf wat er aan de hand is." in page
    assert 'aria-describedby="id_description_error"' in page
    assert Melding.objects.count() == 0


def test_the_write_apis_own_checks_show_beside_the_fields_too(city: City, client_of: Any) -> None:
    page = (
        client_of("wijkbeheerder")
        .post(
            "/meldingen/nieuw/", form(city, buurt="", reporter_kind="anonymous", reporter_email="geen-adres")
        )
        .content.decode()
    )
    assert "Geef een punt op de kaart, een complex of een buurt" in page
    assert "Een anonieme melding heeft geen naam of contactgegevens" in page
    assert "&#x27;geen-adres&#x27; is geen e-mailadres" in page
    assert 'id="id_buurt_error"' in page and 'id="id_reporter_kind_error"' in page


def test_the_check_shows_an_open_melding_at_the_same_address_and_linking_makes_no_second_case(
    city: City, take_in: Any, client_of: Any
) -> None:
    first = take_in(address="Maasstraat 1")
    client = client_of("wijkbeheerder")
    check = client.post("/meldingen/nieuw/", form(city, address="maasstraat 1"))
    page = check.content.decode()
    assert "1 open melding op of bij deze plek" in page
    assert first.reference in page and "zelfde adres" in page
    assert Melding.objects.count() == 1  # nothing saved before the decision
    saved = client.post(
        "/meldingen/nieuw/",
        form(
            city, address="maasstraat 1", stap="opslaan", decision=f"koppel-{first.pk}", reason="Zelfde afval"
        ),
    )
    second = Melding.objects.exclude(pk=first.pk).get()
    assert saved.status_code == 302 and saved["Location"] == f"/meldingen/{second.reference}/"
    assert second.duplicate_of == first and second.status == "gekoppeld" and not second.is_open
    follow = client.get(saved["Location"]).content.decode()
    assert f"gekoppeld aan {first.reference}" in follow


def test_a_new_melding_with_a_photo_is_saved_after_the_check(
    city: City, client_of: Any, data_dir: Path
) -> None:
    client = client_of("wijkbeheerder")
    check = client.post("/meldingen/nieuw/", form(city)).content.decode()
    assert "Geen open meldingen op of bij deze plek" in check
    photo = SimpleUploadedFile("foto.png", png(), content_type="image/png")
    saved = client.post(
        "/meldingen/nieuw/", {**form(city, stap="opslaan", decision="nieuw"), "attachments": [photo]}
    )
    melding = Melding.objects.get()
    assert saved["Location"] == f"/meldingen/{melding.reference}/"
    assert (melding.channel, melding.buurt_code, melding.address) == ("phone", BUURT_1, "Maasstraat 1")
    assert melding.reporter_contact.name == "Els Smeets"
    stored = Attachment.objects.get(melding=melding)
    download = client.get(f"/meldingen/{melding.reference}/bijlagen/{stored.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content) == png()  # type: ignore[attr-defined]
    assert client_of("anders").get(f"/meldingen/{melding.reference}/bijlagen/{stored.pk}/").status_code == 404


def test_a_file_that_is_no_photo_is_refused_and_nothing_is_saved(
    city: City, client_of: Any, data_dir: Path
) -> None:
    script = SimpleUploadedFile("foto.jpg", b"#!/bin/sh\necho hallo\n", content_type="image/jpeg")
    response = client_of("wijkbeheerder").post(
        "/meldingen/nieuw/", {**form(city, stap="opslaan", decision="nieuw"), "attachments": [script]}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "toegestaan zijn foto&#x27;s (JPEG, PNG, HEIC, WebP) en PDF" in page
    assert 'id="id_attachments_error"' in page
    assert Melding.objects.count() == 0


def test_a_point_picked_on_the_map_places_the_melding(city: City, client_of: Any) -> None:
    point = to_wgs84(*IN_BUURT_1)
    assert point is not None
    fields = form(city, buurt="", address="", complex=COMPLEX, stap="opslaan", decision="nieuw")
    fields.update(longitude=str(point.longitude), latitude=str(point.latitude))
    client_of("wijkbeheerder").post("/meldingen/nieuw/", fields)
    melding = Melding.objects.get()
    assert melding.buurt_code == BUURT_1 and melding.complex_code == COMPLEX
    assert abs(melding.x - IN_BUURT_1[0]) < 1 and abs(melding.y - IN_BUURT_1[1]) < 1  # type: ignore[operator]


def test_the_reporters_earlier_meldingen_are_shown(city: City, take_in: Any, client_of: Any) -> None:
    earlier = take_in(
        address="Kade 3", point=IN_BUURT_2, reporter=Reporter(kind="tenant", phone="0687654321")
    )
    page = client_of("wijkbeheerder").post("/meldingen/nieuw/", form(city)).content.decode()
    section = page[page.index("Eerdere meldingen van deze melder") :]
    assert earlier.reference in section


def test_going_back_keeps_what_was_typed(city: City, client_of: Any) -> None:
    page = client_of("wijkbeheerder").post("/meldingen/nieuw/", form(city, stap="aanpassen")).content.decode()
    assert "Stap 1 van 2" in page and 'value="Els Smeets"' in page


def test_intake_needs_a_login_and_the_view_permission(city: City, client_of: Any) -> None:
    assert Client().get("/meldingen/nieuw/").status_code == 302
    assert client_of("bewoner").get("/meldingen/nieuw/").status_code == 403
    assert client_of("wijkbeheerder").get("/meldingen/nieuw/").status_code == 200
