# SPDX-License-Identifier: EUPL-1.2
"""Commands for meldingen and dossiers: retention (with a dry run), KPIs, early signals from a table."""

from pathlib import Path

import click

from veerkracht.cli.main import cli
from veerkracht.cli.progress import console


@cli.group("cases")
def cases() -> None:
    """Meldingen en leefbaarheidsdossiers: bewaartermijnen, kengetallen en vroegsignalen."""


@cases.command("retention")
@click.option("--dry-run", is_flag=True, help="Alleen tonen wat geanonimiseerd zou worden; niets veranderen.")
def retention(dry_run: bool) -> None:
    """Anonimiseer gesloten dossiers en meldingen waarvan de bewaartermijn voorbij is."""
    from veerkracht.cases.services.retention import run_retention

    report = run_retention(dry_run=dry_run)
    for line in report.lines():
        console.print(line, highlight=False, markup=False)


@cases.command("kpis")
@click.option("--year", type=int, required=True, help="Het jaar waarvan de kengetallen worden gepubliceerd.")
@click.option("--final", is_flag=True, help="Publiceer als definitief (daarna niet meer opnieuw).")
def kpis(year: int, final: bool) -> None:
    """Publiceer de kengetallen van meldingen en dossiers (kleine aantallen afgeschermd)."""
    from veerkracht.cases.services.kpis import publish_kpis

    run = publish_kpis(year, final=final)
    if run is None:
        console.print(f"{year}: niets nieuws te publiceren", highlight=False)
    else:
        console.print(f"{year}: import #{run.pk}, {run.values_written} waarden", highlight=False)


@cases.command("signals")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--mapping", required=True, help="Mappingbestand, of de naam van een meegeleverde (huurachterstand)."
)
@click.option(
    "--organisation", required=True, help="Naam of korte naam van de organisatie die de signalen krijgt."
)
def signals(path: Path, mapping: str, organisation: str) -> None:
    """Lees vroegsignalen (huurachterstand, verhuur, aannemers) uit een tabel; alles of niets."""
    from veerkracht.cases.services.signal_import import import_signals
    from veerkracht.core.queries import UnknownOrganisation, find_organisation
    from veerkracht.importing import ImportProblem

    try:
        target = find_organisation(organisation)
    except UnknownOrganisation as error:
        raise click.ClickException(str(error)) from error
    try:
        done = import_signals(path, mapping, organisation=target)
    except ImportProblem as problem:
        raise click.ClickException(str(problem)) from problem
    console.print(
        f"{done.rows} signalen: {done.dossiers_opened} dossiers geopend, {done.referrals} doorverwijzingen",
        highlight=False,
    )
