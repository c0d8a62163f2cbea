# SPDX-License-Identifier: EUPL-1.2
"""The ``demo`` commands: build the synthetic demo city, or Maastricht from the real open data."""

from pathlib import Path

import click

from veerkracht.cli.main import cli
from veerkracht.cli.progress import console, progress_bar


@cli.group()
def demo() -> None:
    """Build demo content (synthetic city or Maastricht from open data)."""


@demo.command("build")
@click.option("--seed", default=2021, show_default=True, type=int, help="Zaad van de generator.")
@click.option("--out", type=click.Path(path_type=Path), help="Map voor de gegenereerde bestanden.")
def build(seed: int, out: Path | None) -> None:
    """Generate the synthetic city, write it in the official formats and import it via the real importers."""
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
@click.option("--seed", default=2021, show_default=True, type=int)
def maastricht(open_data: Path, seed: int) -> None:
    """Build the Maastricht demo from the real open data, filling only what it lacks with synthetic values."""
    from veerkracht.demo.maastricht import build_maastricht_demo
    from veerkracht.importing import ImportProblem

    try:
        with progress_bar("Maastricht uit open data") as progress:
            summary = build_maastricht_demo(open_data, seed=seed, progress=progress)
    except ImportProblem as problem:
        raise click.ClickException(str(problem)) from problem
    for line in summary:
        console.print(f"  · {line}")
