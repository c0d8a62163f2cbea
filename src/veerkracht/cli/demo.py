# SPDX-License-Identifier: EUPL-1.2
"""The ``demo`` commands: build the synthetic demo city, or Maastricht from the real open data."""

from pathlib import Path

import click

from veerkracht.cli.main import cli
from veerkracht.cli.progress import console, progress_bar


@cli.group("demo")
def demo() -> None:
    """Demo-inhoud: de synthetische stad Veerstad, of Maastricht uit open data."""


@demo.command("build")
@click.option("--seed", default=2021, show_default=True, type=int, help="Zaad van de generator.")
@click.option("--out", type=click.Path(path_type=Path), help="Map voor de gegenereerde bestanden.")
def build(seed: int, out: Path | None) -> None:
    """Maak de synthetische stad Veerstad en importeer haar bestanden zoals een gemeente dat doet.

    De generator schrijft de bestanden die een gemeente bij CBS, de Leefbaarometer en haar partners
    ophaalt; dezelfde importfuncties als voor echte gegevens lezen ze in. Daarna draait de analyse.
    """
    from veerkracht.demo.build import build_synthetic_demo

    with progress_bar("Democity Veerstad") as progress:
        summary = build_synthetic_demo(seed=seed, out_dir=out, progress=progress)
    for line in summary:
        console.print(f"  · {line}")


@demo.command("maastricht")
@click.option(
    "--open-data",
    "open_data",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Map met de open data (in dit project: ../shared/data/open).",
)
@click.option(
    "--seed", default=2021, show_default=True, type=int, help="Zaad voor de synthetische aanvulling."
)
def maastricht(open_data: Path, seed: int) -> None:
    """Bouw de demo van Maastricht uit de echte open data; wat ontbreekt wordt synthetisch aangevuld."""
    from veerkracht.demo.maastricht import build_maastricht_demo
    from veerkracht.importing import ImportProblem

    try:
        with progress_bar("Maastricht uit open data") as progress:
            summary = build_maastricht_demo(open_data, seed=seed, progress=progress)
    except ImportProblem as problem:
        raise click.ClickException(str(problem)) from problem
    for line in summary:
        console.print(f"  · {line}")
