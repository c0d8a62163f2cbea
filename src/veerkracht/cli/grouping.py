# SPDX-License-Identifier: EUPL-1.2
"""How commands hang together: groups per part, a database check before each command, old names kept.

A command module attaches its group to the root command and its commands to that group::

    from veerkracht.cli.main import cli

    @cli.group("calendar")
    def calendar() -> None:
        \"\"\"Werkdagen en termijnen.\"\"\"

    @calendar.command("days")
    def days() -> None: ...

Every command made this way first makes sure the database is up to date (see
:mod:`veerkracht.cli.database`); a command that does not touch the database says
``needs_database=False``. A renamed command keeps its old name for one release with
:func:`deprecated_alias`.
"""

from collections.abc import Callable
from typing import Any

import click

from veerkracht.cli.progress import console


class _DutchHelp(click.Command):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPTIES]")
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        # Click makes the help option itself, with an English text fixed at import.
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Toon deze uitleg en stop."
        return option


class VeerkrachtCommand(_DutchHelp):
    """A command that checks the database before it runs, unless it says it does not need one."""

    def __init__(self, *args: Any, needs_database: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs_database = needs_database

    def invoke(self, ctx: click.Context) -> Any:
        if self.needs_database:
            from veerkracht.cli.database import ensure_database

            ensure_database()
        return super().invoke(ctx)


class VeerkrachtGroup(click.Group, _DutchHelp):
    """A group whose commands and subgroups are Veerkracht commands and groups."""

    command_class = VeerkrachtCommand
    group_class = type

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", "OPDRACHT [ARGUMENTEN]...")
        super().__init__(*args, **kwargs)


def deprecated_alias(group: click.Group, old: str, command: click.Command, new: str) -> None:
    """Keep ``veerkracht OLD`` working for one release: hidden from help, with a note naming the new one."""
    if command.callback is None:
        raise ValueError(f"{command.name} has nothing to run")
    target: Callable[..., Any] = command.callback

    def run(**kwargs: Any) -> Any:
        console.print(
            f"[yellow]Let op:[/yellow] `veerkracht {old}` heet nu `veerkracht {new}`; "
            "de oude naam verdwijnt in de volgende versie."
        )
        return click.get_current_context().invoke(target, **kwargs)

    group.add_command(
        VeerkrachtCommand(
            old,
            params=command.params,
            callback=run,
            help=f"Oude naam van `veerkracht {new}`.",
            hidden=True,
            needs_database=getattr(command, "needs_database", True),
        )
    )
