# SPDX-License-Identifier: EUPL-1.2
"""In a real browser, with the Content-Security-Policy on: the API documentation and the login page work
without breaking the policy (the conftest fails any browser test that breaks it)."""

import pytest

from browser import csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.django_db(transaction=True)
def test_the_api_documentation_renders_from_the_apps_own_files(live_server: object, page: object) -> None:
    answered: list[str] = []
    page.on("response", lambda response: answered.append(response.url))  # type: ignore[attr-defined]
    page.goto(f"{live_server.url}/api/docs/")  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Veerkracht API").first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    elsewhere = [url for url in answered if not url.startswith((live_server.url, "blob:", "data:"))]  # type: ignore[attr-defined]
    assert elsewhere == [], "nothing is fetched from another site"
    assert page.js_errors == []  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_a_violation_is_noticed(live_server: object, page: object) -> None:
    """The watch itself works: an inline script, which the policy blocks, is reported."""
    page.goto(f"{live_server.url}/inloggen/")  # type: ignore[attr-defined]
    page.evaluate(  # type: ignore[attr-defined]
        "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_function("(window.__cspViolations || []).length > 0", timeout=5_000)  # type: ignore[attr-defined]
    assert any("script-src" in v for v in csp_violations(page))
    assert page.evaluate("window.x") is None, "the inline script did not run"  # type: ignore[attr-defined]
    # Seen and checked: the conftest's watch need not fail this test for it.
    page.goto("about:blank")  # type: ignore[attr-defined]
    page.csp_seen.clear()  # type: ignore[attr-defined]
    page.js_errors.clear()  # type: ignore[attr-defined]
