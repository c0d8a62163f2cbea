# SPDX-License-Identifier: EUPL-1.2
"""``veerkracht areas``: import the CBS Wijk- en Buurtkaart, rayons and complexes; look up points."""

from pathlib import Path

import click

from veerkracht.cli.grouping import deprecated_alias
from veerkracht.cli.main import cli
from veerkracht.cli.progress import console, progress_bar


@cli.group("areas")
def areas() -> None:
    """Gebieden: gemeenten, wijken, buurten, rayons en complexen importeren en punten opzoeken."""


@areas.command("import")
@click.argument("path", metavar="BESTAND", type=click.Path(path_type=Path))
@click.option("--year", type=int, help="Jaar van de indeling (standaard: uit de bestandsnaam).")
@click.option("--gemeente", "gemeenten", multiple=True, help="Alleen deze gemeente(n), bijvoorbeeld GM0935.")
@click.option("--synthetic", is_flag=True, help="Markeer de gebieden als synthetisch.")
def import_areas(path: Path, year: int | None, gemeenten: tuple[str, ...], synthetic: bool) -> None:
    """Importeer een bestand van de CBS Wijk- en Buurtkaart (GeoJSON, GeoPackage, shapefile of TopoJSON)."""
    from veerkracht.areas.services import import_areas as run_import
    from veerkracht.importing import ImportProblem

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


@areas.command("import-sets")
@click.argument("path", metavar="BESTAND", type=click.Path(path_type=Path))
@click.option("--year", type=int, required=True, help="Jaar waarin de buurten van de sets geldig zijn.")
@click.option("--synthetic", is_flag=True, help="Markeer de sets als synthetisch.")
def import_area_sets(path: Path, year: int, synthetic: bool) -> None:
    """Leg gebiedssets zoals rayons vast uit een CSV met rayon_code, rayon_naam, buurtcode."""
    from veerkracht.areas.importers.area_sets import read_area_sets
    from veerkracht.areas.services import define_area_sets
    from veerkracht.importing import ImportProblem

    try:
        areas = define_area_sets(read_area_sets(path), year=year, synthetic=synthetic)
    except ImportProblem as problem:
        raise click.ClickException(f"Niets opgeslagen. {problem}") from problem
    console.print(f"[green]{len(areas)} gebiedssets vastgelegd[/green]: {', '.join(a.name for a in areas)}")


@areas.command("locate")
@click.argument("x", type=float)
@click.argument("y", type=float)
@click.option("--wgs84", is_flag=True, help="x en y zijn lengte- en breedtegraad in plaats van RD New.")
@click.option("--year", type=int, help="Indeling van dit jaar (standaard: de actuele).")
def locate(x: float, y: float, wgs84: bool, year: int | None) -> None:
    """Zeg in welke buurt, wijk en gemeente een punt ligt."""
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


@areas.command("locate-file")
@click.argument("path", metavar="BESTAND", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--x", "x_column", default="x", show_default=True, help="Kolom met x (RD) of lengtegraad.")
@click.option("--y", "y_column", default="y", show_default=True, help="Kolom met y (RD) of breedtegraad.")
@click.option("--wgs84", is_flag=True, help="De kolommen zijn lengte- en breedtegraad.")
@click.option("--year", type=int, help="Indeling van dit jaar (standaard: de actuele).")
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="CSV om te schrijven.",
)
def locate_file(
    path: Path, x_column: str, y_column: str, wgs84: bool, year: int | None, out_path: Path
) -> None:
    """Plaats elk punt van een CSV (adrespunten bijvoorbeeld) in zijn buurt, wijk en gemeente."""
    import pandas as pd

    from veerkracht.areas.queries import locate_many
    from veerkracht.core.spreadsheet import write_csv

    frame = pd.read_csv(path, sep=None, engine="python", dtype=str)
    for column in (x_column, y_column):
        if column not in frame.columns:
            raise click.ClickException(f"{path}: kolom '{column}' ontbreekt; gevonden {list(frame.columns)}")
    numbers = frame[[x_column, y_column]].apply(
        lambda c: pd.to_numeric(c.str.replace(",", "."), errors="coerce")
    )
    bad = numbers.isna().any(axis=1)
    if bad.any():
        row = int(bad.idxmax()) + 2
        column = x_column if pd.isna(numbers.loc[bad.idxmax(), x_column]) else y_column
        raise click.ClickException(f"{path}, rij {row}, kolom {column}: verwacht een getal")
    with progress_bar(f"Plaatsen {path.name}") as progress:
        progress("opzoeken", 0, 1)
        placed = locate_many(
            numbers[x_column].to_numpy(), numbers[y_column].to_numpy(), year=year, wgs84=wgs84
        )
        progress("klaar", 1, 1)
    result = pd.concat([frame, placed], axis=1)
    write_csv(result, out_path)
    outside = int(placed["buurtcode"].isna().sum())
    console.print(
        f"[green]{len(result) - outside} punten geplaatst[/green], {outside} buiten de geladen buurten"
    )


@areas.command("import-complexes")
@click.argument("path", metavar="BESTAND", type=click.Path(path_type=Path))
@click.option("--year", type=int, required=True, help="Indeling waarin de complexen worden geplaatst.")
@click.option("--synthetic", is_flag=True, help="Markeer de complexen als synthetisch.")
def import_complexes(path: Path, year: int, synthetic: bool) -> None:
    """Importeer de complexen van een corporatie (complex_id, naam, buurtcode, square_ids)."""
    from veerkracht.areas.importers.complexes import read_complexes
    from veerkracht.areas.services import import_complexes as run_import
    from veerkracht.importing import ImportProblem

    try:
        saved = run_import(read_complexes(path), year=year, synthetic=synthetic)
    except ImportProblem as problem:
        raise click.ClickException(f"Niets opgeslagen. {problem}") from problem
    console.print(f"[green]{len(saved)} complexen[/green] geplaatst in de buurten van {year}")


deprecated_alias(cli, "import-areas", import_areas, "areas import")
deprecated_alias(cli, "import-area-sets", import_area_sets, "areas import-sets")
deprecated_alias(cli, "import-complexes", import_complexes, "areas import-complexes")
deprecated_alias(cli, "locate", locate, "areas locate")
deprecated_alias(cli, "locate-file", locate_file, "areas locate-file")
