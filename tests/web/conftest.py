# SPDX-License-Identifier: EUPL-1.2
"""Fixtures for browser tests: one Chromium per run, a fresh page per test.

Every browser test fails on a JavaScript error: an uncaught exception ("pageerror") or a message the page
logs with ``console.error`` (which is also how Chromium reports a resource that failed to load).
"""

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


def _console_error(errors: list[str]) -> object:
    def record(message: object) -> None:
        if message.type == "error":  # type: ignore[attr-defined]
            where = message.location or {}  # type: ignore[attr-defined]
            errors.append(
                f"console.error: {message.text} ({where.get('url', '?')}:{where.get('lineNumber', '?')})"
            )  # type: ignore[attr-defined]

    return record


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 1400}, locale="nl-NL")  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.on("console", _console_error(errors))
    page.js_errors = errors
    yield page
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Fail a test that used a page on which JavaScript reported an error, even if its asserts passed."""
    result = yield
    page = getattr(item, "funcargs", {}).get("page")
    errors = list(getattr(page, "js_errors", []))
    if errors:
        raise AssertionError("JavaScript errors in the browser:\n  " + "\n  ".join(errors))
    return result
