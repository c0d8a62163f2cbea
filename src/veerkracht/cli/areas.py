# SPDX-License-Identifier: EUPL-1.2
"""Commands for areas: import the CBS Wijk- en Buurtkaart, define rayons, look up a point."""

from pathlib import Path

import click

from veerkracht.cli.main import cli
from veerkracht.cli.progress import console, progress_bar


@cli.command("import-areas")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--year", type=int, help="Jaar van de indeling (standaard: uit de bestandsnaam).")
@click.option("--gemeente", "gemeenten", multiple=True, help="Alleen deze gemeente(n), bv. GM0935.")
@click.option("--synthetic", is_flag=True, help="Markeer de gebieden als synthetisch.")
def import_areas(path: Path, year: int | None, gemeenten: tuple[str, ...], synthetic: bool) -> None:
    """Import a CBS Wijk- en Buurtkaart file (GeoJSON, GeoPackage, shapefile or TopoJSON)."""
    from veerkracht.areas.importers.errors import ImportProblem
    from veerkracht.areas.services import import_areas as run_import

    try:
        with progress_bar(f"Importeren {path.name}") as progress:
            result = run_import(
                path, year=year, gemeenten=list(gemeenten) or None, synthetic=synthetic, progress=progress
            )
    except ImportProblem as problem:
        raise click.ClickException(f"Import mislukt, er is niets opgeslagen. {problem}") from problem
    counts = result.counts
    console.print(
        f"[green]Geïmporteerd[/green] {path.name} ({result.area_import.year}): "
        f"{counts['gemeente']} gemeente(n), "
        f"{counts['wijk']} wijken, {counts['buurt']} buurten in {result.seconds:.1f} s."
    )
    for note in result.notes:
        console.print(f"  · {note}")


@cli.command("import-area-sets")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--year", type=int, required=True, help="Jaar waarin de buurten van de sets geldig zijn.")
@click.option("--synthetic", is_flag=True, help="Markeer de sets als synthetisch.")
def import_area_sets(path: Path, year: int, synthetic: bool) -> None:
    """Define city area sets such as rayons from a CSV with rayon_code, rayon_naam, buurtcode."""
    from veerkracht.areas.importers.area_sets import read_area_sets
    from veerkracht.areas.importers.errors import ImportProblem
    from veerkracht.areas.services import define_area_sets

    try:
        areas = define_area_sets(read_area_sets(path), year=year, synthetic=synthetic)
    except ImportProblem as problem:
        raise click.ClickException(f"Niets opgeslagen. {problem}") from problem
    console.print(f"[green]{len(areas)} gebiedssets vastgelegd[/green]: {', '.join(a.name for a in areas)}")


@cli.command()
@click.argument("x", type=float)
@click.argument("y", type=float)
@click.option("--wgs84", is_flag=True, help="x en y zijn lengte- en breedtegraad in plaats van RD New.")
@click.option("--year", type=int, help="Indeling van dit jaar (standaard: de actuele).")
def locate(x: float, y: float, wgs84: bool, year: int | None) -> None:
    """Say which buurt, wijk and gemeente contain a point."""
    from veerkracht.areas.queries import locate as locate_point

    buurt = locate_point(x, y, year=year, wgs84=wgs84)
    if buurt is None:
        console.print("Dit punt ligt in geen enkele geladen buurt.")
        raise SystemExit(1)
    wijk = buurt.parent
    gemeente = wijk.parent if wijk else None
    click.echo(f"buurt    {buurt.code}  {buurt.name}")
    if wijk:
        click.echo(f"wijk     {wijk.code}  {wijk.name}")
    if gemeente:
        click.echo(f"gemeente {gemeente.code}  {gemeente.name}")
