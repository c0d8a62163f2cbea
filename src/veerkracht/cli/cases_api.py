# SPDX-License-Identifier: EUPL-1.2
"""``veerkracht cases api-key``: keys with which partner systems and apps use the meldingen API.

The key is printed once, when it is made; only a hash is kept, so a lost key is revoked and replaced.
"""

from __future__ import annotations

import click

from veerkracht.cli.main import cli
from veerkracht.cli.progress import console


def _cases_group() -> click.Group:
    """The ``cases`` group: another module of this package may have made it already."""
    found = cli.commands.get("cases")
    if isinstance(found, click.Group):
        return found

    @cli.group("cases")
    def cases() -> None:
        """Meldingen: koppelingen en beheer."""

    return cases


@_cases_group().group("api-key")
def api_key() -> None:
    """Sleutels voor systemen en apps die de meldingen-API gebruiken."""


def _organisation(name: str) -> object:
    from django.db.models import Q

    from veerkracht.core.models import Organisation

    found = Organisation.objects.filter(Q(name__iexact=name) | Q(slug=name)).first()
    if found is None:
        known = ", ".join(Organisation.objects.order_by("name").values_list("name", flat=True)) or "geen"
        raise click.UsageError(f"organisatie '{name}' bestaat niet; bekend: {known}")
    return found


@api_key.command("create")
@click.option("--organisation", "organisation_name", required=True, help="Naam of slug van de organisatie.")
@click.option("--label", required=True, help="Waarvoor de sleutel is, bijvoorbeeld 'Meldingenapp Veerstad'.")
@click.option(
    "--role",
    default="partner",
    show_default=True,
    help="De rol van het systeem in de organisatie (uit roles.yaml); 'partner' mag alleen melden.",
)
def create(organisation_name: str, label: str, role: str) -> None:
    """Maak een sleutel en toon hem één keer."""
    from veerkracht.cases.services.api_keys import ApiKeyError, create_api_key

    organisation = _organisation(organisation_name)
    try:
        made = create_api_key(organisation, label, role=role)  # type: ignore[arg-type]
    except ApiKeyError as error:
        raise click.UsageError(str(error)) from error
    console.print(f"Sleutel gemaakt voor {made.key.organisation.name} ({label}, rol {role}).")
    console.print("Bewaar hem nu: hij wordt niet nog eens getoond en is niet terug te halen.")
    # Plain print: the key must come out whole, without wrapping or markup, to copy or pipe it.
    click.echo(made.secret)


@api_key.command("list")
@click.option("--organisation", "organisation_name", help="Alleen de sleutels van deze organisatie.")
def list_keys(organisation_name: str | None) -> None:
    """Toon de sleutels (nooit de sleutel zelf): begin, organisatie, omschrijving, rol, gebruik."""
    from veerkracht.cases.queries.api_keys import keys_of

    organisation = _organisation(organisation_name) if organisation_name else None
    rows = keys_of(organisation)  # type: ignore[arg-type]
    if not rows:
        console.print("Er zijn geen sleutels.")
    for row in rows:
        used = f"{row['last_used_at']:%d-%m-%Y %H:%M}" if row["last_used_at"] else "nooit gebruikt"
        state = f"ingetrokken {row['revoked_at']:%d-%m-%Y}" if row["revoked_at"] else used
        roles = ", ".join(row["roles"])
        click.echo(f"{row['prefix']}  {row['organisation']}  {row['label']}  {roles}  {state}")


@api_key.command("revoke")
@click.argument("prefix")
def revoke(prefix: str) -> None:
    """Trek een sleutel in (met het begin dat `list` toont, zoals vk_1a2b3c4d); hij werkt meteen niet meer."""
    from veerkracht.cases.services.api_keys import ApiKeyError, revoke_api_key

    try:
        key = revoke_api_key(prefix.strip())
    except ApiKeyError as error:
        raise click.UsageError(str(error)) from error
    console.print(f"Sleutel {key.prefix} ({key.label}, {key.organisation.name}) is ingetrokken.")
