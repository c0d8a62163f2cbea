# SPDX-License-Identifier: EUPL-1.2
"""Entry point of the ``veerkracht`` command: set up Django, then hand over to the command groups."""

import importlib
import os
import pkgutil
import sys

import click

from veerkracht.cli.grouping import VeerkrachtGroup
from veerkracht.cli.language import speak_dutch

speak_dutch()


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veerkracht.settings")
    import django

    django.setup()


@click.group(cls=VeerkrachtGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="veerkracht", help="Toon de versie en stop.")
def cli() -> None:
    """Veerkracht: monitor, meldingen en programma voor de wijkaanpak.

    De opdrachten staan per onderdeel: `veerkracht areas --help` toont wat er met gebieden kan,
    `veerkracht indicators --help` wat er met cijfers kan, enzovoort.
    """
    _setup_django()


def main() -> None:
    try:
        cli(prog_name="veerkracht")
    except KeyboardInterrupt:
        sys.exit(130)


@cli.command(
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []},
    needs_database=False,
)
@click.argument("args", metavar="[ARGUMENTEN]...", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Voer een beheeropdracht van Django uit, zoals `veerkracht manage createsuperuser`."""
    from django.core.management import execute_from_command_line

    execute_from_command_line(["veerkracht manage", *args])


@cli.command(needs_database=False)
@click.option("--quiet", is_flag=True, help="Alleen fouten tonen.")
def migrate(quiet: bool) -> None:
    """Maak de tabellen van de database aan of werk ze bij."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0 if quiet else 1)


def _attach_command_modules() -> None:
    # Every other module of this package attaches its group or commands to ``cli`` when imported,
    # so a new part adds a module here and nothing else.
    package = importlib.import_module("veerkracht.cli")
    for module in pkgutil.iter_modules(package.__path__):
        if module.name not in ("main", "__main__"):
            importlib.import_module(f"veerkracht.cli.{module.name}")


_attach_command_modules()
