# SPDX-License-Identifier: EUPL-1.2
"""The ``values`` commands: look after the value store (the Parquet files of the imports)."""

from veerkracht.cli.main import cli
from veerkracht.cli.progress import console


@cli.group()
def values() -> None:
    """Waardenopslag: de bestanden met indicatorwaarden per import."""


@values.command("sweep")
def sweep() -> None:
    """Ruim op wat afgebroken imports achterlieten (ook bij het starten van de server en bij elke import)."""
    from veerkracht.indicators.services import sweep_value_store

    lines = sweep_value_store().lines()
    for line in lines:
        console.print(f"  · {line}")
    console.print("[green]De waardenopslag is opgeruimd.[/green]" if lines else "Niets op te ruimen.")
