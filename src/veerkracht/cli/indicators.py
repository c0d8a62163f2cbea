# SPDX-License-Identifier: EUPL-1.2
"""Commands for indicator data: sync the catalogue, import values, list and withdraw imports."""

from pathlib import Path

import click
from rich.markup import escape

from veerkracht.cli.main import cli
from veerkracht.cli.progress import console, progress_bar


@cli.command("sync-catalogue")
def sync_catalogue() -> None:
    """Bring the indicator catalogue in the database in line with catalogue.yaml."""
    from veerkracht.indicators.services import sync_catalogue as run_sync

    console.print(f"[green]{run_sync()} indicatoren in de catalogus[/green]")


@cli.command("import-values")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--connector", help="Bron-type (standaard: herkend aan bestandsnaam en kolommen).")
@click.option("--year", type=int, help="Jaar van de cijfers als het niet in de bestandsnaam staat.")
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Koppelbestand (YAML) voor een eigen tabel.",
)
@click.option("--organisation", help="Organisatie (naam) die eigenaar is van deze cijfers.")
@click.option("--synthetic", is_flag=True, help="Markeer de waarden als synthetisch.")
@click.option("--force", is_flag=True, help="Ook als een actieve import dezelfde waarden al heeft.")
def import_values(
    path: Path,
    connector: str | None,
    year: int | None,
    mapping: Path | None,
    organisation: str | None,
    synthetic: bool,
    force: bool,
) -> None:
    """Import indicator values (CBS KWB, CBS squares, Leefbaarometer, or a table with a mapping file)."""
    from veerkracht.areas.importers.errors import ImportProblem
    from veerkracht.core.models import Organisation
    from veerkracht.indicators.services import AlreadyImported
    from veerkracht.indicators.services import import_values as run_import
    from veerkracht.indicators.store import ValueStoreError

    owner = None
    if organisation:
        owner = Organisation.objects.filter(name=organisation).first()
        if owner is None:
            raise click.ClickException(f"organisatie '{organisation}' bestaat niet")
    try:
        with progress_bar(f"Importeren {path.name}") as progress:
            run = run_import(
                path,
                connector=connector,
                year=year,
                mapping=mapping,
                synthetic=synthetic,
                organisation=owner,
                force=force,
                progress=progress,
            )
    except AlreadyImported as already:
        console.print(f"[yellow]{escape(str(already))}[/yellow] Toch opnieuw (dan als nieuwste): --force.")
        return
    except (ImportProblem, ValueStoreError) as problem:
        raise click.ClickException(f"Import mislukt, er is niets opgeslagen. {problem}") from problem
    console.print(
        f"[green]Import #{run.pk}[/green] {run.source_name}: {run.values_written} waarden, "
        f"{len(run.indicators)} indicatoren, jaren {', '.join(map(str, run.periods))}"
    )
    for note in run.notes:
        console.print(f"  · {note}")


@cli.command("imports")
def list_imports() -> None:
    """List the imports of indicator values, newest first."""
    from veerkracht.indicators.models import ImportRun

    for run in ImportRun.objects.all()[:100]:
        state = "actief" if run.active and run.status == "succeeded" else run.get_status_display()
        click.echo(
            f"#{run.pk:<5} {run.started_at:%Y-%m-%d %H:%M} {state:<10} {run.values_written:>9} "
            f"{run.source_name}"
        )


@cli.command("import-complexes")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--year", type=int, required=True, help="Indeling waarin de complexen worden geplaatst.")
@click.option("--synthetic", is_flag=True)
def import_complexes(path: Path, year: int, synthetic: bool) -> None:
    """Import a corporation's complexes (complex_id, naam, buurtcode, square_ids)."""
    from veerkracht.areas.importers.complexes import read_complexes
    from veerkracht.areas.importers.errors import ImportProblem
    from veerkracht.areas.services import import_complexes as run_import

    try:
        saved = run_import(read_complexes(path), year=year, synthetic=synthetic)
    except ImportProblem as problem:
        raise click.ClickException(f"Niets opgeslagen. {problem}") from problem
    console.print(f"[green]{len(saved)} complexen[/green] geplaatst in de buurten van {year}")
