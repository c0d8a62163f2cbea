# SPDX-License-Identifier: EUPL-1.2
"""The OpenAPI schema shows the shape of every meldingen answer, the key header and how to authenticate."""

from __future__ import annotations

from typing import Any

from django.test import Client


def test_every_meldingen_endpoint_documents_its_answers_and_keys(db: Any) -> None:
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = {path: ops for path, ops in schema["paths"].items() if path.startswith("/api/v1/meldingen")}
    assert len(paths) == 5
    operations = 0
    for path, methods in paths.items():
        for method, operation in methods.items():
            operations += 1
            success = next(code for code in operation["responses"] if code.startswith("2"))
            body = operation["responses"][success]["content"]["application/json"]["schema"]
            assert "$ref" in body, (path, method, body)
            assert {"403"} <= set(operation["responses"]), (path, method)
            if method == "post":
                headers = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
                assert headers == ["Idempotency-Key"], (path, headers)
                assert "409" in operation["responses"]
            assert {"apiKey": []} in operation["security"]
    assert operations == 6
    melding = schema["components"]["schemas"]["MeldingOut"]["properties"]
    assert (
        melding["reporter"]["nullable"] is True
        or "oneOf" in melding["reporter"]
        or "allOf" in melding["reporter"]
    )
    assert schema["components"]["securitySchemes"]["apiKey"]["scheme"] == "bearer"
