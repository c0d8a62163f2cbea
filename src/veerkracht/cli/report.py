# SPDX-License-Identifier: EUPL-1.2
"""``veerkracht report``: the city report PDF of an analysis run, made here and now with a progress bar."""

import shutil
from pathlib import Path

import click

from veerkracht.cli.main import cli
from veerkracht.cli.progress import console, progress_bar


@cli.group("report")
def report() -> None:
    """Rapporten: het stadsrapport van een analyse als PDF."""


@report.command("city")
@click.option("--run", "run_id", type=int, help="Nummer van de analyse (standaard: de nieuwste geslaagde).")
@click.option(
    "--language",
    type=click.Choice(["nl", "en"]),
    default="nl",
    show_default=True,
    help="Taal van het rapport.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Bestand om de PDF naar te schrijven.",
)
def city(run_id: int | None, language: str, out: Path) -> None:
    """Maak het stadsrapport: per onderwerp een kaart en een tekst, de veerkrachtkaart, de buurten die
    van klasse veranderden en een bijlage met methode en bronnen."""
    from veerkracht.analysis.models import AnalysisRun
    from veerkracht.analysis.queries import latest_run
    from veerkracht.analysis.services import ReportNotPossible, make_city_report_now, report_file

    run = AnalysisRun.objects.filter(pk=run_id).first() if run_id else latest_run()
    if run is None:
        raise click.ClickException(
            f"Analyse #{run_id} bestaat niet." if run_id else "Er is nog geen geslaagde analyse."
        )
    try:
        with progress_bar(f"Stadsrapport van analyse #{run.pk}") as progress:
            made = make_city_report_now(run, language=language, progress=progress)
    except ReportNotPossible as refusal:
        raise click.ClickException(str(refusal)) from refusal
    shutil.copyfile(report_file(made), out)
    synthetic = " (synthetische gegevens)" if run.synthetic else ""
    console.print(f"  · {out}: {made.size / 1024:.0f} kB in {made.seconds:.1f} s{synthetic}")
