# SPDX-License-Identifier: EUPL-1.2
"""The map library ships once, hashed, compressed and cached for a year (issue 8, "Weight")."""

import re

import pytest
from django.test import Client

from veerkracht.web.templatetags.bundles import manifest

pytestmark = pytest.mark.django_db


def test_both_map_pages_share_one_chunk_with_the_map_library() -> None:
    built = manifest()
    assert built["map"]["imports"] == built["monitor"]["imports"], "MapLibre lives in one shared chunk"
    assert len(built["map"]["imports"]) == 1
    for entry in ("map", "monitor"):
        assert re.fullmatch(r"\w+-[A-Z0-9]{8}\.js", str(built[entry]["js"]))
    assert re.fullmatch(r"maps-[A-Z0-9]{8}\.css", str(built["maps"]["css"]))


def _get(client: Client, path: str, encoding: str = "") -> tuple[object, bytes]:
    response = client.get(path, headers={"accept-encoding": encoding} if encoding else {})
    return response, b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_hashed_files_are_served_compressed_and_cached_for_a_year(client: Client) -> None:
    chunk = str(manifest()["monitor"]["imports"][0])  # type: ignore[index]
    path = f"/static/veerkracht/build/{chunk}"
    plain, body = _get(client, path)
    assert plain["Cache-Control"] == "max-age=315360000, public, immutable"  # type: ignore[index]
    for encoding in ("br", "gzip"):
        response, compressed = _get(client, path, encoding)
        assert response["Content-Encoding"] == encoding  # type: ignore[index]
        assert len(compressed) < len(body) / 3, f"{encoding} is at least three times smaller"


def test_unhashed_files_keep_a_short_cache(client: Client) -> None:
    response, _ = _get(client, "/static/veerkracht/veerkracht.css")
    assert "immutable" not in response["Cache-Control"]  # type: ignore[index]
