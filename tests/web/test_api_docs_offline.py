# SPDX-License-Identifier: EUPL-1.2
"""The API documentation works on a machine without internet: ReDoc comes from the app's own files, and
every operation of the schema, with its error answers, is on the page."""

import json
import re
from typing import Any

import pytest
from django.test import Client

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _summaries() -> list[str]:
    schema = json.loads(Client().get("/api/schema/?format=json").content)
    return [operation["summary"] for path in schema["paths"].values() for operation in path.values()]


@pytest.mark.django_db(transaction=True)
def test_the_api_documentation_renders_every_operation_without_network(live_server: Any, page: Any) -> None:
    own = (live_server.url, "blob:", "data:")
    elsewhere: list[str] = []

    def only_this_machine(route: Any) -> None:
        url = route.request.url
        if url.startswith(own):
            route.continue_()
        else:
            elsewhere.append(url)
            route.abort()

    page.route("**/*", only_this_machine)
    page.goto(f"{live_server.url}/api/docs/")
    page.get_by_role("heading", name="Veerkracht API").first.wait_for(timeout=30_000)
    summaries = _summaries()
    assert len(summaries) >= 8
    for summary in summaries:
        # ReDoc's heading holds an anchor link (named by its target) before the summary.
        heading = page.get_by_role("heading", name=re.compile(rf"\s{re.escape(summary)}\s*$")).first
        heading.wait_for(timeout=10_000)
        assert heading.is_visible(), f"ReDoc shows the operation {summary!r}"
    # The answers that are not a success are documented too, with what they mean.
    assert page.get_by_text("What the path or a query value names does not exist.").first.is_visible()
    assert page.get_by_text(
        "Not logged in, or logged in without the permission this needs."
    ).first.is_visible()
    assert elsewhere == [], f"the page asked other sites for {elsewhere}"
    assert page.js_errors == []
