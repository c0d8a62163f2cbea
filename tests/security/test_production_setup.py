# SPDX-License-Identifier: EUPL-1.2
"""The README's production set-up works: behind a proxy that terminates TLS a person can log in, cookies
are secure, HSTS and the redirect to HTTPS are on, and Django's deployment check has nothing to say."""

import http.client
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from fresh_process import BASE_ENV, VEERKRACHT, fresh_env, run_veerkracht, settings_in_fresh_process
from support import REPO

pytestmark = pytest.mark.slow

HOST = "veerkracht.example.org"


def production_env() -> dict[str, str]:
    """The ``export`` lines of the README's production section, with the placeholders filled in."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Running in production", 1)[1].split("\n## ", 1)[0]
    env = dict(re.findall(r"^export (VEERKRACHT_\w+)=(\S+)", section, flags=re.MULTILINE))
    assert "VEERKRACHT_BEHIND_PROXY" in env, "the README names the proxy setting"
    # The test has its own database and key; everything else is taken as the README says.
    env.pop("VEERKRACHT_DATABASE_URL", None)
    env["VEERKRACHT_SECRET_KEY"] = BASE_ENV["VEERKRACHT_SECRET_KEY"]
    return env


def test_the_deployment_check_has_no_warning(tmp_path: Path) -> None:
    result = run_veerkracht(
        ["manage", "check", "--deploy", "--fail-level", "WARNING"], production_env(), tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_proxy_settings_are_off_unless_asked_for() -> None:
    seen = settings_in_fresh_process(
        {}, "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE"
    )
    assert seen == {
        "SECURE_PROXY_SSL_HEADER": None,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": False,
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def production_server(tmp_path: Path) -> Iterator[int]:
    """``veerkracht serve`` as the README runs it, with one person who can log in; stopped afterwards."""
    env = production_env()
    assert run_veerkracht(["migrate", "--quiet"], env, tmp_path).returncode == 0
    created = run_veerkracht(
        [
            "manage",
            "shell",
            "-c",
            "from veerkracht.core.services import create_person; "
            "create_person('beheer', 'lang-wachtwoord-2024')",
        ],
        env,
        tmp_path,
    )
    assert created.returncode == 0, created.stderr
    port = _free_port()
    server = subprocess.Popen(
        [str(VEERKRACHT), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=fresh_env(env, tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _through_proxy(
    port: int, method: str, path: str, body: str = "", headers: dict[str, str] | None = None
) -> http.client.HTTPResponse:
    """A request as the TLS-terminating proxy forwards it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    forwarded = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.23"}
    connection.request(method, path, body=body, headers={**forwarded, **(headers or {})})
    response = connection.getresponse()
    response.read()
    return response


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    jar: dict[str, str] = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        cookie = SimpleCookie(header)
        for name, morsel in cookie.items():
            jar[name] = header
            assert morsel["secure"], f"cookie {name} must be Secure: {header}"
    return jar


def test_a_login_through_the_proxy_works(production_server: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", production_server, timeout=30)
    forwarded = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.23"}
    connection.request("GET", "/inloggen/", headers=forwarded)
    page = connection.getresponse()
    html = page.read().decode()
    assert page.status == 200
    assert "max-age=" in (page.headers["Strict-Transport-Security"] or "")
    cookies = _cookies(page)
    csrf_cookie = SimpleCookie(cookies["csrftoken"])["csrftoken"].value
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token
    body = f"csrfmiddlewaretoken={token.group(1)}&username=beheer&password=lang-wachtwoord-2024&next=/"
    login = _through_proxy(
        production_server,
        "POST",
        "/inloggen/",
        body,
        {
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}/inloggen/",
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie}",
        },
    )
    assert login.status == 302, f"a login through the proxy is not refused (got {login.status})"
    assert login.headers["Location"] == "/"
    assert "sessionid" in _cookies(login)


def test_plain_http_is_sent_to_https(production_server: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", production_server, timeout=30)
    connection.request("GET", "/inloggen/", headers={"Host": HOST, "X-Forwarded-Proto": "http"})
    response = connection.getresponse()
    assert response.status == 301
    assert response.headers["Location"] == f"https://{HOST}/inloggen/"
