# SPDX-License-Identifier: EUPL-1.2
"""Fixtures for browser tests: one Chromium per run, a fresh page per test."""

import os
from collections.abc import Iterator

import pytest

from browser import CHROMIUM, chromium
from demo_site import demo_site  # noqa: F401  (the demo city served once per session, for the monitor)
from support import unavailable


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing (make test installs Debian's chromium)")
    # Playwright's sync API runs an event loop; the ORM calls in the test body are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with chromium() as instance:
        yield instance


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 1400}, locale="nl-NL")  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    yield page
    context.close()
