# SPDX-License-Identifier: EUPL-1.2
"""Every page carries a strict Content-Security-Policy: scripts and styles only from the app's own
static files, nothing from another site, not even for the API documentation."""

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from support import REPO
from veerkracht.core.models import User

pytestmark = pytest.mark.slow

TEMPLATES = sorted((REPO / "src" / "veerkracht").glob("**/templates/**/*.html"))


def _policy(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = [part.strip().split() for part in header.split(";") if part.strip()]
    return {parts[0]: parts[1:] for parts in directives}


def _client(username: str | None) -> Client:
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.parametrize(
    ("url", "username"),
    [("/", None), ("/inloggen/", None), ("/monitor/", "analist"), ("/api/docs/", None), ("/", "analist")],
)
def test_every_page_has_a_strict_policy(demo: Any, url: str, username: str | None) -> None:
    response = _client(username).get(url)
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "blob:" in policy["worker-src"], "MapLibre and ReDoc run a worker from a blob"
    for sources in policy.values():
        assert not any(s.startswith(("http:", "https:", "*")) for s in sources), "no other site"


def test_an_api_response_and_an_error_page_carry_it_too(demo: Any) -> None:
    assert "default-src 'self'" in Client().get("/api/v1/areas/?level=buurt")["Content-Security-Policy"]
    assert "default-src 'self'" in Client().get("/bestaat-niet/")["Content-Security-Policy"]


def test_the_api_documentation_loads_nothing_from_another_site(demo: Any) -> None:
    page = Client().get("/api/docs/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources, "the page loads ReDoc"
    assert all(source.startswith("/") for source in sources), sources
    assert any(source.endswith("/api/docs/redoc.js") for source in sources)
    assert "cdn" not in page.lower() and "googleapis" not in page


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_no_template_has_an_inline_script_or_style(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    scripts = re.findall(r"<script\b([^>]*)>", text)
    assert all("src=" in attributes for attributes in scripts), f"inline script in {template}"
    # A PDF's template is laid out by WeasyPrint on the server and never reaches a browser, so the policy
    # does not apply to its styles (a legend's swatch takes its colour in a style attribute); scripts still
    # may not appear, and a page's template may have neither.
    if '{% extends "veerkracht/pdf_base.html" %}' not in text:
        assert "<style" not in text, f"inline style element in {template}"
        assert not re.search(r"\sstyle=", text), f"style attribute in {template}"
    assert not re.search(r"\son[a-z]+=", text), f"inline event handler in {template}"
