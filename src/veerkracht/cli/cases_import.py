# SPDX-License-Identifier: EUPL-1.2
"""``veerkracht cases import``: bring a corporation's historic meldingen in from a CSV or XLSX file."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape

from veerkracht.cli.main import cli
from veerkracht.cli.progress import console, progress_bar


def _cases_group() -> click.Group:
    """The ``cases`` group: another module of this package may have made it already."""
    found = cli.commands.get("cases")
    if isinstance(found, click.Group):
        return found

    @cli.group("cases")
    def cases() -> None:
        """Meldingen: importeren, koppelingen en beheer."""

    return cases


@_cases_group().command("import")
@click.argument("path", metavar="BESTAND", type=click.Path(path_type=Path))
@click.option(
    "--mapping",
    required=True,
    help="Koppelbestand (YAML) dat zegt welke kolom wat is, of de naam van een meegeleverd (voorbeeld).",
)
@click.option(
    "--organisation",
    "organisation_name",
    required=True,
    help="Naam of slug van de organisatie die ze ontving.",
)
@click.option(
    "--synthetic", is_flag=True, help="Markeer de meldingen als synthetisch (voor demo's en tests)."
)
def import_meldingen(path: Path, mapping: str, organisation_name: str, synthetic: bool) -> None:
    """Importeer historische meldingen met hun oorspronkelijke datums, status en termijnen.

    Alles of niets: bij een probleem wordt niets opgeslagen en staan alle problemen met rij en kolom in de
    melding. Hetzelfde bestand twee keer importeren kan niet.
    """
    from django.db.models import Q

    from veerkracht.cases.importers.historic import import_historic
    from veerkracht.core.models import Organisation
    from veerkracht.importing import ImportProblem

    organisation = Organisation.objects.filter(
        Q(name__iexact=organisation_name) | Q(slug=organisation_name)
    ).first()
    if organisation is None:
        known = ", ".join(Organisation.objects.order_by("name").values_list("name", flat=True)) or "geen"
        raise click.UsageError(f"organisatie '{organisation_name}' bestaat niet; bekend: {known}")
    try:
        with progress_bar(f"Importeren {path.name}") as progress:
            result = import_historic(
                path, mapping, organisation=organisation, synthetic=synthetic, progress=progress
            )
    except ImportProblem as problem:
        raise click.ClickException(f"Import mislukt, er is niets opgeslagen.\n{problem}") from problem
    console.print(
        f"[green]{result.count} meldingen geïmporteerd[/green] voor {escape(result.organisation)} "
        f"in {result.seconds:.1f} s ({result.open} nog open), met {escape(result.mapping)}"
    )
