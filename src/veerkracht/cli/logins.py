# SPDX-License-Identifier: EUPL-1.2
"""The ``unlock-login`` command: lift a lockout after too many failed logins."""

import click

from veerkracht.cli.main import cli
from veerkracht.cli.progress import console


@cli.command("unlock-login")
@click.argument("username", required=False)
@click.option("--address", help="Het IP-adres waarvan de blokkade wordt opgeheven.")
def unlock_login(username: str | None, address: str | None) -> None:
    """Hef de blokkade van een gebruikersnaam (en/of een adres) op na te veel mislukte inlogpogingen."""
    from veerkracht.core.login_limits import unlock

    if not username and not address:
        raise click.UsageError("geef een gebruikersnaam, of --address met een IP-adres")
    removed = unlock(username=username, address=address)
    who = " en ".join(part for part in (username, address) if part)
    if removed:
        console.print(f"[green]Blokkade opgeheven[/green] voor {who} ({removed} tellers verwijderd).")
    else:
        console.print(f"Er was geen blokkade voor {who}.")
