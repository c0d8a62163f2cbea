# SPDX-License-Identifier: EUPL-1.2
"""Commands of the liveability fund: keys for the forms that send applications (ADR 0018)."""

from typing import TYPE_CHECKING

import click

from veerkracht.cli.main import cli

if TYPE_CHECKING:
    from veerkracht.programme.models import Fund

ENDPOINT = "/api/v1/programma/leefbaarheidsfonds/registraties/"


def _fund(slug: str | None) -> "Fund":
    from veerkracht.programme.models import Fund

    funds = list(Fund.objects.order_by("slug"))
    if slug:
        found = next((fund for fund in funds if fund.slug == slug), None)
        if found is None:
            known = ", ".join(fund.slug for fund in funds) or "geen"
            raise click.BadParameter(f"'{slug}' is geen fonds; bekend: {known}", param_hint="--fund")
        return found
    if len(funds) != 1:
        known = ", ".join(fund.slug for fund in funds) or "geen"
        raise click.UsageError(f"kies een fonds met --fund; er zijn er {len(funds)} ({known})")
    return funds[0]


@cli.group("fund")
def fund_group() -> None:
    """Het leefbaarheidsfonds: koppelingen met formulieren van de gemeente."""


@fund_group.command("form-key")
@click.argument("name", metavar="NAAM")
@click.option("--fund", "fund_slug", help="Korte naam (slug) van het fonds; zonder: het enige fonds.")
@click.option(
    "--field",
    "fields",
    multiple=True,
    metavar="ONS=UW",
    help="Een veld dat het formulier anders noemt, bijvoorbeeld title=naamInitiatief (herhaalbaar).",
)
def form_key(name: str, fund_slug: str | None, fields: tuple[str, ...]) -> None:
    """Maak een sleutel voor één formulier; de sleutel wordt één keer getoond."""
    from veerkracht.programme.services.fund import FundStepRefused
    from veerkracht.programme.services.fund_forms import new_form_channel

    field_map = {}
    for pair in fields:
        ours, _equals, theirs = pair.partition("=")
        if not ours or not theirs:
            raise click.BadParameter(
                f"'{pair}': verwacht ONS=UW, bijvoorbeeld title=naamInitiatief", param_hint="--field"
            )
        field_map[ours.strip()] = theirs.strip()
    try:
        channel, key = new_form_channel(_fund(fund_slug), name, field_map=field_map)
    except FundStepRefused as refusal:
        raise click.ClickException(str(refusal)) from refusal
    click.echo(f"Formulier: {channel.name} ({channel.fund.name})")
    click.echo(f"Sleutel (wordt niet bewaard, bewaar hem nu): {key}")
    click.echo(f"Adres: POST {ENDPOINT}")
    click.echo(f"Kop: Authorization: Token {key}   (of X-Api-Key: {key})")


@fund_group.command("form-keys")
def form_keys() -> None:
    """Toon de formulieren met een sleutel: naam, begin van de sleutel, actief, laatst gebruikt."""
    from veerkracht.programme.models import FormChannel

    for channel in FormChannel.objects.select_related("fund").order_by("fund__slug", "name"):
        used = f"{channel.last_used_at:%Y-%m-%d %H:%M}" if channel.last_used_at else "nooit"
        state = "actief" if channel.active else "ingetrokken"
        click.echo(
            f"{channel.key_prefix}…  {channel.name} ({channel.fund.slug}), {state}, laatst gebruikt: {used}"
        )


@fund_group.command("revoke-form-key")
@click.argument("prefix", metavar="BEGIN_VAN_SLEUTEL")
def revoke_form_key(prefix: str) -> None:
    """Trek de sleutel van een formulier in (de aanvragen die het stuurde blijven)."""
    from veerkracht.programme.models import FormChannel
    from veerkracht.programme.services.fund_forms import revoke_form_channel

    found = list(FormChannel.objects.filter(key_prefix__startswith=prefix[:12], active=True))
    if len(found) != 1:
        raise click.ClickException(
            f"'{prefix}' past op {len(found)} actieve sleutels; geef het begin zoals 'form-keys' het toont"
        )
    revoke_form_channel(found[0])
    click.echo(f"Ingetrokken: {found[0].name}")
