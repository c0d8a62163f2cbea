# SPDX-License-Identifier: EUPL-1.2
"""Entry point of the ``veerkracht`` command: set up Django, then hand over to the command groups."""

import os
import sys

import click


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veerkracht.settings")
    import django

    django.setup()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="veerkracht")
def cli() -> None:
    """Veerkracht: monitor, meldingen en programma voor de wijkaanpak."""
    _setup_django()


def main() -> None:
    try:
        cli(prog_name="veerkracht")
    except KeyboardInterrupt:
        sys.exit(130)


@cli.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command (e.g. ``veerkracht manage createsuperuser``)."""
    from django.core.management import execute_from_command_line

    execute_from_command_line(["veerkracht manage", *args])


@cli.command()
@click.option("--quiet", is_flag=True, help="Alleen fouten tonen.")
def migrate(quiet: bool) -> None:
    """Create or update the database tables."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0 if quiet else 1)


# The command modules attach themselves to ``cli``; import them last, when ``cli`` exists.
from veerkracht.cli import (  # noqa: E402, F401
    analysis,
    areas,
    demo,
    indicators,
    logins,
    server,
)
