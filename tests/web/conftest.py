# SPDX-License-Identifier: EUPL-1.2
"""Fixtures for browser tests: one Chromium per run, a fresh page per test."""

import os
from collections.abc import Iterator

import pytest

from browser import CHROMIUM, chromium
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


@pytest.fixture(autouse=True)
def _no_csp_violations(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every browser test fails when the page breaks the Content-Security-Policy (issue 7)."""
    if "page" not in request.fixturenames:
        yield
        return
    from browser import csp_violations, watch_csp

    page = request.getfixturevalue("page")
    watch_csp(page)
    yield
    violations = csp_violations(page)
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations), pytrace=False)
