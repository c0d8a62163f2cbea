# SPDX-License-Identifier: EUPL-1.2
"""Words shared by the profile's page and its PDF, so both name the same figures the same way."""

from django.utils.translation import gettext as _


def kpi_labels() -> list[tuple[str, str]]:
    """The meldingen KPIs of a profile, in their order, with their names."""
    return [
        ("meldingen_leefbaarheid", _("Meldingen over leefbaarheid")),
        ("meldingen_overlast_intimidatie", _("Meldingen over overlast en intimidatie")),
        ("woningen_herhaalde_meldingen", _("Woningen met herhaalde meldingen")),
        ("aandeel_tijdig_bevestigd", _("Op tijd bevestigd (procent)")),
        ("aandeel_tijdig_teruggekoppeld", _("Op tijd teruggekoppeld (procent)")),
        ("dossiers_geopend", _("Dossiers geopend")),
        ("doorverwijzingen", _("Doorverwijzingen")),
    ]
