# SPDX-License-Identifier: EUPL-1.2
"""The ``serve`` command: the web app on this machine, with the address and demo logins printed."""

import click

from veerkracht.cli.main import cli
from veerkracht.cli.progress import console


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Adres om op te luisteren.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
def serve(host: str, port: int, threads: int) -> None:
    """Serve the web app (waitress; static files through WhiteNoise)."""
    from waitress import serve as waitress_serve

    from veerkracht.demo.people import demo_logins
    from veerkracht.wsgi import application

    console.print(f"\n[bold]Veerkracht draait op http://{host}:{port}/[/bold]  (stoppen: Ctrl+C)")
    logins = demo_logins()
    if logins:
        console.print(f"Demo-logins (wachtwoord voor allemaal: [bold]{logins[0].password}[/bold]):")
        for login in logins:
            console.print(f"  {login.username:<28} {login.role_label} bij {login.organisation}")
    console.print()
    waitress_serve(application, host=host, port=port, threads=threads, ident="veerkracht", **_proxy_options())


def _proxy_options() -> dict[str, object]:
    """Behind the TLS-terminating proxy: take the scheme and the visitor's address from its headers.

    Waitress drops forwarded headers from anyone but the trusted proxy, so that a visitor cannot forge them.
    """
    from django.conf import settings

    if not settings.VEERKRACHT_BEHIND_PROXY:
        return {}
    return {
        "trusted_proxy": settings.VEERKRACHT_TRUSTED_PROXY,
        "trusted_proxy_headers": {"x-forwarded-proto", "x-forwarded-for"},
        "trusted_proxy_count": 1,
    }
