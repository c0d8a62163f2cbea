# SPDX-License-Identifier: EUPL-1.2
"""Headless Debian Chromium through Playwright, for the browser tests (never a downloaded browser)."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path(os.environ.get("VEERKRACHT_CHROMIUM", "/usr/bin/chromium"))
# Software WebGL (SwiftShader) for MapLibre without a GPU; no background traffic on a closed network.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# Violations that are the policy doing its job on code we do not control: ReDoc's "API docs by Redocly"
# badge always asks for its logo from Redocly's CDN, and the policy blocks it (no request leaves).
ACCEPTED_VIOLATIONS = ("https://cdn.redoc.ly/redoc/logo-mini.svg",)

# Reports every Content-Security-Policy violation to the test, whatever directive it breaks.
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations = window.__cspViolations || [];
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`);
});
"""


def watch_csp(page: object) -> None:
    """Collect the CSP violations of a page: console errors that name the policy, and violation events.

    Console messages arrive by themselves (in ``page.csp_seen``); the events are read back on request.
    """
    seen: list[str] = []

    def on_console(message: object) -> None:
        text = str(message.text)  # type: ignore[attr-defined]
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            seen.append(text)

    page.csp_seen = seen  # type: ignore[attr-defined]
    page.on("console", on_console)  # type: ignore[attr-defined]
    page.add_init_script(_CSP_LISTENER)  # type: ignore[attr-defined]


def csp_violations(page: object) -> list[str]:
    """The violations seen so far: from the console, and from the page's own events while it is open."""
    try:
        events = page.evaluate("window.__cspViolations || []")  # type: ignore[attr-defined]
    except Exception:  # a closed page has no events left to tell; the console has told them already
        events = []
    found = [*page.csp_seen, *events]  # type: ignore[attr-defined]
    return [text for text in found if not any(accepted in text for accepted in ACCEPTED_VIOLATIONS)]
