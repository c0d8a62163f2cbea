# SPDX-License-Identifier: EUPL-1.2
"""The ``serve`` command: the web app on this machine, with the address and demo logins printed."""

import click

from veerkracht.cli.main import cli
from veerkracht.cli.progress import console


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Adres om op te luisteren.")
@click.option("--port", default=8000, show_default=True, type=int, help="Poort om op te luisteren.")
@click.option("--threads", default=8, show_default=True, type=int, help="Aantal gelijktijdige verzoeken.")
@click.option(
    "--worker/--no-worker",
    default=True,
    show_default=True,
    help="Een worker voor achtergrondtaken meestarten (en meestoppen).",
)
def serve(host: str, port: int, threads: int, worker: bool) -> None:
    """Start de webapp op deze machine (waitress, statische bestanden via WhiteNoise) met een worker."""
    from django.conf import settings
    from waitress import serve as waitress_serve

    from veerkracht.cli.tasks import worker_beside
    from veerkracht.demo.people import accounts_with_demo_password, demo_logins, is_demo_data_folder
    from veerkracht.indicators.services import sweep_value_store
    from veerkracht.wsgi import application

    demo_folder = is_demo_data_folder() or settings.DEBUG
    exposed = [] if demo_folder else accounts_with_demo_password()
    if exposed:
        raise click.ClickException(
            f"De server start niet: de gegevensmap {settings.DATA_DIR} is geen demo, maar de accounts "
            f"{', '.join(exposed)} hebben het openbare demo-wachtwoord. Geef ze een eigen wachtwoord "
            "(veerkracht manage changepassword NAAM) of zet ze uit. Alleen om op deze computer te testen: "
            "VEERKRACHT_DEBUG=true."
        )
    for line in sweep_value_store().lines():
        console.print(f"[yellow]Waardenopslag opgeruimd:[/yellow] {line}")
    console.print(f"\n[bold]Veerkracht draait op http://{host}:{port}/[/bold]  (stoppen: Ctrl+C)")
    logins = demo_logins() if demo_folder else []
    if logins:
        console.print(f"Demo-logins (wachtwoord voor allemaal: [bold]{logins[0].password}[/bold]):")
        for login in logins:
            console.print(f"  {login.username:<28} {login.role_label} bij {login.organisation}")
    console.print()
    with worker_beside(worker):
        waitress_serve(
            application, host=host, port=port, threads=threads, ident="veerkracht", **_proxy_options()
        )


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
