# SPDX-License-Identifier: EUPL-1.2
"""``veerkracht indicators``: import figures, list the imports, bring the catalogue in line with its file."""

from pathlib import Path

import click
from rich.markup import escape

from veerkracht.cli.grouping import deprecated_alias
from veerkracht.cli.main import cli
from veerkracht.cli.progress import console, progress_bar


@cli.group("indicators")
def indicators() -> None:
    """Cijfers: CBS, Leefbaarometer en eigen tabellen importeren; de indicatorcatalogus."""


@indicators.command("sync-catalogue")
def sync_catalogue() -> None:
    """Breng de indicatorcatalogus in de database in lijn met catalogue.yaml."""
    from veerkracht.indicators.services import sync_catalogue as run_sync

    console.print(f"[green]{run_sync()} indicatoren in de catalogus[/green]")


@indicators.command("import")
@click.argument("path", metavar="BESTAND", type=click.Path(path_type=Path))
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
    """Importeer cijfers: CBS Kerncijfers, CBS-vierkanten, Leefbaarometer of een tabel met koppelbestand."""
    from veerkracht.core.models import Organisation
    from veerkracht.importing import ImportProblem
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


@indicators.command("imports")
def list_imports() -> None:
    """Toon de imports van cijfers, nieuwste eerst."""
    from veerkracht.indicators.models import ImportRun

    for run in ImportRun.objects.all()[:100]:
        state = "actief" if run.active and run.status == "succeeded" else run.get_status_display()
        click.echo(
            f"#{run.pk:<5} {run.started_at:%Y-%m-%d %H:%M} {state:<10} {run.values_written:>9} "
            f"{run.source_name}"
        )


deprecated_alias(cli, "sync-catalogue", sync_catalogue, "indicators sync-catalogue")
deprecated_alias(cli, "import-values", import_values, "indicators import")
deprecated_alias(cli, "imports", list_imports, "indicators imports")
