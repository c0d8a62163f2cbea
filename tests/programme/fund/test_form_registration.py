# SPDX-License-Identifier: EUPL-1.2
"""Applications from a municipal form builder: Open Forms' generic JSON registration, with a key per form."""

import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.forms.models import model_to_dict
from django.test import Client

from veerkracht.core.models import User
from veerkracht.programme.models import Application, ApplicationStatus, FormChannel, Fund, FundBudget
from veerkracht.programme.queries.fund import budget_state
from veerkracht.programme.services import fund as steps
from veerkracht.programme.services.fund_forms import new_form_channel

pytestmark = pytest.mark.django_db

URL = "/api/v1/programma/leefbaarheidsfonds/registraties/"
BSN = "999990019"


def registration(reference: str = "OF-ABC123", **values: Any) -> dict[str, Any]:
    """What Open Forms 3.1 posts (docs/configuration/registration/generic-json.rst of open-forms)."""
    data = {
        "buurt": "Malberg",
        "naam_initiatief": "Schoonmaakactie speeltuin",
        "omschrijving": "Samen de speeltuin opknappen.",
        "gevraagd_bedrag": "1.250,50",
        "startdatum": "2026-05-01",
        "naam_aanvrager": "Karel Bewoner",
        "email": "karel@example.org",
        "bsn": BSN,
        **values,
    }
    return {
        "values": data,
        "values_schema": {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"},
        "metadata": {
            "auth_type": "bsn",
            "public_reference": reference,
            "form_version": "Version 1.0",
            "registration_timestamp": "2026-04-01T10:00:00Z",
        },
        "metadata_schema": {"type": "object"},
    }


@pytest.fixture
def form_key(maastricht_content: str) -> str:
    _channel, key = new_form_channel(Fund.objects.get(), "Open Forms: leefbaarheidsfonds")
    return key


def _post(
    body: Any, key: str | None = None, header: str = "HTTP_AUTHORIZATION", client: Client | None = None
) -> Any:
    headers = {} if key is None else {header: f"Token {key}" if header == "HTTP_AUTHORIZATION" else key}
    return (client or Client()).post(URL, data=json.dumps(body), content_type="application/json", **headers)


def test_a_registration_becomes_an_application_and_a_resend_does_not_duplicate_it(form_key: str) -> None:
    response = _post(registration(), form_key)
    assert response.status_code == 201
    body = response.json()
    application = Application.objects.get()
    assert body["referentie"] == application.reference and body["nieuw"] is True
    assert body["budget"] == "Rayon Noord-West"
    assert application.requested_amount == Decimal("1250.50")
    assert application.channel == "formulier" and application.external_reference == "OF-ABC123"
    again = _post(registration(), form_key)
    assert again.status_code == 200 and again.json()["referentie"] == application.reference
    assert again.json()["nieuw"] is False
    assert Application.objects.count() == 1
    # What the form sent beyond our fields (a BSN) is not kept anywhere.
    assert BSN not in json.dumps(model_to_dict(application), default=str)
    assert FormChannel.objects.get().last_used_at is not None


def test_the_double_encoded_body_of_open_forms_3_1_0_and_the_older_schema_key_are_accepted(
    form_key: str,
) -> None:
    twice = json.dumps(registration("OF-TWICE"))  # open-forms issue #5263
    assert _post(twice, form_key).status_code == 201
    older = registration("OF-OLD")
    older["schema"] = older.pop("values_schema")
    del older["metadata"], older["metadata_schema"]
    assert _post(older, form_key, header="HTTP_X_API_KEY").status_code == 201
    assert Application.objects.count() == 2


@pytest.mark.parametrize(
    ("key", "expected"),
    [(None, 401), ("vkf_not-a-key", 401), ("something-else", 401)],
)
def test_without_the_forms_key_nothing_is_accepted(
    maastricht_content: str, key: str | None, expected: int
) -> None:
    response = _post(registration(), key)
    assert response.status_code == expected
    assert response.get("WWW-Authenticate", "").startswith("Token")
    assert not Application.objects.exists()


def test_a_person_logged_in_is_not_a_form(
    form_key: str, person: Callable[..., User], client_of: Callable[[User], Client]
) -> None:
    response = _post(registration(), client=client_of(person("cor", "coordinator")))
    assert response.status_code == 401 and not Application.objects.exists()


def test_a_revoked_form_is_refused(form_key: str) -> None:
    FormChannel.objects.update(active=False)
    assert _post(registration(), form_key).status_code == 401


def test_mistakes_are_named_with_the_forms_own_keys(form_key: str) -> None:
    response = _post(
        registration(email="", gevraagd_bedrag="veel", buurt="Atlantis", startdatum="1 mei"), form_key
    )
    assert response.status_code == 400
    assert response.json()["fouten"] == {
        "buurt": "niet te lezen als buurt (CBS-code zoals BU09350203 of de naam): 'Atlantis'",
        "gevraagd_bedrag": "niet te lezen als gevraagd bedrag in euro: 'veel'",
        "startdatum": "niet te lezen als startdatum (JJJJ-MM-DD): '1 mei'",
        "email": "ontbreekt: e-mailadres",
    }
    assert _post({"waarden": {}}, form_key).json() == {"fouten": {"values": "ontbreekt of is geen object"}}
    assert not Application.objects.exists()


def test_a_form_that_uses_other_names_maps_them_to_ours(maastricht_content: str) -> None:
    _channel, key = new_form_channel(
        Fund.objects.get(),
        "Open Forms: ander formulier",
        field_map={"title": "naamInitiatief", "email": "eMail"},
    )
    body = registration()
    body["values"]["naamInitiatief"] = body["values"].pop("naam_initiatief")
    body["values"]["eMail"] = body["values"].pop("email")
    assert _post(body, key).status_code == 201
    assert Application.objects.get().title == "Schoonmaakactie speeltuin"


def test_an_application_from_a_form_passes_every_step_and_the_rayon_budget_follows(
    form_key: str, person: Callable[..., User]
) -> None:
    noord_west = FundBudget.objects.get(slug="noord-west")
    start = Decimal("46295.19")
    _post(registration(gevraagd_bedrag=800), form_key)
    application = Application.objects.get()
    assert budget_state(noord_west).available == start
    steps.assess_application(
        application,
        actor=person("lotte", "leefbaarheidsmedewerker", "Servatius"),
        advice="positief",
        note="Goed.",
    )
    assert budget_state(noord_west).available == start
    steps.decide_application(
        application, actor=person("cor", "coordinator"), award=True, amount=Decimal("800")
    )
    assert budget_state(noord_west).available == start - 800
    steps.pay_application(application, actor=person("femke", "financieel_medewerker"))
    assert budget_state(noord_west).available == start - 800
    assert budget_state(noord_west).paid == Decimal("800")
    steps.account_application(
        application,
        actor=person("wim", "wijkbeheerder", "Woonpunt"),
        spent_amount=Decimal("800"),
        note="Alles op.",
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCOUNTED
    assert budget_state(noord_west).available == start - 800
    assert budget_state(noord_west).initiatives == 1


def test_an_administrator_makes_a_key_for_a_form_and_revokes_it_on_the_command_line(
    maastricht_content: str,
) -> None:
    from click.testing import CliRunner

    from veerkracht.cli.main import cli

    made = CliRunner().invoke(
        cli, ["fund", "form-key", "Open Forms: aanvraag", "--field", "title=naamInitiatief"]
    )
    assert made.exit_code == 0, made.output
    key = re.search(r"bewaar hem nu\): (vkf_\S+)", made.output).group(1)  # type: ignore[union-attr]
    assert FormChannel.objects.get().key_sha256 != key, "only the key's hash is kept"
    body = registration()
    body["values"]["naamInitiatief"] = body["values"].pop("naam_initiatief")
    assert _post(body, key).status_code == 201
    listed = CliRunner().invoke(cli, ["fund", "form-keys"])
    assert f"{key[:12]}…  Open Forms: aanvraag (leefbaarheidsfonds-maastricht), actief" in listed.output
    revoked = CliRunner().invoke(cli, ["fund", "revoke-form-key", key[:12]])
    assert revoked.exit_code == 0, revoked.output
    assert _post(registration("OF-NA-INTREKKEN"), key).status_code == 401
    wrong = CliRunner().invoke(cli, ["fund", "form-key", "X", "--field", "titel"])
    assert wrong.exit_code != 0 and "verwacht ONS=UW" in wrong.output
