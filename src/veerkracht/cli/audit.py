# SPDX-License-Identifier: EUPL-1.2
"""The ``audit`` commands: check the audit log's hash chain, and lock it down on PostgreSQL."""

import sys

import click

from veerkracht.cli.main import cli
from veerkracht.cli.progress import console


@cli.group()
def audit() -> None:
    """Auditlog: de hash-keten controleren en op PostgreSQL afschermen."""


def _anchor(_ctx: click.Context, _param: click.Parameter, value: str | None) -> tuple[int, str] | None:
    if value is None:
        return None
    number, _sep, digest = value.partition(":")
    if not number.isdigit() or len(digest) != 64:
        raise click.BadParameter("verwacht VOLGNUMMER:HASH, zoals 'veerkracht audit verify' die afdrukt")
    return int(number), digest.lower()


@audit.command("verify")
@click.option(
    "--anchor",
    callback=_anchor,
    metavar="VOLGNUMMER:HASH",
    help="Een eerder genoteerde regel met zijn hash (uit een vorige controle) die er nog moet zijn.",
)
def verify(anchor: tuple[int, str] | None) -> None:
    """Controleer of elke regel van het auditlog nog past bij zijn hash en bij de regel ervoor."""
    from veerkracht.core.queries import verify_audit_log

    check = verify_audit_log(anchor)
    if check.first_break is not None:
        console.print("[bold red]Het auditlog is veranderd buiten de applicatie om.[/bold red]")
        console.print(f"Eerste gebroken schakel na {check.lines} regels:")
        console.print(check.first_break.describe(), markup=False, highlight=False)
        sys.exit(1)
    console.print(f"[green]Het auditlog is intact:[/green] {check.lines} regels.")
    if check.lines:
        # Noting this pair elsewhere (and passing it to --anchor later) also catches a rewritten chain.
        console.print(f"Laatste regel: {check.head_seq}:{check.head_hash}", highlight=False)


@audit.command("lock-down")
@click.option("--app-role", required=True, help="De PostgreSQL-rol waarmee de applicatie verbindt.")
@click.option("--owner-role", help="Rol die database en auditlog bezit (standaard: die van deze verbinding).")
@click.option("--apply", "apply_now", is_flag=True, help="Voer de SQL meteen uit in plaats van hem te tonen.")
def lock_down(app_role: str, owner_role: str | None, apply_now: bool) -> None:
    """Schrijf (of voer uit) de SQL waarmee de applicatierol het auditlog niet kan wijzigen of weggooien.

    Draai dit als databasebeheerder (VEERKRACHT_DATABASE_URL met een superuser of de eigenaar).
    """
    from django.db import DatabaseError, connection

    from veerkracht.core.audit_lockdown import LockDownProblem, apply, plan

    try:
        lockdown = plan(connection, app_role, owner_role)
        if not apply_now:
            click.echo(f"-- Auditlog afschermen in database {lockdown.database}:")
            click.echo(f"-- eigenaar {lockdown.owner_role}; {lockdown.app_role} mag lezen en toevoegen.")
            click.echo(lockdown.script(), nl=False)
            return
        apply(connection, lockdown)
    except LockDownProblem as problem:
        raise click.ClickException(str(problem)) from problem
    except DatabaseError as error:
        raise click.ClickException(f"PostgreSQL weigerde: {error}".strip()) from error
    console.print(
        f"[green]Auditlog afgeschermd:[/green] {lockdown.owner_role} is eigenaar, {lockdown.app_role} mag "
        "alleen lezen en toevoegen."
    )
