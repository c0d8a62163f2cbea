# SPDX-License-Identifier: EUPL-1.2
"""``veerkracht analysis``: run the veerkracht analysis, list runs, compare two runs, draw static maps."""

from pathlib import Path

import click

from veerkracht.cli.grouping import deprecated_alias
from veerkracht.cli.main import cli
from veerkracht.cli.progress import console, progress_bar


@cli.group("analysis")
def analysis() -> None:
    """Analyses: de veerkrachtanalyse draaien, runs tonen en vergelijken, kaarten tekenen."""


@analysis.command("run")
@click.option(
    "--gemeente", "gemeenten", multiple=True, help="CBS-code, bijvoorbeeld GM0935 (standaard: alle geladen)."
)
@click.option("--from", "period_start", type=int, required=True, help="Beginjaar van de vergelijking.")
@click.option("--to", "period_end", type=int, required=True, help="Eindjaar van de vergelijking.")
@click.option("--period", "periods", multiple=True, type=int, help="Extra jaren (voor opkomende hotspots).")
@click.option(
    "--indeling", "indeling_year", type=int, help="Gebiedsindeling (standaard: die van het eindjaar)."
)
@click.option(
    "--preset",
    default="veerkracht-2021",
    show_default=True,
    help="Methodiek: naam van een meegeleverde preset of pad naar een eigen YAML-bestand.",
)
@click.option(
    "--reference",
    type=click.Choice(["national", "municipal", "preset"]),
    default="national",
    show_default=True,
    help="Referentie voor de ontwikkeling: Nederland, de eigen gemeente, of zoals de preset zegt.",
)
@click.option("--name", default="", help="Naam van de run.")
def analyse(
    gemeenten: tuple[str, ...],
    period_start: int,
    period_end: int,
    periods: tuple[int, ...],
    indeling_year: int | None,
    preset: str,
    reference: str,
    name: str,
) -> None:
    """Draai de veerkrachtanalyse en bewaar haar als run."""
    from veerkracht.analysis.inputs import InputsError
    from veerkracht.analysis.services import start_analysis
    from veerkracht.analysis.summary import summary_lines
    from veerkracht.areas.queries import current
    from veerkracht.monitor import PresetError

    chosen = list(gemeenten) or sorted(current().filter(level="gemeente").values_list("code", flat=True))
    if not chosen:
        raise click.ClickException("er zijn geen gemeenten geladen; importeer eerst gebieden")
    try:
        with progress_bar("Veerkrachtanalyse") as progress:
            run = start_analysis(
                gemeenten=chosen,
                period_start=period_start,
                period_end=period_end,
                periods=list(periods),
                indeling_year=indeling_year,
                preset=preset,
                reference=reference,
                name=name,
                progress=progress,
            )
    except (InputsError, PresetError) as error:
        raise click.ClickException(str(error)) from error
    console.print(f"[green]Run #{run.pk}[/green] {run.name} ({run.preset_name} {run.preset_version})")
    for line in summary_lines(run):
        console.print(f"  {line}")
    for crossing in run.crosswalks:
        console.print(
            f"  · waarden {crossing['period']} omgerekend van indeling {crossing['from_indeling']} "
            f"naar {crossing['to_indeling']}"
        )


@analysis.command("list")
def list_runs() -> None:
    """Toon de analyseruns, nieuwste eerst."""
    from veerkracht.analysis.models import AnalysisRun

    for run in AnalysisRun.objects.all()[:100]:
        click.echo(f"#{run.pk:<5} {run.started_at:%Y-%m-%d %H:%M} {run.get_status_display():<10} {run.name}")


@analysis.command("compare")
@click.argument("run_a", metavar="RUN_A", type=int)
@click.argument("run_b", type=int)
@click.option("--level", default="buurt", show_default=True, help="Niveau: buurt, wijk, rayon of gemeente.")
@click.option(
    "--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path), help="Schrijf het verschil als CSV."
)
def compare(run_a: int, run_b: int, level: str, csv_path: Path | None) -> None:
    """Vergelijk twee runs ("2021 tegenover 2025"): welke gebieden van klasse veranderden."""
    from veerkracht.analysis.models import AnalysisRun
    from veerkracht.analysis.queries import compare_runs
    from veerkracht.core.spreadsheet import write_csv

    try:
        changes = compare_runs(run_a, run_b, level=level)
    except AnalysisRun.DoesNotExist as error:
        raise click.ClickException(str(error)) from error
    changed = changes[changes["changed"]]
    console.print(
        f"{len(changed)} van {len(changes)} gebieden van klasse veranderd (run #{run_a} -> #{run_b})"
    )
    for row in changed.itertuples():
        console.print(f"  {row.area_code}  {row.name:<28} {row.label_a} -> {row.label_b}")
    if csv_path:
        write_csv(changes, csv_path)
        console.print(f"geschreven: {csv_path}")


@analysis.command("map")
@click.option("--indicator", help="Indicatorcode (bij --run: weglaten voor de veerkrachtkaart).")
@click.option("--run", "run_id", type=int, help="Teken de veerkrachtkaart van deze run.")
@click.option("--level", default="buurt", show_default=True, help="Niveau: buurt, wijk, rayon of gemeente.")
@click.option("--year", type=int, help="Jaar van de indicator.")
@click.option("--gemeente", help="CBS-code van de gemeente (standaard: de eerste geladen).")
@click.option(
    "--scheme",
    type=click.Choice(["quantiles", "natural_breaks", "equal_interval"]),
    default="quantiles",
    show_default=True,
    help="Klassenindeling van de legenda: kwantielen, natuurlijke grenzen of gelijke intervallen.",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="PNG-, SVG- of PDF-bestand.",
)
def static_map(
    indicator: str | None,
    run_id: int | None,
    level: str,
    year: int | None,
    gemeente: str | None,
    scheme: str,
    out_path: Path,
) -> None:
    """Teken een kaart voor een rapport (PNG, SVG of PDF) met legenda, bron en onderdrukking."""
    from veerkracht.analysis.maps import draw_classes_map, draw_indicator_map

    with progress_bar("Kaart tekenen") as progress:
        progress("tekenen", 0, 1)
        if run_id is not None:
            draw_classes_map(run_id, out_path, level=level)
        elif indicator and year:
            draw_indicator_map(indicator, year, out_path, level=level, gemeente=gemeente, scheme=scheme)
        else:
            raise click.UsageError("geef --run, of --indicator met --year")
        progress("klaar", 1, 1)
    console.print(f"[green]geschreven[/green]: {out_path}")


deprecated_alias(cli, "analyse", analyse, "analysis run")
deprecated_alias(cli, "runs", list_runs, "analysis list")
deprecated_alias(cli, "compare", compare, "analysis compare")
deprecated_alias(cli, "map", static_map, "analysis map")
